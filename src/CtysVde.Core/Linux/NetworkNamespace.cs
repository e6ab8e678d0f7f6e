using System.Text;

namespace CtysVde.Core.Linux;

/// <summary>Which network namespace a process is in (`net:[inode]`), read with readlink(2).</summary>
public static class NetworkNamespace
{
    public static string? Of(string pid) => ReadLink($"/proc/{pid}/ns/net");

    /// <summary>True when this process shares the network namespace of pid 1, the machine's real network.</summary>
    public static bool IsInitial() => Of("self") is { } self && self == Of("1");

    private static unsafe string? ReadLink(string path)
    {
        var buffer = stackalloc byte[256];
        var n = LibC.readlink(path, buffer, 256);
        return n <= 0 ? null : Encoding.UTF8.GetString(buffer, (int)n);
    }
}
