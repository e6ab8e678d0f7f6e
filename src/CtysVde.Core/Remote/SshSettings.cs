using System.Globalization;

namespace CtysVde.Core.Remote;

/// <summary>
/// How hosts are reached: the system's ssh with the user's own config and keys, never a password prompt,
/// and a connect timeout that also bounds how long a host that dies mid-run can hold the others' result.
/// </summary>
public sealed record SshSettings
{
    /// <summary>The environment variable that replaces `ssh` (program and leading options, split at blanks), like GIT_SSH_COMMAND.</summary>
    public const string CommandVariable = "CTYSVDE_SSH_COMMAND";

    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(10);

    public IReadOnlyList<string> Command { get; init; } = ["ssh"];

    public TimeSpan ConnectTimeout { get; init; } = DefaultConnectTimeout;

    public static SshSettings FromEnvironment(TimeSpan? connectTimeout)
    {
        var command = Environment.GetEnvironmentVariable(CommandVariable)?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return new SshSettings
        {
            Command = command is { Length: > 0 } ? command : ["ssh"],
            ConnectTimeout = connectTimeout ?? DefaultConnectTimeout,
        };
    }

    /// <summary>The ssh arguments (after the program) that run <paramref name="remoteCommand"/> on <paramref name="target"/>.</summary>
    public IReadOnlyList<string> Arguments(RemoteTarget target, string remoteCommand)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(ConnectTimeout.TotalSeconds));

        // Three unanswered keep-alives end the session: a host that vanishes mid-run costs about one timeout.
        var keepAlive = Math.Max(1, (int)Math.Ceiling(seconds / 3.0));
        var args = new List<string>(Command.Skip(1))
        {
            "-o", "BatchMode=yes",
            "-o", "ConnectTimeout=" + seconds.ToString(CultureInfo.InvariantCulture),
            "-o", "ServerAliveInterval=" + keepAlive.ToString(CultureInfo.InvariantCulture),
            "-o", "ServerAliveCountMax=3",
        };
        if (target.User is not null)
        {
            args.Add("-l");
            args.Add(target.User);
        }

        args.Add("--");
        args.Add(target.Host);
        args.Add(remoteCommand);
        return args;
    }
}
