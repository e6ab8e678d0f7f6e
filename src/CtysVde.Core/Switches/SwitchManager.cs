using CtysVde.Core.Errors;
using CtysVde.Core.Linux;
using CtysVde.Core.Model;
using CtysVde.Core.Uplinks;
using CtysVde.Core.Vde;

namespace CtysVde.Core.Switches;

/// <summary>
/// What users do with switches: create, cancel, check, info, ports, list. Both front ends (cmdlets and
/// `ctys-setupvde`) call exactly these operations.
/// </summary>
public sealed class SwitchManager
{
    /// <summary>A running switch that only a new daemon mends: replace it, or remove it.</summary>
    private static readonly IReadOnlyList<Remedy> ReplaceOrRemove =
        [new Remedy(RemedyAction.Replace, "to replace it"), new Remedy(RemedyAction.Remove, "to remove it")];

    private readonly SwitchEnvironment _env;
    private readonly Action<string> _log;
    private readonly SwitchResolver _resolver;
    private readonly SwitchInspector _inspector;
    private readonly SwitchDaemon _daemon;
    private readonly HealthChecker _health;
    private readonly UplinkMover _uplinks;
    private readonly BridgeOperations _bridges;
    private readonly SocketFiles _files;
    private readonly UplinkPlan _uplinkPlan;
    private readonly BridgeLifecycle _bridgeLifecycle;
    private readonly SwitchAccess _access;
    private readonly SwitchQueries _queries;

    public SwitchManager(SwitchEnvironment env, Action<string>? verbose = null)
    {
        _env = env;
        _log = verbose ?? (_ => { });
        _resolver = new SwitchResolver(env);
        _inspector = new SwitchInspector(env);
        _daemon = new SwitchDaemon(env, _log);
        _health = new HealthChecker(env);
        _uplinks = new UplinkMover(env, _log);
        _bridges = new BridgeOperations(env, _uplinks, _log);
        _files = new SocketFiles(env, _log);
        _uplinkPlan = new UplinkPlan(_uplinks);
        _bridgeLifecycle = new BridgeLifecycle(env, _log, _bridges, _uplinkPlan);
        _access = new SwitchAccess(_resolver, _inspector);
        _queries = new SwitchQueries(env, _log, _inspector, _health, _bridges, _access);
    }

    public ResolvedSwitch Resolve(SwitchSpec spec) => _resolver.Resolve(spec);

    /// <summary>Validates everything and lists the steps create would take, changing nothing.</summary>
    public SwitchPlan PlanCreate(SwitchSpec spec)
    {
        var (r, bridge, tap, uplink) = ValidateCreate(spec);
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
            steps.Add($"remove leftovers of a dead switch {r.Name}: {string.Join(", ", _inspector.DescribeStale(artifacts).Leftovers)}");
        }

        if (!bridge.Exists)
        {
            steps.Add($"create bridge {bridge.Name} ({(uplink is null ? "no uplink, " : string.Empty)}STP off, forward delay 0) and mark it as CtysVde's");
        }

        if (uplink is not null)
        {
            steps.AddRange(UplinkPlan.Steps(uplink, bridge.Name, spec.ProbeTarget, spec.ProbeTimeout));
        }

        steps.Add($"create persistent TAP {tap ?? "tapN (first free)"} owned by {r.Owner.Name}:{r.Group.Name}, bring it up");
        steps.Add($"attach the TAP to bridge {bridge.Name}");
        steps.Add($"make the data socket directory {r.SocketPath} (root's, 0700, until the switch is up)");
        steps.Add($"start {_env.VdeSwitchProgram} {string.Join(' ', _daemon.Arguments(r, tap ?? "tapN"))}");
        steps.Add($"wait until {r.ManagementSocket} answers and the TAP is on a port");
        steps.Add(r.SetgidGroup is null
            ? $"chown {r.Owner.Name}:{r.Group.Name} and chmod 0700/0600 {r.SocketPath}, its ctl, {r.ManagementSocket}, {r.PidFile}"
            : $"chown {r.Owner.Name}:{r.Group.Name} and chmod 2770/0660 {r.SocketPath}, its ctl, {r.ManagementSocket}; group {r.SetgidGroup.Name} gets access");
        return new SwitchPlan(r.Name, steps);
    }

    public CreateResult Create(SwitchSpec spec, CancellationToken cancellation = default)
    {
        var (r, bridge, tapName, uplink) = ValidateCreate(spec);
        NetAdmin.Require("create");
        using var switchLock = SwitchLock.ForSwitch(r.ManagementSocket, _env.LockTimeout, cancellation);

        var artifacts = _inspector.Inspect(r, cancellation: cancellation);
        RefuseInUse(artifacts);
        IReadOnlyList<string> replaced = [];
        if (artifacts.Process is not null)
        {
            var failed = _health.Check(artifacts, cancellation).Where(h => !h.Passed).ToArray();
            if (failed.Length == 0)
            {
                _log($"switch {r.Name} (pid {artifacts.Process.ProcessId}) is already running and healthy: nothing to do");
                return new CreateResult(_queries.TryShowInfo(_inspector.Describe(artifacts.Process, r.SocketPath), cancellation), false);
            }

            if (Converge(r, artifacts, failed, bridge.Name, spec.Force, cancellation) is { } repaired)
            {
                return repaired;
            }

            // -f: the daemon goes (its clients with it) and a new one is made below; the bridge stays.
            var removed = new List<string>();
            Dismantle(r, artifacts, force: true, removed, new List<string>(), keepBridge: true);
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
            using (SwitchLock.ForBridge(bridge.Name, _env.LockTimeout, cancellation))
            {
                _bridges.Ensure(bridge.Name, uplink, rollback);
                cancellation.ThrowIfCancellationRequested();
                if (uplink is not null)
                {
                    _bridges.MoveUplink(uplink, bridge.Name, UplinkPlan.ProbeTargets(spec.ProbeTarget, uplink), UplinkPlan.Timeout(spec.ProbeTimeout), rollback, cancellation);
                }

                tap = KernelCalls.Kernel(
                    () => _env.Kernel.CreateTap(tapName ?? SwitchPaths.TapTemplate, r.Owner.Uid, r.Group.Gid, name => _env.Sysfs.Write(name, "ifalias", SwitchPaths.TapAliasPrefix + r.SocketPath)),
                    "create TAP",
                    tapName ?? r.Name);
                rollback.Add($"delete TAP {tap}", () => DeleteTap(tap));
                _log($"created TAP {tap} owned by {r.Owner.Name}:{r.Group.Name}");
                KernelCalls.Kernel(() => _env.Kernel.SetUp(tap, true), "bring TAP up", tap);
                KernelCalls.Kernel(() => _env.Kernel.AddToBridge(bridge.Name, tap), "attach TAP", tap);
                _log($"attached TAP {tap} to bridge {bridge.Name}");
            }

            cancellation.ThrowIfCancellationRequested();
            rollback.Add($"stop vde_switch of {r.Name} and remove its files", () => StopAndClean(r));
            _files.CreateSocketDirectory(r);
            _daemon.Start(r, tap, cancellation);
            _files.GiveToOwner(r);
            cancellation.ThrowIfCancellationRequested();

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
            return new CreateResult(_queries.TryShowInfo(_inspector.Describe(after.Process, r.SocketPath), CancellationToken.None), true) { Replaced = replaced };
        });
    }

    public SwitchPlan PlanRemove(SwitchSpec spec)
    {
        var r = _access.ResolveExisting(spec, removing: true);
        _resolver.RequireTrustedDirectories(r);
        var a = _access.InspectOwn(r, CancellationToken.None);
        if (a.IsEmpty)
        {
            throw SwitchAccess.NotFound(r);
        }

        var steps = new List<string>();
        if (a.Process is not null)
        {
            steps.Add($"shut down vde_switch pid {a.Process.ProcessId} via {r.ManagementSocket}");
        }

        steps.Add($"remove {r.SocketPath}, {r.ManagementSocket}, {r.PidFile} where present");
        if (a.TapName is not null && a.TapIsOurs)
        {
            var bridge = _env.Sysfs.Master(a.TapName);
            steps.Add($"delete TAP {a.TapName}{(bridge is null ? string.Empty : $" (detaching it from {bridge})")}");
            if (bridge is not null && _bridges.IsOurs(bridge))
            {
                steps.Add($"delete bridge {bridge} if nothing else is attached to it");
            }
        }

        return new SwitchPlan(r.Name, steps);
    }

    public RemoveResult Remove(SwitchSpec spec, bool force, CancellationToken cancellation = default)
    {
        var r = _access.ResolveExisting(spec, removing: true);
        _resolver.RequireTrustedDirectories(r);
        NetAdmin.Require("cancel");
        using var switchLock = SwitchLock.ForSwitch(r.ManagementSocket, _env.LockTimeout, cancellation);
        var a = _access.InspectOwn(r, cancellation);
        if (a.IsEmpty)
        {
            // A cancel stopped after the TAP went leaves its bridge: that, at least, is removed.
            var swept = new List<string>();
            _bridges.RemoveLeftovers(swept, cancellation);
            SwitchLock.RemoveStale();
            throw SwitchAccess.NotFound(r, swept);
        }

        var before = a.Process is not null ? _inspector.Describe(a.Process, r.SocketPath) : _inspector.DescribeStale(a);
        var removed = new List<string>();
        var kept = new List<string>();

        // From here on a cancellation (Ctrl+C) no longer stops the removal half-way: the switch goes entirely.
        // Every wait below is bounded by the stop timeout.
        cancellation.ThrowIfCancellationRequested();
        Dismantle(r, a, force, removed, kept, keepBridge: false);
        _bridges.RemoveLeftovers(removed, CancellationToken.None);
        SwitchLock.RemoveStale();
        if (removed.Count == 0)
        {
            throw new VdeException(ErrorIds.SwitchNotRemoved, VdeErrorCategory.ResourceUnavailable,
                $"nothing of switch {r.Name} was removed: {string.Join("; ", kept)} {(kept.Count == 1 ? "is" : "are")} not this switch's to remove", r.Name);
        }

        return new RemoveResult(r.Name, removed, kept, before);
    }

    /// <summary>
    /// A running switch that fails its health check: what can be mended while it keeps its clients is mended (the
    /// result says what); what needs a new daemon is refused, naming the broken parts, unless <paramref name="replace"/>
    /// (then null: the caller replaces it).
    /// </summary>
    private CreateResult? Converge(ResolvedSwitch r, SwitchArtifacts a, IReadOnlyList<VdeHealth> failed, string bridge, bool replace, CancellationToken cancellation)
    {
        var (done, broken) = new SwitchRepair(_env, _files, _log).Repair(a, failed, bridge);
        if (done.Count > 0)
        {
            // A mended part may mend another: a TAP up again forwards again, after a moment (the kernel moves the
            // bridge port on asynchronously, forward delay 0 or not). While only that is left, the check is repeated.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(3);
            while (true)
            {
                var after = _inspector.Inspect(r, cancellation: cancellation);
                broken = after.Process is null ? failed : _health.Check(after, cancellation).Where(h => !h.Passed).ToArray();
                if (broken.Count == 0)
                {
                    return new CreateResult(_queries.TryShowInfo(_inspector.Describe(after.Process!, r.SocketPath), cancellation), false) { Repaired = done };
                }

                var settling = broken.All(f => f.Check is nameof(HealthCheck.TapForwarding) or nameof(HealthCheck.TapUp));
                if (after.Process is null || !settling || DateTime.UtcNow > deadline)
                {
                    break;
                }

                Thread.Sleep(20);
            }
        }

        if (replace)
        {
            _log($"replacing switch {r.Name} (pid {a.Process!.ProcessId}): {string.Join("; ", broken.Select(f => $"{f.Check}: {f.Detail}"))}");
            return null;
        }

        var clients = a.Process is { } p ? $" (pid {p.ProcessId})" : string.Empty;
        if (new[] { Path.Combine(r.SocketPath, "ctl"), r.ManagementSocket }.FirstOrDefault(path => _env.Files.Stat(path) is { Kind: Linux.FileKind.SymbolicLink }) is { } link)
        {
            // Someone who can write there (its owner) put a link where the switch's socket was: never followed.
            throw new VdeException(ErrorIds.UnsafeSocketPath, VdeErrorCategory.InvalidArgument,
                $"{link} of switch {r.Name}{clients} is a symbolic link, not its socket; refusing to follow it", link, null, ReplaceOrRemove);
        }

        throw new VdeException(ErrorIds.SwitchUnhealthy, VdeErrorCategory.InvalidOperation,
            $"switch {r.Name}{clients} is running but broken: {string.Join("; ", broken.Select(f => $"{f.Check}: {f.Detail}"))}"
            + (done.Count > 0 ? $"; repaired meanwhile: {string.Join("; ", done)}" : string.Empty)
            + "; only a new daemon mends that, which disconnects its clients",
            r.Name, null, ReplaceOrRemove);
    }

    /// <summary>
    /// Takes the switch apart: stops the daemon that serves its sockets, removes its files and its TAP (only when it
    /// carries this switch's mark and owner) and, unless <paramref name="keepBridge"/>, its bridge once empty.
    /// </summary>
    private void Dismantle(ResolvedSwitch r, SwitchArtifacts a, bool force, List<string> removed, List<string> kept, bool keepBridge)
    {
        if (a.Process is not null && !ServesItsSockets(a.Process.ProcessId, r))
        {
            _log($"not stopping pid {a.Process.ProcessId}: its command line names {r.SocketPath} and {r.ManagementSocket}, but it holds neither socket");
            kept.Add($"pid {a.Process.ProcessId} (named vde_switch with this switch's command line, but serving neither of its sockets)");
        }
        else if (a.Process is not null)
        {
            _daemon.Stop(a.Process.ProcessId, a.Process.ManagementSocket ?? r.ManagementSocket, force, CancellationToken.None);
            removed.Add($"vde_switch pid {a.Process.ProcessId}");

            // A daemon whose create was killed while it started may fork its child only now: stop that one too.
            for (var round = 0; round < 5 && _inspector.Inspect(r) is { Process: { } late, Conflicts.Count: 0 }; round++)
            {
                _daemon.Stop(late.ProcessId, late.ManagementSocket ?? r.ManagementSocket, force, CancellationToken.None);
                removed.Add($"vde_switch pid {late.ProcessId}");
            }
        }

        removed.AddRange(_daemon.RemoveFiles(r, kept));
        if (a.TapName is not null && _env.Sysfs.Exists(a.TapName))
        {
            if (a.TapIsOurs)
            {
                var bridge = _env.Sysfs.Master(a.TapName);
                DeleteTap(a.TapName);
                removed.Add($"tap:{a.TapName}");
                if (bridge is not null && !keepBridge)
                {
                    _bridges.RemoveIfOursAndEmpty(bridge, removed, kept);
                }
            }
            else
            {
                _log($"keeping TAP {a.TapName}: it does not carry this switch's mark and owner (another switch's TAP took the name)");
                kept.Add($"tap:{a.TapName}");
            }
        }
    }

    public IReadOnlyList<VdeHealth> Test(SwitchSpec spec, CancellationToken cancellation = default) => _queries.Test(spec, cancellation);

    public VdeSwitch Info(SwitchSpec spec, CancellationToken cancellation = default) => _queries.Info(spec, cancellation);

    /// <summary>
    /// Switches by name (PowerShell wildcards; a literal is exact) and owner, with what `showinfo` tells for
    /// those whose management socket answers. Literal names that match nothing are reported, not thrown.
    /// </summary>
    public SwitchQueryResult Find(IReadOnlyList<string>? names, IReadOnlyList<string>? owners, bool includeStale, CancellationToken cancellation = default, IEnumerable<SwitchSpec>? alsoLookAt = null) =>
        _queries.Find(names, owners, includeStale, cancellation, alsoLookAt);

    /// <summary>Endpoints other than the switch's own TAP: QEMU guests, vde_plug cables, …</summary>
    public IReadOnlyList<VdeEndpoint> Clients(SwitchSpec spec, CancellationToken cancellation = default) => _queries.Clients(spec, cancellation);

    public IReadOnlyList<VdeMacAddress> MacAddresses(SwitchSpec spec, CancellationToken cancellation = default) => _queries.MacAddresses(spec, cancellation);

    public IReadOnlyList<VdePort> Ports(SwitchSpec spec, CancellationToken cancellation = default) => _queries.Ports(spec, cancellation);

    public IReadOnlyList<VdeEndpoint> Endpoints(SwitchSpec spec, CancellationToken cancellation = default) => _queries.Endpoints(spec, cancellation);

    public IReadOnlyList<VdeSwitch> List(bool includeStale, IEnumerable<SwitchSpec>? alsoLookAt = null) => _queries.Query(includeStale, alsoLookAt).Switches;

    /// <summary>
    /// What <see cref="List"/> returns, and the daemons it left out because this caller cannot prove they are
    /// this host's (<see cref="SwitchQueryResult.Skipped"/>, summed up in <see cref="SwitchQueryResult.SkippedNote"/>).
    /// </summary>
    public SwitchQueryResult Query(bool includeStale, IEnumerable<SwitchSpec>? alsoLookAt = null, Action<IReadOnlyList<SwitchProcess>>? found = null) =>
        _queries.Query(includeStale, alsoLookAt, found);

    /// <summary>Validates a bridge request and lists what creating it would do, changing nothing.</summary>
    public SwitchPlan PlanNewBridge(BridgeSpec spec) => _bridgeLifecycle.Plan(spec);

    /// <summary>Creates a bridge (idempotent for CtysVde's own), moving the uplink in when one is given.</summary>
    public VdeBridge NewBridge(BridgeSpec spec, CancellationToken cancellation = default) => _bridgeLifecycle.Create(spec, cancellation);

    /// <summary>Removes a bridge CtysVde created once nothing but its uplink is attached; returns the bridge as it was.</summary>
    public VdeBridge RemoveBridge(string name, CancellationToken cancellation = default) => _bridgeLifecycle.Remove(name, cancellation);

    /// <summary>
    /// The spec that addresses <paramref name="existing"/>, refusing a switch of another host: a piped object
    /// that came back from a remote session must never be acted on here by mistake.
    /// </summary>
    public SwitchSpec SpecFor(VdeSwitch existing)
    {
        new HostGuard(_env).RequireThisHost(existing.HostId, existing.HostName, null, "switch", existing.Name);
        return SwitchSpec.For(existing);
    }

    private (ResolvedSwitch Switch, (string Name, bool Exists) Bridge, string? Tap, UplinkSnapshot? Uplink) ValidateCreate(SwitchSpec spec)
    {
        UplinkPlan.RequireUplinkForUnmanage(spec.Unmanage, spec.Interface);
        var r = _resolver.Resolve(spec);
        var bridge = _resolver.ResolveBridge(spec.BridgeName);
        var tap = _resolver.ValidateTapName(spec.TapName);
        _resolver.CheckExistingPaths(r);
        _resolver.RequireTrustedDirectories(r);
        _ = _daemon.Program;
        UplinkSnapshot? uplink = null;
        if (spec.Interface is { } iface)
        {
            if (bridge.Exists && _env.Sysfs.Master(iface) != bridge.Name)
            {
                throw new VdeException(ErrorIds.BridgeExists, VdeErrorCategory.ResourceExists,
                    $"bridge {bridge.Name} already exists; an uplink ('{iface}') is moved only into a bridge CtysVde creates", bridge.Name, null,
                    [new Remedy(RemedyAction.OtherBridge, "to name a new one"), Remedy.Run($"ip link set {iface} master {bridge.Name}", "to attach it yourself")]);
            }

            if (!bridge.Exists)
            {
                uplink = _uplinkPlan.Prepare(iface, bridge.Name, spec.Force, spec.Unmanage, spec.ProbeTarget);
            }
        }

        return (r, bridge, tap, uplink);
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
        _daemon.RemoveFiles(a.Target, kept);
        if (kept.Count > 0)
        {
            throw new VdeException(ErrorIds.UnsafeSocketPath, VdeErrorCategory.ResourceUnavailable,
                $"{a.Target.SocketPath} holds files that are not sockets ({string.Join(", ", kept.Where(k => k != a.Target.SocketPath))}); remove them by hand", a.Target.Name);
        }

        // The bridge stays: create is about to attach the new TAP to it.
        if (a.TapName is not null && a.TapIsOurs)
        {
            DeleteTap(a.TapName);
        }
    }

    private void DeleteTap(string tap)
    {
        if (!_env.Sysfs.Exists(tap))
        {
            return;
        }

        KernelCalls.Kernel(() => _env.Kernel.DeleteTap(tap), "delete TAP", tap);
        _log($"deleted TAP {tap}");
    }

    /// <summary>
    /// Undoes a start: stops the daemon that is this switch (never one that merely names one of its paths, which a
    /// concurrent call for other sockets may have started) and removes the files no other switch holds.
    /// </summary>
    private void StopAndClean(ResolvedSwitch r)
    {
        // Every process is scanned, not only what the pidfile or a live socket leads to: a daemon that was forked
        // but never got as far as its pidfile or sockets (a start that timed out) goes too.
        var a = _inspector.Inspect(r, _env.Processes.Scan());
        if (a.Process is not null)
        {
            var managementIsOurs = a.Conflicts.All(c => c.What != ForeignClaim.ManagementSocket);
            _daemon.Stop(a.Process.ProcessId, managementIsOurs ? r.ManagementSocket : null, force: true, CancellationToken.None);
        }

        _daemon.RemoveFiles(r, new List<string>(), a.Conflicts.Select(c => c.Path).ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>
    /// Whether the daemon <paramref name="pid"/> is the switch: it holds the data socket's `ctl` or the management
    /// socket (its command line and the pidfile only claim that). One that is still starting gets until the start
    /// timeout to bind them; one that has gone counts as stopped.
    /// </summary>
    private bool ServesItsSockets(int pid, ResolvedSwitch r)
    {
        var table = new UnixSocketTable();
        string[] sockets = [Path.Combine(r.SocketPath, "ctl"), r.ManagementSocket];
        var deadline = DateTime.UtcNow + _env.StartTimeout;
        while (_env.Processes.IsAlive(pid) && !table.Holds(pid, table.BoundTo(sockets)))
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            Thread.Sleep(10);
        }

        return true;
    }
}
