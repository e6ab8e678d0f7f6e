using System.Globalization;

namespace CtysVde.Core.Vde;

/// <summary>
/// Finds running vde_switch daemons from /proc: their command lines name the data socket, the management
/// socket, the TAP and the pidfile, so no state file is needed to know which switches exist.
/// </summary>
public sealed class SwitchProcessScanner
{
    private readonly string _procRoot;

    public SwitchProcessScanner(string procRoot = "/proc")
    {
        _procRoot = procRoot;
    }

    public IReadOnlyList<SwitchProcess> Scan()
    {
        var found = new List<SwitchProcess>();
        foreach (var dir in Directory.EnumerateDirectories(_procRoot))
        {
            var name = Path.GetFileName(dir);
            if (name.Length == 0 || !char.IsAsciiDigit(name[0]) || !int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            var argv = ReadCommandLine(dir);
            if (argv is null || argv.Length == 0 || Path.GetFileName(argv[0]) != "vde_switch")
            {
                continue;
            }

            var process = FromArguments(pid, OwnerOf(dir), argv);
            if (SeesOurFiles(name, process.SocketPath ?? process.ManagementSocket))
            {
                found.Add(process);
            }
        }

        return found;
    }

    /// <summary>
    /// A daemon in another mount namespace (a container, a test harness) may use the same socket path in a
    /// different /var/tmp. It is one of ours only if its path leads to the same directory as ours.
    /// </summary>
    private bool SeesOurFiles(string pid, string? socketPath)
    {
        var theirs = Linux.ProcessNamespaces.Of(pid, "mnt");
        if (theirs is null || theirs == Linux.ProcessNamespaces.Of("self", "mnt"))
        {
            return true;
        }

        var dir = socketPath is null ? null : Path.GetDirectoryName(socketPath);
        if (dir is null)
        {
            return false;
        }

        var files = new Linux.UnixFiles();
        var ours = files.Identity(dir);
        return ours is not null && ours == files.Identity($"{_procRoot}/{pid}/root{dir}");
    }

    /// <summary>The vde_switch with this pid, if it is one and it sees our files; reads only that process.</summary>
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
        return SeesOurFiles(name, process.SocketPath ?? process.ManagementSocket) ? process : null;
    }

    /// <summary>True while the process exists and is not a zombie waiting for its parent.</summary>
    public bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText(Path.Combine(_procRoot, pid.ToString(CultureInfo.InvariantCulture), "stat"));
            var close = stat.LastIndexOf(')');
            return close < 0 || close + 2 >= stat.Length || stat[close + 2] != 'Z';
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
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
                case "n" or "numports" or "m" or "mode" or "g" or "group" or "mgmtmode" or "mgmtgroup" or "dirmode"
                    or "f" or "rcfile" or "hashsize" or "macaddr" or "priority":
                    if (inline is null && i + 1 < argv.Count)
                    {
                        i++;
                    }

                    break;
            }
        }

        return new SwitchProcess(pid, uid, sock, mgmt, tap, pidfile);
    }

    private static string[]? ReadCommandLine(string procDir)
    {
        try
        {
            var raw = File.ReadAllBytes(Path.Combine(procDir, "cmdline"));
            if (raw.Length == 0)
            {
                return null;
            }

            var text = System.Text.Encoding.UTF8.GetString(raw);
            return text.TrimEnd('\0').Split('\0');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static uint OwnerOf(string procDir)
    {
        try
        {
            foreach (var line in File.ReadLines(Path.Combine(procDir, "status")))
            {
                if (line.StartsWith("Uid:", StringComparison.Ordinal))
                {
                    var fields = line.Split('\t', ' ', StringSplitOptions.RemoveEmptyEntries);
                    return uint.Parse(fields[2], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
        }

        return uint.MaxValue;
    }
}
