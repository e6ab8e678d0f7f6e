using System.Globalization;
using System.Text.RegularExpressions;
using CtysVde.Core.Linux;
using CtysVde.Core.Model;
using CtysVde.Core.Vde;

namespace CtysVde.Core.Switches;

/// <summary>What exists of one switch: its daemon, sockets, pidfile and TAP, and whose they are.</summary>
public sealed class SwitchInspector
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
        bool IsPair(SwitchProcess p) => SwitchDescriber.SocketOf(p) == r.SocketPath && p.ManagementSocket == r.ManagementSocket;
        bool Claims(SwitchProcess p) => SwitchDescriber.SocketOf(p) == r.SocketPath || p.ManagementSocket == r.ManagementSocket || p.EffectivePidFile == r.PidFile;
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
            if (SwitchDescriber.SocketOf(other) == r.SocketPath)
            {
                conflicts.Add(new ForeignClaim(ForeignClaim.DataSocket, r.SocketPath, other.ProcessId, other));
            }

            if (other.ManagementSocket == r.ManagementSocket)
            {
                conflicts.Add(new ForeignClaim(ForeignClaim.ManagementSocket, r.ManagementSocket, other.ProcessId, other));
            }

            if (other.EffectivePidFile == r.PidFile)
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
            AddressLogExists = _env.Files.Stat(r.AddressLog) is { Kind: FileKind.Regular or FileKind.SymbolicLink } log && (log.Uid == 0 || log.Uid == r.Owner.Uid),
        };
    }

    /// <summary>The pid `showinfo` reports on a management socket; null when it does not answer as a vde_switch.</summary>
    private int? AnsweringPid(string managementSocket, CancellationToken cancellation)
    {
        try
        {
            using var client = _env.Management.Connect(managementSocket, _env.ManagementTimeout, cancellation);
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
}
