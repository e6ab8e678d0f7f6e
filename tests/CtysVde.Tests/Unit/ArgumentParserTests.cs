using CtysVde.Cli;
using Xunit;

namespace CtysVde.Tests.Unit;

public class ArgumentParserTests
{
    [Theory]
    [InlineData("create", CliAction.Create)]
    [InlineData("CANCEL", CliAction.Cancel)]
    [InlineData("Check", CliAction.Check)]
    [InlineData("ports", CliAction.Ports)]
    [InlineData("LiSt", CliAction.List)]
    [InlineData("listall", CliAction.ListAll)]
    [InlineData("info", CliAction.Info)]
    public void Actions_are_case_insensitive(string word, CliAction action) =>
        Assert.Equal(action, ArgumentParser.Parse([word]).Action);

    [Fact]
    public void Info_is_the_default_action() => Assert.Equal(CliAction.Info, ArgumentParser.Parse([]).Action);

    [Fact]
    public void Seed_options_with_separate_and_attached_values()
    {
        var a = ArgumentParser.Parse(["-b", "br0", "-d2", "-f", "-g", "kvm", "-s", "/var/tmp/sw", "-S/var/tmp/m", "-u", "alice.kvm", "-X", "create"]);
        Assert.Equal(("br0", 2, true, "kvm", "/var/tmp/sw", "/var/tmp/m", "alice.kvm", OutputFormat.Terse, CliAction.Create),
            (a.Bridge, a.DebugLevel, a.Force, a.SetgidGroup, a.SocketPath, a.ManagementSocket, a.User, a.Format, a.Action));
    }

    [Fact]
    public void Bundled_flags_and_options_after_the_action()
    {
        var a = ArgumentParser.Parse(["create", "-fnX", "--tap", "tapq", "--json"]);
        Assert.True(a.Force);
        Assert.True(a.DryRun);
        Assert.Equal("tapq", a.TapName);
        Assert.Equal(OutputFormat.Json, a.Format);
    }

    [Theory]
    [InlineData("unknown action 'foo'", "foo")]
    [InlineData("only one action per call: 'list' and 'info'", "list", "info")]
    [InlineData("unknown option '-q'", "-q", "list")]
    [InlineData("unknown option '--frobnicate'", "--frobnicate")]
    [InlineData("option '-b' needs a value", "create", "-b")]
    [InlineData("option '-b' needs a value, got option '-f'", "-b", "-f", "create")]
    [InlineData("option '-u' needs a non-empty value", "-u", "", "create")]
    [InlineData("option '-d' takes a debug level from 0 to 9, not 'x'", "-d", "x")]
    [InlineData("option '-d' takes a debug level from 0 to 9, not '10'", "-d", "10")]
    [InlineData("option '-r' (remote hosts) is not yet supported", "-r", "host1", "list")]
    [InlineData("option '-l' (remote user) is not yet supported", "-l", "root", "list")]
    [InlineData("option '-Z' (sudo/ksu) is not yet supported", "-Z", "sudo", "create")]
    [InlineData("option '--json' takes no value", "--json=yes")]
    [InlineData("option '--tap' needs a value", "--tap")]
    public void Bad_command_lines_say_what_is_wrong(string message, params string[] args)
    {
        var e = Assert.Throws<CliUsageException>(() => ArgumentParser.Parse(args));
        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Double_dash_ends_options() =>
        Assert.Throws<CliUsageException>(() => ArgumentParser.Parse(["--", "-f"]));
}
