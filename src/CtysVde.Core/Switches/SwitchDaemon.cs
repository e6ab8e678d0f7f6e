using System.Globalization;
using CtysVde.Core.Errors;
using CtysVde.Core.Linux;
using CtysVde.Core.Processes;
using CtysVde.Core.Vde;

namespace CtysVde.Core.Switches;

/// <summary>
/// Starts and stops vde_switch. Its exit code proves nothing (with -d it exits 0 even when the child dies on
/// a stale pidfile, or runs on without its TAP), so a start is only believed once the management socket
/// answers with the expected pid and `port/print` shows the TAP.
/// </summary>
public sealed class SwitchDaemon
{
    private const int SIGTERM = 15;
    private const int SIGKILL = 9;

    private readonly SwitchEnvironment _env;
    private readonly Action<string> _log;

    public SwitchDaemon(SwitchEnvironment env, Action<string> log)
    {
        _env = env;
        _log = log;
    }

    public string Program => ProcessRunner.Which(_env.VdeSwitchProgram)
        ?? throw new VdeException(ErrorIds.VdeSwitchNotInstalled, VdeErrorCategory.NotInstalled, $"{_env.VdeSwitchProgram} is not installed (Debian: apt-get install vde-switch)", _env.VdeSwitchProgram);

    public IReadOnlyList<string> Arguments(ResolvedSwitch r, string tap)
    {
        var args = new List<string> { "-d", "-t", tap, "-s", r.SocketPath, "-M", r.ManagementSocket, "-p", r.PidFile };
        if (r.SetgidGroup is { } g)
        {
            args.AddRange(["-m", "660", "-g", g.Name, "--mgmtmode", "660", "--mgmtgroup", g.Name]);
        }

        return args;
    }

    /// <summary>Starts the daemon and returns its pid once it is proven to serve the TAP.</summary>
    public int Start(ResolvedSwitch r, string tap, CancellationToken cancellation)
    {
        var program = Program;
        var args = Arguments(r, tap);
        _log($"start {program} {string.Join(' ', args)}");

        // The daemon outlives this process: nothing the caller left open (a shell's flock on fd 3, a pwsh host's
        // pipes) may reach it, or it would hold that for its whole life.
        InheritedDescriptors.KeepFromChildren();
        var result = _env.Runner.Run(program, args, _env.StartTimeout, cancellation);
        if (result.ExitCode != 0)
        {
            throw new VdeException(ErrorIds.SwitchStartFailed, VdeErrorCategory.ResourceUnavailable, $"vde_switch failed (exit code {result.ExitCode}): {FirstLine(result.StandardError)}", r.Name);
        }

        var deadline = DateTime.UtcNow + _env.StartTimeout;
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            cancellation.ThrowIfCancellationRequested();
            var pid = File.Exists(r.PidFile) ? SwitchInspector.ReadPidFile(r.PidFile) : null;
            try
            {
                using var client = VdeManagementClient.Connect(r.ManagementSocket, _env.ManagementTimeout, cancellation);
                var info = ShowInfoParser.Parse(client.Send("showinfo").Data);
                if (pid is not null && info.ProcessId != pid)
                {
                    throw new VdeException(ErrorIds.SwitchStartFailed, VdeErrorCategory.ResourceUnavailable, $"the management socket {r.ManagementSocket} is served by pid {info.ProcessId}, not by the new switch (pid {pid})", r.Name);
                }

                var ports = PortPrintParser.Parse(client.Send("port/print").Data);
                if (!ports.Any(p => p.Endpoints.Any(e => e.IsTap && e.Description == tap)))
                {
                    throw new VdeException(ErrorIds.SwitchStartFailed, VdeErrorCategory.ResourceUnavailable, $"vde_switch (pid {info.ProcessId}) runs but could not open TAP {tap}", r.Name);
                }

                _log($"vde_switch pid {info.ProcessId} answers on {r.ManagementSocket} and serves {tap}");
                return info.ProcessId;
            }
            catch (ManagementConnectException e)
            {
                last = e;
            }

            // The daemon writes its pidfile after it forks; if the pidfile came and the process is gone, it died.
            if (pid is not null && !_env.Processes.IsAlive(pid.Value))
            {
                throw new VdeException(ErrorIds.SwitchStartFailed, VdeErrorCategory.ResourceUnavailable, $"vde_switch (pid {pid}) exited right after start", r.Name);
            }

            Thread.Sleep(3);
        }

        throw new VdeException(ErrorIds.SwitchStartFailed, VdeErrorCategory.OperationTimeout, $"vde_switch did not answer on {r.ManagementSocket} within {_env.StartTimeout.TotalSeconds:0} s ({last?.Message})", r.Name);
    }

    /// <summary>
    /// Stops a switch: `shutdown` on its management socket, then SIGTERM (it still cleans up), and only with
    /// <paramref name="force"/> SIGKILL.
    /// </summary>
    public void Stop(int pid, string? managementSocket, bool force, CancellationToken cancellation)
    {
        if (managementSocket is not null)
        {
            try
            {
                using var client = VdeManagementClient.Connect(managementSocket, _env.ManagementTimeout, cancellation);
                _log($"shutdown vde_switch pid {pid} via {managementSocket}");
                client.Shutdown();
                if (WaitGone(pid, _env.StopTimeout, cancellation))
                {
                    return;
                }
            }
            catch (Exception e) when (e is ManagementConnectException or TimeoutException or VdeProtocolException or System.Net.Sockets.SocketException)
            {
                _log($"management socket {managementSocket} did not take 'shutdown': {e.Message}");
            }
        }

        if (!_env.Processes.IsSwitch(pid))
        {
            return;
        }

        _log($"send SIGTERM to vde_switch pid {pid}");
        Signal(pid, SIGTERM);
        if (WaitGone(pid, _env.StopTimeout, cancellation))
        {
            return;
        }

        if (!force)
        {
            throw new VdeException(ErrorIds.SwitchStopFailed, VdeErrorCategory.ResourceUnavailable, $"vde_switch pid {pid} did not stop", pid.ToString(CultureInfo.InvariantCulture), null, [new Remedy(RemedyAction.Kill, "to kill it")]);
        }

        _log($"send SIGKILL to vde_switch pid {pid}");
        Signal(pid, SIGKILL);
        if (!WaitGone(pid, _env.StopTimeout, cancellation))
        {
            throw new VdeException(ErrorIds.SwitchStopFailed, VdeErrorCategory.ResourceUnavailable, $"vde_switch pid {pid} survived SIGKILL", pid.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>
    /// Removes what a dead switch left: sockets in its directory, the directory, the management socket, the
    /// pidfile; except <paramref name="leaveAlone"/>, paths another switch holds. Inside the directory (its
    /// owner's, who may swap it for a link at any moment) everything goes through a descriptor of the directory
    /// opened without following a link; the other names are removed with unlink, which never follows one.
    /// </summary>
    public IReadOnlyList<string> RemoveFiles(ResolvedSwitch r, IList<string> kept, IReadOnlySet<string>? leaveAlone = null)
    {
        var removed = new List<string>();
        bool Ours(string path) => leaveAlone is null || !leaveAlone.Contains(path);
        if (Ours(r.SocketPath) && _env.Files.Stat(r.SocketPath) is { Kind: FileKind.Directory })
        {
            RemoveSocketDirectory(r, removed, kept);
        }

        if (Ours(r.ManagementSocket) && _env.Files.Stat(r.ManagementSocket) is { Kind: FileKind.Socket })
        {
            if (SocketProbe.IsListening(r.ManagementSocket))
            {
                kept.Add(r.ManagementSocket);
            }
            else if (_env.Files.RemoveFile(r.ManagementSocket))
            {
                removed.Add(r.ManagementSocket);
            }
        }

        if (Ours(r.PidFile) && _env.Files.Stat(r.PidFile) is { Kind: FileKind.Regular } && _env.Files.RemoveFile(r.PidFile))
        {
            removed.Add(r.PidFile);
        }

        // Links root or the owner left at the switch's names go as links (unlink never follows one).
        foreach (var path in new[] { r.SocketPath, r.ManagementSocket, r.PidFile })
        {
            if (Ours(path) && _env.Files.Stat(path) is { Kind: FileKind.SymbolicLink } link && (link.Uid == 0 || link.Uid == r.Owner.Uid) && _env.Files.RemoveFile(path))
            {
                removed.Add(path);
            }
        }

        foreach (var path in removed)
        {
            _log($"removed {path}");
        }

        return removed;
    }

    private void RemoveSocketDirectory(ResolvedSwitch r, List<string> removed, IList<string> kept)
    {
        DirectoryHandle? dir;
        try
        {
            dir = DirectoryHandle.Open(r.SocketPath);
        }
        catch (PosixException e)
        {
            _log($"keeping {r.SocketPath}: {e.Message}");
            kept.Add(r.SocketPath);
            return;
        }

        if (dir is null)
        {
            return;
        }

        using (dir)
        {
            var status = dir.Status();
            if (status.Uid != 0 && status.Uid != r.Owner.Uid)
            {
                _log($"keeping {r.SocketPath}: it belongs to {_env.Users.UserName(status.Uid)} now");
                kept.Add(r.SocketPath);
                return;
            }

            foreach (var name in dir.EntryNames())
            {
                var shown = Path.Combine(r.SocketPath, name);
                var listening = name == "ctl" && SocketProbe.IsListening(Path.Combine(dir.DescriptorPath, name));
                // A link planted in the switch's own directory is removed as a link (unlinkat never follows it).
                if (dir.StatEntry(name) is { Kind: FileKind.Socket or FileKind.SymbolicLink } && !listening)
                {
                    dir.Unlink(name);
                    removed.Add(shown);
                }
                else
                {
                    kept.Add(shown);
                }
            }

            if (dir.EntryNames().Count == 0 && _env.Files.RemoveEmptyDirectory(r.SocketPath))
            {
                removed.Add(r.SocketPath);
            }
            else
            {
                kept.Add(r.SocketPath);
            }
        }
    }

    private bool WaitGone(int pid, TimeSpan timeout, CancellationToken cancellation)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (!_env.Processes.IsAlive(pid))
            {
                return true;
            }

            cancellation.ThrowIfCancellationRequested();
            Thread.Sleep(2);
        }

        return !_env.Processes.IsAlive(pid);
    }

    private static void Signal(int pid, int signal)
    {
        if (LibC.kill(pid, signal) != 0)
        {
            var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            if (errno != LibC.ESRCH)
            {
                throw new VdeException(ErrorIds.PermissionDenied, VdeErrorCategory.PermissionDenied, $"cannot signal vde_switch pid {pid}: {LibC.ErrorText(errno)}", pid.ToString(CultureInfo.InvariantCulture));
            }
        }
    }

    private static string FirstLine(string text)
    {
        var line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim();
        return string.IsNullOrEmpty(line) ? "no message" : line;
    }
}
