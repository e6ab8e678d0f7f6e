using System.Net;
using System.Net.NetworkInformation;
using CtysVde.Core.Errors;

namespace CtysVde.Core.Uplinks;

/// <summary>Proves connectivity after a move: each target must answer a ping once within the timeout.</summary>
public sealed class UplinkProbe
{
    private readonly Action<string> _log;

    public UplinkProbe(Action<string> log)
    {
        _log = log;
    }

    public static IPAddress ParseProbeTarget(string target) =>
        IPAddress.TryParse(target, out var address) ? address : throw new VdeException(ErrorIds.InvalidProbeTarget, VdeErrorCategory.InvalidArgument, $"the probe target '{target}' is not an IP address", target);

    /// <summary>Pings every target until each has answered once, or the timeout passes; returns those that never answered.</summary>
    public IReadOnlyList<string> Probe(IReadOnlyList<string> targets, TimeSpan timeout, CancellationToken cancellation)
    {
        var addresses = targets.Select(ParseProbeTarget).ToList();
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
                _log($"probe {target}: {e.InnerException?.Message ?? e.Message}");
                Thread.Sleep(50);
            }
        }

        return addresses.Select(a => a.ToString()).ToArray();
    }
}
