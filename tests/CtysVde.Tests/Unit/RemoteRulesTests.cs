using CtysVde.Cli;
using CtysVde.Core.Errors;
using CtysVde.Core.Remote;
using CtysVde.Core.Switches;
using CtysVde.Tests.Support;
using Xunit;

namespace CtysVde.Tests.Unit;

public class RemoteRulesTests
{
    /// <summary>What ssh hands the remote login shell arrives there as the same words: checked with the real sh.</summary>
    [Theory]
    [InlineData("plain", "/var/tmp/vde_switch0.alice", "alice.kvm")]
    [InlineData("with space", "it's", "$HOME", "`id`", "a;b|c&d", "\"q\"", "*", "")]
    [InlineData("(-Z sudo)", "--json", "tab\there", "new\nline")]
    public void Quoted_words_reach_the_remote_shell_unchanged(params string[] words)
    {
        var echoed = Sh.Ok("sh", "-c", "printf '%s\\0' " + ShellQuote.Join(words));
        Assert.Equal(words, echoed.Split('\0')[..^1]);
    }

    [Theory]
    [InlineData("h1", "h1", null, null)]
    [InlineData("root@h1", "h1", "root", null)]
    [InlineData("h3(-Z sudo)", "h3", "admin", "sudo")]
    [InlineData("charly@10.0.0.4( -Z KSU )", "10.0.0.4", "charly", "ksu")]
    [InlineData("fe80::1%lan0", "fe80::1%lan0", "admin", null)]
    public void Targets_carry_user_host_and_per_host_elevation(string text, string host, string? user, string? elevation)
    {
        var t = RemoteTargetParser.Parse(text, defaultUser: text.Contains('@', StringComparison.Ordinal) || host == "h1" ? null : "admin", defaultElevation: null);
        Assert.Equal(new RemoteTarget(host, user, elevation), t);
    }

    [Fact]
    public void Per_host_options_override_the_callers_elevation_and_user_at_host_overrides_l() =>
        Assert.Equal(new RemoteTarget("h2", "root", "ksu"), RemoteTargetParser.Parse("root@h2(-Z ksu)", "admin", "sudo"));

    [Fact]
    public void The_ssh_command_line_never_lets_a_host_be_read_as_an_option()
    {
        var args = new SshSettings { ConnectTimeout = TimeSpan.FromSeconds(7) }.Arguments(new RemoteTarget("h1", "admin", null), "true");
        Assert.Equal(["-o", "BatchMode=yes", "-o", "ConnectTimeout=7", "-o", "ServerAliveInterval=3", "-o", "ServerAliveCountMax=3", "-l", "admin", "--", "h1", "true"], args);
        var e = Assert.Throws<VdeException>(() => RemoteTargetParser.Parse("-oProxyCommand=id", null, null));
        Assert.Equal(ErrorIds.InvalidTarget, e.ErrorId);
    }
}
