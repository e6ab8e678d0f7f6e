using CtysVde.Core.Processes;

namespace CtysVde.Core.Vde;

/// <summary>
/// Starts and stops a cable's processes: `env CTYSVDE_CABLE=NAME dpipe -d vde_plug -D … vde://A = [wirefilter -M SOCK
/// --pidfile FILE =] vde_plug -D … vde://B`. dpipe (vdeplug4) leads the process group of its stages and returns at
/// once, whether or not they came up; so callers wait for both ends on the switches. Stopping signals the group
/// (a dpipe killed with SIGKILL leaves its plugs running) and only processes tagged with the cable's name.
/// </summary>
public sealed class CableDaemon
{
    private readonly IProcessRunner _runner;
    private readonly CableProcessScanner _scanner;
    private readonly SwitchProcessScanner _processes;
    private readonly Action<string> _log;

    public CableDaemon(IProcessRunner runner, SwitchProcessScanner processes, Action<string> log)
    {
        _runner = runner;
        _processes = processes;
        _scanner = new CableProcessScanner(processes);
        _log = log;
    }

    /// <summary>What a cable's end says on its switch's port: `ctysvde cable to OTHER` (vde_plug adds `user=… pid=…`).</summary>
    public static string Description(string other) => $"ctysvde cable to {other}";

    public static IReadOnlyList<string> Arguments(string cable, string socketA, string nameA, string socketB, string nameB, (string Socket, string PidFile)? filter)
    {
        var args = new List<string> { $"{CableProcessScanner.Tag}={cable}", "dpipe", "-d", "vde_plug", "-D", Description(nameB), $"vde://{socketA}", "=" };
        if (filter is { } f)
        {
            args.AddRange(["wirefilter", "-M", f.Socket, "--pidfile", f.PidFile, "="]);
        }

        args.AddRange(["vde_plug", "-D", Description(nameA), $"vde://{socketB}"]);
        return args;
    }

    public void Start(IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        _log($"start: env {string.Join(' ', arguments)}");
        var result = _runner.Run("env", arguments, timeout);
        if (result.ExitCode != 0)
        {
            throw new VdeProtocolException($"dpipe exited with {result.ExitCode}: {result.StandardError.Trim()}");
        }
    }

    /// <summary>Ends every process of the cable this caller may signal, the whole group first; true when none is left.</summary>
    public bool Stop(string cable, TimeSpan timeout)
    {
        var euid = Linux.LibC.geteuid();
        var processes = _scanner.Scan(cable).Where(p => euid == 0 || p.Uid == euid).ToArray();
        foreach (var group in processes.Select(p => p.ProcessGroup).Distinct())
        {
            // dpipe leads the group it made for the cable. A live leader that is not the cable's (its pid reused)
            // makes the group someone else's too: then only the cable's own processes are signalled.
            if (group > 1 && (processes.Any(p => p.ProcessId == group) || !_processes.IsAlive(group)))
            {
                _log($"stop cable {cable}: SIGTERM to process group {group}");
                Linux.LibC.kill(-group, 15);
            }
            else
            {
                foreach (var p in processes.Where(p => p.ProcessGroup == group))
                {
                    Linux.LibC.kill(p.ProcessId, 15);
                }
            }
        }

        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && _scanner.Scan(cable).Any(p => euid == 0 || p.Uid == euid))
        {
            Thread.Sleep(20);
        }

        foreach (var p in _scanner.Scan(cable).Where(p => euid == 0 || p.Uid == euid))
        {
            _log($"stop cable {cable}: SIGKILL to {p.Program} pid {p.ProcessId}");
            Linux.LibC.kill(p.ProcessId, 9);
        }

        return !_scanner.Scan(cable).Any(p => _processes.IsAlive(p.ProcessId));
    }
}
