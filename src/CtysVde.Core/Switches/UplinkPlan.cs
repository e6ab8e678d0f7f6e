using CtysVde.Core.Model;
using CtysVde.Core.Uplinks;

namespace CtysVde.Core.Switches;

/// <summary>
/// An uplink's plan, shared by create -i and New-VdeBridge -Interface: every read-only check before it moves, and
/// the steps -n and -WhatIf show.
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

    /// <summary>What moving the uplink will do, for -n and -WhatIf.</summary>
    public static IEnumerable<string> Steps(PreparedUplink prepared, string bridge)
    {
        var uplink = prepared.Snapshot;
        if (uplink.Manager is { } manager)
        {
            yield return $"ask {manager} to leave {uplink.Interface} alone until the bridge is removed (nmcli device set {uplink.Interface} managed no)";
        }

        yield return $"give bridge {bridge} the MAC {uplink.MacAddress} and MTU {uplink.Mtu} of {uplink.Interface}; move {uplink.Interface} into it with its addresses ({string.Join(", ", uplink.Addresses.Select(a => a.Split(' ')[0]))}) and routes ({string.Join(", ", uplink.Routes)})";
        yield return prepared.ProbeTargets is { Count: > 0 } targets
            ? $"ping {string.Join(" and ", targets)} for up to {prepared.ProbeTimeout.TotalSeconds:0.#} s; if one does not answer, put {uplink.Interface} back exactly as it was"
            : "no default gateway and no probe target: connectivity is not probed";
    }

    /// <summary>Every check on an uplink before it moves (read-only): what it is, who manages it, whether it carries the caller.</summary>
    public PreparedUplink Prepare(UplinkRequest request, string bridge)
    {
        _guard.Validate(request.Interface, bridge);
        var uplink = _snapshots.Snapshot(request.Interface);
        var manager = _guard.Guard(uplink, request.Force, request.Unmanage);
        if (request.ProbeTarget is not null)
        {
            UplinkProbe.ParseProbeTarget(request.ProbeTarget);
        }

        return new PreparedUplink(request, uplink with { Manager = manager });
    }
}
