using CtysVde.Core.Errors;
using CtysVde.Core.Linux;
using CtysVde.Core.Model;
using CtysVde.Core.Vde;

namespace CtysVde.Core.Switches;

/// <summary>
/// This host's side of cables that other hosts make to its switches over ssh: the cable's ssh session runs
/// ctys-setupvde here as its login user, which checks the switch is that user's (root: any) and then becomes the
/// cable's plug (<see cref="CableDaemon.ReplaceWithEnd"/>), tagged with the end's id so that a stale end (left by a
/// network partition, which ssh on the far side outlives) is found and ended before a new one is made.
/// </summary>
internal sealed class CableEnds
{
    private const int MaxIdLength = 200;

    private readonly SwitchEnvironment _env;
    private readonly Action<string> _log;
    private readonly SwitchAccess _access;
    private readonly SwitchQueries _queries;
    private readonly CableProcessScanner _scanner;
    private readonly CableDaemon _daemon;
    private readonly CablePorts _ports;

    public CableEnds(SwitchEnvironment env, Action<string> log, SwitchAccess access, SwitchQueries queries)
    {
        _env = env;
        _log = log;
        _access = access;
        _queries = queries;
        _scanner = new CableProcessScanner(env.Processes, CableProcessScanner.EndTag);
        _daemon = new CableDaemon(env.Runner, env.Processes, log, CableProcessScanner.EndTag);
        _ports = new CablePorts(env);
    }

    /// <summary>The running switch named <paramref name="name"/>, which must be the caller's (root: anyone's); changes nothing.</summary>
    public (ResolvedSwitch Switch, VdeSwitch Found) RunningOwn(string name, CancellationToken cancellation)
    {
        var found = _queries.Find([NamePattern.Escape(name)], null, includeStale: false, cancellation).Switches.FirstOrDefault()
            ?? throw new VdeException(ErrorIds.SwitchNotFound, VdeErrorCategory.ObjectNotFound, $"no switch named '{name}' is running; nothing was changed", name);
        var (resolved, _) = _access.RequireRunning(SwitchSpec.For(found), cancellation);
        SwitchAccess.RequireOwner(resolved, "cable it");
        return (resolved, found);
    }

    /// <summary>
    /// For a cable that another host (<paramref name="originHostId"/>) asks to make from its switch
    /// <paramref name="originSwitch"/>: the running switch named <paramref name="name"/>, the caller's, with no cable of
    /// the caller's from it to that switch already (made from here, the other way round: a second would loop frames).
    /// </summary>
    public VdeSwitch Check(string name, string originHostId, string originSwitch, CancellationToken cancellation)
    {
        var (_, found) = RunningOwn(name, cancellation);
        if (new CableFiles(_env).Records().FirstOrDefault(r => r.IsAcrossHosts && r.SwitchName == found.Name && r.RemoteHostId == originHostId && r.RemoteSwitchName == originSwitch) is { } back)
        {
            throw new VdeException(ErrorIds.InvalidCable, VdeErrorCategory.InvalidArgument,
                $"switch {found.Name} is cabled to {originSwitch} on the asking host already, as cable {back.Name} made here; a second cable would loop frames; nothing was changed", back.Name);
        }

        return found;
    }

    /// <summary>
    /// Becomes the end <paramref name="endId"/> of a cable from <paramref name="origin"/> (`HOST:SWITCH`) on switch
    /// <paramref name="switchName"/>: ends what is left of an earlier one, then execs its plug. Returns never; throws
    /// when the switch is not the caller's or the plug cannot be run.
    /// </summary>
    public void Plug(string endId, string switchName, string origin, CancellationToken cancellation)
    {
        RequireId(endId);
        if (origin.Length is 0 or > 80 || origin.Any(c => c <= ' ' || c > '~'))
        {
            throw new VdeException(ErrorIds.InvalidCable, VdeErrorCategory.InvalidArgument, $"'{origin}' is not a cable's far end (HOST:SWITCH, printable, no blanks); nothing was changed", origin);
        }

        var (target, _) = RunningOwn(switchName, cancellation);
        Remove(endId);
        _log($"cable end {endId}: plug into {target.Name}");
        throw new VdeException(ErrorIds.CableFailed, VdeErrorCategory.ResourceUnavailable,
            $"the cable's end on switch {target.Name} could not start: {CableDaemon.ReplaceWithEnd(endId, target.SocketPath, CableDaemon.Description(origin)).Message}", endId);
    }

    /// <summary>The end <paramref name="endId"/> on switch <paramref name="switchName"/> as a cable: its port and plug, Up when it is on the switch.</summary>
    public VdeCable Status(string endId, string switchName, CancellationToken cancellation)
    {
        RequireId(endId);
        var (target, _) = RunningOwn(switchName, cancellation);
        var plugs = _scanner.Scan(endId).Where(p => p.Program == "vde_plug").ToArray();
        var port = _ports.EndOn(target.SocketPath, null, plugs.Select(p => p.ProcessId).ToHashSet(), cancellation);
        return new VdeCable
        {
            Name = endId,
            SwitchName = target.Name,
            Port = port?.Port ?? 0,
            State = port is null ? "Down" : "Up",
            Reason = port is not null ? string.Empty : plugs.Length == 0 ? "no plug of the cable runs here" : $"its plug is not on switch {target.Name}",
            ProcessId = plugs.FirstOrDefault()?.ProcessId,
            InPackets = port?.InPackets ?? 0,
            OutPackets = port?.OutPackets ?? 0,
            HostName = _env.HostName,
            HostId = _env.HostId,
        };
    }

    /// <summary>Ends the caller's plugs of end <paramref name="endId"/>, if any.</summary>
    public void Remove(string endId)
    {
        RequireId(endId);
        if (!_daemon.Stop(endId, _env.StopTimeout))
        {
            throw new VdeException(ErrorIds.CableFailed, VdeErrorCategory.ResourceUnavailable, $"the cable's end {endId} here would not end", endId);
        }
    }

    /// <summary>Sends test frames into switch <paramref name="switchName"/> (the caller's), for the far side's Test.</summary>
    public void Probe(string switchName, CancellationToken cancellation) =>
        new FrameProbe(_env.Runner).Send(RunningOwn(switchName, cancellation).Switch.SocketPath, 3, _env.StartTimeout, cancellation);

    /// <summary>An end's id is the far host's id and the cable's name: printable, no blanks, not too long.</summary>
    private static void RequireId(string endId)
    {
        if (endId.Length is 0 or > MaxIdLength || endId.Any(c => c <= ' ' || c > '~'))
        {
            throw new VdeException(ErrorIds.InvalidCable, VdeErrorCategory.InvalidArgument, $"'{endId}' is not a cable end's id (printable, no blanks, at most {MaxIdLength} characters); nothing was changed", endId);
        }
    }
}
