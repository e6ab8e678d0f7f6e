namespace CtysVde.Core.Linux;

/// <summary>File operations .NET does not expose: lstat with owner, lchown, chmod with setgid.</summary>
public sealed class UnixFiles
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

    /// <summary>Changes owner without following a symlink that might have been planted in /var/tmp.</summary>
    public void ChangeOwner(string path, uint uid, uint gid)
    {
        if (LibC.lchown(path, uid, gid) != 0)
        {
            throw new PosixException($"chown {path}", System.Runtime.InteropServices.Marshal.GetLastPInvokeError());
        }
    }

    public void ChangeMode(string path, uint mode)
    {
        var status = Stat(path) ?? throw new PosixException($"chmod {path}", LibC.ENOENT);
        if (status.Kind == FileKind.SymbolicLink)
        {
            throw new PosixException($"chmod {path} (a symbolic link)", LibC.ELOOP);
        }

        if (LibC.chmod(path, mode) != 0)
        {
            throw new PosixException($"chmod {path}", System.Runtime.InteropServices.Marshal.GetLastPInvokeError());
        }
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
