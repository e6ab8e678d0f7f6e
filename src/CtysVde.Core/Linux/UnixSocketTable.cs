using System.Globalization;

namespace CtysVde.Core.Linux;

/// <summary>
/// Which process holds which bound UNIX socket: /proc/net/unix maps socket inodes to the paths they were bound
/// to, /proc/PID/fd shows the inodes a process holds. This proves a daemon serves a path, where its command line
/// and pidfile only claim it (anyone can start a process named vde_switch with a copied command line).
/// </summary>
public sealed class UnixSocketTable
{
    private readonly string _procRoot;

    public UnixSocketTable(string procRoot = "/proc")
    {
        _procRoot = procRoot;
    }

    /// <summary>The inodes of the sockets bound to any of <paramref name="paths"/> in this network namespace.</summary>
    public IReadOnlySet<ulong> BoundTo(IReadOnlyCollection<string> paths)
    {
        var inodes = new HashSet<ulong>();
        var text = SmallFile.ReadText(Path.Combine(_procRoot, "net", "unix"));
        if (text is null)
        {
            return inodes;
        }

        // Num RefCount Protocol Flags Type St Inode Path
        foreach (var line in text.Split('\n').Skip(1))
        {
            var fields = line.Split(' ', 8, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 8 && paths.Contains(fields[7]) && ulong.TryParse(fields[6], NumberStyles.None, CultureInfo.InvariantCulture, out var inode))
            {
                inodes.Add(inode);
            }
        }

        return inodes;
    }

    /// <summary>Whether process <paramref name="pid"/> has one of <paramref name="inodes"/> open.</summary>
    public bool Holds(int pid, IReadOnlySet<ulong> inodes)
    {
        if (inodes.Count == 0)
        {
            return false;
        }

        var fds = Path.Combine(_procRoot, pid.ToString(CultureInfo.InvariantCulture), "fd");
        try
        {
            foreach (var fd in Directory.EnumerateFileSystemEntries(fds))
            {
                var target = new FileInfo(fd).LinkTarget;
                if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal)
                    && ulong.TryParse(target.AsSpan(8, target.Length - 9), NumberStyles.None, CultureInfo.InvariantCulture, out var inode)
                    && inodes.Contains(inode))
                {
                    return true;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Gone, or not ours to look into: not proven.
        }

        return false;
    }
}
