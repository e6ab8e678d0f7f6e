using System.Globalization;
using CtysVde.Core.Errors;
using CtysVde.Core.Linux;
using CtysVde.Core.Model;
using CtysVde.Core.Vde;

namespace CtysVde.Core.Switches;

/// <summary>
/// Cables between two switches of this host (<see cref="CableDaemon"/>): started detached as the caller, every
/// process tagged with the cable's name, and a record in the caller's runtime directory (<see cref="CableFiles"/>)
/// so that a cable whose processes ended shows as down and `create` makes it again. Without impairment a cable is
/// the two plugs alone, no hop of CtysVde's own; a wirefilter is spliced in only when an impairment is asked for.
/// </summary>
internal sealed class Cables
{
    private readonly SwitchEnvironment _env;
    private readonly Action<string> _log;
    private readonly SwitchAccess _access;
    private readonly SwitchQueries _queries;
    private readonly CableFiles _files;
    private readonly CableProcessScanner _scanner;
    private readonly CableDaemon _daemon;
    private readonly CableState _state;

    public Cables(SwitchEnvironment env, Action<string> log, SwitchAccess access, SwitchQueries queries)
    {
        _env = env;
        _log = log;
        _access = access;
        _queries = queries;
        _files = new CableFiles(env);
        _scanner = new CableProcessScanner(env.Processes);
        _daemon = new CableDaemon(env.Runner, env.Processes, log);
        _state = new CableState(env, _scanner);
    }

    /// <summary>The caller's cables (root: every cable it can see), or those with an end on <paramref name="switchName"/>.</summary>
    public IReadOnlyList<VdeCable> List(string? switchName, CancellationToken cancellation)
    {
        var records = _files.Records().ToDictionary(r => r.Name, StringComparer.Ordinal);
        var names = records.Keys.Concat(_scanner.Scan().Select(p => p.Cable)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return names
            .Select(n => _state.Describe(n, records.GetValueOrDefault(n), cancellation))
            .Where(c => switchName is null || c.SwitchName == switchName || c.RemoteSwitchName == switchName)
            .ToArray();
    }

    /// <summary>The cable named <paramref name="name"/>, or CableNotFound.</summary>
    public VdeCable Get(string name, CancellationToken cancellation) =>
        List(null, cancellation).FirstOrDefault(c => c.Name == name)
        ?? throw new VdeException(ErrorIds.CableNotFound, VdeErrorCategory.ObjectNotFound, $"no cable of yours is named '{name}'", name);

    /// <summary>The cable between the switch of <paramref name="spec"/> and <paramref name="other"/>, either way round, or CableNotFound.</summary>
    public VdeCable Between(SwitchSpec spec, string other, CancellationToken cancellation)
    {
        var name = _access.ResolveExisting(spec).Name;
        return List(name, cancellation).FirstOrDefault(c => c.SwitchName == other || c.RemoteSwitchName == other)
            ?? throw new VdeException(ErrorIds.CableNotFound, VdeErrorCategory.ObjectNotFound, $"no cable of yours connects {name} and {other}", other);
    }

    /// <summary>Checks both switches (running, the caller's) and the impairment, changing nothing.</summary>
    public PreparedCable Prepare(CableRequest request, CancellationToken cancellation)
    {
        CableRules.Validate(request.Impairment);
        if (!string.IsNullOrEmpty(request.RemoteHost))
        {
            throw new VdeException(ErrorIds.InvalidCable, VdeErrorCategory.NotImplemented,
                $"a cable to a switch on another host ({request.RemoteHost}) is not built yet; only switches of this host can be cabled; nothing was changed", request.RemoteHost);
        }

        var (a, _) = _access.RequireRunning(request.Switch, cancellation);
        var other = _queries.Find([NamePattern.Escape(request.RemoteSwitchName)], null, includeStale: false, cancellation).Switches.FirstOrDefault()
            ?? throw new VdeException(ErrorIds.SwitchNotFound, VdeErrorCategory.ObjectNotFound, $"no switch named '{request.RemoteSwitchName}' is running; nothing was changed", request.RemoteSwitchName);
        var (b, _) = _access.RequireRunning(SwitchSpec.For(other), cancellation);
        if (a.SocketPath == b.SocketPath)
        {
            throw new VdeException(ErrorIds.InvalidCable, VdeErrorCategory.InvalidArgument, $"a cable from switch {a.Name} to itself would send its frames back into it; nothing was changed", a.Name);
        }

        SwitchAccess.RequireOwner(a, "cable it");
        SwitchAccess.RequireOwner(b, "cable it");

        // One cable per pair, whichever way it was asked for: a second would make a loop (no spanning tree).
        var known = _files.Records().Select(r => r.Name).Concat(_scanner.Scan().Select(p => p.Cable)).ToHashSet(StringComparer.Ordinal);
        var name = known.Contains($"{b.Name}~{a.Name}") ? $"{b.Name}~{a.Name}" : $"{a.Name}~{b.Name}";
        var impairment = request.Impairment is { IsEmpty: false } i ? i : null;
        var steps = new List<string>
        {
            known.Contains(name)
                ? $"cable {name} exists: leave it as it is when it is up, make it again when it is down"
                : $"connect {a.Name} and {b.Name}: dpipe with a vde_plug into each, detached, as uid {LibC.geteuid().ToString(CultureInfo.InvariantCulture)}",
        };
        if (impairment is not null)
        {
            steps.Add($"with a wirefilter in the cable: {CableState.Words(impairment)}");
        }

        return new PreparedCable(a, b, name, impairment, new SwitchPlan(name, steps));
    }

    /// <summary>Makes the cable, or leaves an existing one that is up (setting its impairment if one was asked for), or makes a down one again.</summary>
    public VdeCable Create(PreparedCable prepared, CancellationToken cancellation)
    {
        var existing = _files.Records().FirstOrDefault(r => r.Name == prepared.Name);
        var current = _state.Describe(prepared.Name, existing, cancellation);
        if (prepared.Impairment is not null && existing is { HasFilter: false })
        {
            throw new VdeException(ErrorIds.InvalidCable, VdeErrorCategory.InvalidArgument,
                $"cable {prepared.Name} exists without an impairment, so no wirefilter is in it to set one; remove it and make it again with one; nothing was changed", prepared.Name);
        }

        if (current.State == "Up" && existing is not null)
        {
            return prepared.Impairment is { } wanted ? SetImpairment(prepared.Name, wanted, cancellation) : current;
        }

        // Down (or its processes run without their record): what is left of it goes first.
        if (!_daemon.Stop(prepared.Name, _env.StopTimeout))
        {
            throw new VdeException(ErrorIds.CableFailed, VdeErrorCategory.ResourceUnavailable, $"what is left of cable {prepared.Name} would not end; nothing was started", prepared.Name);
        }

        _files.RemoveFilterFiles(prepared.Name);
        var (a, b) = existing is not null && existing.SocketPath == prepared.RemoteSwitch.SocketPath
            ? (prepared.RemoteSwitch, prepared.Switch)
            : (prepared.Switch, prepared.RemoteSwitch);
        var impairment = prepared.Impairment ?? existing?.Impairment;
        var record = new CableRecord(prepared.Name, a.Name, a.SocketPath, b.Name, b.SocketPath, impairment, DateTime.UtcNow);
        return Rollback.Run(_log, prepared.Name, ErrorIds.CableFailed, rollback =>
        {
            cancellation.ThrowIfCancellationRequested();
            _files.Write(record);
            if (existing is null)
            {
                // A cable being mended keeps its record when the mending fails: it is still the caller's, down.
                rollback.Add("remove the cable's record", () => _files.Remove(record.Name));
            }
            var filter = record.HasFilter ? (CableFiles.FilterSocket(record.Name), CableFiles.FilterPidFile(record.Name)) : ((string, string)?)null;
            rollback.Add("stop the cable's processes", () => _daemon.Stop(record.Name, _env.StopTimeout));
            _daemon.Start(CableDaemon.Arguments(record.Name, a.SocketPath, a.Name, b.SocketPath, b.Name, filter), _env.StartTimeout);
            var up = _state.WaitUntilUp(record, _env.StartTimeout + _env.StartTimeout, cancellation)
                ?? throw new VdeException(ErrorIds.CableFailed, VdeErrorCategory.ResourceUnavailable,
                    $"cable {record.Name} did not come up on both switches within {(2 * _env.StartTimeout).TotalSeconds} s; what was started was stopped", record.Name);
            if (impairment is not null)
            {
                _state.ApplyImpairment(record, impairment, cancellation);
                up = _state.Describe(record.Name, record, cancellation);
            }

            _log($"cable {record.Name} is up: {a.Name} port {up.Port}, {b.Name} port {up.RemotePort}");
            return up;
        });
    }

    /// <summary>Changes a live cable's impairment through its wirefilter; the cable stays up.</summary>
    public VdeCable SetImpairment(string name, CableImpairment impairment, CancellationToken cancellation)
    {
        CableRules.Validate(impairment);
        var record = _files.Records().FirstOrDefault(r => r.Name == name)
            ?? throw new VdeException(ErrorIds.CableNotFound, VdeErrorCategory.ObjectNotFound, $"no cable of yours is named '{name}'", name);
        if (!record.HasFilter)
        {
            throw new VdeException(ErrorIds.InvalidCable, VdeErrorCategory.InvalidArgument,
                $"cable {name} was made without an impairment, so no wirefilter is in it to change; remove it and make it again with one; nothing was changed", name);
        }

        var merged = impairment.Over(record.Impairment!);
        CableRules.Validate(merged);
        _state.ApplyImpairment(record, merged, cancellation);
        _files.Write(record with { Impairment = merged });
        return _state.Describe(name, record with { Impairment = merged }, cancellation);
    }

    /// <summary>
    /// Whether frames pass both ways: test broadcasts sent into each switch (<see cref="FrameProbe"/>) must arrive
    /// on the cable's port of the other, as its in-counter shows.
    /// </summary>
    public IReadOnlyList<VdeHealth> Test(string name, CancellationToken cancellation)
    {
        var cable = Get(name, cancellation);
        var record = _files.Records().FirstOrDefault(r => r.Name == name);
        VdeHealth Check(CableCheck check, bool passed, string detail) =>
            new() { SwitchName = cable.SwitchName, Check = check.ToString(), Passed = passed, Detail = detail, HostName = _env.HostName, HostId = _env.HostId };
        var up = cable.State == "Up";
        var checks = new List<VdeHealth>
        {
            Check(CableCheck.CableUp, up, up ? $"cable {name} is up: {cable.SwitchName} port {cable.Port}, {cable.RemoteSwitchName} port {cable.RemotePort}" : $"cable {name} is down: {cable.Reason}"),
        };
        if (!up || record is null)
        {
            var why = up ? "not tried: the cable has no record of its ends" : "not tried: the cable is down";
            checks.Add(Check(CableCheck.FramesAcross, false, why));
            checks.Add(Check(CableCheck.FramesBack, false, why));
            return checks;
        }

        var across = Passes(record.SocketPath, record.RemoteSocketPath, cable.RemotePort, cancellation);
        checks.Add(Check(CableCheck.FramesAcross, across, $"test frames sent into {cable.SwitchName} {(across ? "reached" : "did not reach")} {cable.RemoteSwitchName}"));
        var back = Passes(record.RemoteSocketPath, record.SocketPath, cable.Port, cancellation);
        checks.Add(Check(CableCheck.FramesBack, back, $"test frames sent into {cable.RemoteSwitchName} {(back ? "reached" : "did not reach")} {cable.SwitchName}"));
        return checks;
    }

    private bool Passes(string from, string to, int port, CancellationToken cancellation)
    {
        var before = _state.InPackets(to, port, cancellation);
        if (before is null)
        {
            return false;
        }

        new FrameProbe(_env.Runner).Send(from, 3, _env.StartTimeout, cancellation);
        var deadline = DateTime.UtcNow + _env.StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_state.InPackets(to, port, cancellation) > before)
            {
                return true;
            }

            cancellation.WaitHandle.WaitOne(20);
            cancellation.ThrowIfCancellationRequested();
        }

        return false;
    }

    /// <summary>Stops the cable's processes and removes its files; returns the cable as it was.</summary>
    public VdeCable Remove(string name, CancellationToken cancellation)
    {
        var before = Get(name, cancellation);
        if (!_daemon.Stop(name, _env.StopTimeout))
        {
            throw new VdeException(ErrorIds.CableFailed, VdeErrorCategory.ResourceUnavailable, $"cable {name}'s processes did not end; its files are kept", name);
        }

        _files.Remove(name);
        _log($"removed cable {name}");
        return before;
    }
}
