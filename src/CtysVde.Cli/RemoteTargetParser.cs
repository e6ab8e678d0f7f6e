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

        var (target, problem) = RemoteTarget.Read(spec);
        problem ??= target!.User is null && defaultUser is not null ? RemoteTarget.UserNameProblem(defaultUser) : null;
        if (problem is not null)
        {
            throw Bad(text, problem);
        }

        return target! with { User = target.User ?? defaultUser, Elevation = elevation };
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
