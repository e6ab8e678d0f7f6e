using System.Reflection;
using System.Text.RegularExpressions;
using CtysVde.Cli;
using CtysVde.Core.Errors;
using CtysVde.Tests.Support;
using Xunit;

namespace CtysVde.Tests.Unit;

/// <summary>
/// Issue 11, item 3: the engine names remedies as data, and each front end says them in its own words. A PowerShell
/// user is never told `-f` or `cancel`, and a command-line user never `-Force` or `Remove-VdeSwitch`.
/// </summary>
public partial class FrontEndWordsTests
{
    /// <summary>
    /// The module's words, from the module as pwsh loads it (the test project does not reference the module, so
    /// that runspace tests load exactly the laid-out module/CtysVde.dll).
    /// </summary>
    private static readonly RemedyWords ModuleWords = (RemedyWords)Assembly.LoadFrom(Path.Combine(PowerShellSession.RepositoryRoot, "module", "CtysVde.dll"))
        .GetType("CtysVde.PowerShellWords", throwOnError: true)!.GetProperty("Instance")!.GetValue(null)!;

    public static TheoryData<RemedyAction> Actions()
    {
        var data = new TheoryData<RemedyAction>();
        foreach (var action in Enum.GetValues<RemedyAction>())
        {
            data.Add(action);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Actions))]
    public void Every_remedy_is_said_by_each_front_end_in_its_own_words_only(RemedyAction action)
    {
        var remedy = new Remedy(action, "to see why", action is RemedyAction.RunCommand or RemedyAction.AddSudoersRule ? "ip link set tap0 up" : null);
        var cli = CommandLineWords.Instance.Say(remedy);
        var module = ModuleWords.Say(remedy);

        // Not the fallback that shows the enum's name: each front end has words of its own for every action.
        Assert.NotEqual($"{action} to see why", cli);
        Assert.NotEqual($"{action} to see why", module);
        Assert.EndsWith(" to see why", cli, StringComparison.Ordinal);
        Assert.Null(CmdletWord(cli));
        Assert.Null(CommandLineWord(module));
        if (action is RemedyAction.RunCommand or RemedyAction.AddSudoersRule)
        {
            // A shell command or a sudoers rule is the same wherever the user came from.
            Assert.Contains("ip link set tap0 up", cli, StringComparison.Ordinal);
            Assert.Contains("ip link set tap0 up", module, StringComparison.Ordinal);
        }
        else
        {
            Assert.NotEqual(cli, module);
        }
    }

    [Fact]
    public void An_error_is_described_with_its_remedies_as_alternatives()
    {
        var e = new VdeException(ErrorIds.SwitchUnhealthy, VdeErrorCategory.InvalidOperation, "switch s is broken", "s", null,
            [new Remedy(RemedyAction.Replace, "to replace it"), new Remedy(RemedyAction.Remove, "to remove it")]);

        Assert.Equal("switch s is broken", e.Message);
        Assert.Equal("switch s is broken; create with -f to replace it or run cancel to remove it", CommandLineWords.Instance.Describe(e));
        Assert.Equal("switch s is broken; run New-VdeSwitch -Force to replace it or run Remove-VdeSwitch to remove it", ModuleWords.Describe(e));
        Assert.Equal("plain", CommandLineWords.Instance.Describe(new VdeException(ErrorIds.SwitchNotFound, VdeErrorCategory.ObjectNotFound, "plain")));
    }

    /// <summary>
    /// Every message the engine can produce is built from its string literals, so none of them may hold a front
    /// end's word. Only the catalog's meanings of errors that one front end alone raises may name its words.
    /// </summary>
    [Fact]
    public void No_string_in_the_engine_names_an_option_parameter_action_or_cmdlet()
    {
        var engine = Path.Combine(PowerShellSession.RepositoryRoot, "src", "CtysVde.Core");
        var files = Directory.EnumerateFiles(engine, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToArray();
        Assert.True(files.Length > 50, $"only {files.Length} engine files found under {engine}");

        var found = new List<string>();
        var literals = 0;
        foreach (var file in files)
        {
            foreach (var (line, number) in File.ReadLines(file).Select((l, i) => (l, i + 1)))
            {
                var code = line.TrimStart();
                // A shell command for a remedy is the same in every front end (it may be the command line itself).
                if (code.StartsWith("//", StringComparison.Ordinal) || code.Contains("Remedy.Run(", StringComparison.Ordinal) || code.Contains("ModuleOnly: true", StringComparison.Ordinal) || code.Contains("CommandLineOnly: true", StringComparison.Ordinal))
                {
                    continue;
                }

                foreach (Match m in Literal().Matches(code))
                {
                    var text = m.Groups["text"].Value;
                    if (!text.Contains(' ', StringComparison.Ordinal))
                    {
                        // Program arguments ("-m", "660") are not messages; every message has a space.
                        continue;
                    }

                    literals++;
                    if ((CmdletWord(text) ?? CommandLineWord(text)) is { } word)
                    {
                        found.Add($"{Path.GetRelativePath(engine, file)}:{number}: '{word}' in \"{text}\"");
                    }
                }
            }
        }

        Assert.True(literals > 300, $"only {literals} message literals found: is the scanner still reading the engine?");
        Assert.True(found.Count == 0, "front-end words in the engine:\n" + string.Join('\n', found));
    }

    [Theory]
    [InlineData("create with -f to replace it", "-f")]
    [InlineData("choose other paths with -s and -S", "-s")]
    [InlineData("add --unmanage", "--unmanage")]
    [InlineData("run cancel to remove them", "run cancel")]
    [InlineData("cancel and create again", "cancel and create")]
    [InlineData("TAP tap0 is down -> bring it up", null)]
    [InlineData("a non-root caller with CAP_NET_ADMIN", null)]
    public void The_command_line_detector_finds_its_words(string text, string? word) => Assert.Equal(word, CommandLineWord(text));

    [Theory]
    [InlineData("run New-VdeSwitch -Force", "New-VdeSwitch")]
    [InlineData("add -Force to proceed", "-Force")]
    [InlineData("with the intended -Owner", "-Owner")]
    [InlineData("no vde_switch serves it", null)]
    [InlineData("ip link set tap0 up", null)]
    public void The_cmdlet_detector_finds_its_words(string text, string? word) => Assert.Equal(word, CmdletWord(text));

    /// <summary>An option (-f, -s/-S, --unmanage) or an action phrase of the command line, or null.</summary>
    private static string? CommandLineWord(string text) =>
        CommandLineOption().Match(text) is { Success: true } m ? m.Value.Trim()
        : CommandLineAction().Match(text) is { Success: true } a ? a.Value : null;

    /// <summary>A cmdlet name or a -Parameter of the module, or null.</summary>
    private static string? CmdletWord(string text) =>
        CmdletName().Match(text) is { Success: true } m ? m.Value
        : CmdletParameter().Match(text) is { Success: true } p ? p.Value : null;

    [GeneratedRegex(@"(?<=^|[\s(/,])(-[A-Za-z](?=$|[\s),/])|--[a-z][a-z-]+)")]
    private static partial Regex CommandLineOption();

    [GeneratedRegex(@"\brun (create|cancel)\b|\bcancel and create\b|\bcreate with\b|\bcancel with\b")]
    private static partial Regex CommandLineAction();

    [GeneratedRegex(@"\b(New|Get|Remove|Test|Set|Start|Stop)-Vde[A-Za-z]*")]
    private static partial Regex CmdletName();

    [GeneratedRegex(@"(?<=^|[\s(/,])-[A-Z][a-z]+[A-Za-z]*")]
    private static partial Regex CmdletParameter();

    /// <summary>A C# string literal on one line: regular, interpolated or verbatim (its text, escapes left as they are).</summary>
    [GeneratedRegex(@"[$@]{0,2}""(?<text>(?:[^""\\]|\\.)*)""")]
    private static partial Regex Literal();
}
