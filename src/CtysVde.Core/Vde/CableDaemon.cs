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

    /// <param name="tag">Which processes <see cref="Stop"/> ends: cables started here, or far ends of cables from other hosts.</param>
    public CableDaemon(IProcessRunner runner, SwitchProcessScanner processes, Action<string> log, string tag = CableProcessScanner.Tag)
    {
        _runner = runner;
        _processes = processes;
        _scanner = new CableProcessScanner(processes, tag);
        _log = log;
    }

    /// <summary>What a cable's end says on its switch's port: `ctysvde cable to OTHER` (vde_plug adds `user=… pid=…`).</summary>
    public static string Description(string other) => $"ctysvde cable to {other}";

    /// <summary>
    /// The command line (for `env`) of cable <paramref name="cable"/>: a plug into <paramref name="socketA"/> whose end
    /// names <paramref name="farName"/>, the wirefilter if any, and <paramref name="farStage"/>: a plug into the other
    /// switch (<see cref="PlugStage"/>) or the ssh that reaches it on another host.
    /// </summary>
    public static IReadOnlyList<string> Arguments(string cable, string socketA, string farName, (string Socket, string PidFile)? filter, IReadOnlyList<string> farStage)
    {
        List<string> args = [$"{CableProcessScanner.Tag}={cable}", "dpipe", "-d", .. PlugStage(socketA, farName), "="];
        if (filter is { } f)
        {
            args.AddRange(["wirefilter", "-M", f.Socket, "--pidfile", f.PidFile, "="]);
        }

        args.AddRange(farStage);
        return args;
    }

    /// <summary>dpipe's stage for a plug into <paramref name="socket"/> whose end on that switch names <paramref name="other"/>.</summary>
    public static IReadOnlyList<string> PlugStage(string socket, string other) => ["vde_plug", "-D", Description(other), $"vde://{socket}"];

    /// <summary>
    /// Becomes the far end of a cable from another host: this process (run by that host's ssh) is replaced by
    /// `vde_plug -D DESCRIPTION vde://SOCKET`, tagged <see cref="CableProcessScanner.EndTag"/>=<paramref name="endId"/>, so the
    /// frames on ssh's standard input and output go straight into the switch with no process of CtysVde in between.
    /// Returns only when the exec failed.
    /// </summary>
    public static Linux.PosixException ReplaceWithEnd(string endId, string socket, string description)
    {
        var program = ProcessRunner.Which("vde_plug") ?? "/usr/bin/vde_plug";
        var environment = Environment.GetEnvironmentVariables().Keys.OfType<string>()
            .Where(k => k != CableProcessScanner.EndTag)
            .Select(k => $"{k}={Environment.GetEnvironmentVariable(k)}")
            .Append($"{CableProcessScanner.EndTag}={endId}");
        Linux.LibC.execve(program, ["vde_plug", "-D", description, $"vde://{socket}", null], [.. environment, null]);
        return new Linux.PosixException($"run {program}", System.Runtime.InteropServices.Marshal.GetLastPInvokeError());
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
