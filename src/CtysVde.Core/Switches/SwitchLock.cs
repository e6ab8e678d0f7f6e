using System.Runtime.InteropServices;
using CtysVde.Core.Linux;

namespace CtysVde.Core.Switches;

/// <summary>
/// Serialises operations on one switch with flock on `&lt;mgmt&gt;.lock`. The file is removed on release; a
/// waiter that locked a file which was meanwhile unlinked notices (inode mismatch) and retries. It is
/// opened O_NOFOLLOW|O_CLOEXEC: no planted symlink is followed and vde_switch never inherits it.
/// </summary>
public sealed class SwitchLock : IDisposable
{
    private readonly string _path;
    private int _fd;

    private SwitchLock(string path, int fd)
    {
        _path = path;
        _fd = fd;
    }

    public static SwitchLock Acquire(string path, UnixFiles files, TimeSpan timeout, CancellationToken cancellation)
    {
        var deadline = DateTime.UtcNow + timeout;
        var me = LibC.geteuid();
        while (true)
        {
            var fd = LibC.open(path, LibC.O_RDWR | LibC.O_CREAT | LibC.O_NOFOLLOW | LibC.O_CLOEXEC, 0x180 /* 0600 */);
            if (fd < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                throw new VdeException(
                    errno == LibC.ELOOP ? ErrorIds.UnsafeSocketPath : ErrorIds.PermissionDenied,
                    errno == LibC.ELOOP ? VdeErrorCategory.InvalidArgument : VdeErrorCategory.PermissionDenied,
                    $"cannot open lock file {path}: {LibC.ErrorText(errno)}",
                    path);
            }

            var status = files.StatDescriptor(fd, path);
            if (status.Uid != me && me != 0)
            {
                LibC.close(fd);
                throw new VdeException(ErrorIds.UnsafeSocketPath, VdeErrorCategory.InvalidArgument, $"lock file {path} belongs to uid {status.Uid}, not to you", path);
            }

            while (LibC.flock(fd, LibC.LOCK_EX | LibC.LOCK_NB) != 0)
            {
                if (cancellation.IsCancellationRequested || DateTime.UtcNow > deadline)
                {
                    LibC.close(fd);
                    cancellation.ThrowIfCancellationRequested();
                    throw new VdeException(ErrorIds.LockTimeout, VdeErrorCategory.OperationTimeout, $"another ctys-setupvde holds {path} for longer than {timeout.TotalSeconds:0} s", path);
                }

                Thread.Sleep(5);
            }

            // The holder before us may have unlinked the file; then our lock guards nothing.
            var onDisk = files.Identity(path);
            if (onDisk is not null && onDisk.Value == files.Identity(fd))
            {
                return new SwitchLock(path, fd);
            }

            LibC.close(fd);
        }
    }

    public void Dispose()
    {
        if (_fd < 0)
        {
            return;
        }

        File.Delete(_path);
        LibC.close(_fd);
        _fd = -1;
    }
}
