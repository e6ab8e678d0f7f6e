using System.Text;

namespace CtysVde.Core.Linux;

/// <summary>
/// Which host an object belongs to, as a short opaque id. A host name is not enough: cloned lab VMs share
/// names (and sometimes /etc/machine-id), and containers or test hosts on one kernel share the machine but
/// have their own interfaces and their own /var/tmp. So the id is a hash of the machine id, this boot's id
/// (random per boot, so clones differ) and the network and mount namespaces this process lives in. An object
/// from before a reboot therefore counts as another host's, which is right: its switch died with the boot.
/// </summary>
public static class HostIdentity
{
    /// <summary>The id of the host this process runs on, e.g. `5f0c8e0a9d3b41c7`.</summary>
    public static string Current() => Of(
        ReadFirstLine("/etc/machine-id"),
        ReadFirstLine("/proc/sys/kernel/random/boot_id"),
        ProcessNamespaces.Of("self", "net"),
        ProcessNamespaces.Of("self", "mnt"));

    /// <summary>
    /// The id of these parts; missing parts count as empty rather than failing the caller. FNV-1a (64 bits), not a
    /// cryptographic hash: the id tells hosts apart and guards against mistakes, not against forgery, and .NET's
    /// hashes need OpenSSL, which a minimal host (an initramfs, a container) may lack.
    /// </summary>
    public static string Of(string? machineId, string? bootId, string? networkNamespace, string? mountNamespace)
    {
        var text = string.Join('\n', machineId ?? string.Empty, bootId ?? string.Empty, networkNamespace ?? string.Empty, mountNamespace ?? string.Empty);
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string? ReadFirstLine(string path)
    {
        try
        {
            return File.ReadLines(path).FirstOrDefault()?.Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
