using CtysVde.Core.Switches;
using Xunit;

namespace CtysVde.Tests.Unit;

public class NamePatternTests
{
    [Theory]
    [InlineData("vde_switch0.*", "vde_switch0.alice", true)]
    [InlineData("vde_switch0.*", "VDE_SWITCH0.alice", true)]
    [InlineData("*alice", "vde_switch0.alice", true)]
    [InlineData("tap?", "tap1", true)]
    [InlineData("tap?", "tap10", false)]
    [InlineData("tap[0-3]", "tap2", true)]
    [InlineData("tap[0-3]", "tap7", false)]
    [InlineData("tap[!x]", "tap!", true)]
    [InlineData("a`*b", "a*b", true)]
    [InlineData("a`*b", "axb", false)]
    [InlineData("br0", "br0", true)]
    [InlineData("br0", "BR0", false)]
    [InlineData("a.b", "axb", false)]
    [InlineData("[unclosed", "[unclosed", true)]
    public void PowerShell_wildcards_ignore_case_but_literals_are_exact(string pattern, string name, bool matches) =>
        Assert.Equal(matches, new NamePattern(pattern).IsMatch(name));

    [Theory]
    [InlineData("plain", false)]
    [InlineData("a*", true)]
    [InlineData("a?", true)]
    [InlineData("a[b]", true)]
    [InlineData("a`*", false)]
    public void Wildcards_are_recognised_unless_escaped(string pattern, bool wildcard) =>
        Assert.Equal(wildcard, new NamePattern(pattern).IsWildcard);

    [Fact]
    public void Null_matches_nothing() => Assert.False(new NamePattern("*").IsMatch(null));

    [Fact]
    public void Select_reports_missing_literals_but_not_empty_wildcards()
    {
        var (matches, missing) = NamePattern.Select(["tap0", "tap1", "br0"], ["tap*", "br0", "nosuch", "x*"], n => n);
        Assert.Equal(["tap0", "tap1", "br0"], matches);
        Assert.Equal(["nosuch"], missing);
        Assert.Equal(3, NamePattern.Select(["a", "b", "c"], null, n => n).Matches.Count);
    }
}
