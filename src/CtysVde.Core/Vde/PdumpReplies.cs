namespace CtysVde.Core.Vde;

/// <summary>
/// What vde_switch says about its pdump plugin: whether `plugin/list` lists it (a switch with no plugin at all
/// answers that command with ENOENT), and the file `pdump/filename` names
/// (tests/CtysVde.Tests/Fixtures/vde_switch-2.3.2/capture.*).
/// </summary>
public static class PdumpReplies
{
    public const string PluginName = "pdump";

    /// <summary>Whether the lines of `plugin/list` (a header, a rule, then `NAME  HELP` per plugin) list pdump.</summary>
    public static bool ListsPdump(IReadOnlyList<string> pluginList) =>
        pluginList.Skip(2).Any(l => l.Split(' ', 2)[0] == PluginName);

    /// <summary>The file of `pdump/filename` (`dumpfile=PATH`); null when the reply has none.</summary>
    public static string? FileName(IReadOnlyList<string> reply) =>
        reply.FirstOrDefault(l => l.StartsWith("dumpfile=", StringComparison.Ordinal)) is { } line ? line["dumpfile=".Length..] : null;
}
