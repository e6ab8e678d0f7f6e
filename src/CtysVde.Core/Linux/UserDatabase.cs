using System.Runtime.InteropServices;

namespace CtysVde.Core.Linux;

/// <summary>Users and groups through libc (NSS), so LDAP or sssd users resolve the same way `id` does.</summary>
public sealed class UserDatabase
{
    private const int BufferSize = 16384;

    public unsafe UserAccount? FindUser(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('\0'))
        {
            return null;
        }

        var pwd = stackalloc byte[64];
        var buf = new byte[BufferSize];
        byte* result = null;
        fixed (byte* b = buf)
        {
            var rc = LibC.getpwnam_r(name, pwd, b, (nuint)buf.Length, &result);
            return rc == 0 && result != null ? ReadPasswd(result) : null;
        }
    }

    public unsafe UserAccount? FindUser(uint uid)
    {
        var pwd = stackalloc byte[64];
        var buf = new byte[BufferSize];
        byte* result = null;
        fixed (byte* b = buf)
        {
            var rc = LibC.getpwuid_r(uid, pwd, b, (nuint)buf.Length, &result);
            return rc == 0 && result != null ? ReadPasswd(result) : null;
        }
    }

    public unsafe GroupAccount? FindGroup(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('\0'))
        {
            return null;
        }

        var grp = stackalloc byte[32];
        var buf = new byte[BufferSize];
        byte* result = null;
        fixed (byte* b = buf)
        {
            var rc = LibC.getgrnam_r(name, grp, b, (nuint)buf.Length, &result);
            return rc == 0 && result != null ? ReadGroup(result) : null;
        }
    }

    public unsafe GroupAccount? FindGroup(uint gid)
    {
        var grp = stackalloc byte[32];
        var buf = new byte[BufferSize];
        byte* result = null;
        fixed (byte* b = buf)
        {
            var rc = LibC.getgrgid_r(gid, grp, b, (nuint)buf.Length, &result);
            return rc == 0 && result != null ? ReadGroup(result) : null;
        }
    }

    /// <summary>Every group id the user belongs to, primary group included.</summary>
    public unsafe IReadOnlyList<uint> GroupIdsOf(UserAccount user)
    {
        var count = 64;
        while (true)
        {
            var groups = new uint[count];
            var n = count;
            int rc;
            fixed (uint* g = groups)
            {
                rc = LibC.getgrouplist(user.Name, user.Gid, g, &n);
            }

            if (rc >= 0)
            {
                return groups.Take(n).ToArray();
            }

            count = Math.Max(n, count * 2);
        }
    }

    public string UserName(uint uid) => FindUser(uid)?.Name ?? uid.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public string GroupName(uint gid) => FindGroup(gid)?.Name ?? gid.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The user this process acts for: the effective uid, which is what the kernel checks.</summary>
    public UserAccount CurrentUser()
    {
        var uid = LibC.geteuid();
        return FindUser(uid) ?? new UserAccount(uid.ToString(System.Globalization.CultureInfo.InvariantCulture), uid, uid, "/");
    }

    public static bool IsRoot => LibC.geteuid() == 0;

    // struct passwd on LP64: name@0, passwd@8, uid@16, gid@20, gecos@24, dir@32, shell@40.
    private static unsafe UserAccount ReadPasswd(byte* p) => new(
        Marshal.PtrToStringUTF8(*(nint*)p) ?? string.Empty,
        *(uint*)(p + 16),
        *(uint*)(p + 20),
        Marshal.PtrToStringUTF8(*(nint*)(p + 32)) ?? "/");

    // struct group on LP64: name@0, passwd@8, gid@16, mem@24.
    private static unsafe GroupAccount ReadGroup(byte* g) => new(
        Marshal.PtrToStringUTF8(*(nint*)g) ?? string.Empty,
        *(uint*)(g + 16));
}
