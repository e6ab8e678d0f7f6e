using System.Globalization;
using System.Runtime.InteropServices;
using CtysVde.Core.Errors;
using CtysVde.Core.Linux;

namespace CtysVde.Core.Switches;

/// <summary>
/// Serialises operations on one switch (or one bridge) with flock on a file in a directory only the caller can
/// write: `/run/ctysvde` for root, never the shared /var/tmp, where any user could plant the lock file and hold
/// it, or make it a link. The file and (when empty) the directory are removed on release; a waiter that locked
/// a file which was meanwhile unlinked notices (inode mismatch) and retries. After a kill -9 the file stays
/// unlocked, and the next call on the same switch takes it and removes it.
/// </summary>
public sealed class SwitchLock : IDisposable
{
    /// <summary>
    /// The real files, not the environment's: a lock is taken before an operation's first step and released after
    /// its last, in a directory only the caller can reach; it is no step of the operation and needs no undo.
    /// </summary>
    private static readonly UnixFiles Files = new();

    private readonly DirectoryHandle _directory;
    private readonly string _name;
    private int _fd;

    private SwitchLock(DirectoryHandle directory, string name, int fd)
    {
        _directory = directory;
        _name = name;
        _fd = fd;
    }

    /// <summary>Where this caller's locks live: root's in /run, anyone else's in their runtime directory.</summary>
    public static string DirectoryFor(uint euid)
    {
        if (euid == 0)
        {
            return "/run/ctysvde";
        }

        var runtime = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
        return !string.IsNullOrEmpty(runtime) && Path.IsPathFullyQualified(runtime)
            ? Path.Combine(runtime, "ctysvde")
            : $"/tmp/ctysvde-{euid.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>The lock of the switch whose management socket is <paramref name="managementSocket"/>.</summary>
    public static SwitchLock ForSwitch(string managementSocket, TimeSpan timeout, CancellationToken cancellation) =>
        Acquire(DirectoryFor(LibC.geteuid()), $"switch-{Fnv1a(managementSocket)}.lock", managementSocket, timeout, cancellation);

    /// <summary>
    /// The lock of a bridge CtysVde creates for switches: held from its creation until a TAP is attached, and while
    /// a cancel decides that an empty one is left over, so that it never removes one a create is about to use.
    /// </summary>
    public static SwitchLock ForBridge(string bridge, TimeSpan timeout, CancellationToken cancellation) =>
        Acquire(DirectoryFor(LibC.geteuid()), $"bridge-{bridge}.lock", bridge, timeout, cancellation);

    public static SwitchLock Acquire(string directory, string name, string target, TimeSpan timeout, CancellationToken cancellation)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var dir = OpenDirectory(directory, target);
            var fd = LibC.openat(dir.Descriptor, name, LibC.O_RDWR | LibC.O_CREAT | LibC.O_NOFOLLOW | LibC.O_CLOEXEC, 0x180 /* 0600 */);
            if (fd < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                dir.Dispose();
                if (errno == LibC.ENOENT)
                {
                    continue; // the last holder removed the directory after we opened it
                }

                throw Failure(errno, Path.Combine(directory, name), target);
            }

            while (LibC.flock(fd, LibC.LOCK_EX | LibC.LOCK_NB) != 0)
            {
                if (cancellation.IsCancellationRequested || DateTime.UtcNow > deadline)
                {
                    LibC.close(fd);
                    dir.Dispose();
                    cancellation.ThrowIfCancellationRequested();
                    throw new VdeException(ErrorIds.LockTimeout, VdeErrorCategory.OperationTimeout, $"another call holds the lock of {target} ({Path.Combine(directory, name)}) for longer than {timeout.TotalSeconds:0} s", target);
                }

                Thread.Sleep(5);
            }

            // The holder before us may have unlinked the file; then our lock guards nothing.
            if (SameFile(fd, dir, name))
            {
                return new SwitchLock(dir, name, fd);
            }

            LibC.close(fd);
            dir.Dispose();
        }
    }

    /// <summary>
    /// Removes the lock files a killed call left in this caller's lock directory: each one nobody holds (a
    /// non-blocking flock succeeds). A call about to take one notices the unlink and makes a new one.
    /// </summary>
    public static void RemoveStale() => ForEachStale(remove: true);

    /// <summary>The lock files a killed call left (nobody holds them), for listall's note; changes nothing.</summary>
    public static IReadOnlyList<string> Stale() => ForEachStale(remove: false);

    private static IReadOnlyList<string> ForEachStale(bool remove)
    {
        var stale = new List<string>();
        using var dir = DirectoryHandle.Open(DirectoryFor(LibC.geteuid()));
        if (dir is null || dir.Status() is not { Kind: FileKind.Directory } status || status.Uid != LibC.geteuid())
        {
            return stale;
        }

        foreach (var name in dir.EntryNames().Where(n => n.EndsWith(".lock", StringComparison.Ordinal)))
        {
            var fd = LibC.openat(dir.Descriptor, name, LibC.O_RDWR | LibC.O_NOFOLLOW | LibC.O_CLOEXEC, 0);
            if (fd < 0)
            {
                continue;
            }

            try
            {
                if (LibC.flock(fd, LibC.LOCK_EX | LibC.LOCK_NB) == 0 && SameFile(fd, dir, name))
                {
                    stale.Add(Path.Combine(dir.Path, name));
                    if (remove)
                    {
                        Files.RemoveEntry(dir, name);
                    }
                }
            }
            finally
            {
                LibC.close(fd);
            }
        }

        return stale;
    }

    public void Dispose()
    {
        if (_fd < 0)
        {
            return;
        }

        Files.RemoveEntry(_directory, _name);
        LibC.close(_fd);
        _fd = -1;
        try
        {
            Files.RemoveEmptyDirectory(_directory.Path);
        }
        catch (PosixException)
        {
            // Another caller's lock is in it, or it went meanwhile: either way it is not ours to remove.
        }

        _directory.Dispose();
    }

    /// <summary>Makes (0700) and opens the lock directory, refusing one that is a link or that anyone else can reach.</summary>
    internal static DirectoryHandle OpenDirectory(string directory, string target)
    {
        try
        {
            Files.CreateDirectory(directory, 0x1C0 /* 0700 */);
        }
        catch (PosixException e) when (e.Errno == LibC.EEXIST)
        {
        }
        catch (PosixException e)
        {
            throw Failure(e.Errno, directory, target);
        }

        DirectoryHandle dir;
        try
        {
            dir = DirectoryHandle.Open(directory) ?? throw new PosixException($"open {directory}", LibC.ENOENT);
        }
        catch (PosixException e)
        {
            throw Failure(e.Errno, directory, target);
        }

        var status = dir.Status();
        if (status.Uid != LibC.geteuid() || (status.Permissions & 0x3F) != 0)
        {
            dir.Dispose();
            throw new VdeException(ErrorIds.UnsafeLockFile, VdeErrorCategory.InvalidArgument,
                $"the lock directory {directory} is {status.ModeString} uid {status.Uid}: it must be yours and closed to everyone else (0700); remove it", target);
        }

        return dir;
    }

    private static VdeException Failure(int errno, string path, string target) => errno switch
    {
        LibC.ELOOP or LibC.ENOTDIR => new VdeException(ErrorIds.UnsafeLockFile, VdeErrorCategory.InvalidArgument, $"the lock {path} is a symbolic link or not what it should be; refusing to follow it: remove it", target),
        LibC.ENOSPC or LibC.EDQUOT => new VdeException(ErrorIds.NoSpace, VdeErrorCategory.ResourceUnavailable, $"cannot create the lock {path}: {LibC.ErrorText(errno)}", target),
        _ => new VdeException(ErrorIds.PermissionDenied, VdeErrorCategory.PermissionDenied, $"cannot open the lock {path}: {LibC.ErrorText(errno)}", target),
    };

    private static bool SameFile(int fd, DirectoryHandle dir, string name)
    {
        var held = Files.Identity(fd);
        var entry = Files.Identity(Path.Combine(dir.DescriptorPath, name));
        return entry is not null && entry.Value == held;
    }

    /// <summary>A short, stable file name for a path of up to 107 bytes (64-bit FNV-1a).</summary>
    internal static string Fnv1a(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash.ToString("x16", CultureInfo.InvariantCulture);
    }
}
