using CtysVde.Core.Errors;

namespace CtysVde.Core.Remote;

/// <summary>
/// One host to run an action on: the seed's `user@host` with its per-host options (`host'(-Z sudo)'`).
/// </summary>
/// <param name="Host">A host name, an IPv4 address or an IPv6 address, as ssh takes it.</param>
/// <param name="User">The login user; null lets ssh decide (its config, else the caller's name).</param>
/// <param name="Elevation">`sudo` or `ksu` when the action runs through it on that host.</param>
public sealed record RemoteTarget(string Host, string? User, string? Elevation)
{
    /// <summary>How the user wrote it, for messages and the host column.</summary>
    public override string ToString() => User is null ? Host : $"{User}@{Host}";

    /// <summary>`[user@]host` as ssh takes it, or InvalidTarget.</summary>
    public static RemoteTarget Parse(string text)
    {
        var (target, problem) = Read(text);
        return target ?? throw Invalid(text, problem!);
    }

    /// <summary>`[user@]host` split and checked: the target (no user when none is named), or why it is none.</summary>
    public static (RemoteTarget? Target, string? Problem) Read(string login)
    {
        var at = login.LastIndexOf('@');
        var user = at >= 0 ? login[..at] : null;
        var host = at >= 0 ? login[(at + 1)..] : login;
        var problem = user is { Length: 0 } ? "the user before '@' is empty" : (user is null ? null : UserNameProblem(user)) ?? HostProblem(host);
        return problem is null ? (new RemoteTarget(host, user, null), null) : (null, problem);
    }

    /// <summary>Null when <paramref name="user"/> can be a login name; else why not.</summary>
    public static string? UserNameProblem(string user) =>
        user.Length > 32 ? "the user name is longer than 32 characters"
        : user.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.') && user[0] != '-' ? null
        : $"'{user}' is not a valid user name";

    /// <summary>Null when <paramref name="host"/> can be a host name or address; else why not.</summary>
    public static string? HostProblem(string host)
    {
        if (host.Length == 0)
        {
            return "the host name is empty";
        }

        if (host.Length > 253)
        {
            return "the host name is longer than 253 characters";
        }

        // Names, IPv4 and IPv6 addresses; nothing ssh would read as an option or the shell as syntax.
        return host[0] != '-' && host.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or ':' or '%')
            ? null
            : $"'{host}' is not a valid host name or address";
    }

    public static VdeException Invalid(string text, string problem) =>
        new(ErrorIds.InvalidTarget, VdeErrorCategory.InvalidArgument, $"invalid host '{text}': {problem}", text);
}
