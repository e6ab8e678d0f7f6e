using System.Globalization;

namespace CtysVde.Core.Linux;

/// <summary>
/// Descriptors a program inherited from whoever started it (a shell's `flock FILE ctys-setupvde …` leaves the
/// lock on fd 3) would pass on to every program it starts, and vde_switch would hold them for its whole life:
/// that lock would never be released. They are marked close-on-exec before vde_switch is started.
/// </summary>
public static class InheritedDescriptors
{
    private const int F_GETFD = 1;
    private const int F_SETFD = 2;
    private const int FD_CLOEXEC = 1;

    /// <summary>
    /// Marks every descriptor above stderr close-on-exec. This process keeps using them as before; only programs it
    /// starts from now on no longer inherit them (in a pwsh host too, which nothing there relies on).
    /// </summary>
    public static void KeepFromChildren()
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            if (int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var fd) && fd > 2)
            {
                var flags = LibC.fcntl(fd, F_GETFD, 0);
                if (flags >= 0 && (flags & FD_CLOEXEC) == 0)
                {
                    LibC.fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
                }
            }
        }
    }
}
