namespace CtysVde.Core.Remote;

/// <summary>
/// ssh hands the remote side one command string, which the login shell splits again; every argument is
/// quoted so that it arrives as the single word it was here.
/// </summary>
public static class ShellQuote
{
    public static string Word(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or ',' or '=' or ':' or '@' or '%' or '+')
            ? value
            : "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    public static string Join(IEnumerable<string> words) => string.Join(' ', words.Select(Word));
}
