using CtysVde.Core.Errors;
using CtysVde.Core.Linux;
using CtysVde.Core.Uplinks;

namespace CtysVde.Core.Switches;

/// <summary>
/// Bridges CtysVde makes and removes: marked with an alias so only its own are ever deleted, and an uplink
/// moved in with the host's addresses and routes is given back before the bridge goes.
/// </summary>
internal sealed class BridgeOperations
{
    private readonly SwitchEnvironment _env;
    private readonly UplinkMover _uplinks;
    private readonly UplinkSnapshotReader _snapshots;
    private readonly UplinkProbe _probe;
    private readonly Action<string> _log;

    public BridgeOperations(SwitchEnvironment env, Action<string> log)
    {
        _env = env;
        _uplinks = new UplinkMover(env.Sysfs, env.Runner, log);
        _snapshots = new UplinkSnapshotReader(env.Sysfs, env.Runner);
        _probe = new UplinkProbe(env.Reachability, log);
        _log = log;
    }

    /// <summary>
    /// Creates bridge <paramref name="name"/> carrying <paramref name="mark"/>. The kernel cannot mark a link as it
    /// creates it, so the bridge is born under a name that says whose it is (`ctysvde-PID`), marked, and only then
    /// renamed: a kill -9 at any moment leaves either nothing, a `ctysvde-PID` of a dead process that any later
    /// call removes, or the marked bridge.
    /// </summary>
    public void Create(string name, string mark, Rollback rollback)
    {
        var nursery = SwitchPaths.NurseryBridge(Environment.ProcessId);
        DeleteIfPresent(nursery); // left by a killed process that had our pid before us
        KernelCalls.Kernel(() => _env.Kernel.CreateBridge(nursery), "create bridge", name);
        rollback.Add($"delete bridge {nursery}", () => DeleteIfPresent(nursery));
        KernelCalls.Kernel(() => _env.Kernel.WriteAttribute(nursery, "ifalias", mark), "mark bridge", name);
        KernelCalls.Kernel(() => _env.Kernel.WriteAttribute(nursery, "bridge/forward_delay", "0"), "set forward delay", name);
        try
        {
            _env.Kernel.Rename(nursery, name);
        }
        catch (PosixException e) when (e.Errno == LibC.EEXIST)
        {
            // Another create made it a moment ago: use it, and leave its removal to whoever created it.
            DeleteIfPresent(nursery);
            _log($"bridge {name} appeared meanwhile; using it");
            return;
        }
        catch (PosixException e)
        {
            throw KernelCalls.KernelError(e, name);
        }

        rollback.Add($"delete bridge {name}", () => RemoveIfOursAndEmpty(name, new List<string>(), new List<string>()));
        KernelCalls.Kernel(() => _env.Kernel.SetUp(name, true), "bring bridge up", name);
        _log($"created bridge {name}");
    }

    /// <summary>The bridge a switch's TAP goes on: made (marked as made for switches) when it does not exist (any more).</summary>
    public void Ensure(string name, UplinkSnapshot? uplink, Rollback rollback)
    {
        if (!_env.Sysfs.Exists(name))
        {
            Create(name, uplink is null ? SwitchPaths.SwitchBridgeAlias : SwitchPaths.SwitchBridgeAliasWithUplink(uplink.Interface, uplink.Manager), rollback);
        }
        else if (!_env.Sysfs.IsBridge(name))
        {
            throw new VdeException(ErrorIds.NotABridge, VdeErrorCategory.InvalidArgument, $"'{name}' exists but is not a bridge", name);
        }
    }

    public bool IsOurs(string bridge) => _env.Sysfs.IsBridge(bridge) && SwitchPaths.IsCreatedByCtysVde(_env.Sysfs.Alias(bridge));

    /// <summary>
    /// Removes what an interrupted call left of bridges: a `ctysvde-PID` whose creator is dead, and a bridge made for
    /// switches that has nothing attached but its uplink (the last cancel was stopped before it could remove it, or
    /// a create before its TAP came); an uplink goes back to the host first. The bridge's lock keeps a create that
    /// is about to attach its TAP from losing it.
    /// </summary>
    public void RemoveLeftovers(List<string> removed, CancellationToken cancellation)
    {
        foreach (var name in _env.Sysfs.InterfaceNames())
        {
            if (IsOrphanNursery(name))
            {
                DeleteIfPresent(name);
                removed.Add($"bridge:{name}");
            }
            else if (IsEmptySwitchBridge(name))
            {
                using var bridgeLock = SwitchLock.ForBridge(name, _env.LockTimeout, cancellation);
                if (IsEmptySwitchBridge(name))
                {
                    RemoveIfOursAndEmpty(name, removed, new List<string>());
                }
            }
        }
    }

    /// <summary>What <see cref="RemoveLeftovers"/> would remove, described; changes nothing.</summary>
    public IReadOnlyList<string> Leftovers() => _env.Sysfs.InterfaceNames()
        .Select(name => IsOrphanNursery(name) ? $"bridge {name} (its creator, pid {SwitchPaths.NurseryOwner(name)}, is gone)"
            : IsEmptySwitchBridge(name) ? $"bridge {name} (made for switches, nothing attached{(SwitchPaths.UplinkOf(_env.Sysfs.Alias(name)) is { } uplink ? $" but the uplink {uplink}" : string.Empty)})"
            : null)
        .OfType<string>()
        .ToArray();

    private bool IsOrphanNursery(string name) =>
        SwitchPaths.NurseryOwner(name) is { } pid && pid != Environment.ProcessId && !_env.Processes.IsAlive(pid) && _env.Sysfs.IsBridge(name);

    private bool IsEmptySwitchBridge(string name) =>
        _env.Sysfs.Alias(name) is var alias && SwitchPaths.IsMadeForSwitches(alias) && _env.Sysfs.IsBridge(name)
        && _env.Sysfs.BridgeMembers(name).All(m => m == SwitchPaths.UplinkOf(alias));

    /// <summary>Deletes a bridge; one already gone (a concurrent cancel took it) counts as done.</summary>
    private bool DeleteIfPresent(string bridge)
    {
        try
        {
            _env.Kernel.DeleteBridge(bridge);
            _log($"deleted bridge {bridge}");
            return true;
        }
        catch (PosixException e) when (e.Errno is LibC.ENODEV or LibC.ENXIO)
        {
            return false;
        }
        catch (PosixException e)
        {
            throw KernelCalls.KernelError(e, bridge);
        }
    }

    public void RemoveIfOursAndEmpty(string bridge, List<string> removed, List<string> kept)
    {
        if (!_env.Sysfs.Exists(bridge))
        {
            return; // a concurrent cancel removed it: done
        }

        if (!IsOurs(bridge))
        {
            _log($"keeping bridge {bridge}: CtysVde did not create it");
            return;
        }

        var alias = _env.Sysfs.Alias(bridge);
        var uplink = SwitchPaths.UplinkOf(alias);
        var members = _env.Sysfs.BridgeMembers(bridge).Where(m => m != uplink).ToArray();
        if (members.Length > 0)
        {
            _log($"keeping bridge {bridge}: {string.Join(", ", members)} still attached");
            kept.Add($"bridge:{bridge}");
            return;
        }

        if (uplink is not null && _env.Sysfs.Master(uplink) == bridge)
        {
            // Give the uplink back what the bridge took: its addresses and routes (its MAC never changed).
            _uplinks.Restore(_snapshots.BridgeAsUplink(bridge, uplink), bridge);
            removed.Add($"uplink:{uplink} restored");
        }

        if (DeleteIfPresent(bridge))
        {
            removed.Add($"bridge:{bridge}");
        }

        // Last, so that a manager that refuses cannot leave the bridge behind.
        if (uplink is not null && SwitchPaths.ManagerOf(alias) is { } manager)
        {
            new ConnectionManagerDetector(_env.Sysfs, _env.Runner).GiveBack(uplink);
            removed.Add($"uplink:{uplink} given back to {manager}");
        }
    }

    /// <summary>
    /// Moves the uplink in and proves the host still reaches the network; a failed probe throws, and the
    /// transaction's rollback puts the uplink back exactly as the snapshot says.
    /// </summary>
    public void MoveUplink(PreparedUplink prepared, string bridge, Rollback rollback, CancellationToken cancellation)
    {
        var (uplink, probeTargets, probeTimeout) = (prepared.Snapshot, prepared.ProbeTargets, prepared.ProbeTimeout);
        if (uplink.Manager is { } manager)
        {
            var managers = new ConnectionManagerDetector(_env.Sysfs, _env.Runner);
            rollback.Add($"give {uplink.Interface} back to {manager}", () => managers.GiveBack(uplink.Interface));
            managers.Release(uplink.Interface);
            _log($"{manager} let go of {uplink.Interface} until bridge {bridge} is removed");
        }

        rollback.Add($"restore {uplink.Interface} from bridge {bridge}", () => _uplinks.Restore(uplink, bridge));
        _uplinks.Move(uplink, bridge);
        if (probeTargets.Count == 0)
        {
            _log("no default gateway and no probe target: connectivity is not probed");
            return;
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var silent = _probe.Probe(probeTargets, probeTimeout, cancellation);
        if (silent.Count > 0)
        {
            throw new VdeException(ErrorIds.UplinkLost, VdeErrorCategory.ResourceUnavailable,
                $"after {uplink.Interface} moved into bridge {bridge}, {string.Join(" and ", silent)} did not answer within {probeTimeout.TotalSeconds:0.#} s; {uplink.Interface} was put back as it was and nothing else was changed", uplink.Interface);
        }

        _log($"{string.Join(" and ", probeTargets)} answered through bridge {bridge} after {watch.Elapsed.TotalMilliseconds:0} ms");
    }
}
