using System.Globalization;
using System.Text.RegularExpressions;

namespace CtysVde.Core.Vde;

/// <summary>
/// Parses the text a command produced before the next prompt: an optional `0000 DATA END WITH '.'` block
/// (sent even on errors) and a `1NNN text` result line. Asynchronous `3ooo` debug events are skipped.
/// </summary>
public static partial class VdeReplyParser
{
    public const string Prompt = "\nvde$ ";
    public const string DataHeader = "0000 DATA END WITH '.'";
    public const string EndOfSession = "9999 END OF SESSION";

    public static VdeReply Parse(string command, string text)
    {
        var lines = text.Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n');
        var data = new List<string>();
        var inData = false;
        foreach (var line in lines)
        {
            if (inData)
            {
                if (line == ".")
                {
                    inData = false;
                }
                else
                {
                    data.Add(line);
                }

                continue;
            }

            if (line == DataHeader)
            {
                inData = true;
                continue;
            }

            var m = ResultLine().Match(line);
            if (m.Success)
            {
                return new VdeReply(command, int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), m.Groups[2].Value, data);
            }

            if (line.StartsWith(EndOfSession, StringComparison.Ordinal))
            {
                return new VdeReply(command, 9999, "END OF SESSION", data);
            }
        }

        throw new VdeProtocolException($"the switch's answer to '{command}' has no result line: {Abbreviate(text)}");
    }

    private static string Abbreviate(string text) => text.Length <= 200 ? text : text[..200] + "…";

    [GeneratedRegex(@"^(1\d{3}) (.*)$")]
    private static partial Regex ResultLine();
}
