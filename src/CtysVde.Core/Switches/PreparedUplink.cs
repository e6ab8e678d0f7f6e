using CtysVde.Core.Model;
using CtysVde.Core.Uplinks;

namespace CtysVde.Core.Switches;

/// <summary>
/// An uplink request checked once, when its switch or bridge request is prepared: what was asked, and the interface
/// as it was seen then. The plan and the move both read the probe's targets and timeout from here, so they agree.
/// </summary>
/// <param name="Request">What was asked.</param>
/// <param name="Snapshot">The interface as it was seen, with the connection manager that is asked to let go of it.</param>
public sealed record PreparedUplink(UplinkRequest Request, UplinkSnapshot Snapshot)
{
    public static readonly TimeSpan DefaultProbeTimeout = TimeSpan.FromSeconds(5);

    /// <summary>What must answer after the move: the probe target asked for, else the default gateways.</summary>
    public IReadOnlyList<string> ProbeTargets => Request.ProbeTarget is { } target ? [target] : Snapshot.DefaultGateways;

    public TimeSpan ProbeTimeout => Request.ProbeTimeout ?? DefaultProbeTimeout;
}
