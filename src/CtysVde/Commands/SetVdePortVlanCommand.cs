using System.Management.Automation;
using CtysVde.Completion;
using CtysVde.Core.Errors;
using CtysVde.Core.Model;

namespace CtysVde.Commands;

/// <summary>Sets the VLANs of a switch port: an access port of one VLAN, a trunk of tagged VLANs, or untagged.</summary>
/// <remarks>
/// Set-VdePortVlan is modelled on Hyper-V's Set-VMNetworkAdapterVlan. -Access -VlanId V makes the port an untagged
/// member of VLAN V: its guest sees plain Ethernet and only ports of VLAN V. -Trunk -AllowedVlanIdList V1,V2 makes
/// it a tagged member of those VLANs (the guest sees 802.1Q frames), and untagged in -NativeVlanId (default 0,
/// the default VLAN; a native VLAN in the allowed list stays untagged). -Untagged takes it back to VLAN 0.
///
/// VLANs are created when a port first needs them and removed when their last port leaves them. A port that
/// no client uses yet is made ready (`port/create`), so that QEMU can attach to it later with
/// `-netdev vde,sock=SOCKET,port=N` and finds its VLANs set. Everything goes through the switch's management
/// socket, so the switch's owner needs no root; only the owner or root may change a switch. A step that fails
/// undoes the ones before it. -WhatIf shows the steps; -PassThru returns the port's VdePortVlan.
/// </remarks>
/// <example>
/// <code>Set-VdePortVlan -SwitchName vde_switch0.alice -Port 3 -Access -VlanId 10</code>
/// <para>Puts the guest on port 3 into VLAN 10, apart from the ports on the default VLAN.</para>
/// </example>
/// <example>
/// <code>Set-VdePortVlan -Port 5 -Trunk -AllowedVlanIdList 10,20 -PassThru</code>
/// <para>Makes port 5 of the caller's own switch a trunk of VLANs 10 and 20, for a guest that routes between them.</para>
/// </example>
/// <example>
/// <code>Get-VdePort -Name vde_switch0.alice -Port 3 | Set-VdePortVlan -Untagged -WhatIf</code>
/// <para>Shows what taking port 3 back to the default VLAN would do, changing nothing.</para>
/// </example>
/// <error id="InvalidVlanId"/>
/// <error id="InvalidPort"/>
/// <error id="NotSwitchOwner"/>
/// <error id="SwitchNotFound"/>
/// <error id="SwitchNotRunning"/>
/// <error id="ManagementFailed"/>
/// <error id="ForeignHost"/>
/// <error id="SwitchMismatch"/>
[Cmdlet(VerbsCommon.Set, "VdePortVlan", SupportsShouldProcess = true, DefaultParameterSetName = "Access", HelpUri = "https://github.com/ctysvde/CtysVde/blob/main/README.md#set-vdeportvlan")]
[OutputType(typeof(VdePortVlan))]
public sealed class SetVdePortVlanCommand : VdeCmdlet
{
    /// <summary>The switch whose port to set. Default: the caller's own switch.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Name")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(SwitchNameCompleter))]
    public string? SwitchName { get; set; }

    /// <summary>The port number, 1 to the switch's number of ports less one.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    public int Port { get; set; }

    /// <summary>Makes the port an untagged member of the VLAN given with -VlanId.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Access")]
    public SwitchParameter Access { get; set; }

    /// <summary>The VLAN of an access port, 1 to 4093 (vde_switch refuses 4094).</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Access")]
    [Alias("AccessVlanId")]
    public int VlanId { get; set; }

    /// <summary>Makes the port a tagged member of the VLANs given with -AllowedVlanIdList.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Trunk")]
    public SwitchParameter Trunk { get; set; }

    /// <summary>The VLANs a trunk carries tagged, each 1 to 4093.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Trunk")]
    [ValidateNotNullOrEmpty]
    public int[]? AllowedVlanIdList { get; set; }

    /// <summary>The untagged VLAN of a trunk: 0 (the default VLAN, the default) or 1 to 4093.</summary>
    [Parameter(ParameterSetName = "Trunk")]
    public int NativeVlanId { get; set; }

    /// <summary>Takes the port back to the default VLAN 0, with no tagged VLAN.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Untagged")]
    public SwitchParameter Untagged { get; set; }

    /// <summary>Returns the port's VdePortVlan after the change.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (!IsThisHost("port", SwitchName is null ? $"port {Port}" : $"{SwitchName}:{Port}"))
        {
            return;
        }

        ForEachInput(() =>
        {
            var spec = SwitchSpecs.Named(Engine, SwitchName, Cancellation);
            var prepared = Engine.PreparePortVlan(spec, Request(), Cancellation);
            if (ShouldProcessPlan(prepared.Plan, $"Set the VLANs of port {Port} of"))
            {
                var result = Engine.SetPortVlan(prepared, Cancellation);
                if (PassThru)
                {
                    WriteObject(result);
                }
            }
        });
    }

    private PortVlanRequest Request() => new()
    {
        Port = Port,
        Mode = ParameterSetName switch
        {
            "Access" => VdeVlanMode.Access,
            "Trunk" => VdeVlanMode.Trunk,
            _ => VdeVlanMode.Untagged,
        },
        VlanId = VlanId,
        AllowedVlanIds = AllowedVlanIdList ?? [],
        NativeVlanId = NativeVlanId,
    };
}
