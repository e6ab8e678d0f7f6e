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
    private readonly Action<string> _log;

    public BridgeOperations(SwitchEnvironment env, UplinkMover uplinks, Action<string> log)
    {
        _env = env;
        _uplinks = uplinks;
        _log = log;
    }

    public void Create(string name, UplinkSnapshot? uplink, Rollback rollback)
    {
        try
        {
            _env.Kernel.CreateBridge(name);
        }
        catch (PosixException e) when (e.Errno == LibC.EEXIST)
        {
            // Another create made it a moment ago: use it, and leave its removal to whoever created it.
            _log($"bridge {name} appeared meanwhile; using it");
            return;
        }
        catch (PosixException e)
        {
            throw KernelCalls.KernelError(e, name);
        }

        rollback.Add($"delete bridge {name}", () => RemoveIfOursAndEmpty(name, new List<string>(), new List<string>()));
        KernelCalls.Kernel(() => _env.Sysfs.Write(name, "ifalias", uplink is null ? SwitchPaths.BridgeAlias : SwitchPaths.BridgeAliasWithUplink(uplink.Interface, uplink.Manager)), "mark bridge", name);
        KernelCalls.Kernel(() => _env.Sysfs.Write(name, "bridge/forward_delay", "0"), "set forward delay", name);
        KernelCalls.Kernel(() => _env.Kernel.SetUp(name, true), "bring bridge up", name);
        _log($"created bridge {name}");
    }

    public bool IsOurs(string bridge) => _env.Sysfs.IsBridge(bridge) && _env.Sysfs.Alias(bridge) is { } alias
        && (alias == SwitchPaths.BridgeAlias || SwitchPaths.UplinkOf(alias) is not null);

    public void RemoveIfOursAndEmpty(string bridge, List<string> removed, List<string> kept)
    {
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
            _uplinks.Restore(_uplinks.BridgeAsUplink(bridge, uplink), bridge);
            removed.Add($"uplink:{uplink} restored");
        }

        KernelCalls.Kernel(() => _env.Kernel.DeleteBridge(bridge), "delete bridge", bridge);
        _log($"deleted bridge {bridge}");
        removed.Add($"bridge:{bridge}");

        // Last, so that a manager that refuses cannot leave the bridge behind.
        if (uplink is not null && SwitchPaths.ManagerOf(alias) is { } manager)
        {
            new ConnectionManagerDetector(_env).GiveBack(uplink);
            removed.Add($"uplink:{uplink} given back to {manager}");
        }
    }

    /// <summary>
    /// Moves the uplink in and proves the host still reaches the network; a failed probe throws, and the
    /// transaction's rollback puts the uplink back exactly as the snapshot says.
    /// </summary>
    public void MoveUplink(UplinkSnapshot uplink, string bridge, IReadOnlyList<string> probeTargets, TimeSpan probeTimeout, Rollback rollback, CancellationToken cancellation)
    {
        if (uplink.Manager is { } manager)
        {
            var managers = new ConnectionManagerDetector(_env);
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
        var silent = _uplinks.Probe(probeTargets, probeTimeout, cancellation);
        if (silent.Count > 0)
        {
            throw new VdeException(ErrorIds.UplinkLost, VdeErrorCategory.ResourceUnavailable,
                $"after {uplink.Interface} moved into bridge {bridge}, {string.Join(" and ", silent)} did not answer within {probeTimeout.TotalSeconds:0.#} s; {uplink.Interface} was put back as it was and nothing else was changed", uplink.Interface);
        }

        _log($"{string.Join(" and ", probeTargets)} answered through bridge {bridge} after {watch.Elapsed.TotalMilliseconds:0} ms");
    }
}
