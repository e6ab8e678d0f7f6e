using System.Management.Automation;
using CtysVde.Core.Model;

namespace CtysVde.Commands;

/// <summary>Gets the MAC addresses VDE switches have learned, with their port and VLAN.</summary>
/// <remarks>Reads the switch's hash table (`hash/print`): which MAC address was last seen on which port.</remarks>
/// <example>
/// <code>Get-VdeMacAddress -Name vde_switch0.alice | Sort-Object Port</code>
/// <para>Shows which MAC address the switch last saw on which port of alice's switch.</para>
/// </example>
/// <example>
/// <code>Get-VdeMacAddress | Where-Object MacAddress -eq '52:54:00:ab:cd:01'</code>
/// <para>Finds where a guest's MAC address (e.g. one seen in a capture or a DHCP log) was seen: on its port of the guest's own switch, and on the TAP's port of every other switch on the same bridge.</para>
/// </example>
/// <error id="SwitchNotFound"/>
/// <error id="SwitchNotRunning"/>
/// <error id="ManagementFailed"/>
/// <error id="ForeignHost"/>
/// <error id="SwitchMismatch"/>
[Cmdlet(VerbsCommon.Get, "VdeMacAddress", HelpUri = "https://github.com/ctysvde/CtysVde/blob/main/README.md#get-vdemacaddress", DefaultParameterSetName = "Name")]
[OutputType(typeof(VdeMacAddress))]
public sealed class GetVdeMacAddressCommand : SwitchDataCmdlet<VdeMacAddress>
{
    /// <inheritdoc/>
    protected override IEnumerable<VdeMacAddress> Read(SwitchSpec spec) => Engine.MacAddresses(spec, Cancellation);
}
