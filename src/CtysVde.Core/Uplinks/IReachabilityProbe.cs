using System.Net;

namespace CtysVde.Core.Uplinks;

/// <summary>
/// Whether the host still reaches the network after an uplink moved into a bridge. An interface so that tests can
/// make the probe find every target silent and prove that the move is given back exactly (see <see cref="IcmpProbe"/>).
/// </summary>
public interface IReachabilityProbe
{
    /// <summary>Asks every target until each has answered once, or <paramref name="timeout"/> passes; returns those that never answered.</summary>
    IReadOnlyList<IPAddress> Unanswered(IReadOnlyList<IPAddress> targets, TimeSpan timeout, Action<string> log, CancellationToken cancellation);
}
