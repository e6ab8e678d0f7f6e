using System.Net.Sockets;

namespace CtysVde.Core.Vde;

/// <summary>Tells a live UNIX stream socket from a stale one (a dead listener leaves the file; connect is refused).</summary>
public static class SocketProbe
{
    public static bool IsListening(string path)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(path));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
