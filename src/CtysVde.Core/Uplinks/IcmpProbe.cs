using System.Net;
using System.Net.NetworkInformation;

namespace CtysVde.Core.Uplinks;

/// <summary>The real probe: each target must answer an ICMP echo once within the timeout.</summary>
public sealed class IcmpProbe : IReachabilityProbe
{
    public IReadOnlyList<IPAddress> Unanswered(IReadOnlyList<IPAddress> targets, TimeSpan timeout, Action<string> log, CancellationToken cancellation)
    {
        var addresses = targets.ToList();
        using var ping = new Ping();
        var deadline = DateTime.UtcNow + timeout;
        while (addresses.Count > 0 && DateTime.UtcNow < deadline)
        {
            cancellation.ThrowIfCancellationRequested();
            var target = addresses[0];
            addresses.RemoveAt(0);
            try
            {
                var left = (int)Math.Clamp((deadline - DateTime.UtcNow).TotalMilliseconds, 1, 500);
                if (ping.Send(target, left).Status != IPStatus.Success)
                {
                    addresses.Add(target); // try the others before this one again
                }
            }
            catch (PingException e)
            {
                addresses.Add(target);
                log($"probe {target}: {e.InnerException?.Message ?? e.Message}");
                Thread.Sleep(50);
            }
        }

        return addresses;
    }
}
