using System.Management.Automation;
using CtysVde.Core.Model;

namespace CtysVde.Commands;

/// <summary>Removes a cable: its processes end, its files go, and both switches free its ports.</summary>
/// <remarks>
/// Remove-VdeCable signals the cable's process group (dpipe, the plugs, a wirefilter) and waits until every process
/// tagged with the cable's name has ended, then removes its record and the wirefilter's files. A cable that is down
/// is removed the same way. A cable to another host ends its far end there too (over ssh; a host that cannot be
/// reached has no session left for that end, so the cable is still removed here). It returns once the switches of
/// this host have freed the cable's ports. Only the caller's cables are found (root's: every cable). -PassThru
/// returns the cable as it was.
/// </remarks>
/// <example>
/// <code>Remove-VdeCable -Name vde_switch0.root~vde_switch0.carol</code>
/// <para>Removes the cable between root's and carol's switches.</para>
/// </example>
/// <example>
/// <code>Get-VdeCable | Where-Object State -eq Down | Remove-VdeCable</code>
/// <para>Removes every cable that is down.</para>
/// </example>
/// <error id="CableNotFound"/>
/// <error id="CableFailed"/>
/// <error id="ForeignHost"/>
[Cmdlet(VerbsCommon.Remove, "VdeCable", SupportsShouldProcess = true, HelpUri = "https://github.com/ctysvde/CtysVde/blob/main/README.md#remove-vdecable")]
[OutputType(typeof(VdeCable))]
public sealed class RemoveVdeCableCommand : VdeCmdlet
{
    /// <summary>The cable's name, `SWITCH~OTHER` (`SWITCH~HOST:OTHER` to another host); a piped VdeCable binds its Name.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = string.Empty;

    /// <summary>Returns the cable as it was before it was removed.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (!IsThisHost("cable", Name))
        {
            return;
        }

        ForEachInput(() =>
        {
            if (ShouldProcess(Name, "Remove the cable"))
            {
                var removed = Engine.RemoveCable(Name, Cancellation);
                if (PassThru)
                {
                    WriteObject(removed);
                }
            }
        });
    }
}
