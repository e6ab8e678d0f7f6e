using System.Globalization;
using System.Net;
using System.Text.Json;
using CtysVde.Core.Linux;
using CtysVde.Core.Processes;

namespace CtysVde.Core.Uplinks;

/// <summary>
/// Reads an interface's layer-3 identity with `ip -json` (MAC, MTU, state, addresses and routes as `ip` arguments),
/// so that a move can be undone exactly.
/// </summary>
public sealed class UplinkSnapshotReader
{
    private readonly SysfsNet _sysfs;
    private readonly IpTool _ip;

    public UplinkSnapshotReader(SysfsNet sysfs, IProcessRunner runner)
    {
        _sysfs = sysfs;
        _ip = new IpTool(runner);
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

    /// <summary>The bridge's own layer-3 identity, to give back to the uplink when the bridge goes away.</summary>
    public UplinkSnapshot BridgeAsUplink(string bridge, string uplink)
    {
        var onBridge = Snapshot(bridge);
        var original = _sysfs.MacAddress(uplink) ?? onBridge.MacAddress;
        return onBridge with { Interface = uplink, MacAddress = original, Up = true };
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
}
