using System.Globalization;
using System.Runtime.InteropServices;

namespace CtysVde.Core.Linux;

/// <summary>Users and groups through libc (NSS), so LDAP or sssd users resolve the same way `id` does.</summary>
public sealed class UserDatabase
{
    private const int BufferSize = 16384;

    private unsafe delegate int Lookup(byte* entry, byte* buffer, nuint length, byte** result);

    public static bool IsRoot => LibC.geteuid() == 0;

    public unsafe UserAccount? FindUser(string name) =>
        IsName(name) ? Find((e, b, n, r) => LibC.getpwnam_r(name, e, b, n, r), ReadPasswd) : null;

    public unsafe UserAccount? FindUser(uint uid) => Find((e, b, n, r) => LibC.getpwuid_r(uid, e, b, n, r), ReadPasswd);

    public unsafe GroupAccount? FindGroup(string name) =>
        IsName(name) ? Find((e, b, n, r) => LibC.getgrnam_r(name, e, b, n, r), ReadGroup) : null;

    public unsafe GroupAccount? FindGroup(uint gid) => Find((e, b, n, r) => LibC.getgrgid_r(gid, e, b, n, r), ReadGroup);

    public string UserName(uint uid) => FindUser(uid)?.Name ?? uid.ToString(CultureInfo.InvariantCulture);

    public string GroupName(uint gid) => FindGroup(gid)?.Name ?? gid.ToString(CultureInfo.InvariantCulture);

    /// <summary>Every user name NSS lists (for completion); NSS sources that do not enumerate list none.</summary>
    public unsafe IReadOnlyList<string> UserNames()
    {
        LibC.setpwent();
        try
        {
            return Enumerate((e, b, n, r) => LibC.getpwent_r(e, b, n, r), ReadPasswd).Select(u => u.Name).ToArray();
        }
        finally
        {
            LibC.endpwent();
        }
    }

    /// <summary>Every group name NSS lists (for completion).</summary>
    public unsafe IReadOnlyList<string> GroupNames()
    {
        LibC.setgrent();
        try
        {
            return Enumerate((e, b, n, r) => LibC.getgrent_r(e, b, n, r), ReadGroup).Select(g => g.Name).ToArray();
        }
        finally
        {
            LibC.endgrent();
        }
    }

    /// <summary>The user this process acts for: the effective uid, which is what the kernel checks.</summary>
    public UserAccount CurrentUser()
    {
        var uid = LibC.geteuid();
        return FindUser(uid) ?? new UserAccount(uid.ToString(CultureInfo.InvariantCulture), uid, uid, "/");
    }

    private static bool IsName(string name) => !string.IsNullOrEmpty(name) && !name.Contains('\0');

    private static unsafe T? Find<T>(Lookup lookup, Func<nint, T> read)
        where T : class
    {
        // struct passwd and struct group are at most 48 bytes on LP64; the strings live in the buffer.
        var entry = stackalloc byte[64];
        var buffer = new byte[BufferSize];
        byte* result = null;
        fixed (byte* b = buffer)
        {
            var rc = lookup(entry, b, (nuint)buffer.Length, &result);
            return rc == 0 && result != null ? read((nint)result) : null;
        }
    }

    /// <summary>Entries of a get*ent_r walk until it reports the end (or an error).</summary>
    private static unsafe List<T> Enumerate<T>(Lookup next, Func<nint, T> read)
    {
        var found = new List<T>();
        var entry = stackalloc byte[64];
        var buffer = new byte[BufferSize];
        fixed (byte* b = buffer)
        {
            byte* result = null;
            while (next(entry, b, (nuint)buffer.Length, &result) == 0 && result != null)
            {
                found.Add(read((nint)result));
            }
        }

        return found;
    }

    // struct passwd on LP64: name@0, passwd@8, uid@16, gid@20, gecos@24, dir@32, shell@40.
    private static unsafe UserAccount ReadPasswd(nint entry)
    {
        var p = (byte*)entry;
        return new UserAccount(
            Marshal.PtrToStringUTF8(*(nint*)p) ?? string.Empty,
            *(uint*)(p + 16),
            *(uint*)(p + 20),
            Marshal.PtrToStringUTF8(*(nint*)(p + 32)) ?? "/");
    }

    // struct group on LP64: name@0, passwd@8, gid@16, mem@24.
    private static unsafe GroupAccount ReadGroup(nint entry)
    {
        var g = (byte*)entry;
        return new GroupAccount(Marshal.PtrToStringUTF8(*(nint*)g) ?? string.Empty, *(uint*)(g + 16));
    }
}
