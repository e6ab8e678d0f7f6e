using System.Net.Sockets;

namespace CtysVde.Core.Vde;

/// <summary>The management socket could not be reached; <see cref="Error"/> says why (missing, refused, denied, timeout).</summary>
public sealed class ManagementConnectException : Exception
{
    public ManagementConnectException(string path, SocketError error, string message, Exception? inner = null)
        : base(message, inner)
    {
        Path = path;
        Error = error;
    }

    public string Path { get; }

    public SocketError Error { get; }
}
