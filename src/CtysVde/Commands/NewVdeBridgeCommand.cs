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
/// refused. Creating a bridge that CtysVde already made returns it unchanged.
/// </remarks>
/// <example>
/// <code>New-VdeBridge -BridgeName br-lab</code>
/// <para>Creates an isolated bridge br-lab; New-VdeSwitch -BridgeName br-lab then puts switches on it.</para>
/// </example>
/// <example>
/// <code>New-VdeBridge -BridgeName br0 -Interface eth0 -Force -ProbeTarget 192.0.2.1</code>
/// <para>Moves eth0 into br0 and keeps it there only if 192.0.2.1 still answers.</para>
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
[Cmdlet(VerbsCommon.New, "VdeBridge", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(VdeBridge))]
public sealed class NewVdeBridgeCommand : VdeCmdlet
{
    /// <summary>The bridge's name (at most 15 bytes, no '/', ':' or white space).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? BridgeName { get; set; }

    /// <summary>The host's interface to move into the bridge with its MAC, addresses and routes.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Interface { get; set; }

    /// <summary>Moves an -Interface that carries your SSH session or the default route (it is rolled back if connectivity is lost).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>The IP address that must answer after -Interface moved. Default: the default gateway.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ProbeTarget { get; set; }

    /// <summary>Seconds the probe may take before the move is undone. Default: 5.</summary>
    [Parameter]
    [ValidateRange(1, 300)]
    public int ProbeTimeoutSeconds { get; set; } = 5;

    /// <inheritdoc/>
    protected override void ProcessRecord() => ForEachInput(() =>
    {
        var spec = new BridgeSpec
        {
            BridgeName = BridgeName!,
            Interface = Interface,
            Force = Force,
            ProbeTarget = ProbeTarget,
            ProbeTimeout = TimeSpan.FromSeconds(ProbeTimeoutSeconds),
        };
        var plan = Engine.PlanNewBridge(spec);
        var steps = string.Join(Environment.NewLine, plan.Steps.Select((s, i) => $"  {i + 1}. {s}"));
        if (ShouldProcess($"Create bridge {spec.BridgeName}:{Environment.NewLine}{steps}", $"Create bridge {spec.BridgeName}?", "New-VdeBridge"))
        {
            WriteObject(Engine.NewBridge(spec, Cancellation));
        }
    });
}
