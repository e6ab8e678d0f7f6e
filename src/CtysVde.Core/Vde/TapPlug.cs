using System.Globalization;
using CtysVde.Core.Errors;
using CtysVde.Core.Linux;
using CtysVde.Core.Processes;

namespace CtysVde.Core.Vde;

/// <summary>
/// Joins a TAP to a switch that runs as its owner. The owner's vde_switch cannot open the TAP (`/dev/net/tun` is
/// root's, 0600 on many hosts), and root's must not serve the owner: whoever reaches a switch's management socket
/// can make it load any library (`plugin/add`). So root runs only `vde_plug tap://TAP`, which touches nothing but
/// the TAP, and pipes it to `vde_plug vde://SOCKETS` run as the owner, which connects to the owner's own switch:
/// no root process opens a path the owner controls. Both end when the switch ends.
/// </summary>
public sealed class TapPlug
{
    /// <summary>Both plugs' description, so that `port/print` names the TAP (`ctysvde tap TAP user=OWNER pid=N`).</summary>
    public const string DescriptionPrefix = "ctysvde tap ";

    private readonly IProcessRunner _runner;
    private readonly IManagementConnector _management;
    private readonly VdeDaemonSettings _settings;
    private readonly Action<string> _log;
    private readonly SwitchProcessScanner _processes;

    public TapPlug(IProcessRunner runner, IManagementConnector management, VdeDaemonSettings settings, Action<string> log, SwitchProcessScanner processes)
    {
        _runner = runner;
        _management = management;
        _settings = settings;
        _log = log;
        _processes = processes;
    }

    /// <summary>The TAP an endpoint description of a plug names, e.g. `ctysvde tap tap3 user=alice pid=812`.</summary>
    public static string? TapOf(string description) =>
        description.StartsWith(DescriptionPrefix, StringComparison.Ordinal) && description[DescriptionPrefix.Length..].Split(' ') is [{ Length: > 0 } tap, ..] ? tap : null;

    /// <summary>Starts the pair and returns once the switch shows the TAP on a port.</summary>
    public void Start(string tap, string socketPath, string managementSocket, uint uid, uint gid, string name, CancellationToken cancellation)
    {
        var plug = Program("vde_plug");
        var setpriv = Program("setpriv");
        var description = DescriptionPrefix + tap;
        // `--` ends the options: vde_plug's getopt would otherwise take setpriv's for its own.
        string[] args = ["-d", "-D", description, "--", $"tap://{tap}", "=",
            setpriv, $"--reuid={uid.ToString(CultureInfo.InvariantCulture)}", $"--regid={gid.ToString(CultureInfo.InvariantCulture)}", "--init-groups", "--",
            plug, "-D", description, $"vde://{socketPath}"];
        _log($"join TAP {tap} to the switch: {plug} {string.Join(' ', args)}");
        InheritedDescriptors.KeepFromChildren();
        var result = _runner.Run(plug, args, _settings.StartTimeout, cancellation);
        if (result.ExitCode != 0)
        {
            throw new VdeException(ErrorIds.SwitchStartFailed, VdeErrorCategory.ResourceUnavailable, $"vde_plug could not join TAP {tap} (exit code {result.ExitCode}): {result.StandardError.Trim()}", name);
        }

        var deadline = DateTime.UtcNow + _settings.StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            cancellation.ThrowIfCancellationRequested();
            var joined = ManagementSession.With(managementSocket, name, _settings.ManagementTimeout, cancellation,
                client => PortPrintParser.Parse(ManagementSession.Ask(client, "port/print").Data).Any(p => p.Endpoints.Any(e => e.TapName == tap)), _management);
            if (joined)
            {
                _log($"TAP {tap} is on a port of {name}");
                return;
            }

            Thread.Sleep(5);
        }

        throw new VdeException(ErrorIds.SwitchStartFailed, VdeErrorCategory.OperationTimeout, $"TAP {tap} did not join switch {name} within {_settings.StartTimeout.TotalSeconds:0} s", name);
    }

    /// <summary>
    /// Ends both plugs of <paramref name="tap"/> and waits until they are gone: each holds the TAP open (the owner's
    /// inherits root's descriptor), and a TAP that is held cannot be deleted. Only root's processes and the TAP
    /// owner's are ever signalled.
    /// </summary>
    public void Stop(string tap, uint tapOwner, CancellationToken cancellation)
    {
        // Found again each round: the owner's half may still be setpriv, about to become vde_plug, when we look.
        var deadline = DateTime.UtcNow + _settings.StopTimeout;
        var killAfter = deadline + _settings.StopTimeout;
        while (Find(tap, tapOwner) is { Count: > 0 } pids && DateTime.UtcNow < killAfter)
        {
            foreach (var pid in pids)
            {
                _log($"stop the plug of TAP {tap} (pid {pid})");
                LibC.kill(pid, DateTime.UtcNow < deadline ? 15 : 9);
            }

            cancellation.ThrowIfCancellationRequested();
            Thread.Sleep(5);
        }
    }

    /// <summary>The root plug that holds <paramref name="tap"/> for a switch, by its command line (the owner's half is found with <see cref="Find(string, uint)"/>).</summary>
    public IReadOnlyList<int> Find(string tap) => Find(tap, 0);

    /// <summary>
    /// Both plugs of <paramref name="tap"/>: vde_plug processes of root or <paramref name="tapOwner"/> whose
    /// description names it, and the owner's half while it is still setpriv (root's, about to become the owner).
    /// </summary>
    public IReadOnlyList<int> Find(string tap, uint tapOwner)
    {
        var found = new List<int>();
        foreach (var (pid, dir) in ProcessDirectories.Under(_processes.ProcRoot))
        {
            if (SwitchProcessScanner.ReadCommandLine(dir) is not { Length: > 0 } argv)
            {
                continue;
            }

            var program = Path.GetFileName(argv[0]);
            if (program is "vde_plug" or "setpriv" && argv.Contains(DescriptionPrefix + tap) && _processes.IsAlive(pid)
                && new UnixFiles().Stat(dir)?.Uid is { } uid
                && (uid == 0 ? argv.Contains($"tap://{tap}") || (program == "setpriv" && argv.Contains($"--reuid={tapOwner.ToString(CultureInfo.InvariantCulture)}")) : uid == tapOwner))
            {
                found.Add(pid);
            }
        }

        return found;
    }

    private static string Program(string name) => ProcessRunner.Which(name)
        ?? throw new VdeException(ErrorIds.VdeSwitchNotInstalled, VdeErrorCategory.NotInstalled, $"{name} is not installed (Debian: {(name == "setpriv" ? "util-linux" : "vdeplug")})", name);
}
