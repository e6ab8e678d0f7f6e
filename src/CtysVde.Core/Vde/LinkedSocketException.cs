using System.Net.Sockets;

namespace CtysVde.Core.Vde;

/// <summary>A socket's name holds a symbolic link: it is never followed (it could lead to another switch's socket).</summary>
public sealed class LinkedSocketException : SocketException
{
    public LinkedSocketException(string path)
        : base((int)SocketError.AccessDenied)
    {
        Path = path;
    }

    public string Path { get; }

    public override string Message => $"{Path} is a symbolic link; it is never followed";
}
