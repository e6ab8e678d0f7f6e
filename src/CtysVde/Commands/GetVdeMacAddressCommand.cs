using System.Management.Automation;
using CtysVde.Core.Model;

namespace CtysVde.Commands;

/// <summary>Gets the MAC addresses VDE switches have learned, with their port and VLAN.</summary>
/// <remarks>Reads the switch's hash table (`hash/print`): which MAC address was last seen on which port.</remarks>
/// <example>
/// <code>Get-VdeMacAddress -Name vde_switch0.alice | Sort-Object Port</code>
/// <para>Shows which guest MAC sits on which port of alice's switch.</para>
/// </example>
/// <error id="SwitchNotFound"/>
/// <error id="SwitchNotRunning"/>
/// <error id="ManagementFailed"/>
/// <error id="ForeignHost"/>
/// <error id="SwitchMismatch"/>
[Cmdlet(VerbsCommon.Get, "VdeMacAddress", DefaultParameterSetName = "Name")]
[OutputType(typeof(VdeMacAddress))]
public sealed class GetVdeMacAddressCommand : SwitchDataCmdlet<VdeMacAddress>
{
    /// <inheritdoc/>
    protected override IEnumerable<VdeMacAddress> Read(SwitchSpec spec) => Engine.MacAddresses(spec, Cancellation);
}
