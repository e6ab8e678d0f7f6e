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
    [InlineData("option '-r' has an empty entry in 'h1,,h2'", "-r", "h1,,h2", "list")]
    [InlineData("option '-r' needs a value", "list", "-r")]
    [InlineData("option '-l': 'ad min' is not a valid user name", "-l", "ad min", "list")]
    [InlineData("option '-l': the user name is longer than 32 characters", "-l", "abcdefghijklmnopqrstuvwxyzabcdefg", "list")]
    [InlineData("option '-Z' takes sudo or ksu, not 'doas'", "-Z", "doas", "create")]
    [InlineData("option '--timeout' takes seconds from 1 to 300, not '0'", "--timeout", "0", "-r", "h1", "list")]
    [InlineData("option '--timeout' takes seconds from 1 to 300, not 'x'", "--timeout=x", "list")]
    [InlineData("option '--prefix' needs an absolute path or one under ~, not 'opt'", "--prefix", "opt", "deploy", "h1")]
    [InlineData("only one action per call: 'create' and 'cancel'", "create", "h1", "cancel")]
    [InlineData("option '--json' takes no value", "--json=yes")]
    [InlineData("option '--tap' needs a value", "--tap")]
    public void Bad_command_lines_say_what_is_wrong(string message, params string[] args)
    {
        var e = Assert.Throws<CliUsageException>(() => ArgumentParser.Parse(args));
        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Hosts_come_from_r_lists_and_from_words_after_the_action_with_their_own_options()
    {
        var a = ArgumentParser.Parse(["-u", "charly", "-r", "h1, root@h2", "-l", "admin", "-Z", "SUDO", "--timeout", "3", "create", "host3(-Z ksu)", "10.0.0.4"]);
        Assert.Equal(["h1", "root@h2", "host3(-Z ksu)", "10.0.0.4"], a.Hosts);
        Assert.Equal(("admin", "sudo", 3, CliAction.Create), (a.RemoteUser, a.Elevation, a.TimeoutSeconds, a.Action));
    }

    [Fact]
    public void Deploy_takes_a_module_folder_and_a_prefix()
    {
        var a = ArgumentParser.Parse(["-r", "h1", "--module", "/opt/ctysvde", "--prefix", "~/.local/", "deploy"]);
        Assert.Equal((CliAction.Deploy, "/opt/ctysvde", "~/.local"), (a.Action, a.ModulePath, a.Prefix));
    }

    /// <summary>What another ctys-setupvde runs (remote or as root) reads back as the same call, minus the hosts.</summary>
    [Theory]
    [InlineData("-b", "br0", "-d", "2", "-f", "-g", "kvm", "-i", "eth1", "-s", "/var/tmp/sw", "-S", "/var/tmp/m", "-u", "alice.kvm", "--tap", "tap9", "--probe", "10.0.0.1", "--probe-timeout", "7", "--unmanage", "-n", "create")]
    [InlineData("-X", "ports")]
    [InlineData("listall")]
    public void Forwarded_arguments_parse_back_to_the_same_call(params string[] args)
    {
        var a = ArgumentParser.Parse([.. args, "-r", "h1,h2", "-l", "admin"]);
        var forwarded = ArgumentParser.Parse(ForwardedArguments.For(a, a.Format, elevation: null, owner: null));
        var none = Array.Empty<string>();
        Assert.Equal(a with { Hosts = none, RemoteUser = null }, forwarded with { Hosts = none });
        Assert.Empty(forwarded.Hosts);
    }

    [Fact]
    public void Double_dash_ends_options() =>
        Assert.Throws<CliUsageException>(() => ArgumentParser.Parse(["--", "-f"]));
}
