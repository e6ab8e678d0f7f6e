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
        var a = ArgumentParser.Parse(["create", "-fn", "--tap", "tapq", "--json"]);
        Assert.True(a.Force);
        Assert.True(a.DryRun);
        Assert.Equal("tapq", a.TapName);
        Assert.Equal(OutputFormat.Json, a.Format);
        Assert.Equal(OutputFormat.Terse, ArgumentParser.Parse(["-fnX", "cancel"]).Format);
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
    [InlineData("-b", "br0", "-f", "-n", "-u", "alice", "cancel")]
    [InlineData("-g", "kvm", "-X", "check")]
    [InlineData("listall")]
    public void Forwarded_arguments_parse_back_to_the_same_call(params string[] args)
    {
        var a = ArgumentParser.Parse([.. args, "-r", "h1,h2", "-l", "admin"]);
        var forwarded = ArgumentParser.Parse(ForwardedArguments.For(a, a.Format, elevation: null, owner: null));
        var none = Array.Empty<string>();
        Assert.Equal(a with { Hosts = none, RemoteUser = null }, forwarded with { Hosts = none });
        Assert.Empty(forwarded.Hosts);
    }

    [Theory]
    [InlineData("option '-u' given twice: 'root' and 'ctyst1'; give each option once", "-u", "root", "-u", "ctyst1", "create")]
    [InlineData("option '-b' given twice: 'brx' and 'bry'", "-b", "brx", "-b", "bry", "create")]
    [InlineData("option '-b' given twice: 'brx' and 'bry'", "-bbrx", "create", "-b", "bry")]
    [InlineData("option '--tap' given twice: 'a' and 'b'", "--tap", "a", "--tap=b", "create")]
    [InlineData("option '-s' given twice: '/var/tmp/a' and '/var/tmp/b'", "-s", "/var/tmp/a", "-s/var/tmp/b", "info")]
    [InlineData("option '-r' given twice: 'h1' and 'h2'", "-r", "h1", "-r", "h2", "list")]
    [InlineData("option '-d' given twice: '2' and 'x'", "-d", "2", "-d", "x", "list")]
    [InlineData("option '--probe-timeout' given twice: '3' and '4'", "-i", "eth1", "--probe-timeout", "3", "--probe-timeout", "4", "create")]
    [InlineData("option '-f' given twice; give each option once", "-ff", "cancel")]
    [InlineData("option '-f' given twice", "-f", "cancel", "-f")]
    [InlineData("option '-X' given twice", "-X", "-nX", "create")]
    [InlineData("option '--json' given twice", "--json", "list", "--json")]
    [InlineData("option '--help' given twice (as '-h' and '--help')", "-h", "--help")]
    [InlineData("option '-V' given twice (as '--version' and '-V')", "--version", "-V")]
    public void Each_option_is_given_at_most_once(string message, params string[] args) => AssertRefused(message, args);

    [Theory]
    [InlineData("option '--module' does not apply to create; it is for deploy", "--module", "/opt/m", "create")]
    [InlineData("option '--prefix' does not apply to list; it is for deploy", "-r", "h1", "--prefix", "/opt", "list")]
    [InlineData("option '--tap' does not apply to cancel; it is for create", "--tap", "tap0", "cancel")]
    [InlineData("option '-i' does not apply to cancel; it is for create", "-i", "eth0", "cancel")]
    [InlineData("option '-i' does not apply to list; it is for create", "-i", "eth0", "list")]
    [InlineData("option '--probe' does not apply to check; it is for create", "--probe", "10.0.0.1", "check")]
    [InlineData("option '--unmanage' does not apply to cancel; it is for create", "--unmanage", "cancel")]
    [InlineData("option '-b' does not apply to info; it is for create, cancel", "-b", "br0", "info")]
    [InlineData("option '-b' does not apply to info (the action when none is given); it is for create, cancel", "-b", "br0")]
    [InlineData("option '-g' does not apply to ports; it is for create, check", "-g", "kvm", "ports")]
    [InlineData("option '-f' does not apply to check; it is for create, cancel", "-f", "check")]
    [InlineData("option '-n' does not apply to list; it is for create, cancel", "-n", "list")]
    [InlineData("option '-X' does not apply to deploy; it is for every action but deploy", "-X", "deploy", "h1")]
    [InlineData("option '--json' does not apply to deploy", "--json", "-r", "h1", "deploy")]
    [InlineData("option '-Z' does not apply to deploy; it is for every action but deploy", "-Z", "sudo", "-r", "h1", "deploy")]
    [InlineData("option '-d' does not apply to deploy", "-d", "1", "deploy", "h1")]
    [InlineData("option '-u' does not apply to deploy", "-u", "root", "deploy", "h1")]
    [InlineData("option '--probe' needs -i: it is about the uplink that create moves into the bridge", "--probe", "10.0.0.1", "create")]
    [InlineData("option '--probe-timeout' needs -i", "--probe-timeout", "3", "create")]
    [InlineData("option '--unmanage' needs -i", "create", "--unmanage")]
    [InlineData("option '-l' needs hosts (-r HOSTS, or user@host after the action): it is about the ssh runs", "-l", "admin", "list")]
    [InlineData("option '--timeout' needs hosts", "--timeout", "5", "create")]
    [InlineData("options '-X' and '--json' contradict each other: choose one output format", "-X", "--json", "list")]
    [InlineData("options '-X' and '--json' contradict each other", "--json", "create", "-fX")]
    [InlineData("options '--access' and '--trunk' contradict each other", "--port", "3", "--access", "10", "--trunk", "20", "vlan")]
    [InlineData("option '--native' needs --trunk", "--port", "3", "--native", "10", "--access", "10", "vlan")]
    [InlineData("option '--access' needs --port", "--access", "10", "vlan")]
    [InlineData("option '-n' with vlan needs --access, --trunk or --untagged", "-n", "--port", "3", "vlan")]
    [InlineData("option '--access' takes a VLAN id, not 'x'", "--port", "3", "--access", "x", "vlan")]
    [InlineData("option '--trunk' takes VLAN ids separated by commas, not ''", "--port", "3", "--trunk", "20,,30", "vlan")]
    [InlineData("option '--port' takes a port number, not '3.5'", "--port", "3.5", "vlan")]
    [InlineData("option '--port' does not apply to ports", "--port", "3", "ports")]
    [InlineData("option '--untagged' takes no value", "--port", "3", "--untagged=1", "vlan")]
    public void Options_the_action_does_not_use_and_contradictions_are_refused(string message, params string[] args) => AssertRefused(message, args);

    [Theory]
    [InlineData("-b", "br0", "-f", "-n", "-u", "alice", "-s", "/var/tmp/s", "-S", "/var/tmp/m", "-d", "1", "-X", "cancel")]
    [InlineData("-g", "kvm", "-u", "alice.kvm", "--json", "check")]
    [InlineData("-u", "alice", "-s", "/var/tmp/s", "-S", "/var/tmp/m", "-X", "listall")]
    [InlineData("-i", "eth1", "--probe", "10.0.0.1", "--probe-timeout", "3", "--unmanage", "-f", "-b", "br1", "--tap", "tap9", "create")]
    [InlineData("-Z", "sudo", "-l", "admin", "--timeout", "5", "ports", "h1")]
    [InlineData("-l", "admin", "--timeout", "5", "--module", "/opt/m", "--prefix", "/opt", "deploy", "h1")]
    [InlineData("--port", "3", "--trunk", "20,30", "--native", "10", "-n", "-X", "vlan")]
    [InlineData("-u", "alice", "--port", "4", "--json", "vlan", "h1")]
    public void Options_the_action_uses_are_accepted(params string[] args) => ArgumentParser.Parse(args);

    /// <summary>
    /// The -h text's table of which options go with which action is the parser's: every option it lists for an
    /// action is accepted there, and every other one is refused naming the option.
    /// </summary>
    [Fact]
    public void The_help_says_which_options_each_action_takes()
    {
        var samples = new Dictionary<string, string[]>
        {
            ["-b"] = ["br0"], ["-d"] = ["1"], ["-f"] = [], ["-g"] = ["kvm"], ["-i"] = ["eth1"], ["-n"] = [], ["-s"] = ["/var/tmp/s"],
            ["-S"] = ["/var/tmp/m"], ["-u"] = ["alice"], ["-X"] = [], ["--json"] = [], ["-Z"] = ["sudo"], ["--tap"] = ["tap9"],
            ["--probe"] = ["10.0.0.1"], ["--probe-timeout"] = ["3"], ["--unmanage"] = [], ["--module"] = ["/opt/m"], ["--prefix"] = ["/opt"],
            ["--port"] = ["3"], ["--access"] = ["10"], ["--trunk"] = ["20"], ["--native"] = ["0"], ["--untagged"] = [],
            ["--file"] = ["/var/tmp/x.pcap"], ["--stop"] = [],
            ["--to"] = ["sw2"], ["--to-host"] = ["h2"], ["--remove"] = [], ["--test"] = [], ["--loss"] = ["1"], ["--delay"] = ["5"], ["--jitter"] = ["1"], ["--bandwidth"] = ["100"], ["--mtu"] = ["1400"],
        };

        // What a vlan option needs beside it where it is taken: a port for a mode, a trunk for --native, a mode for
        // -n; and a capture option: a file for --port and -n.
        string[] Companions(string option, string action) => action switch
        {
            "vlan" => option switch
            {
                "--access" or "--trunk" or "--untagged" => ["--port", "3"],
                "--native" => ["--port", "3", "--trunk", "20"],
                "-n" => ["--port", "3", "--access", "10"],
                _ => [],
            },
            "capture" => option is "--port" or "-n" ? ["--file", "/var/tmp/x.pcap"] : [],
            "cable" => option is "--to" ? [] : ["--to", "sw2"],
            _ => [],
        };
        var documented = HelpTable();
        // cable-end is not for people: another host's cable runs it over ssh, with fixed words and no options.
        foreach (var action in Enum.GetValues<CliAction>().Where(a => a != CliAction.CableEnd).Select(ArgumentParser.ActionWord))
        {
            foreach (var (option, value) in samples)
            {
                // The uplink options are about -i, so they are tried with it where -i itself is taken.
                var uplink = option is "--probe" or "--probe-timeout" or "--unmanage" && documented[action].Contains("-i") ? new[] { "-i", "eth1" } : [];
                string[] args = [option, .. value, .. uplink, .. Companions(option, action), action, "h1"];
                if (documented[action].Contains(option))
                {
                    ArgumentParser.Parse(args);
                }
                else
                {
                    var e = Assert.Throws<CliUsageException>(() => ArgumentParser.Parse(args));
                    Assert.StartsWith($"option '{option}' does not apply to {action}", e.Message, StringComparison.Ordinal);
                }
            }
        }
    }

    /// <summary>The options each action takes, read from the -h section "WHICH OPTIONS GO WITH WHICH ACTION".</summary>
    private static Dictionary<string, HashSet<string>> HelpTable()
    {
        var actions = Enum.GetValues<CliAction>().Select(ArgumentParser.ActionWord).ToArray();
        var table = actions.ToDictionary(a => a, _ => new HashSet<string>(StringComparer.Ordinal));
        var section = HelpText.Usage.Split("WHICH OPTIONS GO WITH WHICH ACTION")[1].Split("\n\n")[0].Split('\n').Skip(3);
        string[] current = [];
        foreach (var line in section)
        {
            var columns = System.Text.RegularExpressions.Regex.Split(line.Trim(), "\\s{3,}");
            var who = columns.Length > 1 ? columns[0] : null;
            if (who is not null)
            {
                current = who == "every action" ? actions
                    : who == "every action but deploy" ? actions.Where(a => a != "deploy").ToArray()
                    : who.Split(", ");
            }

            var options = (columns.Length > 1 ? columns[1] : columns[0]).Split(' ', ',', ';', '(', ')').Where(w => w.StartsWith('-')).ToArray();
            foreach (var action in current)
            {
                table[action].UnionWith(options);
            }
        }

        Assert.All(actions, a => Assert.NotEmpty(table[a]));
        return table;
    }

    /// <summary>-h and -V answer before any action, so what else is on the line does not matter (but a repeat still does).</summary>
    [Theory]
    [InlineData("-h", "--module", "/opt/m", "create")]
    [InlineData("-V", "-X", "--json", "--tap", "x", "cancel")]
    public void Help_and_version_answer_whatever_else_is_given(params string[] args)
    {
        var a = ArgumentParser.Parse(args);
        Assert.True(a.Help || a.Version);
    }

    [Fact]
    public void Vlan_options_say_the_port_the_mode_and_the_VLANs()
    {
        var trunk = ArgumentParser.Parse(["--port", "5", "--trunk=20,30", "--native", "10", "vlan"]);
        Assert.Equal((CliAction.Vlan, 5, Core.Model.VdeVlanMode.Trunk, "20,30", 10), (trunk.Action, trunk.Port, trunk.VlanMode, string.Join(',', trunk.AllowedVlans), trunk.NativeVlan));
        var access = ArgumentParser.Parse(["vlan", "--access", "12", "--port", "4"]);
        Assert.Equal((4, Core.Model.VdeVlanMode.Access, 12), (access.Port, access.VlanMode, access.VlanId));
        var show = ArgumentParser.Parse(["VLAN"]);
        Assert.Equal((CliAction.Vlan, null, null), (show.Action, show.Port, show.VlanMode));
        Assert.Equal(["--port", "5", "--trunk", "20,30", "--native", "10", "vlan"], ForwardedArguments.For(trunk, OutputFormat.Table, null, null));
    }

    [Fact]
    public void Double_dash_ends_options() =>
        Assert.Throws<CliUsageException>(() => ArgumentParser.Parse(["--", "-f"]));

    private static void AssertRefused(string message, string[] args)
    {
        var e = Assert.Throws<CliUsageException>(() => ArgumentParser.Parse(args));
        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
    }
}
