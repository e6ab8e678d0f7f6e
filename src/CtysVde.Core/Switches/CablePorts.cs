using System.Globalization;
using CtysVde.Core.Errors;
using CtysVde.Core.Vde;

namespace CtysVde.Core.Switches;

/// <summary>
/// Cables' ends as this host's switches show them: an end is an endpoint on a port whose description names the
/// other switch (<see cref="CableDaemon.Description"/>) and whose pid (vde_plug appends it) is one of the cable's.
/// A switch that is not running or does not answer shows no end.
/// </summary>
internal sealed class CablePorts
{
    private readonly SwitchEnvironment _env;

    public CablePorts(SwitchEnvironment env)
    {
        _env = env;
    }

    /// <summary>
    /// The cable's port on the switch serving <paramref name="socket"/>: an endpoint whose pid is one of the cable's
    /// <paramref name="pids"/> and, unless null, whose description names <paramref name="other"/>.
    /// </summary>
    public PortRecord? EndOn(string socket, string? other, IReadOnlySet<int> pids, CancellationToken cancellation) =>
        EndOn(_env.Processes.Scan(), socket, other, pids, cancellation);

    public PortRecord? EndOn(IReadOnlyList<SwitchProcess> switches, string socket, string? other, IReadOnlySet<int> pids, CancellationToken cancellation) =>
        Read(switches, socket, cancellation)?.FirstOrDefault(p => p.Endpoints.Any(e =>
            (other is null || Names(e.Description, other)) && PidOf(e.Description) is { } pid && pids.Contains(pid)));

    /// <summary>Whether any end naming <paramref name="other"/> is still on the switch serving <paramref name="socket"/>, whoever's it is.</summary>
    public bool HasEnd(string socket, string other, CancellationToken cancellation) =>
        Read(_env.Processes.Scan(), socket, cancellation)?.Any(p => p.Endpoints.Any(e => Names(e.Description, other))) ?? false;

    /// <summary>The frames that came in on port <paramref name="port"/> of the switch serving <paramref name="socket"/>; null when it does not answer.</summary>
    public long? InPackets(string socket, int port, CancellationToken cancellation) =>
        Read(_env.Processes.Scan(), socket, cancellation)?.FirstOrDefault(p => p.Port == port)?.InPackets;

    private IReadOnlyList<PortRecord>? Read(IReadOnlyList<SwitchProcess> switches, string socket, CancellationToken cancellation)
    {
        if (switches.FirstOrDefault(s => s.SocketPath?.TrimEnd('/') == socket && s.ManagementSocket is not null) is not { ManagementSocket: { } mgmt })
        {
            return null;
        }

        try
        {
            return ManagementSession.With(mgmt, socket, _env.ManagementTimeout, cancellation,
                client => PortPrintParser.Parse(ManagementSession.Ask(client, "port/print").Data), _env.Management);
        }
        catch (VdeException)
        {
            return null;
        }
    }

    private static bool Names(string description, string other) => description.StartsWith(CableDaemon.Description(other) + " ", StringComparison.Ordinal);

    /// <summary>The last `pid=N` of an endpoint's description: vde_plug appends it after whatever -D said (and ` SSH=…` after it on a far end).</summary>
    private static int? PidOf(string description)
    {
        var at = description.LastIndexOf(" pid=", StringComparison.Ordinal);
        return at >= 0 && int.TryParse(description.AsSpan(at + 5).ToString().Split(' ')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
    }
}
