using CtysVde.Core.Linux;

namespace CtysVde.Core.Switches;

/// <summary>
/// A cable's files: its record, and its wirefilter's management socket and pidfile, all in the caller's own runtime
/// directory (root: /run/ctysvde; anyone else: their runtime directory), which is theirs alone (0700) and never a
/// link. The cable's processes run as the caller, so nothing of it is ever in a directory someone else can change.
/// </summary>
internal sealed class CableFiles
{
    private readonly SwitchEnvironment _env;

    public CableFiles(SwitchEnvironment env)
    {
        _env = env;
    }

    public static string Directory => SwitchLock.DirectoryFor(LibC.geteuid());

    /// <summary>wirefilter's management socket (it makes it, 0700) and pidfile.</summary>
    public static string FilterSocket(string cable) => Path.Combine(Directory, $"cable-{SwitchLock.Fnv1a(cable)}.wf");

    public static string FilterPidFile(string cable) => FilterSocket(cable) + ".pid";

    /// <summary>Where a cable across hosts keeps its ssh stage's messages and exit status: a down cable's reason.</summary>
    public static string SshLog(string cable) => Path.Combine(Directory, $"cable-{SwitchLock.Fnv1a(cable)}.log");

    /// <summary>The last lines of the cable's ssh log, at most 4 KiB of them; empty when there is none.</summary>
    public IReadOnlyList<string> SshLogLines(string cable)
    {
        using var dir = DirectoryHandle.Open(Directory);
        var text = dir is null ? null : _env.Files.ReadEntry(dir, Path.GetFileName(SshLog(cable)), 65536);
        return text is null ? [] : text[Math.Max(0, text.Length - 4096)..].Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>An empty ssh log for a cable's new start (the shell around its ssh appends to it).</summary>
    public void NewSshLog(string cable) => KernelCalls.Kernel(() =>
    {
        using var dir = SwitchLock.OpenDirectory(Directory, cable);
        _env.Files.RemoveEntry(dir, Path.GetFileName(SshLog(cable)));
        _env.Files.CreateEntry(dir, Path.GetFileName(SshLog(cable)), 0x180, string.Empty);
    }, "create the ssh log of cable", cable);

    public IReadOnlyList<CableRecord> Records()
    {
        using var dir = DirectoryHandle.Open(Directory);
        if (dir is null)
        {
            return [];
        }

        return dir.EntryNames()
            .Where(n => n.StartsWith("cable-", StringComparison.Ordinal) && n.EndsWith(".record", StringComparison.Ordinal))
            .Select(n => _env.Files.ReadEntry(dir, n, 8192) is { } text ? CableRecord.Parse(text) : null)
            .OfType<CableRecord>()
            .ToArray();
    }

    public void Write(CableRecord record) => KernelCalls.Kernel(() =>
    {
        using var dir = SwitchLock.OpenDirectory(Directory, record.Name);
        _env.Files.RemoveEntry(dir, RecordName(record.Name));
        _env.Files.CreateEntry(dir, RecordName(record.Name), 0x180, record.Format());
    }, "write the record of cable", record.Name);

    /// <summary>
    /// Removes what a wirefilter killed with SIGKILL leaves, its socket and pidfile: a new one would refuse the
    /// pidfile and, failing, unlink the socket path. Only once no process of the cable is left.
    /// </summary>
    public void RemoveFilterFiles(string cable) => KernelCalls.Kernel(() =>
    {
        using var dir = DirectoryHandle.Open(Directory);
        if (dir is not null)
        {
            _env.Files.RemoveEntry(dir, Path.GetFileName(FilterSocket(cable)));
            _env.Files.RemoveEntry(dir, Path.GetFileName(FilterPidFile(cable)));
        }
    }, "remove the wirefilter files of cable", cable);

    /// <summary>Removes the record, the ssh log and what a wirefilter killed with SIGKILL leaves (its socket and pidfile).</summary>
    public void Remove(string cable) => KernelCalls.Kernel(() =>
    {
        using var dir = DirectoryHandle.Open(Directory);
        if (dir is not null)
        {
            foreach (var name in new[] { RecordName(cable), Path.GetFileName(FilterSocket(cable)), Path.GetFileName(FilterPidFile(cable)), Path.GetFileName(SshLog(cable)) })
            {
                _env.Files.RemoveEntry(dir, name);
            }
        }

        // The directory is the caller's lock directory too, which goes once empty (as SwitchLock leaves it).
        _env.Files.RemoveEmptyDirectory(Directory);
    }, "remove the files of cable", cable);

    private static string RecordName(string cable) => $"cable-{SwitchLock.Fnv1a(cable)}.record";
}
