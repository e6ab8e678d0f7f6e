using System.Globalization;
using CtysVde.Core.Errors;
using CtysVde.Core.Linux;
using CtysVde.Core.Processes;

namespace CtysVde.Core.Vde;

/// <summary>
/// Starts and stops vde_switch, beside the protocol it speaks. Its exit code proves nothing (with -d it exits 0
/// even when the child dies on a stale pidfile, or runs on without its TAP), so a start is only believed once the
/// management socket answers with the expected pid and `port/print` shows the TAP.
/// </summary>
public sealed class VdeSwitchDaemon
{
    private const int SIGTERM = 15;
    private const int SIGKILL = 9;

    private readonly VdeDaemonSettings _settings;
    private readonly IProcessRunner _runner;
    private readonly SwitchProcessScanner _processes;
    private readonly IManagementConnector _management;
    private readonly Action<string> _log;

    public VdeSwitchDaemon(VdeDaemonSettings settings, IProcessRunner runner, SwitchProcessScanner processes, IManagementConnector management, Action<string> log)
    {
        _settings = settings;
        _runner = runner;
        _processes = processes;
        _management = management;
        _log = log;
    }

    /// <summary>The program's full path; VdeSwitchNotInstalled when it is not on the PATH.</summary>
    public string Program => ProcessRunner.Which(_settings.Program)
        ?? throw new VdeException(ErrorIds.VdeSwitchNotInstalled, VdeErrorCategory.NotInstalled, $"{_settings.Program} is not installed (Debian: apt-get install vde-switch)", _settings.Program);

    /// <summary>Starts the daemon and returns its pid once it is proven to serve the TAP.</summary>
    public int Start(VdeSwitchLaunch launch, CancellationToken cancellation)
    {
        var switchProgram = Program;
        var (program, args) = launch.RunAs is { } owner
            ? (ProcessRunner.Which("setpriv") ?? throw new VdeException(ErrorIds.VdeSwitchNotInstalled, VdeErrorCategory.NotInstalled, "setpriv is not installed (Debian: util-linux)", "setpriv"),
               (IReadOnlyList<string>)[$"--reuid={owner.Uid.ToString(CultureInfo.InvariantCulture)}", $"--regid={owner.Gid.ToString(CultureInfo.InvariantCulture)}", "--init-groups", "--", switchProgram, .. launch.Arguments])
            : (switchProgram, launch.Arguments);
        var (tap, name) = (launch.Tap, launch.Name);
        _log($"start {program} {string.Join(' ', args)}");

        // The daemon outlives this process: nothing the caller left open (a shell's flock on fd 3, a pwsh host's
        // pipes) may reach it, or it would hold that for its whole life.
        InheritedDescriptors.KeepFromChildren();
        var result = _runner.Run(program, args, _settings.StartTimeout, cancellation);
        if (result.ExitCode != 0)
        {
            throw new VdeException(ErrorIds.SwitchStartFailed, VdeErrorCategory.ResourceUnavailable, $"vde_switch failed (exit code {result.ExitCode}): {FirstLine(result.StandardError)}", name);
        }

        var deadline = DateTime.UtcNow + _settings.StartTimeout;
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            cancellation.ThrowIfCancellationRequested();
            var pid = launch.RunAs is null && File.Exists(launch.PidFile) ? PidFile.Read(launch.PidFile) : null;
            try
            {
                using var client = _management.Connect(launch.ManagementSocket, _settings.ManagementTimeout, cancellation);
                var info = ShowInfoParser.Parse(client.Send("showinfo").Data);
                if (pid is not null && info.ProcessId != pid)
                {
                    throw new VdeException(ErrorIds.SwitchStartFailed, VdeErrorCategory.ResourceUnavailable, $"the management socket {launch.ManagementSocket} is served by pid {info.ProcessId}, not by the new switch (pid {pid})", name);
                }

                var ports = PortPrintParser.Parse(client.Send("port/print").Data);
                if (launch.RunAs is null && !ports.Any(p => p.Endpoints.Any(e => e.TapName == tap)))
                {
                    throw new VdeException(ErrorIds.SwitchStartFailed, VdeErrorCategory.ResourceUnavailable, $"vde_switch (pid {info.ProcessId}) runs but could not open TAP {tap}", name);
                }

                _log($"vde_switch pid {info.ProcessId} answers on {launch.ManagementSocket}{(launch.RunAs is null ? $" and serves {tap}" : string.Empty)}");
                return info.ProcessId;
            }
            catch (ManagementConnectException e)
            {
                last = e;
            }

            // The daemon writes its pidfile after it forks; if the pidfile came and the process is gone, it died.
            if (pid is not null && !_processes.IsAlive(pid.Value))
            {
                throw new VdeException(ErrorIds.SwitchStartFailed, VdeErrorCategory.ResourceUnavailable, $"vde_switch (pid {pid}) exited right after start", name);
            }

            Thread.Sleep(3);
        }

        throw new VdeException(ErrorIds.SwitchStartFailed, VdeErrorCategory.OperationTimeout, $"vde_switch did not answer on {launch.ManagementSocket} within {_settings.StartTimeout.TotalSeconds:0} s ({last?.Message})", name);
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
                using var client = _management.Connect(managementSocket, _settings.ManagementTimeout, cancellation);
                _log($"shutdown vde_switch pid {pid} via {managementSocket}");
                client.Shutdown();
                if (WaitGone(pid, _settings.StopTimeout, cancellation))
                {
                    return;
                }
            }
            catch (Exception e) when (e is ManagementConnectException or TimeoutException or VdeProtocolException or System.Net.Sockets.SocketException)
            {
                _log($"management socket {managementSocket} did not take 'shutdown': {e.Message}");
            }
        }

        if (!_processes.IsSwitch(pid))
        {
            return;
        }

        _log($"send SIGTERM to vde_switch pid {pid}");
        Signal(pid, SIGTERM);
        if (WaitGone(pid, _settings.StopTimeout, cancellation))
        {
            return;
        }

        if (!force)
        {
            throw new VdeException(ErrorIds.SwitchStopFailed, VdeErrorCategory.ResourceUnavailable, $"vde_switch pid {pid} did not stop", pid.ToString(CultureInfo.InvariantCulture), null, [new Remedy(RemedyAction.Kill, "to kill it")]);
        }

        _log($"send SIGKILL to vde_switch pid {pid}");
        Signal(pid, SIGKILL);
        if (!WaitGone(pid, _settings.StopTimeout, cancellation))
        {
            throw new VdeException(ErrorIds.SwitchStopFailed, VdeErrorCategory.ResourceUnavailable, $"vde_switch pid {pid} survived SIGKILL", pid.ToString(CultureInfo.InvariantCulture));
        }
    }

    private bool WaitGone(int pid, TimeSpan timeout, CancellationToken cancellation)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (!_processes.IsAlive(pid))
            {
                return true;
            }

            cancellation.ThrowIfCancellationRequested();
            Thread.Sleep(2);
        }

        return !_processes.IsAlive(pid);
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
