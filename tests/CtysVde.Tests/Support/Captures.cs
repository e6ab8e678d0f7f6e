using CtysVde.Core.Vde;

namespace CtysVde.Tests.Support;

/// <summary>Management sessions captured from the real vde_switch 2.3.2 (tests/fixtures-capture/capture-vde-mgmt.sh).</summary>
public static class Captures
{
    public static string Raw(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "vde_switch-2.3.2", name));

    /// <summary>The text between the first and the second prompt: what the client reads for the command.</summary>
    public static string ReplyText(string name)
    {
        var raw = Raw(name);
        var first = raw.IndexOf(VdeReplyParser.Prompt, StringComparison.Ordinal);
        var rest = raw[(first + VdeReplyParser.Prompt.Length)..];
        var second = rest.IndexOf(VdeReplyParser.Prompt, StringComparison.Ordinal);
        return second < 0 ? rest : rest[..second];
    }

    public static VdeReply Reply(string name, string command) => VdeReplyParser.Parse(command, ReplyText(name));

    public static int Pid(string name) => int.Parse(Raw(name).Trim(), System.Globalization.CultureInfo.InvariantCulture);
}
