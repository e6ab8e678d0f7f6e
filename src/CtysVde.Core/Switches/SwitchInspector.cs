using System.Globalization;
using System.Text.RegularExpressions;
using CtysVde.Core.Linux;
using CtysVde.Core.Model;
using CtysVde.Core.Vde;

namespace CtysVde.Core.Switches;

/// <summary>Finds switches and their leftovers from what exists: processes, files and interfaces.</summary>
public sealed partial class SwitchInspector
{
    private readonly SwitchEnvironment _env;

    public SwitchInspector(SwitchEnvironment env)
    {
        _env = env;
    }

    /// <summary>
    /// What exists of one switch. A switch is the pair of its data socket and management socket: the daemon
    /// whose command line names both (and, where the management socket answers, the one whose pid `showinfo`
    /// reports there). Any other daemon that names one of the asked-for paths (either socket or the pidfile)
    /// or answers on the management socket is a conflict: the request does not name one switch. The daemon is
    /// found through the pidfile; only when that does not lead to it while a socket is live is every process
    /// scanned. A live vde_switch always listens on its ctl socket, so a machine with thousands of processes
    /// costs create and cancel no full /proc scan.
    /// </summary>
    /// <param name="r">The switch asked for.</param>
    /// <param name="processes">A scan already made (list); then nothing is asked of the management socket.</param>
    /// <param name="cancellation">Honoured by the `showinfo` that asks who answers on the management socket.</param>
    internal SwitchArtifacts Inspect(ResolvedSwitch r, IReadOnlyList<SwitchProcess>? processes = null, CancellationToken cancellation = default)
    {
        bool IsPair(SwitchProcess p) => SocketOf(p) == r.SocketPath && p.ManagementSocket == r.ManagementSocket;
        bool Claims(SwitchProcess p) => SocketOf(p) == r.SocketPath || p.ManagementSocket == r.ManagementSocket || p.PidFile == r.PidFile;
        var pidFileExists = _env.Files.Stat(r.PidFile) is not null;
        var pidFromFile = pidFileExists ? PidFile.Read(r.PidFile) : null;
        IReadOnlyList<SwitchProcess> claimants;
        if (processes is not null)
        {
            claimants = processes.Where(Claims).ToArray();
        }
        else
        {
            var fromFile = pidFromFile is { } pid ? _env.Processes.Read(pid) : null;
            if (fromFile is not null && IsPair(fromFile))
            {
                claimants = [fromFile];
            }
            else if (IsLive(Path.Combine(r.SocketPath, "ctl")) || IsLive(r.ManagementSocket) || (fromFile is not null && Claims(fromFile)))
            {
                claimants = _env.Processes.Scan().Where(Claims).ToArray();
            }
            else
            {
                claimants = [];
            }
        }

        var pairs = claimants.Where(IsPair).ToArray();
        var process = pairs.FirstOrDefault(p => p.ProcessId == pidFromFile) ?? pairs.FirstOrDefault();
        int? answering = processes is null && process is not null && IsLive(r.ManagementSocket) ? AnsweringPid(r.ManagementSocket, cancellation) : null;
        if (answering is { } a && pairs.FirstOrDefault(p => p.ProcessId == a) is { } answeringPair)
        {
            process = answeringPair;
        }

        var conflicts = new List<ForeignClaim>();
        foreach (var other in claimants.Where(c => !IsPair(c)))
        {
            if (SocketOf(other) == r.SocketPath)
            {
                conflicts.Add(new ForeignClaim(ForeignClaim.DataSocket, r.SocketPath, other.ProcessId, other));
            }

            if (other.ManagementSocket == r.ManagementSocket)
            {
                conflicts.Add(new ForeignClaim(ForeignClaim.ManagementSocket, r.ManagementSocket, other.ProcessId, other));
            }

            if (other.PidFile == r.PidFile)
            {
                conflicts.Add(new ForeignClaim(ForeignClaim.PidFile, r.PidFile, other.ProcessId, other));
            }
        }

        // The socket file may have been replaced under a daemon that still names it: the one answering holds it.
        if (answering is { } q && q != process!.ProcessId && !conflicts.Any(c => c.What == ForeignClaim.ManagementSocket && c.ProcessId == q))
        {
            conflicts.Add(new ForeignClaim(ForeignClaim.ManagementSocket, r.ManagementSocket, q, _env.Processes.Read(q)));
        }

        var tap = process?.TapName is { } t && _env.Sysfs.Exists(t) && IsMarkedFor(t, r) ? t : MarkedTap(r) ?? (process?.TapName is { } named && _env.Sysfs.Exists(named) ? named : null);
        return new SwitchArtifacts(
            r,
            process,
            pidFromFile,
            _env.Files.Stat(r.SocketPath) is { Kind: FileKind.Directory },
            _env.Files.Stat(r.ManagementSocket) is { Kind: FileKind.Socket },
            pidFileExists,
            tap)
        {
            Conflicts = conflicts,
            TapIsOurs = tap is not null && IsMarkedFor(tap, r),
        };
    }

    /// <summary>The pid `showinfo` reports on a management socket; null when it does not answer as a vde_switch.</summary>
    private int? AnsweringPid(string managementSocket, CancellationToken cancellation)
    {
        try
        {
            using var client = VdeManagementClient.Connect(managementSocket, _env.ManagementTimeout, cancellation);
            return ShowInfoParser.Parse(client.Send("showinfo").Data).ProcessId;
        }
        catch (Exception e) when (e is ManagementConnectException or TimeoutException or VdeProtocolException or System.Net.Sockets.SocketException)
        {
            return null;
        }
    }

    private bool IsLive(string socket) => _env.Files.Stat(socket) is { Kind: FileKind.Socket } && SocketProbe.IsListening(socket);

    /// <summary>The TAP CtysVde created for this switch: it carries the socket path in its alias and belongs to the switch's owner.</summary>
    internal string? MarkedTap(ResolvedSwitch r) => _env.Sysfs.InterfaceNames().FirstOrDefault(n => IsMarkedFor(n, r));

    private bool IsMarkedFor(string tap, ResolvedSwitch r) =>
        _env.Sysfs.IsTap(tap) && _env.Sysfs.Alias(tap) == SwitchPaths.TapAliasPrefix + r.SocketPath && _env.Sysfs.TunOwner(tap) == r.Owner.Uid;

    public IReadOnlyList<VdeSwitch> List(bool includeStale, IEnumerable<ResolvedSwitch> alsoLookAt) => Survey(includeStale, alsoLookAt).Switches;

    /// <summary>The switches of this host (and with <paramref name="includeStale"/> their leftovers), and the daemons left out as not provably this host's.</summary>
    public SwitchQueryResult Survey(bool includeStale, IEnumerable<ResolvedSwitch> alsoLookAt, Action<IReadOnlyList<SwitchProcess>>? found = null)
    {
        var scan = _env.Processes.ScanAll();
        var processes = scan.Switches;

        // The caller may start asking the switches now: they answer (on the other core) while they are described.
        found?.Invoke(processes);
        var result = new List<VdeSwitch>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in processes.OrderBy(SocketOf, StringComparer.Ordinal))
        {
            var sock = SocketOf(p);
            if (seen.Add(sock))
            {
                result.Add(Describe(p, sock));
            }
        }

        if (!includeStale)
        {
            return new SwitchQueryResult(result, Array.Empty<string>()) { Skipped = scan.Skipped };
        }

        foreach (var candidate in StaleCandidates(alsoLookAt))
        {
            if (seen.Contains(candidate.SocketPath))
            {
                continue;
            }

            // Paths a running switch holds are not leftovers, whoever's name they carry.
            var artifacts = Inspect(candidate, processes);
            if (artifacts.IsEmpty || artifacts.Process is not null || artifacts.Conflicts.Count > 0)
            {
                continue;
            }

            seen.Add(candidate.SocketPath);
            result.Add(DescribeStale(artifacts));
        }

        return new SwitchQueryResult(result, Array.Empty<string>()) { Skipped = scan.Skipped };
    }

    internal VdeSwitch Describe(SwitchProcess p, string sock)
    {
        var dir = _env.Files.Stat(sock);
        var mgmt = p.ManagementSocket;
        var entries = Entries(sock);
        return new VdeSwitch
        {
            Name = SwitchPaths.NameOf(sock),
            HostName = _env.HostName,
            HostId = _env.HostId,
            State = nameof(SwitchState.Running),
            Owner = _env.Users.UserName(dir?.Uid ?? p.Uid),
            Group = _env.Users.GroupName(dir?.Gid ?? 0),
            ProcessId = p.ProcessId,
            TapName = p.TapName,
            BridgeName = p.TapName is null ? null : _env.Sysfs.Master(p.TapName),
            SocketPath = sock,
            ManagementSocket = mgmt,
            PidFile = p.PidFile,
            Access = dir?.ModeString,
            NumPorts = p.NumPorts ?? SwitchProcess.DefaultNumPorts,
            PortSockets = PortSockets(entries),
            Leftovers = DeadClientSockets(entries),
        };
    }

    internal VdeSwitch DescribeStale(SwitchArtifacts a)
    {
        var r = a.Target;
        var dir = _env.Files.Stat(r.SocketPath);
        var leftovers = new List<string>();
        if (a.SocketDirectoryExists)
        {
            leftovers.Add(r.SocketPath);
            leftovers.AddRange(Entries(r.SocketPath));
        }

        if (a.ManagementSocketExists)
        {
            leftovers.Add(r.ManagementSocket);
        }

        if (a.PidFileExists)
        {
            leftovers.Add(r.PidFile);
        }

        if (a.TapName is not null)
        {
            leftovers.Add($"tap:{a.TapName}");
        }

        return new VdeSwitch
        {
            Name = r.Name,
            HostName = _env.HostName,
            HostId = _env.HostId,
            State = nameof(SwitchState.Stale),
            Owner = dir is null ? r.Owner.Name : _env.Users.UserName(dir.Uid),
            Group = dir is null ? r.Group.Name : _env.Users.GroupName(dir.Gid),
            ProcessId = null,
            TapName = a.TapName,
            BridgeName = a.TapName is null ? null : _env.Sysfs.Master(a.TapName),
            SocketPath = r.SocketPath,
            ManagementSocket = a.ManagementSocketExists ? r.ManagementSocket : null,
            PidFile = a.PidFileExists ? r.PidFile : null,
            Access = dir?.ModeString,
            PortSockets = a.SocketDirectoryExists ? PortSockets(Entries(r.SocketPath)) : Array.Empty<string>(),
            Leftovers = leftovers.ToArray(),
        };
    }

    public static string SocketOf(SwitchProcess p) => p.SocketPath is { } s ? (s.Length > 1 ? s.TrimEnd('/') : s) : SwitchPaths.DaemonDefaultSocket(p.Uid);

    /// <summary>The per-endpoint data sockets vde_switch creates: `NNN.FD`, among a socket directory's entries.</summary>
    public static string[] PortSockets(IEnumerable<string> entries) =>
        entries.Where(e => PortSocketName().IsMatch(Path.GetFileName(e))).ToArray();

    /// <summary>Client return sockets (`.PPPPP-NNNNN`) whose process is gone: a client killed mid-handshake leaves them.</summary>
    public string[] DeadClientSockets(IEnumerable<string> entries) =>
        entries.Where(e =>
        {
            var m = ClientSocketName().Match(Path.GetFileName(e));
            return m.Success && !_env.Processes.IsAlive(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
        }).ToArray();

    public static IEnumerable<string> Entries(string dir)
    {
        try
        {
            return Directory.EnumerateFileSystemEntries(dir).Order(StringComparer.Ordinal).ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Array.Empty<string>();
        }
    }

    /// <summary>Switches that may have left something: the seed's default names in /var/tmp and /var/run, marked TAPs, and what the caller named.</summary>
    private IEnumerable<ResolvedSwitch> StaleCandidates(IEnumerable<ResolvedSwitch> alsoLookAt)
    {
        foreach (var r in alsoLookAt)
        {
            yield return r;
        }

        var suffixes = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var entry in Entries(SwitchPaths.SocketBase))
        {
            var name = Path.GetFileName(entry);
            if (name.StartsWith(SwitchPaths.SocketPrefix, StringComparison.Ordinal))
            {
                suffixes.Add(name[SwitchPaths.SocketPrefix.Length..]);
            }
            else if (name.StartsWith(SwitchPaths.ManagementPrefix, StringComparison.Ordinal) && !name.EndsWith(".lock", StringComparison.Ordinal))
            {
                suffixes.Add(name[SwitchPaths.ManagementPrefix.Length..]);
            }
        }

        foreach (var entry in Entries(SwitchPaths.PidFileDirectory))
        {
            var name = Path.GetFileName(entry);
            if (name.StartsWith(SwitchPaths.ManagementPrefix, StringComparison.Ordinal))
            {
                suffixes.Add(name[SwitchPaths.ManagementPrefix.Length..]);
            }
        }

        foreach (var suffix in suffixes.Where(s => s.Length > 0))
        {
            yield return ForDefaults(suffix, SwitchPaths.DefaultSocketPath(suffix), SwitchPaths.DefaultManagementSocket(suffix));
        }

        foreach (var tap in _env.Sysfs.InterfaceNames())
        {
            if (_env.Sysfs.IsTap(tap) && _env.Sysfs.Alias(tap) is { } alias && alias.StartsWith(SwitchPaths.TapAliasPrefix, StringComparison.Ordinal))
            {
                // Only the socket path is recorded; the seed's naming gives the owner and management socket back.
                var sock = alias[SwitchPaths.TapAliasPrefix.Length..];
                var name = SwitchPaths.NameOf(sock);
                var user = name.StartsWith(SwitchPaths.SocketPrefix, StringComparison.Ordinal) ? name[SwitchPaths.SocketPrefix.Length..] : name;
                var mgmt = Path.Combine(Path.GetDirectoryName(sock) ?? SwitchPaths.SocketBase, SwitchPaths.ManagementPrefix + user);
                yield return ForDefaults(user, sock, mgmt);
            }
        }
    }

    private ResolvedSwitch ForDefaults(string userSuffix, string sock, string mgmt)
    {
        var owner = _env.Users.FindUser(userSuffix) ?? new UserAccount(userSuffix, uint.MaxValue, uint.MaxValue, "/");
        var group = _env.Users.FindGroup(owner.Gid) ?? new GroupAccount(owner.Gid.ToString(CultureInfo.InvariantCulture), owner.Gid);
        return new ResolvedSwitch(owner, group, sock, mgmt, SwitchPaths.DefaultPidFile(mgmt), null);
    }

    [GeneratedRegex(@"^\d{3}\.\d+$")]
    private static partial Regex PortSocketName();

    [GeneratedRegex(@"^\.(\d+)-\d+$")]
    private static partial Regex ClientSocketName();
}
