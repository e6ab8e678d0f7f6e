namespace CtysVde.Core.Linux;

/// <summary>File operations .NET does not expose, none of which follows a link at the name it is given: lstat with owner, chown and chmod through a descriptor, mkdir, unlink, and the same inside a directory held by a <see cref="DirectoryHandle"/>.</summary>
public sealed partial class UnixFiles : IUnixFiles
{
    /// <summary>lstat(2); null when the path does not exist.</summary>
    public unsafe FileStatus? Stat(string path)
    {
        LibC.StatxBuffer buffer;
        if (LibC.statx(LibC.AT_FDCWD, path, LibC.AT_SYMLINK_NOFOLLOW, LibC.STATX_BASIC_STATS, &buffer) != 0)
        {
            var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            if (errno is LibC.ENOENT or 20 /* ENOTDIR */)
            {
                return null;
            }

            throw new PosixException($"stat {path}", errno);
        }

        return ToStatus(path, buffer);
    }

    public unsafe FileStatus StatDescriptor(int fd, string path)
    {
        LibC.StatxBuffer buffer;
        if (LibC.statx(fd, string.Empty, LibC.AT_EMPTY_PATH, LibC.STATX_BASIC_STATS, &buffer) != 0)
        {
            throw new PosixException($"fstat {path}", System.Runtime.InteropServices.Marshal.GetLastPInvokeError());
        }

        return ToStatus(path, buffer);
    }

    public unsafe (ulong Inode, uint DevMajor, uint DevMinor)? Identity(string path)
    {
        LibC.StatxBuffer buffer;
        if (LibC.statx(LibC.AT_FDCWD, path, LibC.AT_SYMLINK_NOFOLLOW, LibC.STATX_BASIC_STATS, &buffer) != 0)
        {
            return null;
        }

        return (buffer.Inode, buffer.DevMajor, buffer.DevMinor);
    }

    public unsafe (ulong Inode, uint DevMajor, uint DevMinor) Identity(int fd)
    {
        LibC.StatxBuffer buffer;
        if (LibC.statx(fd, string.Empty, LibC.AT_EMPTY_PATH, LibC.STATX_BASIC_STATS, &buffer) != 0)
        {
            throw new PosixException("fstat", System.Runtime.InteropServices.Marshal.GetLastPInvokeError());
        }

        return (buffer.Inode, buffer.DevMajor, buffer.DevMinor);
    }

    /// <summary>
    /// Gives the file at <paramref name="path"/> to uid:gid with <paramref name="mode"/>, through a descriptor
    /// opened without following a link (O_PATH|O_NOFOLLOW): a link or a file of another kind planted there is
    /// refused, and nothing else is ever touched through it.
    /// </summary>
    public void SetOwnerAndMode(string path, FileKind expected, uint uid, uint gid, uint mode) =>
        SetOwnerAndMode(LibC.AT_FDCWD, path, path, expected, uid, gid, mode);

    internal static void SetOwnerAndMode(int dirFd, string name, string display, FileKind expected, uint uid, uint gid, uint mode)
    {
        var fd = LibC.openat(dirFd, name, LibC.O_PATH | LibC.O_NOFOLLOW | LibC.O_CLOEXEC, 0);
        if (fd < 0)
        {
            throw new PosixException($"open {display}", System.Runtime.InteropServices.Marshal.GetLastPInvokeError());
        }

        try
        {
            var status = StatAt(fd, string.Empty, display, LibC.AT_EMPTY_PATH)!;
            if (status.Kind != expected)
            {
                throw new UnexpectedFileException(status, expected);
            }

            if (LibC.fchownat(fd, string.Empty, uid, gid, LibC.AT_EMPTY_PATH) != 0)
            {
                throw new PosixException($"chown {display}", System.Runtime.InteropServices.Marshal.GetLastPInvokeError());
            }

            // fchmod refuses O_PATH descriptors (and sockets cannot be opened otherwise); the descriptor's
            // /proc link reaches exactly the inode it holds, whatever now has its name.
            if (LibC.chmod($"/proc/self/fd/{fd.ToString(System.Globalization.CultureInfo.InvariantCulture)}", mode) != 0)
            {
                throw new PosixException($"chmod {display}", System.Runtime.InteropServices.Marshal.GetLastPInvokeError());
            }
        }
        finally
        {
            LibC.close(fd);
        }
    }

    /// <summary>mkdir(2): never follows a link at <paramref name="path"/>; a name that exists is EEXIST.</summary>
    public void CreateDirectory(string path, uint mode)
    {
        if (LibC.mkdirat(LibC.AT_FDCWD, path, mode) != 0)
        {
            throw new PosixException($"create directory {path}", System.Runtime.InteropServices.Marshal.GetLastPInvokeError());
        }
    }

    /// <summary>open(2) with O_CREAT|O_EXCL|O_NOFOLLOW: a new regular file of this process's user holding <paramref name="content"/>, or EEXIST for any name there.</summary>
    public void CreateFile(string path, uint mode, string content = "")
    {
        var fd = LibC.open(path, LibC.O_WRONLY | LibC.O_CREAT | LibC.O_EXCL | LibC.O_NOFOLLOW | LibC.O_CLOEXEC, mode);
        if (fd < 0)
        {
            throw new PosixException($"create {path}", System.Runtime.InteropServices.Marshal.GetLastPInvokeError());
        }

        try
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(content);
            if (bytes.Length > 0 && LibC.write(fd, bytes, (nuint)bytes.Length) != bytes.Length)
            {
                throw new PosixException($"write {path}", System.Runtime.InteropServices.Marshal.GetLastPInvokeError());
            }
        }
        finally
        {
            LibC.close(fd);
        }
    }

    public DirectoryHandle? OpenDirectory(string path) => DirectoryHandle.Open(path);

    public void SetOwnerAndMode(DirectoryHandle directory, string name, FileKind expected, uint uid, uint gid, uint mode) =>
        SetOwnerAndMode(directory.Descriptor, name, Path.Combine(directory.Path, name), expected, uid, gid, mode);

    public void SetOwnerAndMode(DirectoryHandle directory, uint uid, uint gid, uint mode)
    {
        if (LibC.fchownat(directory.Descriptor, string.Empty, uid, gid, LibC.AT_EMPTY_PATH) != 0)
        {
            throw new PosixException($"chown {directory.Path}", System.Runtime.InteropServices.Marshal.GetLastPInvokeError());
        }

        if (LibC.fchmod(directory.Descriptor, mode) != 0)
        {
            throw new PosixException($"chmod {directory.Path}", System.Runtime.InteropServices.Marshal.GetLastPInvokeError());
        }
    }

    public void RemoveEntry(DirectoryHandle directory, string name)
    {
        if (LibC.unlinkat(directory.Descriptor, name, 0) != 0 && System.Runtime.InteropServices.Marshal.GetLastPInvokeError() is var errno && errno != LibC.ENOENT)
        {
            throw new PosixException($"remove {Path.Combine(directory.Path, name)}", errno);
        }
    }

    /// <summary>rmdir(2) of an empty directory; false when it is gone already or not empty.</summary>
    public bool RemoveEmptyDirectory(string path)
    {
        if (LibC.unlinkat(LibC.AT_FDCWD, path, LibC.AT_REMOVEDIR) == 0)
        {
            return true;
        }

        var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
        return errno is LibC.ENOENT or LibC.ENOTEMPTY or LibC.EEXIST /* also "not empty" */ or LibC.ENOTDIR
            ? false
            : throw new PosixException($"remove directory {path}", errno);
    }

    /// <summary>unlink(2): removes the name, never what a link at it points to; false when it is gone already.</summary>
    public bool RemoveFile(string path)
    {
        if (LibC.unlinkat(LibC.AT_FDCWD, path, 0) == 0)
        {
            return true;
        }

        var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
        return errno == LibC.ENOENT ? false : throw new PosixException($"remove {path}", errno);
    }

    /// <summary>
    /// The first thing on the way to <paramref name="directory"/> (every ancestor, links resolved, and the
    /// directory itself) that someone other than root or <paramref name="caller"/> can change: an entry they
    /// own, or a directory they may write into that is not sticky. Null when no one else can redirect a name
    /// in <paramref name="directory"/>: then a name created there by root stays root's (sticky /var/tmp too).
    /// </summary>
    public FileStatus? UntrustedAncestor(string directory, uint caller)
    {
        bool Trusted(FileStatus s) => s.Uid == 0 || s.Uid == caller;
        var root = Stat("/")!;
        if (!Trusted(root) || (root.Permissions & 0x12) != 0)
        {
            return root;
        }

        var pending = new Stack<string>(directory.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse());
        var current = "/";
        var links = 0;
        while (pending.TryPop(out var part))
        {
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? "/";
                continue;
            }

            var next = current == "/" ? "/" + part : current + "/" + part;
            var status = Stat(next);
            if (status is null)
            {
                return null;
            }

            if (status.Kind == FileKind.SymbolicLink)
            {
                if (!Trusted(status) || ++links > 40)
                {
                    return status;
                }

                var target = ReadLink(next);
                foreach (var p in target.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse())
                {
                    pending.Push(p);
                }

                if (target.StartsWith('/'))
                {
                    current = "/";
                }

                continue;
            }

            // Others may write into a sticky directory, but not rename or remove what root put there.
            if (!Trusted(status) || status.Kind != FileKind.Directory || ((status.Permissions & 0x12) != 0 && (status.Permissions & 0x200) == 0))
            {
                return status;
            }

            current = next;
        }

        return null;
    }

    internal static unsafe FileStatus? StatAt(int dirFd, string name, string display, int flags)
    {
        LibC.StatxBuffer buffer;
        if (LibC.statx(dirFd, name, flags, LibC.STATX_BASIC_STATS, &buffer) != 0)
        {
            var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            if (errno is LibC.ENOENT or LibC.ENOTDIR)
            {
                return null;
            }

            throw new PosixException($"stat {display}", errno);
        }

        return ToStatus(display, buffer);
    }

    private static unsafe string ReadLink(string path)
    {
        var buffer = stackalloc byte[4096];
        var n = LibC.readlink(path, buffer, 4096);
        if (n < 0)
        {
            throw new PosixException($"readlink {path}", System.Runtime.InteropServices.Marshal.GetLastPInvokeError());
        }

        return System.Text.Encoding.UTF8.GetString(buffer, (int)n);
    }

    private static FileStatus ToStatus(string path, LibC.StatxBuffer b)
    {
        var kind = (b.Mode & 0xF000) switch
        {
            0x4000 => FileKind.Directory,
            0xA000 => FileKind.SymbolicLink,
            0xC000 => FileKind.Socket,
            0x2000 => FileKind.CharacterDevice,
            0x6000 => FileKind.BlockDevice,
            0x1000 => FileKind.Fifo,
            _ => FileKind.Regular,
        };
        return new FileStatus(path, kind, b.Uid, b.Gid, b.Mode);
    }
}
