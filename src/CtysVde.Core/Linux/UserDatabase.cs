using System.Globalization;
using System.Runtime.InteropServices;

namespace CtysVde.Core.Linux;

/// <summary>Users and groups through libc (NSS), so LDAP or sssd users resolve the same way `id` does.</summary>
public sealed class UserDatabase
{
    private const int BufferSize = 16384;
    private readonly Dictionary<uint, string> _userNames = new();
    private readonly Dictionary<uint, string> _groupNames = new();
    private bool _usersEnumerated;
    private bool _groupsEnumerated;

    private unsafe delegate int Lookup(byte* entry, byte* buffer, nuint length, byte** result);

    public static bool IsRoot => LibC.geteuid() == 0;

    public unsafe UserAccount? FindUser(string name) =>
        IsName(name) ? Find((e, b, n, r) => LibC.getpwnam_r(name, e, b, n, r), ReadPasswd) : null;

    public unsafe UserAccount? FindUser(uint uid) => Find((e, b, n, r) => LibC.getpwuid_r(uid, e, b, n, r), ReadPasswd);

    public unsafe GroupAccount? FindGroup(string name) =>
        IsName(name) ? Find((e, b, n, r) => LibC.getgrnam_r(name, e, b, n, r), ReadGroup) : null;

    public unsafe GroupAccount? FindGroup(uint gid) => Find((e, b, n, r) => LibC.getgrgid_r(gid, e, b, n, r), ReadGroup);

    /// <summary>
    /// The user's name (its number when NSS has none). Remembered for this object's life, and on the first miss
    /// every user NSS lists is read in one pass: a listing names many owners, and one getpwuid each re-reads
    /// /etc/passwd every time. A user NSS does not list (LDAP without enumeration) is still looked up on its own.
    /// </summary>
    public string UserName(uint uid) => Remembered(_userNames, uid, ref _usersEnumerated, EnumerateUsers, id => FindUser(id)?.Name);

    /// <summary>The group's name (its number when NSS has none), remembered like <see cref="UserName"/>.</summary>
    public string GroupName(uint gid) => Remembered(_groupNames, gid, ref _groupsEnumerated, EnumerateGroups, id => FindGroup(id)?.Name);

    /// <summary>Every user name NSS lists (for completion); NSS sources that do not enumerate list none.</summary>
    public IReadOnlyList<string> UserNames() => EnumerateUsers().Select(u => u.Name).ToArray();

    /// <summary>Every group name NSS lists (for completion).</summary>
    public IReadOnlyList<string> GroupNames() => EnumerateGroups().Select(g => g.Name).ToArray();

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

    private static unsafe IEnumerable<(string Name, uint Id)> EnumerateUsers()
    {
        LibC.setpwent();
        try
        {
            return Enumerate((e, b, n, r) => LibC.getpwent_r(e, b, n, r), ReadPasswd).Select(u => (u.Name, u.Uid)).ToArray();
        }
        finally
        {
            LibC.endpwent();
        }
    }

    private static unsafe IEnumerable<(string Name, uint Id)> EnumerateGroups()
    {
        LibC.setgrent();
        try
        {
            return Enumerate((e, b, n, r) => LibC.getgrent_r(e, b, n, r), ReadGroup).Select(g => (g.Name, g.Gid)).ToArray();
        }
        finally
        {
            LibC.endgrent();
        }
    }

    private static string Remembered(Dictionary<uint, string> names, uint id, ref bool enumerated, Func<IEnumerable<(string Name, uint Id)>> all, Func<uint, string?> one)
    {
        lock (names)
        {
            if (names.TryGetValue(id, out var name))
            {
                return name;
            }

            if (!enumerated)
            {
                enumerated = true;
                foreach (var (n, i) in all())
                {
                    names.TryAdd(i, n);
                }

                if (names.TryGetValue(id, out name))
                {
                    return name;
                }
            }

            return names[id] = one(id) ?? id.ToString(CultureInfo.InvariantCulture);
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
