using System.Management.Automation;
using CtysVde.Completion;
using CtysVde.Core.Model;

namespace CtysVde.Commands;

/// <summary>Gets the caller's cables: both ends, state, processes, impairment and counters.</summary>
/// <remarks>
/// Get-VdeCable finds cables from their processes (each carries the cable's name) and from their records in the
/// caller's runtime directory, so that a cable whose processes ended shows as Down with the Reason. Port and
/// RemotePort are the cable's ports on the two switches; InPackets and OutPackets count the frames through the
/// cable's port on SwitchName. For a cable to another host (RemoteHost), that host is asked over ssh about its end
/// (one ssh run per such cable), and a cable down says why: its ssh failed (ssh's last message), was killed, or the
/// far host no longer runs the switch. With -SwitchName (or piped switches) only the cables with an end on those
/// switches of this host.
/// </remarks>
/// <example>
/// <code>Get-VdeCable</code>
/// <para>Lists the caller's cables.</para>
/// </example>
/// <example>
/// <code>Get-VdeSwitch vde_switch0.carol | Get-VdeCable | Format-List Name, State, Reason, Port, RemotePort</code>
/// <para>Shows the cables with an end on carol's switch.</para>
/// </example>
/// <error id="ForeignHost"/>
[Cmdlet(VerbsCommon.Get, "VdeCable", HelpUri = "https://github.com/ctysvde/CtysVde/blob/main/README.md#get-vdecable")]
[OutputType(typeof(VdeCable))]
public sealed class GetVdeCableCommand : VdeCmdlet
{
    private readonly HashSet<string> _written = new(StringComparer.Ordinal);

    /// <summary>Only the cables with an end on these switches (exact names). Default: every cable.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Name")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(SwitchNameCompleter))]
    public string[]? SwitchName { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (!IsThisHost("switch", SwitchName is null ? "every switch" : string.Join(", ", SwitchName)))
        {
            return;
        }

        ForEachInput(() =>
        {
            var cables = SwitchName is null ? Engine.Cables(null, Cancellation) : SwitchName.SelectMany(s => Engine.Cables(s, Cancellation));
            foreach (var cable in cables.Where(c => _written.Add(c.Name)))
            {
                WriteObject(cable);
            }
        });
    }
}
