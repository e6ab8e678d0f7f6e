using System.Globalization;
using System.Net.Sockets;
using CtysVde.Core.Linux;

namespace CtysVde.Core.Vde;

/// <summary>
/// Connects to UNIX sockets without following a link at their name, and tells a live socket from a stale one (a
/// dead listener leaves the file; connect is refused). A socket's owner can replace it with a link to another
/// switch's management socket: root must never send `shutdown` there.
/// </summary>
public static class SocketProbe
{
    public static bool IsListening(string path)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            Connect(socket, path);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>
    /// Connects <paramref name="socket"/> to the socket file at <paramref name="path"/> itself: the name is opened
    /// O_PATH|O_NOFOLLOW and the connection goes through the descriptor's /proc link, which reaches exactly that
    /// inode. A link at the name is a <see cref="LinkedSocketException"/>, never followed.
    /// </summary>
    public static void Connect(Socket socket, string path)
    {
        var fd = LibC.open(path, LibC.O_PATH | LibC.O_NOFOLLOW | LibC.O_CLOEXEC, 0);
        if (fd < 0)
        {
            var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            throw errno switch
            {
                LibC.ELOOP => new LinkedSocketException(path),
                LibC.ENOENT or LibC.ENOTDIR => new SocketException((int)SocketError.AddressNotAvailable),
                _ => new SocketException((int)SocketError.AccessDenied),
            };
        }

        try
        {
            socket.Connect(new UnixDomainSocketEndPoint($"/proc/self/fd/{fd.ToString(CultureInfo.InvariantCulture)}"));
        }
        finally
        {
            LibC.close(fd);
        }
    }
}
