namespace CtysVde.Core.Linux;

/// <summary>
/// The calls a capture makes: its file, created and rewritten with the switch owner's own rights
/// (<see cref="FileSystemIdentity"/>), and its record in the socket directory, reached through the directory's descriptor.
/// </summary>
public sealed partial class UnixFiles
{
    public (ulong Inode, uint DevMajor, uint DevMinor) CreateFileAs(string path, uint uid, uint gid, uint mode)
    {
        int fd;
        using (FileSystemIdentity.Become(uid, gid))
        {
            fd = LibC.open(path, LibC.O_WRONLY | LibC.O_CREAT | LibC.O_EXCL | LibC.O_NOFOLLOW | LibC.O_CLOEXEC, mode);
        }

        if (fd < 0)
        {
            throw new PosixException($"create {path}", System.Runtime.InteropServices.Marshal.GetLastPInvokeError());
        }

        try
        {
            return Identity(fd);
        }
        finally
        {
            LibC.close(fd);
        }
    }

    public Microsoft.Win32.SafeHandles.SafeFileHandle OpenFileAs(string path, uint uid, uint gid)
    {
        int fd;
        using (FileSystemIdentity.Become(uid, gid))
        {
            fd = LibC.open(path, LibC.O_RDWR | LibC.O_NOFOLLOW | LibC.O_CLOEXEC, 0);
        }

        return fd >= 0
            ? new Microsoft.Win32.SafeHandles.SafeFileHandle(fd, ownsHandle: true)
            : throw new PosixException($"open {path}", System.Runtime.InteropServices.Marshal.GetLastPInvokeError());
    }

    public bool RemoveFileAs(string path, uint uid, uint gid)
    {
        using (FileSystemIdentity.Become(uid, gid))
        {
            return RemoveFile(path);
        }
    }

    public void CreateEntry(DirectoryHandle directory, string name, uint mode, string content)
    {
        var shown = Path.Combine(directory.Path, name);
        var fd = LibC.openat(directory.Descriptor, name, LibC.O_WRONLY | LibC.O_CREAT | LibC.O_EXCL | LibC.O_NOFOLLOW | LibC.O_CLOEXEC, mode);
        if (fd < 0)
        {
            throw new PosixException($"create {shown}", System.Runtime.InteropServices.Marshal.GetLastPInvokeError());
        }

        try
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(content);
            if (LibC.write(fd, bytes, (nuint)bytes.Length) != bytes.Length)
            {
                throw new PosixException($"write {shown}", System.Runtime.InteropServices.Marshal.GetLastPInvokeError());
            }
        }
        finally
        {
            LibC.close(fd);
        }
    }

    public unsafe string? ReadEntry(DirectoryHandle directory, string name, int limit)
    {
        var shown = Path.Combine(directory.Path, name);
        // O_NONBLOCK: a fifo planted at the name opens at once instead of waiting for a writer, and is refused below.
        var fd = LibC.openat(directory.Descriptor, name, LibC.O_RDONLY | LibC.O_NOFOLLOW | LibC.O_NONBLOCK | LibC.O_CLOEXEC, 0);
        if (fd < 0)
        {
            var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            return errno == LibC.ENOENT ? null : throw new PosixException($"open {shown}", errno);
        }

        try
        {
            if (StatDescriptor(fd, shown).Kind != FileKind.Regular)
            {
                throw new PosixException($"read {shown}: not a regular file", LibC.EINVAL);
            }

            var buffer = new byte[limit];
            var total = 0;
            fixed (byte* p = buffer)
            {
                for (nint n; total < limit && (n = LibC.read(fd, p + total, (nuint)(limit - total))) > 0;)
                {
                    total += (int)n;
                }
            }

            return System.Text.Encoding.UTF8.GetString(buffer, 0, total);
        }
        finally
        {
            LibC.close(fd);
        }
    }

    /// <summary>ftruncate(2): cuts the file behind <paramref name="handle"/> to <paramref name="length"/> bytes.</summary>
    internal static void Truncate(Microsoft.Win32.SafeHandles.SafeFileHandle handle, long length, string shown)
    {
        if (LibC.ftruncate((int)handle.DangerousGetHandle(), length) != 0)
        {
            throw new PosixException($"truncate {shown}", System.Runtime.InteropServices.Marshal.GetLastPInvokeError());
        }
    }
}
