using CtysVde.Core.Errors;
using CtysVde.Core.Uplinks;

namespace CtysVde.Core.Switches;

/// <summary>
/// An uplink's plan, shared by create -i and New-VdeBridge -Interface: every read-only check before it moves, the
/// steps -n and -WhatIf show, and where and how long the probe looks.
/// </summary>
internal sealed class UplinkPlan
{
    private readonly UplinkGuard _guard;
    private readonly UplinkSnapshotReader _snapshots;

    public UplinkPlan(SwitchEnvironment env)
    {
        _guard = new UplinkGuard(env.Sysfs, env.Runner);
        _snapshots = new UplinkSnapshotReader(env.Sysfs, env.Runner);
    }

    public static readonly TimeSpan DefaultProbeTimeout = TimeSpan.FromSeconds(5);

    public static IReadOnlyList<string> ProbeTargets(string? given, UplinkSnapshot uplink) => given is null ? uplink.DefaultGateways : [given];

    /// <summary>What moving the uplink will do, for -n and -WhatIf.</summary>
    public static IEnumerable<string> Steps(UplinkSnapshot uplink, string bridge, string? probeTarget, TimeSpan? probeTimeout)
    {
        if (uplink.Manager is { } manager)
        {
            yield return $"ask {manager} to leave {uplink.Interface} alone until the bridge is removed (nmcli device set {uplink.Interface} managed no)";
        }

        yield return $"give bridge {bridge} the MAC {uplink.MacAddress} and MTU {uplink.Mtu} of {uplink.Interface}; move {uplink.Interface} into it with its addresses ({string.Join(", ", uplink.Addresses.Select(a => a.Split(' ')[0]))}) and routes ({string.Join(", ", uplink.Routes)})";
        yield return ProbeTargets(probeTarget, uplink) is { Count: > 0 } targets
            ? $"ping {string.Join(" and ", targets)} for up to {(probeTimeout ?? DefaultProbeTimeout).TotalSeconds:0.#} s; if one does not answer, put {uplink.Interface} back exactly as it was"
            : "no default gateway and no probe target: connectivity is not probed";
    }

    public static TimeSpan Timeout(TimeSpan? given) => given ?? DefaultProbeTimeout;

    /// <summary>Every check on an uplink before it moves (read-only): what it is, who manages it, whether it carries the caller.</summary>
    public UplinkSnapshot Prepare(string iface, string bridge, bool force, bool unmanage, string? probeTarget)
    {
        _guard.Validate(iface, bridge);
        var uplink = _snapshots.Snapshot(iface);
        var manager = _guard.Guard(uplink, force, unmanage);
        if (probeTarget is not null)
        {
            UplinkProbe.ParseProbeTarget(probeTarget);
        }

        return uplink with { Manager = manager };
    }

    /// <summary>--unmanage only means something for an uplink: refused without one rather than ignored.</summary>
    public static void RequireUplinkForUnmanage(bool unmanage, string? iface)
    {
        if (unmanage && iface is null)
        {
            throw new VdeException(ErrorIds.InvalidInterface, VdeErrorCategory.InvalidArgument, "letting NetworkManager let go of an uplink needs an uplink to move; none was given", "Unmanage");
        }
    }
}
