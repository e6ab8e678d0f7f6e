using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace CtysVde.Core.Vde;

/// <summary>
/// A session on a vde_switch management socket. vde_switch treats each read() as one command, so this
/// client sends one command per write and waits for the `vde$ ` prompt before the next; every read has a
/// timeout and honours cancellation.
/// </summary>
public sealed partial class VdeManagementClient : IDisposable
{
    private const int MaxCommandBytes = 127;
    private readonly Socket _socket;
    private readonly TimeSpan _timeout;
    private readonly CancellationToken _cancellation;
    private readonly StringBuilder _pending = new();

    private VdeManagementClient(Socket socket, string path, TimeSpan timeout, CancellationToken cancellation)
    {
        _socket = socket;
        Path = path;
        _timeout = timeout;
        _cancellation = cancellation;
    }

    public string Path { get; }

    /// <summary>The banner's version, e.g. `2.3.2`.</summary>
    public string? Version { get; private set; }

    public static VdeManagementClient Connect(string path, TimeSpan timeout, CancellationToken cancellation = default)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            SocketProbe.Connect(socket, path);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            var why = e is LinkedSocketException ? "it is a symbolic link, never followed" : e.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "no switch is listening on it (a stale socket)",
                SocketError.AccessDenied => "permission denied",
                SocketError.AddressNotAvailable => "it does not exist",
                _ => e.Message,
            };
            throw new ManagementConnectException(path, e.SocketErrorCode, $"cannot connect to management socket {path}: {why}", e);
        }

        var client = new VdeManagementClient(socket, path, timeout, cancellation);
        try
        {
            var banner = client.ReadUntilPrompt("banner");
            var m = BannerVersion().Match(banner);
            client.Version = m.Success ? m.Groups[1].Value : null;
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    public VdeReply Send(string command)
    {
        ValidateCommand(command);
        Write(command);
        var text = ReadUntilPrompt(command);
        return VdeReplyParser.Parse(command, text);
    }

    /// <summary>Sends `shutdown`; the switch answers `9999 END OF SESSION`, removes its files and exits.</summary>
    public void Shutdown()
    {
        Write("shutdown");
        ReadUntil("shutdown", s => s.Contains(VdeReplyParser.EndOfSession, StringComparison.Ordinal), allowEof: true);
    }

    public void Dispose() => _socket.Dispose();

    private static void ValidateCommand(string command)
    {
        // The switch answers an empty line or a comment with a bare prompt, which would read as a missing reply.
        if (string.IsNullOrWhiteSpace(command) || command.TrimStart().StartsWith('#'))
        {
            throw new ArgumentException("a management command cannot be empty or a comment", nameof(command));
        }

        if (command.Contains('\n') || command.Contains('\r') || command.Contains('\0'))
        {
            throw new ArgumentException("a management command is a single line", nameof(command));
        }

        if (Encoding.UTF8.GetByteCount(command) + 1 > MaxCommandBytes)
        {
            throw new ArgumentException($"management commands are limited to {MaxCommandBytes - 1} bytes", nameof(command));
        }
    }

    private void Write(string command)
    {
        var bytes = Encoding.UTF8.GetBytes(command + "\n");
        _socket.Send(bytes);
    }

    private string ReadUntilPrompt(string what)
    {
        // vde_switch prompts `vde$ `; vde-wirefilter, which speaks the same protocol, `VDEwf$ `.
        var text = ReadUntil(what, s => s.EndsWith(VdeReplyParser.Prompt, StringComparison.Ordinal) || s.EndsWith(Wirefilter.Prompt, StringComparison.Ordinal), allowEof: false);
        return text[..^(text.EndsWith(VdeReplyParser.Prompt, StringComparison.Ordinal) ? VdeReplyParser.Prompt.Length : Wirefilter.Prompt.Length)];
    }

    private string ReadUntil(string what, Func<string, bool> complete, bool allowEof)
    {
        var deadline = DateTime.UtcNow + _timeout;
        var buffer = new byte[8192];
        while (true)
        {
            var current = _pending.ToString();
            if (complete(current))
            {
                _pending.Clear();
                return current;
            }

            _cancellation.ThrowIfCancellationRequested();
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"the switch at {Path} did not answer '{what}' within {_timeout.TotalSeconds:0.#} s");
            }

            // Poll in short slices so a cancellation (Ctrl+C, StopProcessing) is noticed quickly.
            var slice = (int)Math.Min(left.TotalMicroseconds, 100_000);
            if (!_socket.Poll(Math.Max(slice, 1), SelectMode.SelectRead))
            {
                continue;
            }

            var n = _socket.Receive(buffer);
            if (n == 0)
            {
                if (allowEof)
                {
                    _pending.Clear();
                    return current;
                }

                throw new VdeProtocolException($"the switch at {Path} closed the session while answering '{what}'");
            }

            _pending.Append(Encoding.UTF8.GetString(buffer, 0, n));
        }
    }

    [GeneratedRegex(@"VDE switch V\.(\S+)")]
    private static partial Regex BannerVersion();
}
