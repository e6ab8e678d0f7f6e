using System.Globalization;
using CtysVde.Core.Linux;

namespace CtysVde.Tests.Support;

/// <summary>What a test could leave behind: interfaces, the daemons tests start (VDE, QEMU, sshd, NetworkManager, systemd-networkd, ...), files in /var/tmp and /run, namespaces.</summary>
public sealed record SystemSnapshot(IReadOnlySet<string> Interfaces, IReadOnlyDictionary<int, string> Processes, IReadOnlySet<string> Files)
{
    private static readonly string[] WatchedPrograms = ["vde_switch", "vde_plug", "vde_plug2tap", "dpipe", "wirefilter", "qemu-system-x86", "sshd", "socat", "NetworkManager", "dbus-daemon", "systemd-network"];
    private static readonly string[] WatchedDirectories = ["/var/tmp", "/run"];

    public static SystemSnapshot Take() => new(
        new SortedSet<string>(new SysfsNet().InterfaceNames(), StringComparer.Ordinal),
        ScanProcesses(),
        new SortedSet<string>(WatchedDirectories.SelectMany(Walk), StringComparer.Ordinal));

    /// <summary>Everything that exists now and did not exist in <paramref name="before"/>.</summary>
    public IReadOnlyList<string> NewSince(SystemSnapshot before) =>
        Interfaces.Except(before.Interfaces).Select(i => $"interface {i}")
            .Concat(Processes.Where(p => !before.Processes.ContainsKey(p.Key)).Select(p => $"process {p.Value} (pid {p.Key})"))
            .Concat(Files.Except(before.Files).Select(f => $"file {f}"))
            .ToArray();

    public static IReadOnlyDictionary<int, string> ScanProcesses()
    {
        var result = new Dictionary<int, string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var comm = File.ReadAllText(Path.Combine(dir, "comm")).Trim();
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                if (WatchedPrograms.Contains(comm) && stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z') is false && SharesOurVarTmp(Path.GetFileName(dir)))
                {
                    result[pid] = comm;
                }
            }
            catch (IOException)
            {
            }
        }

        return result;
    }

    /// <summary>
    /// Processes of this test run see our /var/tmp (clients in `ip netns exec` get a copy of our mounts);
    /// those of another run on the same machine, in their own mount namespace, do not, and are not ours.
    /// </summary>
    private static bool SharesOurVarTmp(string pid)
    {
        if (CtysVde.Core.Linux.ProcessNamespaces.Of(pid, "mnt") == CtysVde.Core.Linux.ProcessNamespaces.Of("self", "mnt"))
        {
            return true;
        }

        var files = new UnixFiles();
        return files.Identity($"/proc/{pid}/root/var/tmp") is { } theirs && theirs == files.Identity("/var/tmp");
    }

    private static IEnumerable<string> Walk(string root)
    {
        var pending = new Stack<string>([root]);
        while (pending.TryPop(out var dir))
        {
            IEnumerable<string> entries;
            try
            {
                entries = Directory.EnumerateFileSystemEntries(dir).ToArray();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var entry in entries)
            {
                // `ip netns add` leaves /run/netns itself behind once; the namespaces in it are what matter.
                if (entry != "/run/netns")
                {
                    yield return entry;
                }

                if (Directory.Exists(entry) && new FileInfo(entry).LinkTarget is null)
                {
                    pending.Push(entry);
                }
            }
        }
    }
}
