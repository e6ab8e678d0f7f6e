using System.Management.Automation;
using CtysVde.Core.Model;

namespace CtysVde.Commands;

/// <summary>Gets the endpoints plugged into VDE switches: the switch's TAP, QEMU guests, vde_plug cables.</summary>
/// <remarks>
/// One object per endpoint, with the port, the module (`tuntap` or `unix prog`), the client's own name, user
/// and process id as the client library reported them, and for the switch's TAP its name. Each also has its
/// port's untagged VLAN, the MAC addresses learned there, and the IPv4 and IPv6 addresses that spoke there
/// (IPAddresses): every switch CtysVde starts learns them with vde_switch's iplog plugin, with no agent in the
/// guest. Endpoints that share a port share its addresses.
/// </remarks>
/// <example>
/// <code>Get-VdeEndpoint | Where-Object Client -eq QEMU</code>
/// <para>Lists the QEMU guests plugged into any switch, with their switch, port and process id.</para>
/// </example>
/// <example>
/// <code>
/// Get-VdeEndpoint -Name vde_switch0.alice | Where-Object ClientProcessId |
///     ForEach-Object { Get-Process -Id $_.ClientProcessId }
/// </code>
/// <para>Gets the processes of every client on alice's switch (her QEMU guests and vde_plug cables), e.g. to see how long they have run or to stop one.</para>
/// </example>
/// <example>
/// <code>Get-VdeEndpoint | Where-Object Client -Match 'QEMU|alice-vm' | Select-Object Client, ClientProcessId, IPAddresses</code>
/// <para>Answers "what address did my guest get": each guest's process id with the addresses it has used on its switch.</para>
/// </example>
/// <error id="SwitchNotFound"/>
/// <error id="SwitchNotRunning"/>
/// <error id="ManagementFailed"/>
/// <error id="ForeignHost"/>
/// <error id="SwitchMismatch"/>
[Cmdlet(VerbsCommon.Get, "VdeEndpoint", HelpUri = "https://github.com/ctysvde/CtysVde/blob/main/README.md#get-vdeendpoint", DefaultParameterSetName = "Name")]
[OutputType(typeof(VdeEndpoint))]
public sealed class GetVdeEndpointCommand : SwitchDataCmdlet<VdeEndpoint>
{
    /// <inheritdoc/>
    protected override IEnumerable<VdeEndpoint> Read(SwitchSpec spec) => Engine.Endpoints(spec, Cancellation);
}
