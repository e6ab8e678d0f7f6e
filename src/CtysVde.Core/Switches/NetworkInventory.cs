using CtysVde.Core.Linux;
using CtysVde.Core.Model;

namespace CtysVde.Core.Switches;

/// <summary>TAPs and bridges as the kernel has them, joined with the switches that use them.</summary>
public sealed class NetworkInventory
{
    private readonly SwitchEnvironment _env;
    private readonly IpTool _ip;

    public NetworkInventory(SwitchEnvironment env)
    {
        _env = env;
        _ip = new IpTool(env.Runner);
    }

    public IReadOnlyList<VdeTap> Taps()
    {
        var switchOf = SwitchesByTap();
        return _env.Sysfs.InterfaceNames().Where(_env.Sysfs.IsTap).Select(tap =>
        {
            var owner = _env.Sysfs.TunOwner(tap);
            var group = _env.Sysfs.TunGroup(tap);
            var alias = _env.Sysfs.Alias(tap);
            var switchName = switchOf.GetValueOrDefault(tap)
                ?? (alias is not null && alias.StartsWith(SwitchPaths.TapAliasPrefix, StringComparison.Ordinal) ? SwitchPaths.NameOf(alias[SwitchPaths.TapAliasPrefix.Length..]) : null);
            return new VdeTap
            {
                TapName = tap,
                HostName = _env.HostName,
                HostId = _env.HostId,
                Owner = owner is { } o ? _env.Users.UserName(o) : null,
                Group = group is { } g ? _env.Users.GroupName(g) : null,
                BridgeName = _env.Sysfs.Master(tap),
                SwitchName = switchName,
                Up = _env.Sysfs.IsUp(tap),
                Carrier = _env.Sysfs.Carrier(tap) == true,
                Persistent = (_env.Sysfs.TunFlags(tap) & 0x800) != 0,
                MacAddress = _env.Sysfs.MacAddress(tap),
            };
        }).ToArray();
    }

    public IReadOnlyList<VdeBridge> Bridges()
    {
        var switchOf = SwitchesByTap();
        return _env.Sysfs.InterfaceNames().Where(_env.Sysfs.IsBridge).Select(bridge =>
        {
            var members = _env.Sysfs.BridgeMembers(bridge);
            return new VdeBridge
            {
                BridgeName = bridge,
                HostName = _env.HostName,
                HostId = _env.HostId,
                Members = members.ToArray(),
                Uplink = SwitchPaths.UplinkOf(_env.Sysfs.Alias(bridge)),
                Addresses = _ip.Addresses(bridge),
                Switches = members.Select(m => switchOf.GetValueOrDefault(m)).OfType<string>().ToArray(),
                CreatedByCtysVde = SwitchPaths.IsCreatedByCtysVde(_env.Sysfs.Alias(bridge)),
                Up = _env.Sysfs.IsUp(bridge),
                StpEnabled = _env.Sysfs.StpEnabled(bridge) == true,
                MacAddress = _env.Sysfs.MacAddress(bridge),
            };
        }).ToArray();
    }

    private Dictionary<string, string> SwitchesByTap()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        // A switch that runs as its owner names no TAP on its command line: its TAP carries its data socket's mark.
        var marked = _env.Sysfs.InterfaceNames().Where(_env.Sysfs.IsTap)
            .Select(t => (Tap: t, Alias: _env.Sysfs.Alias(t))).Where(t => t.Alias is not null).ToLookup(t => t.Alias!, t => t.Tap, StringComparer.Ordinal);
        foreach (var p in _env.Processes.Scan())
        {
            var socket = SwitchDescriber.SocketOf(p);
            if ((p.TapName ?? marked[SwitchPaths.TapAliasPrefix + socket].FirstOrDefault()) is { } tap)
            {
                map.TryAdd(tap, SwitchPaths.NameOf(socket));
            }
        }

        return map;
    }
}
