using CtysVde.Core.Errors;
using CtysVde.Core.Linux;
using CtysVde.Core.Model;
using CtysVde.Core.Switches;
using CtysVde.Core.Uplinks;
using CtysVde.Core.Vde;
using Xunit;

namespace CtysVde.Tests.Unit;

public class SmallRulesTests
{
    [Theory]
    [InlineData("tap0", null)]
    [InlineData("ctysbr0", null)]
    [InlineData("exactly15bytes_", null)]
    [InlineData("", "the name is empty")]
    [InlineData("sixteen-bytes-xx", "'sixteen-bytes-xx' is 16 bytes long; interface names have at most 15")]
    [InlineData("br/0", "'br/0' contains '/'")]
    [InlineData("br 0", "'br 0' contains '\\x20'")]
    [InlineData("br:0", "'br:0' contains ':'")]
    [InlineData("..", "'..' is not allowed as an interface name")]
    public void Interface_names_follow_the_kernel(string name, string? problem)
    {
        var actual = InterfaceName.Problem(name);
        if (problem is null)
        {
            Assert.Null(actual);
        }
        else
        {
            Assert.StartsWith(problem, actual, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Multibyte_names_are_measured_in_bytes() =>
        Assert.NotNull(InterfaceName.Problem("brückebrücke12")); // 14 characters, 16 bytes

    [Theory]
    [InlineData("alice", "alice", null)]
    [InlineData("alice.kvm", "alice", "kvm")]
    [InlineData("alice:kvm", "alice", "kvm")]
    [InlineData("first.last", "first.last", null)]
    public void Owner_syntax(string text, string user, string? group) =>
        Assert.Equal((user, group), OwnerSpec.Parse(text, u => u is "alice" or "first.last"));

    /// <summary>A bad -u value is named as given, not as the part left after splitting (it once said "no such user: ''").</summary>
    [Theory]
    [InlineData(".root", ErrorIds.InvalidUser, "invalid user '.root': the user name before '.' is empty")]
    [InlineData(".", ErrorIds.InvalidUser, "invalid user '.': the user name before '.' is empty")]
    [InlineData(":kvm", ErrorIds.InvalidUser, "invalid user ':kvm': the user name before ':' is empty")]
    [InlineData("alice.", ErrorIds.InvalidGroup, "invalid user 'alice.': the group name after '.' is empty")]
    [InlineData("alice:", ErrorIds.InvalidGroup, "invalid user 'alice:': the group name after ':' is empty")]
    [InlineData("a.b.c", ErrorIds.InvalidUser, "no such user: neither 'a.b.c' nor 'a' (with group 'b.c') exists")]
    [InlineData("bob:kvm", ErrorIds.InvalidUser, "no such user: 'bob' (in 'bob:kvm')")]
    [InlineData("alice.b.c", ErrorIds.InvalidGroup, "no such group: 'b.c' (in 'alice.b.c')")]
    [InlineData("alice:nogroup", ErrorIds.InvalidGroup, "no such group: 'nogroup' (in 'alice:nogroup')")]
    public void Bad_owner_syntax_names_the_value_as_given(string text, string errorId, string message)
    {
        var e = Assert.Throws<VdeException>(() => OwnerSpec.Parse(text, u => u is "alice" or "first.last", g => g is "kvm"));
        Assert.Equal((errorId, message, text), (e.ErrorId, e.Message, e.Target));
        Assert.True(e.IsBadInput);
    }

    [Theory]
    [InlineData("first.last", "first.last", null)]
    [InlineData("alice.kvm", "alice", "kvm")]
    [InlineData("first.last:kvm", "first.last", "kvm")]
    public void Good_owner_syntax_passes_the_group_check(string text, string user, string? group) =>
        Assert.Equal((user, group), OwnerSpec.Parse(text, u => u is "alice" or "first.last", g => g is "kvm"));

    [Theory]
    [InlineData(FileKind.Directory, 0x5C0u, "drwx--S---")]
    [InlineData(FileKind.Directory, 0x5F8u, "drwxrws---")]
    [InlineData(FileKind.Socket, 0x180u, "srw-------")]
    [InlineData(FileKind.Directory, 0x3FFu, "drwxrwxrwt")]
    [InlineData(FileKind.Regular, 0x1A4u, "-rw-r--r--")]
    public void Mode_strings_as_ls_prints_them(FileKind kind, uint mode, string expected) =>
        Assert.Equal(expected, new FileStatus("/x", kind, 0, 0, mode).ModeString);

    [Fact]
    public void Seed_command_line_of_vde_switch_is_understood()
    {
        // The exact argv the original ctys-setupVDE started (seed-original-behaviour.md §2).
        var p = SwitchProcessScanner.FromArguments(42, 0,
            ["/usr/bin/vde_switch", "-d", "-t", "tap0", "-s", "/var/tmp/vde_switch0.root", "-M", "/var/tmp/vde_mgmt0.root", "-p", "/var/run/vde_mgmt0.root"]);
        Assert.Equal(new SwitchProcess(42, 0, "/var/tmp/vde_switch0.root", "/var/tmp/vde_mgmt0.root", "tap0", "/var/run/vde_mgmt0.root"), p);
    }

    [Fact]
    public void Long_option_spellings_of_vde_switch()
    {
        var p = SwitchProcessScanner.FromArguments(1, 0,
            ["vde_switch", "-daemon", "-tap", "tap3", "--sock=/tmp/sw", "--mgmt", "/tmp/m", "-n", "64", "--pidfile", "/tmp/p"]);
        Assert.Equal(("tap3", "/tmp/sw", "/tmp/m", "/tmp/p"), (p.TapName, p.SocketPath, p.ManagementSocket, p.PidFile));
    }

    [Fact]
    public void Seed_default_paths() =>
        Assert.Equal(("/var/tmp/vde_switch0.alice", "/var/tmp/vde_mgmt0.alice", "/var/run/vde_mgmt0.alice"),
            (SwitchPaths.DefaultSocketPath("alice"), SwitchPaths.DefaultManagementSocket("alice"), SwitchPaths.DefaultPidFile("/var/tmp/vde_mgmt0.alice")));

    [Fact]
    public void The_probe_pings_the_target_asked_for_else_the_default_gateways_for_5_seconds_unless_told()
    {
        var seen = new UplinkSnapshot("eth0", "52:54:00:12:34:56", 1500, true, ["192.0.2.10/24"], ["0.0.0.0/0 via 192.0.2.1", "::/0 via fe80::1", "192.0.2.0/24"]);
        var asIs = new PreparedUplink(new UplinkRequest { Interface = "eth0" }, seen);
        var told = new PreparedUplink(new UplinkRequest { Interface = "eth0", ProbeTarget = "192.0.2.7", ProbeTimeout = TimeSpan.FromSeconds(2) }, seen);
        Assert.Equal(["192.0.2.1", "fe80::1"], asIs.ProbeTargets);
        Assert.Equal(TimeSpan.FromSeconds(5), asIs.ProbeTimeout);
        Assert.Equal(["192.0.2.7"], told.ProbeTargets);
        Assert.Equal(TimeSpan.FromSeconds(2), told.ProbeTimeout);
    }
}
