using System.Management.Automation;
using CtysVde.Core.Model;

namespace CtysVde.Commands;

/// <summary>Gets the packet captures running on switches.</summary>
/// <remarks>
/// Get-VdeCapture asks each switch's management socket whether its pdump plugin is loaded and which file it
/// writes, and returns a VdeCapture for each switch that captures: its Path, the Port it is limited to (0: every
/// frame), StartTime and the file's Length so far. Without a name it reads every running switch. A switch's owner
/// needs no root.
/// </remarks>
/// <example>
/// <code>Get-VdeCapture</code>
/// <para>Lists every capture running on this host.</para>
/// </example>
/// <example>
/// <code>Get-VdeCapture -Name vde_switch0.root | Stop-VdeCapture -PassThru</code>
/// <para>Stops the capture of root's switch and shows the completed file.</para>
/// </example>
/// <error id="SwitchNotFound"/>
/// <error id="SwitchNotRunning"/>
/// <error id="ManagementFailed"/>
/// <error id="ForeignHost"/>
/// <error id="SwitchMismatch"/>
[Cmdlet(VerbsCommon.Get, "VdeCapture", HelpUri = "https://github.com/ctysvde/CtysVde/blob/main/README.md#get-vdecapture", DefaultParameterSetName = "Name")]
[OutputType(typeof(VdeCapture))]
public sealed class GetVdeCaptureCommand : SwitchDataCmdlet<VdeCapture>
{
    /// <inheritdoc/>
    protected override IEnumerable<VdeCapture> Read(SwitchSpec spec) => Engine.Captures(spec, Cancellation);
}
