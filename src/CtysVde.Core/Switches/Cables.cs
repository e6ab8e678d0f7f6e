using System.Globalization;
using CtysVde.Core.Errors;
using CtysVde.Core.Linux;
using CtysVde.Core.Model;
using CtysVde.Core.Remote;
using CtysVde.Core.Vde;

namespace CtysVde.Core.Switches;

/// <summary>
/// Cables between two switches of this host, or from one of this host to one on another over ssh
/// (<see cref="CableDaemon"/>, <see cref="CableFarEnd"/>): started detached as the caller, every process tagged with
/// the cable's name, and a record in the caller's runtime directory (<see cref="CableFiles"/>) so that a cable whose
/// processes ended shows as down and `create` makes it again. Without impairment a cable is the two plugs alone (and
/// ssh), no hop of CtysVde's own; a wirefilter is spliced in only when an impairment is asked for.
/// </summary>
internal sealed class Cables
{
    private readonly SwitchEnvironment _env;
    private readonly Action<string> _log;
    private readonly SwitchAccess _access;
    private readonly CableEnds _ends;
    private readonly CableFiles _files;
    private readonly CableProcessScanner _scanner;
    private readonly CableDaemon _daemon;
    private readonly CableFarEnd _far;
    private readonly CableState _state;

    public Cables(SwitchEnvironment env, Action<string> log, SwitchAccess access, CableEnds ends)
    {
        _env = env;
        _log = log;
        _access = access;
        _ends = ends;
        _files = new CableFiles(env);
        _scanner = new CableProcessScanner(env.Processes);
        _daemon = new CableDaemon(env.Runner, env.Processes, log);
        _far = new CableFarEnd(SshSettings.FromEnvironment(null), env.Runner);
        _state = new CableState(env, _scanner, _far);
    }

    /// <summary>The caller's cables (root: every cable it can see), or those with an end on <paramref name="switchName"/>.</summary>
    public IReadOnlyList<VdeCable> List(string? switchName, CancellationToken cancellation)
    {
        var records = _files.Records().ToDictionary(r => r.Name, StringComparer.Ordinal);
        var names = records.Keys.Concat(_scanner.Scan().Select(p => p.Cable)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return names
            .Select(n => _state.Describe(n, records.GetValueOrDefault(n), cancellation))
            .Where(c => switchName is null || c.SwitchName == switchName || (c.RemoteHost.Length == 0 && c.RemoteSwitchName == switchName))
            .ToArray();
    }

    /// <summary>The cable named <paramref name="name"/>, or CableNotFound.</summary>
    public VdeCable Get(string name, CancellationToken cancellation) =>
        List(null, cancellation).FirstOrDefault(c => c.Name == name)
        ?? throw new VdeException(ErrorIds.CableNotFound, VdeErrorCategory.ObjectNotFound, $"no cable of yours is named '{name}'", name);

    /// <summary>
    /// The cable between the switch of <paramref name="spec"/> and <paramref name="other"/> (on <paramref name="host"/>
    /// when given, `[user@]host`), either way round, or CableNotFound.
    /// </summary>
    public VdeCable Between(SwitchSpec spec, string other, string? host, CancellationToken cancellation)
    {
        var name = _access.ResolveExisting(spec).Name;
        var far = string.IsNullOrEmpty(host) ? string.Empty : RemoteTarget.Parse(host).ToString();
        return List(name, cancellation).FirstOrDefault(c => c.RemoteHost == far && (c.SwitchName == other || c.RemoteSwitchName == other))
            ?? throw new VdeException(ErrorIds.CableNotFound, VdeErrorCategory.ObjectNotFound, $"no cable of yours connects {name} and {(far.Length > 0 ? $"{far}:" : string.Empty)}{other}", other);
    }

    /// <summary>
    /// Checks both switches (running, the caller's; on another host its ctys-setupvde checks that it is the login
    /// user's) and the impairment, changing nothing.
    /// </summary>
    public PreparedCable Prepare(CableRequest request, CancellationToken cancellation)
    {
        CableRules.Validate(request.Impairment);
        var host = string.IsNullOrEmpty(request.RemoteHost) ? null : RemoteTarget.Parse(request.RemoteHost);
        var (a, _) = _access.RequireRunning(request.Switch, cancellation);
        SwitchAccess.RequireOwner(a, "cable it");
        string bName, bSocket, bHostId = string.Empty;
        if (host is not null)
        {
            // The far host refuses a switch that is not the login user's, and one cabled to this switch from there.
            var far = _far.Check(host, request.RemoteSwitchName, _env.HostId, a.Name, cancellation);
            (bName, bSocket, bHostId) = (far.Name, far.SocketPath, far.HostId);
            var twin = _files.Records().FirstOrDefault(r => r.IsAcrossHosts && r.SwitchName == a.Name && r.RemoteSwitchName == bName && r.RemoteHostId == bHostId
                && r.Name != $"{a.Name}~{host}:{bName}");
            if (twin is not null)
            {
                throw new VdeException(ErrorIds.InvalidCable, VdeErrorCategory.InvalidArgument,
                    $"switch {a.Name} is cabled to {bName} on {host} already, as cable {twin.Name} (the same host by another name); a second cable would loop frames; nothing was changed", twin.Name);
            }
        }
        else
        {
            var (b, _) = _ends.RunningOwn(request.RemoteSwitchName, cancellation);
            if (a.SocketPath == b.SocketPath)
            {
                throw new VdeException(ErrorIds.InvalidCable, VdeErrorCategory.InvalidArgument, $"a cable from switch {a.Name} to itself would send its frames back into it; nothing was changed", a.Name);
            }

            (bName, bSocket) = (b.Name, b.SocketPath);
        }

        // One cable per pair, whichever way it was asked for: a second would make a loop (no spanning tree).
        var known = _files.Records().Select(r => r.Name).Concat(_scanner.Scan().Select(p => p.Cable)).ToHashSet(StringComparer.Ordinal);
        var name = host is not null ? $"{a.Name}~{host}:{bName}" : known.Contains($"{bName}~{a.Name}") ? $"{bName}~{a.Name}" : $"{a.Name}~{bName}";
        var impairment = request.Impairment is { IsEmpty: false } i ? i : null;
        var steps = new List<string>
        {
            known.Contains(name)
                ? $"cable {name} exists: leave it as it is when it is up, make it again when it is down"
                : host is not null
                    ? $"connect {a.Name} and {bName} on {host}: dpipe with a vde_plug into {a.Name} and ssh to {host}, whose ctys-setupvde plugs into {bName}; detached, as uid {LibC.geteuid().ToString(CultureInfo.InvariantCulture)}"
                    : $"connect {a.Name} and {bName}: dpipe with a vde_plug into each, detached, as uid {LibC.geteuid().ToString(CultureInfo.InvariantCulture)}",
        };
        if (impairment is not null)
        {
            steps.Add($"with a wirefilter in the cable: {CableFilter.Words(impairment)}");
        }

        return new PreparedCable(a, bName, bSocket, host, name, impairment, new SwitchPlan(name, steps), bHostId);
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
        // A cable mended keeps the direction it was made in, whichever way round it is asked for now.
        (string Name, string SocketPath) near = (prepared.Switch.Name, prepared.Switch.SocketPath);
        (string Name, string SocketPath) other = (prepared.RemoteSwitchName, prepared.RemoteSocketPath);
        var (a, b) = existing is not null && existing.SocketPath == other.SocketPath && prepared.RemoteHost is null ? (other, near) : (near, other);
        var impairment = prepared.Impairment ?? existing?.Impairment;
        var record = new CableRecord(prepared.Name, a.Name, a.SocketPath, b.Name, b.SocketPath, impairment, DateTime.UtcNow, prepared.RemoteHost?.ToString() ?? string.Empty, prepared.RemoteHostId);
        var upWithin = 2 * _env.StartTimeout + (record.IsAcrossHosts ? _far.ConnectTimeout : TimeSpan.Zero);
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
            IReadOnlyList<string> farStage;
            if (prepared.RemoteHost is { } host)
            {
                _files.NewSshLog(record.Name);
                // Undone also after Ctrl+C: the far host is still asked, whatever the caller's token says.
                rollback.Add($"end the cable's end on {host}", () => RemoveFarEnd(record, host, CancellationToken.None));
                farStage = _far.Stage(host, _state.EndId(record.Name), b.Name, $"{_env.HostName}:{a.Name}", CableFiles.SshLog(record.Name));
            }
            else
            {
                farStage = CableDaemon.PlugStage(b.SocketPath, a.Name);
            }

            _daemon.Start(CableDaemon.Arguments(record.Name, a.SocketPath, CableState.FarName(record), filter, farStage), _env.StartTimeout);
            var up = _state.WaitUntilUp(record, upWithin, cancellation, out var last);
            if (up is null)
            {
                throw new VdeException(ErrorIds.CableFailed, VdeErrorCategory.ResourceUnavailable,
                    $"cable {record.Name} did not come up within {upWithin.TotalSeconds} s ({last.Reason}); what was started was stopped", record.Name);
            }

            if (impairment is not null)
            {
                _state.Filter.Apply(record, impairment, cancellation);
                up = _state.Describe(record.Name, record, cancellation);
            }

            _log($"cable {record.Name} is up: {a.Name} port {up.Port}, {CableState.FarName(record)} port {up.RemotePort}");
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
        _state.Filter.Apply(record, merged, cancellation);
        _files.Write(record with { Impairment = merged });
        return _state.Describe(name, record with { Impairment = merged }, cancellation);
    }

    /// <summary>Whether the cable is up and frames pass both ways (<see cref="CableTester"/>).</summary>
    public IReadOnlyList<VdeHealth> Test(string name, CancellationToken cancellation) =>
        new CableTester(_env, _state, _far).Test(Get(name, cancellation), _files.Records().FirstOrDefault(r => r.Name == name), cancellation);

    /// <summary>Stops the cable's processes and removes its files; returns the cable as it was.</summary>
    public VdeCable Remove(string name, CancellationToken cancellation)
    {
        var before = Get(name, cancellation);
        if (!_daemon.Stop(name, _env.StopTimeout))
        {
            throw new VdeException(ErrorIds.CableFailed, VdeErrorCategory.ResourceUnavailable, $"cable {name}'s processes did not end; its files are kept", name);
        }

        if (_files.Records().FirstOrDefault(r => r.Name == name) is { } record)
        {
            if (record.IsAcrossHosts)
            {
                RemoveFarEnd(record, RemoteTarget.Parse(record.RemoteHost), cancellation);
            }

            _state.WaitUntilOff(record, _env.StopTimeout, cancellation);
        }

        _files.Remove(name);
        _log($"removed cable {name}");
        return before;
    }

    /// <summary>
    /// Ends the far end of a cable across hosts. It ends by itself when its ssh session does; this makes sure, and an
    /// end left by a partition goes too. A host that cannot be reached is noted, not fatal: its end has no session.
    /// </summary>
    private void RemoveFarEnd(CableRecord record, RemoteTarget host, CancellationToken cancellation)
    {
        try
        {
            _far.Remove(host, _state.EndId(record.Name), cancellation);
        }
        catch (VdeException e)
        {
            _log($"cable {record.Name}: its end on {host} could not be checked ({e.Message}); it ends with its ssh session");
        }
    }
}
