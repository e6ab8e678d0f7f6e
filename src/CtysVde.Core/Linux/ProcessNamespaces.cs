using System.Text;

namespace CtysVde.Core.Linux;

/// <summary>Which namespaces a process is in (`net:[inode]`, `mnt:[inode]`), read with readlink(2).</summary>
public static class ProcessNamespaces
{
    /// <summary>The namespace link of <paramref name="pid"/> (or `self`); null when it cannot be read.</summary>
    public static string? Of(string pid, string kind = "net") => ReadLink($"/proc/{pid}/ns/{kind}");

    /// <summary>True when this process shares the network namespace of pid 1, the machine's real network.</summary>
    public static bool InInitialNetwork() => Of("self") is { } self && self == Of("1");

    private static unsafe string? ReadLink(string path)
    {
        var buffer = stackalloc byte[256];
        var n = LibC.readlink(path, buffer, 256);
        return n <= 0 ? null : Encoding.UTF8.GetString(buffer, (int)n);
    }
}
