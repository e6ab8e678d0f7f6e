using System.Net;
using CtysVde.Core.Errors;

namespace CtysVde.Core.Uplinks;

/// <summary>Proves connectivity after a move, through the environment's <see cref="IReachabilityProbe"/>: each target must answer once within the timeout.</summary>
public sealed class UplinkProbe
{
    private readonly IReachabilityProbe _reachability;
    private readonly Action<string> _log;

    public UplinkProbe(IReachabilityProbe reachability, Action<string> log)
    {
        _reachability = reachability;
        _log = log;
    }

    public static IPAddress ParseProbeTarget(string target) =>
        IPAddress.TryParse(target, out var address) ? address : throw new VdeException(ErrorIds.InvalidProbeTarget, VdeErrorCategory.InvalidArgument, $"the probe target '{target}' is not an IP address", target);

    /// <summary>Asks every target until each has answered once, or the timeout passes; returns those that never answered.</summary>
    public IReadOnlyList<string> Probe(IReadOnlyList<string> targets, TimeSpan timeout, CancellationToken cancellation) =>
        _reachability.Unanswered(targets.Select(ParseProbeTarget).ToArray(), timeout, _log, cancellation).Select(a => a.ToString()).ToArray();
}
