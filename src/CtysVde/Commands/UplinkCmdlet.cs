using System.Management.Automation;
using CtysVde.Completion;
using CtysVde.Core.Errors;
using CtysVde.Core.Model;

namespace CtysVde.Commands;

/// <summary>Cmdlets that can move the host's uplink into a bridge they create (New-VdeSwitch, New-VdeBridge).</summary>
public abstract class UplinkCmdlet : VdeCmdlet
{
    /// <summary>
    /// The host's interface to move into the new bridge with its MAC, addresses and routes. Afterwards the
    /// gateway (or -ProbeTarget) is pinged; if it does not answer, the interface is put back by itself.
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(UplinkInterfaceCompleter))]
    public string? Interface { get; set; }

    /// <summary>
    /// Moves an -Interface that carries your SSH session or the default route (it is rolled back if connectivity is
    /// lost). With New-VdeSwitch it also replaces a running switch that only a new daemon can mend (a lost socket or
    /// TAP), which disconnects its clients; everything else it mends without -Force.
    /// </summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>
    /// When NetworkManager manages -Interface, has it leave the interface alone for as long as the bridge exists
    /// (nmcli device set IF managed no); removing the bridge gives it back. Without it such an interface is refused.
    /// </summary>
    [Parameter]
    public SwitchParameter Unmanage { get; set; }

    /// <summary>The IP address that must answer after -Interface moved. Default: the default gateway.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ProbeTarget { get; set; }

    /// <summary>Seconds the probe may take before the move is undone. Default: 5.</summary>
    [Parameter]
    [ValidateRange(1, 300)]
    public int ProbeTimeoutSeconds { get; set; } = 5;

    /// <summary>
    /// The uplink as the engine takes it, built here for both cmdlets; null without -Interface. -Unmanage means
    /// something only with -Interface: refused rather than ignored, naming this front end's parameters (the engine
    /// cannot even be asked: Unmanage is part of an UplinkRequest, which names its interface).
    /// </summary>
    protected UplinkRequest? RequestedUplink()
    {
        if (Interface is null)
        {
            return Unmanage
                ? throw new VdeException(ErrorIds.InvalidInterface, VdeErrorCategory.InvalidArgument, "-Unmanage needs an uplink to move, and no -Interface was given", nameof(Unmanage))
                : null;
        }

        return new UplinkRequest
        {
            Interface = Interface,
            Force = Force,
            Unmanage = Unmanage,
            ProbeTarget = ProbeTarget,
            ProbeTimeout = TimeSpan.FromSeconds(ProbeTimeoutSeconds),
        };
    }
}
