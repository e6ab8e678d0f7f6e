using System.Management.Automation;
using CtysVde.Core.Model;

namespace CtysVde.Commands;

/// <summary>Gets the VLANs of switch ports: access, trunk or untagged, as Get-VMNetworkAdapterVlan shows them.</summary>
/// <remarks>
/// Get-VdePortVlan reads `vlan/allprint` on the switch's management socket and returns one VdePortVlan object per
/// port: its OperationMode (Untagged, Access or Trunk), AccessVlanId, NativeVlanId and AllowedVlanIdList, and
/// whether a client is attached (Active). Ports made ready by Set-VdePortVlan for a guest that has not attached
/// yet are listed too, as inactive. Without a name it reads every running switch. A switch's owner needs no root.
/// </remarks>
/// <example>
/// <code>Get-VdePortVlan -Name vde_switch0.alice</code>
/// <para>Shows the VLANs of every port of alice's switch.</para>
/// </example>
/// <example>
/// <code>Get-VdePortVlan | Where-Object Active | Format-Table SwitchName, Port, OperationMode, AccessVlanId, AllowedVlanIdList</code>
/// <para>Shows the VLANs of every port that has a client, on every switch of this host.</para>
/// </example>
/// <example>
/// <code>Get-VdePort -Name vde_switch0.alice | Where-Object Endpoints -Match QEMU | Get-VdePortVlan</code>
/// <para>Shows the VLANs of the ports that alice's QEMU guests are plugged into (piped ports bind by SwitchName and Port).</para>
/// </example>
/// <error id="SwitchNotFound"/>
/// <error id="SwitchNotRunning"/>
/// <error id="ManagementFailed"/>
/// <error id="ForeignHost"/>
/// <error id="SwitchMismatch"/>
[Cmdlet(VerbsCommon.Get, "VdePortVlan", HelpUri = "https://github.com/ctysvde/CtysVde/blob/main/README.md#get-vdeportvlan", DefaultParameterSetName = "Name")]
[OutputType(typeof(VdePortVlan))]
public sealed class GetVdePortVlanCommand : SwitchDataCmdlet<VdePortVlan>
{
    /// <summary>Only these port numbers; a piped VdePort binds its Port here.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, 65535)]
    public int[]? Port { get; set; }

    /// <inheritdoc/>
    protected override IEnumerable<VdePortVlan> Read(SwitchSpec spec) => Engine.PortVlans(spec, Cancellation);

    /// <inheritdoc/>
    protected override bool Keep(VdePortVlan item) => Port is null || Port.Contains(item.Port);
}
