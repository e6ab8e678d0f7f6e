using System.Text.RegularExpressions;

namespace CtysVde.Core.Errors;

/// <summary>
/// The command line's error line, `ctys-setupvde: MESSAGE [Id]`: the one place that writes it (for the CLI) and
/// reads it back (from a remote host's stderr), so the two can never drift apart.
/// </summary>
public static partial class ErrorLine
{
    public const string Program = "ctys-setupvde";

    public static string Format(string message, string errorId) => $"{Program}: {message} [{errorId}]";

    /// <summary>The message and id of an error line; false when <paramref name="line"/> is not one.</summary>
    public static bool TryParse(string line, out string message, out string errorId)
    {
        var m = Pattern().Match(line);
        message = m.Success ? m.Groups["message"].Value : string.Empty;
        errorId = m.Success ? m.Groups["id"].Value : string.Empty;
        return m.Success;
    }

    [GeneratedRegex(@"^ctys-setupvde: (?<message>.*) \[(?<id>[A-Za-z]+)\]$")]
    private static partial Regex Pattern();
}
