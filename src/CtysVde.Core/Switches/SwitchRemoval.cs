using CtysVde.Core.Model;
using CtysVde.Core.Errors;
using CtysVde.Core.Linux;
using CtysVde.Core.Vde;

namespace CtysVde.Core.Switches;

/// <summary>
/// Taking a switch apart: cancel and its plan, and the same dismantling for create when it replaces a broken
/// switch or undoes a start. Only what is this switch's goes: a daemon that holds its sockets, a TAP with its mark.
/// </summary>
internal sealed class SwitchRemoval
{
    private readonly SwitchEnvironment _env;
    private readonly Action<string> _log;
    private readonly SwitchResolver _resolver;
    private readonly SwitchInspector _inspector;
    private readonly SwitchDescriber _describer;
    private readonly VdeSwitchDaemon _daemon;
    private readonly TapPlug _tapPlug;
    private readonly SocketFiles _files;
    private readonly BridgeOperations _bridges;
    private readonly SwitchAccess _access;
    private readonly PacketCaptures _captures;
    private readonly CableFiles _cableFiles;
    private readonly CableDaemon _cableDaemon;

    public SwitchRemoval(SwitchEnvironment env, Action<string> log, SwitchParts parts)
    {
        _env = env;
        _log = log;
        _resolver = parts.Resolver;
        _inspector = parts.Inspector;
        _describer = parts.Describer;
        _daemon = parts.Daemon;
        _tapPlug = parts.TapPlug;
        _files = parts.Files;
        _bridges = parts.Bridges;
        _access = parts.Access;
        _captures = parts.Captures;
        _cableFiles = new CableFiles(env);
        _cableDaemon = new CableDaemon(env.Runner, env.Processes, log);
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

        var before = a.Process is not null ? _describer.Describe(a.Process, r.SocketPath) : _describer.DescribeStale(a);
        var removed = new List<string>();
        var kept = new List<string>();

        // From here on a cancellation (Ctrl+C) no longer stops the removal half-way: the switch goes entirely.
        // Every wait below is bounded by the stop timeout.
        cancellation.ThrowIfCancellationRequested();
        Dismantle(r, a, force, removed, kept, keepBridge: false);
        RemoveCablesOf(r, removed);
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
    /// The caller's cables with an end on the removed switch go with it (their processes ended with the switch; a
    /// cable whose other switch still runs is not left behind as down).
    /// </summary>
    private void RemoveCablesOf(ResolvedSwitch r, List<string> removed)
    {
        foreach (var cable in _cableFiles.Records().Where(c => c.SocketPath == r.SocketPath || c.RemoteSocketPath == r.SocketPath))
        {
            _cableDaemon.Stop(cable.Name, _env.StopTimeout);
            _cableFiles.Remove(cable.Name);
            _log($"removed cable {cable.Name} with switch {r.Name}");
            removed.Add($"cable:{cable.Name}");
        }
    }

    /// <summary>
    /// Takes the switch apart: stops the daemon that serves its sockets, removes its files and its TAP (only when it
    /// carries this switch's mark and owner) and, unless <paramref name="keepBridge"/>, its bridge once empty.
    /// </summary>
    public void Dismantle(ResolvedSwitch r, SwitchArtifacts a, bool force, List<string> removed, List<string> kept, bool keepBridge)
    {
        if (a.Process is not null && !ServesItsSockets(a.Process.ProcessId, r))
        {
            _log($"not stopping pid {a.Process.ProcessId}: its command line names {r.SocketPath} and {r.ManagementSocket}, but it holds neither socket");
            kept.Add($"pid {a.Process.ProcessId} (named vde_switch with this switch's command line, but serving neither of its sockets)");
        }
        else if (a.Process is not null)
        {
            _captures.FinishBeforeRemoval(r);
            _daemon.Stop(a.Process.ProcessId, a.Process.ManagementSocket ?? r.ManagementSocket, force, CancellationToken.None);
            removed.Add($"vde_switch pid {a.Process.ProcessId}");

            // A daemon whose create was killed while it started may fork its child only now: stop that one too.
            for (var round = 0; round < 5 && _inspector.Inspect(r) is { Process: { } late, Conflicts.Count: 0 }; round++)
            {
                _daemon.Stop(late.ProcessId, late.ManagementSocket ?? r.ManagementSocket, force, CancellationToken.None);
                removed.Add($"vde_switch pid {late.ProcessId}");
            }
        }

        removed.AddRange(_files.RemoveFiles(r, kept));
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

    public void DeleteTap(string tap)
    {
        if (!_env.Sysfs.Exists(tap))
        {
            return;
        }

        // The TAP of a switch that runs as its owner is held by root's plug until that ends (with its switch).
        if (_env.Sysfs.TunOwner(tap) is { } owner)
        {
            _tapPlug.Stop(tap, owner, CancellationToken.None);
        }

        KernelCalls.Kernel(() => _env.Kernel.DeleteTap(tap), "delete TAP", tap);
        _log($"deleted TAP {tap}");
    }

    /// <summary>
    /// Undoes a start: stops the daemon that is this switch (never one that merely names one of its paths, which a
    /// concurrent call for other sockets may have started) and removes the files no other switch holds.
    /// </summary>
    public void UndoStart(ResolvedSwitch r)
    {
        // Every process is scanned, not only what the pidfile or a live socket leads to: a daemon that was forked
        // but never got as far as its pidfile or sockets (a start that timed out) goes too.
        var a = _inspector.Inspect(r, _env.Processes.Scan());
        if (a.Process is not null)
        {
            var managementIsOurs = a.Conflicts.All(c => c.What != ForeignClaim.ManagementSocket);
            _daemon.Stop(a.Process.ProcessId, managementIsOurs ? r.ManagementSocket : null, force: true, CancellationToken.None);
        }

        _files.RemoveFiles(r, new List<string>(), a.Conflicts.Select(c => c.Path).ToHashSet(StringComparer.Ordinal));
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
