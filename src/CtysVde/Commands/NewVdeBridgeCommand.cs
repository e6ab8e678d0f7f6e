using System.Management.Automation;
using CtysVde.Core.Model;

namespace CtysVde.Commands;

/// <summary>Creates a Linux bridge for VDE switches, optionally moving the host's uplink into it.</summary>
/// <remarks>
/// New-VdeBridge makes a bridge with STP off and forward delay 0, marked as CtysVde's so that only CtysVde's
/// own bridges are ever removed. With -Interface it moves a host interface in: the bridge takes the
/// interface's MAC and MTU, then its addresses and routes (metrics kept) in one step. The gateway (or
/// -ProbeTarget) must answer afterwards, or everything is put back by itself. An interface that carries your
/// SSH session or the default route needs -Force; one that NetworkManager or systemd-networkd manages is
/// refused, unless -Unmanage has NetworkManager leave it alone until Remove-VdeBridge gives it back. Creating
/// a bridge that CtysVde already made returns it unchanged.
/// </remarks>
/// <example>
/// <code>New-VdeBridge -BridgeName br-lab</code>
/// <para>Creates an isolated bridge br-lab with no uplink; New-VdeSwitch -BridgeName br-lab then puts switches on it.</para>
/// </example>
/// <example>
/// <code>
/// $lab = New-VdeBridge -BridgeName br-lab
/// 'alice', 'bob' | ForEach-Object { New-VdeSwitch -Owner $_ -BridgeName $lab.BridgeName }
/// </code>
/// <para>Builds a lab network: one bridge, and a switch for each student on it, so that their guests reach each other but nothing else.</para>
/// </example>
/// <example>
/// <code>New-VdeBridge -BridgeName br0 -Interface eth0 -Force -ProbeTarget 192.0.2.1</code>
/// <para>Moves the host's eth0 with its addresses and routes into a new bridge br0, so that guests on br0 reach the LAN. The move stays only if 192.0.2.1 still answers; -Force allows it although eth0 carries the default route.</para>
/// </example>
/// <error id="InvalidBridgeName"/>
/// <error id="NotABridge"/>
/// <error id="BridgeExists"/>
/// <error id="InvalidInterface"/>
/// <error id="InvalidProbeTarget"/>
/// <error id="UplinkInUse"/>
/// <error id="UplinkManaged"/>
/// <error id="UplinkLost"/>
/// <error id="KernelOperationFailed"/>
/// <error id="PermissionDenied"/>
[Cmdlet(VerbsCommon.New, "VdeBridge", HelpUri = "https://github.com/ctysvde/CtysVde/blob/main/README.md#new-vdebridge", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(VdeBridge))]
public sealed class NewVdeBridgeCommand : UplinkCmdlet
{
    /// <summary>The bridge's name (at most 15 bytes, no '/', ':' or white space).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? BridgeName { get; set; }


    /// <inheritdoc/>
    protected override void ProcessRecord() => ForEachInput(() =>
    {
        if (!IsThisHost("bridge", BridgeName!))
        {
            return;
        }

        var spec = new BridgeSpec
        {
            BridgeName = BridgeName!,
            Uplink = RequestedUplink(),
        };
        // Resolved once (the uplink's snapshot included): what -WhatIf and the confirmation show is what is done.
        var prepared = Engine.PrepareBridge(spec);
        if (ShouldProcessPlan(Engine.PlanNewBridge(prepared), "Create bridge"))
        {
            WriteObject(Engine.NewBridge(prepared, Cancellation));
        }
    });
}
