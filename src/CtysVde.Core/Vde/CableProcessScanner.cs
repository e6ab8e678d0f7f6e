using System.Globalization;
using System.Text;

namespace CtysVde.Core.Vde;

/// <summary>
/// Finds the processes of cables: each carries <see cref="Tag"/>=NAME in its environment, set on the dpipe that
/// starts the cable and passed by it to every stage (both plugs, wirefilter, ssh). The tag survives what a name or a
/// pidfile would not: a dpipe killed with SIGKILL leaves its plugs running (docs/cables-research.md), and they still
/// say which cable they are. Only the owner and root can read a process's environment, so a caller finds its own
/// cables (root: everyone's), and nothing another user started can pass for one.
/// </summary>
public sealed class CableProcessScanner
{
    public const string Tag = "CTYSVDE_CABLE";

    /// <summary>The tag of a cable's far end on another host: the plug its ssh session runs there (see <c>CableEnds</c>).</summary>
    public const string EndTag = "CTYSVDE_CABLE_END";

    private readonly SwitchProcessScanner _processes;
    private readonly string _tag;

    /// <param name="tag"><see cref="Tag"/> for cables started here, <see cref="EndTag"/> for far ends of cables from other hosts.</param>
    public CableProcessScanner(SwitchProcessScanner processes, string tag = Tag)
    {
        _processes = processes;
        _tag = tag;
    }

    /// <summary>Every live cable process this caller may see, of one cable or of all.</summary>
    public IReadOnlyList<CableProcess> Scan(string? cable = null)
    {
        var found = new List<CableProcess>();
        var prefix = Encoding.UTF8.GetBytes(_tag + "=");
        foreach (var dir in Directory.EnumerateDirectories(_processes.ProcRoot))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                || Linux.SmallFile.Read(Path.Combine(dir, "environ")) is not { } environ
                || TagOf(environ, prefix) is not { } name
                || (cable is not null && name != cable)
                || !_processes.IsAlive(pid)
                || Linux.SmallFile.ReadText(Path.Combine(dir, "stat")) is not { } stat
                || SwitchProcessScanner.ReadCommandLine(dir) is not { Length: > 0 } argv)
            {
                continue;
            }

            // stat: "PID (COMM) STATE PPID PGRP ..."; COMM may hold spaces and parentheses, so read after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (fields.Length < 3
                || !int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var parent)
                || !int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var group))
            {
                continue;
            }

            var uid = new Linux.UnixFiles().Stat(dir)?.Uid ?? uint.MaxValue;
            found.Add(new CableProcess(pid, name, Path.GetFileName(argv[0]), parent, group, uid, argv));
        }

        return found;
    }

    private static string? TagOf(byte[] environ, byte[] prefix)
    {
        var span = environ.AsSpan();
        while (span.Length > 0)
        {
            var end = span.IndexOf((byte)0);
            var entry = end < 0 ? span : span[..end];
            if (entry.StartsWith(prefix))
            {
                return Encoding.UTF8.GetString(entry[prefix.Length..]);
            }

            span = end < 0 ? [] : span[(end + 1)..];
        }

        return null;
    }
}
