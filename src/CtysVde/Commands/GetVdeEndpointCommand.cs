using System.Management.Automation;
using CtysVde.Core.Model;

namespace CtysVde.Commands;

/// <summary>Gets the endpoints plugged into VDE switches: the switch's TAP, QEMU guests, vde_plug cables.</summary>
/// <remarks>
/// One object per endpoint, with the port, the module (`tuntap` or `unix prog`), the client's own name, user
/// and process id as the client library reported them, and for the switch's TAP its name.
/// </remarks>
/// <example>
/// <code>Get-VdeEndpoint | Where-Object Client -eq QEMU</code>
/// <para>Lists the QEMU guests on every switch, with their process ids.</para>
/// </example>
/// <error id="SwitchNotFound"/>
/// <error id="SwitchNotRunning"/>
/// <error id="ManagementFailed"/>
/// <error id="ForeignHost"/>
/// <error id="SwitchMismatch"/>
[Cmdlet(VerbsCommon.Get, "VdeEndpoint", DefaultParameterSetName = "Name")]
[OutputType(typeof(VdeEndpoint))]
public sealed class GetVdeEndpointCommand : SwitchDataCmdlet<VdeEndpoint>
{
    /// <inheritdoc/>
    protected override IEnumerable<VdeEndpoint> Read(SwitchSpec spec) => Engine.Endpoints(spec, Cancellation);
}
