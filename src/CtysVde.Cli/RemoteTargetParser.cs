using CtysVde.Core.Errors;
using CtysVde.Core.Remote;

namespace CtysVde.Cli;

/// <summary>
/// Reads the seed's target syntax: `host`, `user@host`, and per-host options in parentheses, which the
/// shell hands over as `host3(-Z sudo)` once the caller's quotes are gone. The command line's own syntax, so
/// it lives here and not in the engine.
/// </summary>
public static class RemoteTargetParser
{
    /// <summary>Parses one target; <paramref name="defaultUser"/> (-l) and <paramref name="defaultElevation"/> (-Z) apply unless the target says otherwise.</summary>
    public static RemoteTarget Parse(string text, string? defaultUser, string? defaultElevation)
    {
        var spec = text.Trim();
        string? elevation = defaultElevation;
        var open = spec.IndexOf('(', StringComparison.Ordinal);
        if (open >= 0)
        {
            if (!spec.EndsWith(')'))
            {
                throw Bad(text, "the per-host options must end with ')'");
            }

            elevation = PerHostElevation(text, spec[(open + 1)..^1]);
            spec = spec[..open];
        }

        string? user = defaultUser;
        var at = spec.LastIndexOf('@');
        if (at >= 0)
        {
            user = spec[..at];
            spec = spec[(at + 1)..];
            if (user.Length == 0)
            {
                throw Bad(text, "the user before '@' is empty");
            }
        }

        if (user is not null && UserNameProblem(user) is { } userProblem)
        {
            throw Bad(text, userProblem);
        }

        if (RemoteTarget.HostProblem(spec) is { } hostProblem)
        {
            throw Bad(text, hostProblem);
        }

        return new RemoteTarget(spec, user, elevation);
    }

    /// <summary>Splits `-r host1,host2` and parses each entry.</summary>
    public static IReadOnlyList<RemoteTarget> ParseList(string list, string? defaultUser, string? defaultElevation)
    {
        var entries = list.Split(',', StringSplitOptions.TrimEntries);
        if (entries.Any(e => e.Length == 0))
        {
            throw Bad(list, "the host list has an empty entry");
        }

        return entries.Select(e => Parse(e, defaultUser, defaultElevation)).ToArray();
    }

    /// <summary>Null when <paramref name="user"/> can be a login name; else why not.</summary>
    public static string? UserNameProblem(string user) => RemoteTarget.UserNameProblem(user);

    private static string PerHostElevation(string text, string options)
    {
        var words = options.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 2 && words[0] == "-Z")
        {
            return Elevation.Normalize(words[1]) ?? throw Bad(text, $"-Z takes {string.Join(" or ", Elevation.Known)}, not '{words[1]}'");
        }

        throw Bad(text, $"the only per-host option is '-Z sudo' or '-Z ksu', not '{options}'");
    }

    private static VdeException Bad(string text, string problem) => RemoteTarget.Invalid(text, problem);
}
