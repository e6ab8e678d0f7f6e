using System.Text;
using System.Text.RegularExpressions;

namespace CtysVde.Core.Switches;

/// <summary>
/// PowerShell's wildcard syntax (`*`, `?`, `[a-z]`, backtick escapes), implemented here so the engine can
/// be tested without a PowerShell host. Matching ignores case, as PowerShell does for discovery.
/// </summary>
public sealed class NamePattern
{
    private readonly Regex? _regex;
    private readonly string _literal;

    public NamePattern(string pattern)
    {
        Pattern = pattern;
        IsWildcard = HasWildcards(pattern);
        _literal = Unescape(pattern);
        _regex = IsWildcard ? new Regex(ToRegex(pattern), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant) : null;
    }

    public string Pattern { get; }

    public bool IsWildcard { get; }

    /// <summary>Interface names are case-sensitive on Linux: a literal matches exactly; a wildcard ignores case.</summary>
    public bool IsMatch(string? name) => name is not null && (_regex?.IsMatch(name) ?? string.Equals(name, _literal, StringComparison.Ordinal));

    /// <summary>
    /// The items whose name matches any pattern (all items when there are none), and the literal patterns that
    /// matched nothing: PowerShell's rule that a missing literal is an error and an empty wildcard is silent.
    /// </summary>
    public static (IReadOnlyList<T> Matches, IReadOnlyList<string> Missing) Select<T>(IEnumerable<T> items, IReadOnlyList<string>? patterns, Func<T, string?> nameOf)
    {
        var compiled = (patterns ?? Array.Empty<string>()).Select(p => new NamePattern(p)).ToArray();
        var matches = items.Where(i => compiled.Length == 0 || compiled.Any(p => p.IsMatch(nameOf(i)))).ToArray();
        var missing = compiled.Where(p => !p.IsWildcard && !matches.Any(i => p.IsMatch(nameOf(i)))).Select(p => p.Pattern).ToArray();
        return (matches, missing);
    }

    /// <summary>The pattern that matches exactly <paramref name="name"/> (its wildcard characters escaped with backticks).</summary>
    public static string Escape(string name)
    {
        var escaped = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (c is '*' or '?' or '[' or ']' or '`')
            {
                escaped.Append('`');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }

    public static bool HasWildcards(string pattern)
    {
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '`')
            {
                i++;
            }
            else if (pattern[i] is '*' or '?' or '[')
            {
                return true;
            }
        }

        return false;
    }

    private static string Unescape(string pattern)
    {
        var sb = new StringBuilder(pattern.Length);
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '`' && i + 1 < pattern.Length)
            {
                i++;
            }

            sb.Append(pattern[i]);
        }

        return sb.ToString();
    }

    private static string ToRegex(string pattern)
    {
        var sb = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '`' when i + 1 < pattern.Length:
                    sb.Append(Regex.Escape(pattern[++i].ToString()));
                    break;
                case '*':
                    sb.Append(".*");
                    break;
                case '?':
                    sb.Append('.');
                    break;
                case '[':
                    var close = pattern.IndexOf(']', i + 1);
                    if (close < 0)
                    {
                        sb.Append(@"\[");
                        break;
                    }

                    var set = pattern[(i + 1)..close].Replace(@"\", @"\\", StringComparison.Ordinal).Replace("^", @"\^", StringComparison.Ordinal);
                    sb.Append('[').Append(set).Append(']');
                    i = close;
                    break;
                default:
                    sb.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        return sb.Append('$').ToString();
    }
}
