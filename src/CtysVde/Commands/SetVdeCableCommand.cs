using System.Management.Automation;
using CtysVde.Core.Model;

namespace CtysVde.Commands;

/// <summary>Changes a live cable's impairment through its wirefilter; the cable stays up.</summary>
/// <remarks>
/// Set-VdeCable sends the new values to the wirefilter in the cable (one made with an impairment parameter); values
/// not given stay as they are, and 0 turns one off. Every value is checked first (wirefilter itself accepts `loss 150`).
/// -PassThru returns the cable.
/// </remarks>
/// <example>
/// <code>Set-VdeCable -Name vde_switch0.root~vde_switch0.carol -LossPercent 100</code>
/// <para>Cuts the cable (every frame lost) without removing it; -LossPercent 0 restores it.</para>
/// </example>
/// <example>
/// <code>Get-VdeCable | Where-Object FilterProcessId | Set-VdeCable -DelayMs 50 -JitterMs 10 -PassThru</code>
/// <para>Gives every impaired cable 50 ms of delay with 10 ms of jitter each way.</para>
/// </example>
/// <error id="CableNotFound"/>
/// <error id="InvalidCable"/>
/// <error id="InvalidImpairment"/>
/// <error id="ManagementFailed"/>
/// <error id="ForeignHost"/>
[Cmdlet(VerbsCommon.Set, "VdeCable", SupportsShouldProcess = true, HelpUri = "https://github.com/ctysvde/CtysVde/blob/main/README.md#set-vdecable")]
[OutputType(typeof(VdeCable))]
public sealed class SetVdeCableCommand : CableImpairmentCmdlet
{
    /// <summary>The cable's name, `SWITCH~OTHER` (`SWITCH~HOST:OTHER` to another host); a piped VdeCable binds its Name.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = string.Empty;

    /// <summary>Returns the cable after the change.</summary>
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
            var impairment = Impairment();
            if (ShouldProcess(Name, "Change the cable's impairment"))
            {
                var cable = Engine.SetCable(Name, impairment, Cancellation);
                if (PassThru)
                {
                    WriteObject(cable);
                }
            }
        });
    }
}
