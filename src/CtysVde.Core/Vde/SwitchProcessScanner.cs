using System.Globalization;
using CtysVde.Core.Linux;

namespace CtysVde.Core.Vde;

/// <summary>
/// Finds running vde_switch daemons from /proc: their command lines name the data socket, the management
/// socket, the TAP and the pidfile, so no state file is needed to know which switches exist.
/// </summary>
public sealed class SwitchProcessScanner
{
    private readonly string _procRoot;

    // This process's own mount namespace, read once: every process of a scan is compared with it.
    private readonly string? _ownMountNamespace = Linux.ProcessNamespaces.Of("self", "mnt");

    public SwitchProcessScanner(string procRoot = "/proc")
    {
        _procRoot = procRoot;
    }

    /// <summary>The /proc it reads (another one in tests).</summary>
    public string ProcRoot => _procRoot;

    public IReadOnlyList<SwitchProcess> Scan() => ScanAll().Switches;

    /// <summary>Every vde_switch of this host, and the pids of those that could not be shown to be of this host.</summary>
    public SwitchProcessScan ScanAll()
    {
        var found = new List<SwitchProcess>();
        var skipped = new List<SkippedSwitchProcess>();
        foreach (var (pid, dir) in ProcessDirectories.Under(_procRoot))
        {
            var name = Path.GetFileName(dir);
            var argv = ReadCommandLine(dir);
            if (argv is null || argv.Length == 0 || Path.GetFileName(argv[0]) != "vde_switch")
            {
                continue;
            }

            var process = FromArguments(pid, OwnerOf(dir), argv);
            var (ours, unproven) = Place(name, process);
            if (ours)
            {
                found.Add(process);
            }
            else if (unproven is not null)
            {
                skipped.Add(new SkippedSwitchProcess(pid, unproven));
            }
        }

        return new SwitchProcessScan(found, skipped);
    }

    /// <summary>
    /// Whether a daemon belongs to this host. One in another mount namespace (a container, a test harness, another
    /// host on the same kernel) may use the same socket path in a different /var/tmp; it is one of ours only if its
    /// path leads to the same directory as ours. A caller who cannot read its namespace (not root, not its owner)
    /// fails closed: the daemon counts only when its pidfile, read here, names it (<see cref="PidFileVouches"/>);
    /// otherwise it is left out, and the reason is returned so that the caller can say what it did not show.
    /// </summary>
    private (bool Ours, string? Unproven) Place(string pid, SwitchProcess process)
    {
        var theirs = Linux.ProcessNamespaces.Of(pid, "mnt");
        if (theirs is null)
        {
            if (!Directory.Exists(Path.Combine(_procRoot, pid)))
            {
                return (false, null); // it ended while we looked
            }

            var unproven = PidFileVouches(process);
            return (unproven is null, unproven);
        }

        if (theirs == _ownMountNamespace)
        {
            return (true, null);
        }

        var socketPath = process.SocketPath ?? process.ManagementSocket;
        var dir = socketPath is null ? null : Path.GetDirectoryName(socketPath);
        if (dir is null)
        {
            return (false, null);
        }

        var files = new Linux.UnixFiles();
        var ours = files.Identity(dir);
        return (ours is not null && ours == files.Identity($"{_procRoot}/{pid}/root{dir}"), null);
    }

    /// <summary>
    /// Null when the pidfile the daemon's command line names holds its pid, read at that path in our mount
    /// namespace: the daemon wrote it in its own, so we see it only if we share that file. Otherwise why not.
    /// Needs no privilege beyond reading the pidfile (CtysVde makes it 0644).
    /// </summary>
    private static string? PidFileVouches(SwitchProcess process)
    {
        if (process.EffectivePidFile is not { } file)
        {
            return "its mount namespace cannot be read and its command line names no pidfile";
        }

        if (!Path.IsPathFullyQualified(file))
        {
            return $"its mount namespace cannot be read and its pidfile '{file}' is not an absolute path";
        }

        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return $"its mount namespace cannot be read and its pidfile {file} does not exist here";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"its mount namespace cannot be read and its pidfile {file} cannot be read ({e.Message})";
        }

        if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var named) && named == process.ProcessId)
        {
            return null;
        }

        return $"its mount namespace cannot be read and its pidfile {file} names {(named > 0 ? $"pid {named}" : "no pid")} here";
    }

    /// <summary>The vde_switch with this pid, if it is one and of this host (see <see cref="Place"/>); reads only that process.</summary>
    public SwitchProcess? Read(int pid)
    {
        var name = pid.ToString(CultureInfo.InvariantCulture);
        var dir = Path.Combine(_procRoot, name);
        var argv = ReadCommandLine(dir);
        if (argv is null || argv.Length == 0 || Path.GetFileName(argv[0]) != "vde_switch" || !IsAlive(pid))
        {
            return null;
        }

        var process = FromArguments(pid, OwnerOf(dir), argv);
        return Place(name, process).Ours ? process : null;
    }

    /// <summary>True while the process exists and is not a zombie waiting for its parent.</summary>
    public bool IsAlive(int pid)
    {
        var stat = Linux.SmallFile.ReadText(Path.Combine(_procRoot, pid.ToString(CultureInfo.InvariantCulture), "stat"));
        if (stat is null)
        {
            return false;
        }

        var close = stat.LastIndexOf(')');
        return close < 0 || close + 2 >= stat.Length || stat[close + 2] != 'Z';
    }

    /// <summary>True when <paramref name="pid"/> is a live vde_switch (so a reused pid is not mistaken for one).</summary>
    public bool IsSwitch(int pid)
    {
        var argv = ReadCommandLine(Path.Combine(_procRoot, pid.ToString(CultureInfo.InvariantCulture)));
        return argv is { Length: > 0 } && Path.GetFileName(argv[0]) == "vde_switch";
    }

    /// <summary>Reads vde_switch's options the way its getopt_long_only does: `-s`, `-sock`, `--sock`, `--sock=x`.</summary>
    public static SwitchProcess FromArguments(int pid, uint uid, IReadOnlyList<string> argv)
    {
        string? sock = null, mgmt = null, tap = null, pidfile = null;
        int? numPorts = null;
        for (var i = 1; i < argv.Count; i++)
        {
            var arg = argv[i];
            if (!arg.StartsWith('-'))
            {
                continue;
            }

            var body = arg.TrimStart('-');
            string? inline = null;
            var eq = body.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0 && arg.StartsWith("--", StringComparison.Ordinal))
            {
                inline = body[(eq + 1)..];
                body = body[..eq];
            }

            string? Value() => inline ?? (i + 1 < argv.Count ? argv[++i] : null);

            switch (body)
            {
                case "s" or "sock" or "vdesock" or "unix":
                    sock = Value();
                    break;
                case "M" or "mgmt":
                    mgmt = Value();
                    break;
                case "t" or "tap":
                    tap = Value();
                    break;
                case "p" or "pidfile":
                    pidfile = Value();
                    break;
                case "n" or "numports":
                    numPorts = int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
                    break;
                case "m" or "mode" or "g" or "group" or "mgmtmode" or "mgmtgroup" or "dirmode"
                    or "f" or "rcfile" or "hashsize" or "macaddr" or "priority":
                    if (inline is null && i + 1 < argv.Count)
                    {
                        i++;
                    }

                    break;
            }
        }

        return new SwitchProcess(pid, uid, sock, mgmt, tap, pidfile, numPorts);
    }

    /// <summary>A process's argv from its /proc directory; null when it is gone or has none (a kernel thread).</summary>
    internal static string[]? ReadCommandLine(string procDir)
    {
        var raw = Linux.SmallFile.Read(Path.Combine(procDir, "cmdline"));
        return raw is null || raw.Length == 0 ? null : System.Text.Encoding.UTF8.GetString(raw).TrimEnd('\0').Split('\0');
    }

    /// <summary>
    /// The process's effective uid: the owner of its /proc directory (one statx, where reading and parsing its
    /// status file took three times as long in a scan of every process).
    /// </summary>
    private static uint OwnerOf(string procDir)
    {
        try
        {
            return new Linux.UnixFiles().Stat(procDir)?.Uid ?? uint.MaxValue;
        }
        catch (Linux.PosixException)
        {
            return uint.MaxValue;
        }
    }
}
