using System.Diagnostics;
using CtysVde.Core.Linux;
using CtysVde.Core.Processes;

namespace CtysVde.Core.Uplinks;

/// <summary>
/// Moves a host's interface into a bridge without cutting anyone off: the bridge takes the interface's MAC,
/// addresses and routes (metrics kept), and <see cref="Restore"/> puts everything back exactly as the snapshot says.
/// </summary>
public sealed class UplinkMover
{
    private readonly SysfsNet _sysfs;
    private readonly IpTool _ip;
    private readonly UplinkSnapshotReader _reader;
    private readonly Action<string> _log;

    public UplinkMover(SysfsNet sysfs, IProcessRunner runner, Action<string> log)
    {
        _sysfs = sysfs;
        _ip = new IpTool(runner);
        _reader = new UplinkSnapshotReader(sysfs, runner);
        _log = log;
    }

    /// <summary>
    /// Gives the bridge the uplink's MAC and MTU, enslaves the uplink, waits until the bridge has carrier (the
    /// kernel applies it asynchronously; an ARP sent before it is lost and retried only after a second), then
    /// in one ip batch adds the addresses to the bridge, moves the routes over, and only then takes the
    /// addresses off the uplink, so the routes never disappear in between.
    /// </summary>
    public void Move(UplinkSnapshot uplink, string bridge)
    {
        _ip.Batch([$"link set dev {bridge} address {uplink.MacAddress} mtu {uplink.Mtu} up"]);
        var watch = Stopwatch.StartNew();
        _ip.Batch([$"link set dev {uplink.Interface} master {bridge}"]);
        WaitForCarrier(bridge, TimeSpan.FromSeconds(1));
        _ip.Batch(
        [
            .. uplink.Addresses.Select(a => $"addr add {a} dev {bridge}"),
            .. uplink.Routes.Select(r => $"route replace {r} dev {bridge}"),
            .. uplink.Addresses.Select(a => $"addr del {a.Split(' ')[0]} dev {uplink.Interface}"),
        ]);
        _log($"moved {uplink.Interface} into bridge {bridge} with {uplink.Addresses.Count} addresses and {uplink.Routes.Count} routes in {watch.Elapsed.TotalMilliseconds:0.0} ms");
    }

    /// <summary>
    /// Puts the uplink back exactly as the snapshot says: the bridge's copies of the addresses go, the uplink
    /// leaves the bridge, and its addresses and routes return. (Re-adding them while it is still a bridge port
    /// was measured to stall traffic for up to 200 ms: bench/README.md.) Goes on past failing lines so that
    /// as much as possible is restored.
    /// </summary>
    public void Restore(UplinkSnapshot uplink, string bridge)
    {
        var onBridge = _reader.Snapshot(bridge);
        _ip.Batch(
        [
            .. onBridge.Addresses.Select(a => $"addr del {a.Split(' ')[0]} dev {bridge}"),
            $"link set dev {uplink.Interface} nomaster",
            $"link set dev {uplink.Interface} {(uplink.Up ? "up" : "down")}",
            .. uplink.Addresses.Select(a => $"addr replace {a} dev {uplink.Interface}"),
            .. uplink.Routes.Select(r => $"route replace {r} dev {uplink.Interface}"),
        ], continueOnError: true);
        _log($"restored {uplink.Interface}: {uplink.Addresses.Count} addresses and {uplink.Routes.Count} routes back from bridge {bridge}");
    }

    private void WaitForCarrier(string bridge, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (_sysfs.Carrier(bridge) != true && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(1);
        }
    }
}
