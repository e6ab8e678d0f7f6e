using CtysVde.Core.Model;
using CtysVde.Core.Errors;
using CtysVde.Core.Linux;
using CtysVde.Core.Vde;

namespace CtysVde.Core.Switches;

/// <summary>
/// Create, in its three steps: prepare (resolve and validate once), plan (what would be done, for -WhatIf and -d),
/// and create itself, which starts a switch, leaves a healthy one alone, mends or (forced) replaces a broken one,
/// and clears the leftovers of a dead one first.
/// </summary>
internal sealed class SwitchCreation
{
    private readonly SwitchEnvironment _env;
    private readonly Action<string> _log;
    private readonly SwitchResolver _resolver;
    private readonly SwitchInspector _inspector;
    private readonly SwitchDescriber _describer;
    private readonly VdeSwitchDaemon _daemon;
    private readonly HealthChecker _health;
    private readonly BridgeOperations _bridges;
    private readonly SocketFiles _files;
    private readonly UplinkPlan _uplinkPlan;
    private readonly SwitchQueries _queries;
    private readonly SwitchRemoval _removal;
    private readonly SwitchConvergence _convergence;
    private readonly AddressLearning _addresses;
    private readonly TapPlug _tapPlug;

    public SwitchCreation(SwitchEnvironment env, Action<string> log, SwitchParts parts, SwitchQueries queries, SwitchRemoval removal)
    {
        _env = env;
        _log = log;
        _resolver = parts.Resolver;
        _inspector = parts.Inspector;
        _describer = parts.Describer;
        _daemon = parts.Daemon;
        _health = parts.Health;
        _bridges = parts.Bridges;
        _files = parts.Files;
        _uplinkPlan = parts.UplinkPlan;
        _queries = queries;
        _removal = removal;
        _convergence = new SwitchConvergence(env, log, parts, queries);
        _addresses = new AddressLearning(env, log);
        _tapPlug = parts.TapPlug;
    }

    /// <summary>
    /// Resolves and validates a create request once, changing nothing: owner and group, every name and path, the
    /// bridge, vde_switch being installed, and the uplink (its snapshot and guard) when one is given.
    /// </summary>
    public PreparedSwitch Prepare(SwitchSpec spec)
    {
        var r = _resolver.Resolve(spec);
        var bridge = _resolver.ResolveBridge(spec.BridgeName);
        var tap = _resolver.ValidateTapName(spec.TapName);
        _resolver.CheckExistingPaths(r);
        _resolver.RequireTrustedDirectories(r);
        _ = _daemon.Program;
        PreparedUplink? uplink = null;
        if (spec.Uplink is { Interface: var iface } request)
        {
            if (bridge.Exists && _env.Sysfs.Master(iface) != bridge.Name)
            {
                throw new VdeException(ErrorIds.BridgeExists, VdeErrorCategory.ResourceExists,
                    $"bridge {bridge.Name} already exists; an uplink ('{iface}') is moved only into a bridge CtysVde creates", bridge.Name, null,
                    [new Remedy(RemedyAction.OtherBridge, "to name a new one"), Remedy.Run($"ip link set {iface} master {bridge.Name}", "to attach it yourself")]);
            }

            if (!bridge.Exists)
            {
                uplink = _uplinkPlan.Prepare(request, bridge.Name);
            }
        }

        return new PreparedSwitch(spec, r, bridge.Name, bridge.Exists, tap, uplink);
    }

    /// <summary>Validates everything and lists the steps create would take, changing nothing.</summary>
    public SwitchPlan Plan(PreparedSwitch prepared)
    {
        var (spec, r, tap, uplink) = (prepared.Spec, prepared.Switch, prepared.TapName, prepared.Uplink);
        var bridge = (Name: prepared.BridgeName, Exists: prepared.BridgeExists);
        var steps = new List<string>();
        var artifacts = _inspector.Inspect(r);
        RefuseInUse(artifacts);
        if (artifacts.Process is not null)
        {
            var failed = _health.Check(artifacts, CancellationToken.None).Where(h => !h.Passed).ToArray();
            steps.Add(failed.Length == 0
                ? $"switch {r.Name} (pid {artifacts.Process.ProcessId}) is running and healthy: nothing to do"
                : $"switch {r.Name} (pid {artifacts.Process.ProcessId}) runs but fails {string.Join(", ", failed.Select(f => f.Check))}: mend what can be mended while it keeps its clients (TAP up and on its bridge, files handed to its owner); {(spec.Force ? "replace it with a new daemon if that is not enough (disconnects its clients)" : "refuse if that is not enough (a forced create replaces it)")}");
            return new SwitchPlan(r.Name, steps);
        }

        if (!artifacts.IsEmpty)
        {
            steps.Add($"remove leftovers of a dead switch {r.Name}: {string.Join(", ", _describer.DescribeStale(artifacts).Leftovers)}");
        }

        if (!bridge.Exists)
        {
            steps.Add($"create bridge {bridge.Name} ({(uplink is null ? "no uplink, " : string.Empty)}STP off, forward delay 0) and mark it as CtysVde's");
        }

        if (uplink is not null)
        {
            steps.AddRange(UplinkPlan.Steps(uplink, bridge.Name));
        }

        steps.Add($"create persistent TAP {tap ?? "tapN (first free)"} owned by {r.Owner.Name}:{r.Group.Name}, bring it up");
        steps.Add($"attach the TAP to bridge {bridge.Name}");
        steps.Add($"make the data socket directory {r.SocketPath} (root's, 0700, until the switch is up)");
        steps.Add($"start {_env.VdeSwitchProgram} {string.Join(' ', SwitchPaths.Launch(r, tap ?? "tapN").Arguments)}");
        steps.Add($"wait until {r.ManagementSocket} answers and the TAP is on a port");
        steps.Add(r.SetgidGroup is null
            ? $"chown {r.Owner.Name}:{r.Group.Name} and chmod 0700/0600 {r.SocketPath}, its ctl, {r.ManagementSocket}, {r.PidFile}"
            : $"chown {r.Owner.Name}:{r.Group.Name} and chmod 2770/0660 {r.SocketPath}, its ctl, {r.ManagementSocket}; group {r.SetgidGroup.Name} gets access");
        steps.Add($"load the iplog plugin to learn the guests' addresses, logged in {r.AddressLog} ({r.Owner.Name}'s, 0600)");
        return new SwitchPlan(r.Name, steps);
    }

    public CreateResult Create(PreparedSwitch prepared, CancellationToken cancellation = default)
    {
        var (spec, r, tapName, uplink) = (prepared.Spec, prepared.Switch, prepared.TapName, prepared.Uplink);
        var bridge = prepared.BridgeName;
        NetAdmin.Require("create");
        using var switchLock = SwitchLock.ForSwitch(r.ManagementSocket, _env.LockTimeout, cancellation);

        // The request was resolved once (Prepare); who may change the directories is checked again, as a prompt
        // may have stood between the two.
        _resolver.RequireTrustedDirectories(r);

        var artifacts = _inspector.Inspect(r, cancellation: cancellation);
        RefuseInUse(artifacts);
        IReadOnlyList<string> replaced = [];
        if (artifacts.Process is not null)
        {
            var failed = _health.Check(artifacts, cancellation).Where(h => !h.Passed).ToArray();
            if (failed.Length == 0)
            {
                _log($"switch {r.Name} (pid {artifacts.Process.ProcessId}) is already running and healthy: nothing to do");
                return new CreateResult(_queries.TryShowInfo(_describer.Describe(artifacts.Process, r.SocketPath), cancellation), false);
            }

            if (_convergence.Converge(r, artifacts, failed, bridge, spec.Force, cancellation) is { } repaired)
            {
                return repaired;
            }

            // -f: the daemon goes (its clients with it) and a new one is made below; the bridge stays.
            var removed = new List<string>();
            _removal.Dismantle(r, artifacts, force: true, removed, new List<string>(), keepBridge: true);
            replaced = removed;
            artifacts = _inspector.Inspect(r, cancellation: cancellation);
        }

        if (!artifacts.IsEmpty)
        {
            ClearLeftovers(artifacts);
        }

        _bridges.RemoveLeftovers(new List<string>(), cancellation);
        SwitchLock.RemoveStale();

        // Ctrl+C is honoured between the steps as well as in every wait: the rollback then undoes what was done.
        // Every step leaves a state the next cancel finds: the bridge is marked before it has its name, the TAP
        // before it outlives this process, and the socket directory is found by its name.
        return Rollback.Run(_log, r.Name, ErrorIds.SwitchStartFailed, rollback =>
        {
            string tap;
            using (SwitchLock.ForBridge(bridge, _env.LockTimeout, cancellation))
            {
                _bridges.Ensure(bridge, uplink?.Snapshot, rollback);
                cancellation.ThrowIfCancellationRequested();
                if (uplink is not null)
                {
                    _bridges.MoveUplink(uplink, bridge, rollback, cancellation);
                }

                tap = KernelCalls.Kernel(
                    () => _env.Kernel.CreateTap(tapName ?? SwitchPaths.TapTemplate, r.Owner.Uid, r.Group.Gid, name => _env.Kernel.WriteAttribute(name, "ifalias", SwitchPaths.TapAliasPrefix + r.SocketPath)),
                    "create TAP",
                    tapName ?? r.Name);
                rollback.Add($"delete TAP {tap}", () => _removal.DeleteTap(tap));
                _log($"created TAP {tap} owned by {r.Owner.Name}:{r.Group.Name}");
                KernelCalls.Kernel(() => _env.Kernel.SetUp(tap, true), "bring TAP up", tap);
                KernelCalls.Kernel(() => _env.Kernel.AddToBridge(bridge, tap), "attach TAP", tap);
                _log($"attached TAP {tap} to bridge {bridge}");
            }

            cancellation.ThrowIfCancellationRequested();
            rollback.Add($"stop vde_switch of {r.Name} and remove its files", () => _removal.UndoStart(r));
            _files.CreateSocketDirectory(r);
            var launch = SwitchPaths.Launch(r, tap);
            if (launch.RunAs is null)
            {
                _daemon.Start(launch, cancellation);
            }
            else
            {
                // The owner's switch: it works in its own directory, root writes its pidfile and joins the TAP.
                _files.GiveDirectoryToOwner(r);
                var pid = _daemon.Start(launch, cancellation);
                KernelCalls.Kernel(() => _env.Files.CreateFile(r.PidFile, 0x1A4 /* 0644 */, pid.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n"), "write the pidfile", r.PidFile);
                _tapPlug.Start(tap, r.SocketPath, r.ManagementSocket, r.Owner.Uid, r.Group.Gid, r.Name, cancellation);
            }

            _files.GiveToOwner(r);
            cancellation.ThrowIfCancellationRequested();
            _addresses.Start(r, cancellation);

            var after = _inspector.Inspect(r, cancellation: cancellation);
            RefuseInUse(after);
            var failed = _health.Check(after, cancellation).Where(h => !h.Passed).ToArray();
            if (failed.Length > 0 || after.Process is null)
            {
                throw new VdeException(ErrorIds.SwitchUnhealthy, VdeErrorCategory.ResourceUnavailable,
                    $"the new switch {r.Name} failed its health check: {string.Join("; ", failed.Select(f => $"{f.Check}: {f.Detail}"))}", r.Name);
            }

            cancellation.ThrowIfCancellationRequested();
            // The same object Get-VdeSwitch gives, with what the management socket tells.
            return new CreateResult(_queries.TryShowInfo(_describer.Describe(after.Process, r.SocketPath), CancellationToken.None), true) { Replaced = replaced };
        });
    }

    /// <summary>Create's refusal (SocketInUse) when a path of the new switch is another switch's: it names the path, the switch and its pid.</summary>
    private static void RefuseInUse(SwitchArtifacts a)
    {
        if (a.Conflicts.Count == 0)
        {
            return;
        }

        var first = a.Conflicts.OrderBy(c => c.What == ForeignClaim.PidFile).First();
        var byHolder = a.Conflicts.GroupBy(c => c.ProcessId).Select(g =>
            $"{string.Join(" and ", g.Select(c => $"the {c.What} {c.Path}"))} {(g.Count() == 1 ? "is" : "are")} in use by {g.First().HolderText}");
        throw new VdeException(ErrorIds.SocketInUse, VdeErrorCategory.ResourceExists, $"{string.Join("; ", byHolder)}; nothing was changed", first.Path);
    }

    private void ClearLeftovers(SwitchArtifacts a)
    {
        foreach (var socket in new[] { a.Target.ManagementSocket, Path.Combine(a.Target.SocketPath, "ctl") })
        {
            if (_env.Files.Stat(socket) is { Kind: FileKind.Socket } && SocketProbe.IsListening(socket))
            {
                throw new VdeException(ErrorIds.SocketInUse, VdeErrorCategory.ResourceExists,
                    $"{socket} is in use by a process that is not a vde_switch of {a.Target.Name}", socket, null, [new Remedy(RemedyAction.OtherSocketPaths)]);
            }
        }

        _log($"clearing leftovers of a dead switch {a.Target.Name}");
        var kept = new List<string>();
        _files.RemoveFiles(a.Target, kept);
        if (kept.Count > 0)
        {
            throw new VdeException(ErrorIds.UnsafeSocketPath, VdeErrorCategory.ResourceUnavailable,
                $"{a.Target.SocketPath} holds files that are not sockets or could not be removed ({string.Join(", ", kept.Where(k => k != a.Target.SocketPath))}); remove them by hand", a.Target.Name);
        }

        // The bridge stays: create is about to attach the new TAP to it.
        if (a.TapName is not null && a.TapIsOurs)
        {
            _removal.DeleteTap(a.TapName);
        }
    }
}
