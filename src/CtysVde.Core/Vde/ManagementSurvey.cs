using System.Net.Sockets;
using System.Text;

namespace CtysVde.Core.Vde;

/// <summary>
/// Asks many switches the same few commands at once, on one thread: every management socket is connected and
/// sent its first command right away (it waits behind the banner, as one write), and the answers are collected
/// as they come, each session sending its next command when the last one was answered. Listing 50 switches
/// so costs about one round trip per command instead of three per switch one after another (bench/README.md).
/// The protocol stays the one VdeManagementClient speaks: one command per write, the next after the prompt.
/// </summary>
public sealed class ManagementSurvey : IDisposable
{
    private readonly IReadOnlyList<string> _commands;
    private readonly List<Session> _sessions = new();

    private ManagementSurvey(IReadOnlyList<string> commands)
    {
        _commands = commands;
    }

    /// <summary>
    /// Connects to every socket and sends the first command; the switches answer while the caller does other
    /// work (describing them, say), and <see cref="Finish"/> collects the answers.
    /// </summary>
    public static ManagementSurvey Start(IEnumerable<string> sockets, IReadOnlyList<string> commands, Action<string> log)
    {
        var survey = new ManagementSurvey(commands);
        foreach (var path in sockets.Distinct(StringComparer.Ordinal))
        {
            if (Session.Open(path, commands, log) is { } session)
            {
                survey._sessions.Add(session);
            }
        }

        return survey;
    }

    /// <summary>Starts and finishes at once.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<VdeReply>> Ask(
        IReadOnlyList<string> sockets, IReadOnlyList<string> commands, TimeSpan timeout, Action<string> log, CancellationToken cancellation)
    {
        using var survey = Start(sockets, commands, log);
        return survey.Finish(timeout, cancellation);
    }

    /// <summary>
    /// The replies of each switch that answered every command, by management socket. A switch that cannot be
    /// reached, closes the session or does not answer within <paramref name="timeout"/> is left out, and why
    /// goes to the log.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<VdeReply>> Finish(TimeSpan timeout, CancellationToken cancellation)
    {
        var deadline = DateTime.UtcNow + timeout;
        var buffer = new byte[8192];
        var bySocket = _sessions.ToDictionary(s => s.Socket);
        while (_sessions.Any(s => s.Waiting))
        {
            cancellation.ThrowIfCancellationRequested();
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                foreach (var s in _sessions.Where(s => s.Waiting))
                {
                    s.Fail($"{s.Path} did not answer within {timeout.TotalSeconds:0.#} s");
                }

                break;
            }

            // Short slices, so that a cancellation (Ctrl+C) is noticed quickly.
            var readable = _sessions.Where(s => s.Waiting).Select(s => s.Socket).ToList();
            Socket.Select(readable, null, null, (int)Math.Clamp(left.TotalMicroseconds, 1, 100_000));
            foreach (var socket in readable)
            {
                bySocket[socket].Receive(buffer);
            }
        }

        return _sessions.Where(s => s.Replies.Count == _commands.Count).ToDictionary(s => s.Path, s => (IReadOnlyList<VdeReply>)s.Replies, StringComparer.Ordinal);
    }

    public void Dispose()
    {
        foreach (var s in _sessions)
        {
            s.Socket.Dispose();
        }
    }

    /// <summary>One switch's session: what has come in, which reply is awaited, and the replies so far.</summary>
    private sealed class Session
    {
        private readonly IReadOnlyList<string> _commands;
        private readonly Action<string> _log;
        private readonly StringBuilder _pending = new();
        private bool _bannerSeen;
        private bool _failed;

        private Session(Socket socket, string path, IReadOnlyList<string> commands, Action<string> log)
        {
            Socket = socket;
            Path = path;
            _commands = commands;
            _log = log;
        }

        public Socket Socket { get; }

        public string Path { get; }

        public List<VdeReply> Replies { get; } = new();

        public bool Waiting => !_failed && Replies.Count < _commands.Count;

        public static Session? Open(string path, IReadOnlyList<string> commands, Action<string> log)
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                SocketProbe.Connect(socket, path);
                var session = new Session(socket, path, commands, log);
                session.SendNext();
                return session;
            }
            catch (SocketException e)
            {
                socket.Dispose();
                log($"{path} did not answer: {e.Message}");
                return null;
            }
        }

        public void Fail(string why)
        {
            _failed = true;
            _log(why);
        }

        public void Receive(byte[] buffer)
        {
            int n;
            try
            {
                n = Socket.Receive(buffer);
            }
            catch (SocketException e)
            {
                Fail($"{Path}: {e.Message}");
                return;
            }

            if (n == 0)
            {
                Fail($"{Path} closed the session");
                return;
            }

            _pending.Append(Encoding.UTF8.GetString(buffer, 0, n));
            var text = _pending.ToString();
            int end;
            while (Waiting && (end = text.IndexOf(VdeReplyParser.Prompt, StringComparison.Ordinal)) >= 0)
            {
                var segment = text[..end];
                text = text[(end + VdeReplyParser.Prompt.Length)..];
                if (!_bannerSeen)
                {
                    _bannerSeen = true;
                    continue;
                }

                try
                {
                    Replies.Add(VdeReplyParser.Parse(_commands[Replies.Count], segment));
                }
                catch (VdeProtocolException e)
                {
                    Fail($"{Path}: {e.Message}");
                    return;
                }

                if (Waiting)
                {
                    SendNext();
                }
            }

            _pending.Clear().Append(text);
        }

        private void SendNext()
        {
            try
            {
                Socket.Send(Encoding.UTF8.GetBytes(_commands[Replies.Count] + "\n"));
            }
            catch (SocketException e)
            {
                Fail($"{Path}: {e.Message}");
            }
        }
    }
}
