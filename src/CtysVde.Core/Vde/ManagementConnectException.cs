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

    /// <summary>True when the socket file exists but no process listens on it (a switch that died).</summary>
    public bool IsStale => Error == SocketError.ConnectionRefused;

    public bool IsMissing => Error is SocketError.AddressNotAvailable or SocketError.AddressFamilyNotSupported;
}
