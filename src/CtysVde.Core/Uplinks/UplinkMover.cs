using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Text.Json;
using CtysVde.Core.Errors;
using CtysVde.Core.Linux;
using CtysVde.Core.Switches;

namespace CtysVde.Core.Uplinks;

/// <summary>
/// Moves a host's interface into a bridge without cutting anyone off: the bridge takes the interface's MAC,
/// addresses and routes (metrics kept), connectivity is probed, and if the probe fails everything is put
/// back exactly as it was, by itself.
/// </summary>
public sealed class UplinkMover
{
    private readonly SwitchEnvironment _env;
    private readonly IpTool _ip;
    private readonly Action<string> _log;

    public UplinkMover(SwitchEnvironment env, Action<string> log)
    {
        _env = env;
        _ip = new IpTool(env.Runner);
        _log = log;
    }

    /// <summary>Refuses what cannot be an uplink, before any side effect.</summary>
    public void Validate(string iface, string bridge)
    {
        if (InterfaceName.Problem(iface) is { } problem)
        {
            throw Bad(ErrorIds.InvalidInterface, $"invalid interface name: {problem}", iface);
        }

        if (!_env.Sysfs.Exists(iface))
        {
            throw Bad(ErrorIds.InvalidInterface, $"no interface named '{iface}' exists", iface);
        }

        if (_env.Sysfs.IsLoopback(iface))
        {
            throw Bad(ErrorIds.InvalidInterface, $"'{iface}' is a loopback interface and cannot be an uplink", iface);
        }

        if (_env.Sysfs.IsBridge(iface))
        {
            throw Bad(ErrorIds.InvalidInterface, $"'{iface}' is a bridge; an uplink must be a NIC, a bond or a VLAN interface", iface);
        }

        if (_env.Sysfs.Master(iface) is { } master)
        {
            var kind = _env.Sysfs.DeviceType(master) switch
            {
                "bridge" => " (a bridge)",
                "bond" => " (a bond: bridge the bond itself)",
                { } other => $" (a {other})",
                null => string.Empty,
            };
            throw Bad(ErrorIds.InvalidInterface, $"'{iface}' is already enslaved to '{master}'{kind}", iface);
        }

        // macvlan/ipvlan/macvtap hold the device's receive hook, which a bridge port needs too; the kernel
        // would refuse the enslave half-way through the move with "Device or resource busy".
        var blocking = StackedDevicesThatBlockBridging(iface);
        if (blocking.Count > 0)
        {
            throw Bad(ErrorIds.InvalidInterface, $"'{iface}' carries {string.Join(", ", blocking)}; the kernel cannot bridge an interface with macvlan or ipvlan devices on it: remove them or bridge another interface", iface);
        }

        if (iface == bridge)
        {
            throw Bad(ErrorIds.InvalidInterface, $"the uplink and the bridge cannot both be '{iface}'", iface);
        }
    }

    /// <summary>
    /// Never cut the branch you sit on: an uplink that carries the caller's SSH session or the default route
    /// is only moved with force; one that NetworkManager or systemd-networkd manages is never fought: it is
    /// refused, or with <paramref name="unmanage"/> NetworkManager is asked to let go of it. Returns the
    /// manager to ask, if any.
    /// </summary>
    public string? Guard(UplinkSnapshot uplink, bool force, bool unmanage)
    {
        var manager = new ConnectionManagerDetector(_env).ManagerOf(uplink.Interface);
        if (manager is not null && !(unmanage && manager == ConnectionManagerDetector.NetworkManager))
        {
            var remedy = ConnectionManagerDetector.Remedy(manager, uplink.Interface);
            throw unmanage
                ? new VdeException(ErrorIds.UplinkManaged, VdeErrorCategory.InvalidOperation,
                    $"{manager} manages '{uplink.Interface}', and CtysVde asks only NetworkManager to let go: make the device unmanaged yourself ({remedy}) or let {manager} build the bridge", uplink.Interface)
                : new VdeException(ErrorIds.UplinkManaged, VdeErrorCategory.InvalidOperation,
                    $"{manager} manages '{uplink.Interface}' and would undo the move; let {manager} build the bridge, or make the device unmanaged first ({remedy})", uplink.Interface, null,
                    manager == ConnectionManagerDetector.NetworkManager ? [new Remedy(RemedyAction.Unmanage, "to let CtysVde do it for as long as the bridge exists")] : []);
        }

        GuardCaller(uplink, force);
        return manager;
    }

    private static readonly IReadOnlyList<Remedy> ProceedAnyway = [new Remedy(RemedyAction.Force, "to proceed")];

    private static void GuardCaller(UplinkSnapshot uplink, bool force)
    {
        if (force)
        {
            return;
        }

        var ssh = Environment.GetEnvironmentVariable("SSH_CONNECTION")?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (ssh is { Length: 4 } && uplink.AddressValues.Contains(ssh[2]))
        {
            throw new VdeException(ErrorIds.UplinkInUse, VdeErrorCategory.InvalidOperation,
                $"'{uplink.Interface}' carries your SSH session ({ssh[0]} -> {ssh[2]}); moving it into a bridge interrupts the network for a moment and may cut you off, though the move is rolled back by itself if connectivity is lost", uplink.Interface, null, ProceedAnyway);
        }

        if (uplink.CarriesDefaultRoute)
        {
            throw new VdeException(ErrorIds.UplinkInUse, VdeErrorCategory.InvalidOperation,
                $"'{uplink.Interface}' carries the default route; moving it into a bridge interrupts the network for a moment, though the move is rolled back by itself if connectivity is lost", uplink.Interface, null, ProceedAnyway);
        }
    }

    public UplinkSnapshot Snapshot(string iface)
    {
        using var link = _ip.Json("-d", "link", "show", "dev", iface);
        var l = link.RootElement[0];
        using var addr = _ip.Json("addr", "show", "dev", iface);
        var info = addr.RootElement[0].TryGetProperty("addr_info", out var list) ? list.EnumerateArray().ToArray() : [];
        var addresses = info.Select(AddressArguments).OfType<string>().ToArray();

        // NetworkManager adds its addresses with noprefixroute and the prefix routes itself (proto kernel, its
        // own metric): the kernel makes those for no one, so they move like any other route.
        var unmade = info.Where(a => AddressArguments(a) is { } args && args.Split(' ').Contains("noprefixroute"))
            .Select(a => Prefix(a.GetProperty("local").GetString()!, a.GetProperty("prefixlen").GetInt32())).ToHashSet(StringComparer.Ordinal);
        var routes = new List<string>();
        foreach (var family in new[] { "-4", "-6" })
        {
            using var r = _ip.Json(family, "route", "show", "table", "all", "dev", iface);
            routes.AddRange(r.RootElement.EnumerateArray().Select(e => RouteArguments(family, e, unmade)).OfType<string>());
        }

        // The routes on the link first: a gateway is only reachable once the route to its prefix is there.
        return new UplinkSnapshot(iface, l.GetProperty("address").GetString()!, l.GetProperty("mtu").GetInt32(),
            l.GetProperty("flags").EnumerateArray().Any(f => f.GetString() == "UP"), addresses, routes.OrderBy(r => r.Contains(" via ", StringComparison.Ordinal)).ToArray());
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
        var onBridge = Snapshot(bridge);
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
        while (_env.Sysfs.Carrier(bridge) != true && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(1);
        }
    }

    /// <summary>The bridge's own layer-3 identity, to give back to the uplink when the bridge goes away.</summary>
    public UplinkSnapshot BridgeAsUplink(string bridge, string uplink)
    {
        var onBridge = Snapshot(bridge);
        var original = _env.Sysfs.MacAddress(uplink) ?? onBridge.MacAddress;
        return onBridge with { Interface = uplink, MacAddress = original, Up = true };
    }

    public static IPAddress ParseProbeTarget(string target) =>
        IPAddress.TryParse(target, out var address) ? address : throw Bad(ErrorIds.InvalidProbeTarget, $"the probe target '{target}' is not an IP address", target);

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

    private static string? AddressArguments(JsonElement a)
    {
        var family = a.GetProperty("family").GetString();
        if (family == "inet6" && a.GetProperty("scope").GetString() == "link")
        {
            return null; // every interface makes its own fe80:: address
        }

        var parts = new List<string> { $"{a.GetProperty("local").GetString()}/{a.GetProperty("prefixlen").GetInt32()}" };
        if (a.TryGetProperty("broadcast", out var brd))
        {
            parts.Add($"brd {brd.GetString()}");
        }

        parts.Add($"scope {a.GetProperty("scope").GetString()}");
        foreach (var flag in new[] { "noprefixroute", "nodad" })
        {
            if (a.TryGetProperty(flag, out var v) && v.ValueKind == JsonValueKind.True)
            {
                parts.Add(flag);
            }
        }

        if (a.TryGetProperty("valid_life_time", out var valid) && valid.GetInt64() != uint.MaxValue)
        {
            parts.Add($"valid_lft {valid.GetInt64()} preferred_lft {a.GetProperty("preferred_life_time").GetInt64()}");
        }

        return string.Join(' ', parts);
    }

    /// <summary>The prefix route an address makes, as ip names it: 10.199.20.0/24 for 10.199.20.10/24.</summary>
    private static string Prefix(string address, int length)
    {
        var bytes = IPAddress.Parse(address).GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] &= (byte)(0xFF << (8 - Math.Clamp(length - (i * 8), 0, 8)));
        }

        return $"{new IPAddress(bytes)}/{length.ToString(CultureInfo.InvariantCulture)}";
    }

    private static string? RouteArguments(string family, JsonElement r, IReadOnlySet<string> unmadePrefixes)
    {
        string? Get(string name) => r.TryGetProperty(name, out var v) ? v.ToString() : null;
        var table = Get("table");
        var protocol = Get("protocol");
        var type = Get("type");

        // Routes the kernel makes for an address (and the local table) come back by themselves with the address.
        if ((protocol == "kernel" && !unmadePrefixes.Contains(Get("dst")!)) || table is "local" || type is "local" or "broadcast" or "multicast" or "anycast")
        {
            return null;
        }

        // ip -batch takes no -4/-6 per line: an explicit default destination carries the family instead.
        var dst = Get("dst")!;
        var parts = new List<string> { dst == "default" ? (family == "-4" ? "0.0.0.0/0" : "::/0") : dst };
        if (Get("gateway") is { } via)
        {
            parts.Add($"via {via}");
        }

        foreach (var (field, keyword) in new[] { ("protocol", "proto"), ("scope", "scope"), ("prefsrc", "src"), ("metric", "metric"), ("table", "table") })
        {
            if (Get(field) is { } value)
            {
                parts.Add($"{keyword} {value}");
            }
        }

        if (r.TryGetProperty("flags", out var flags) && flags.EnumerateArray().Any(f => f.GetString() == "onlink"))
        {
            parts.Add("onlink");
        }

        return string.Join(' ', parts);
    }

    private List<string> StackedDevicesThatBlockBridging(string iface)
    {
        var blocking = new List<string>();
        foreach (var upper in _env.Sysfs.UpperDevices(iface))
        {
            using var link = _ip.Json("-details", "link", "show", "dev", upper);
            var kind = link.RootElement.EnumerateArray().Select(l => l.TryGetProperty("linkinfo", out var info) && info.TryGetProperty("info_kind", out var k) ? k.GetString() : null).FirstOrDefault();
            if (kind is "macvlan" or "macvtap" or "ipvlan" or "ipvtap")
            {
                blocking.Add($"{kind} '{upper}'");
            }
        }

        return blocking;
    }

    private static VdeException Bad(string id, string message, string target) => new(id, VdeErrorCategory.InvalidArgument, message, target);
}
