using CtysVde.Core.Linux;
using CtysVde.Tests.Support;
using Xunit;

namespace CtysVde.Tests.Integration;

/// <summary>Every option and argument with a bad value: a clear message, the right exit code, nothing changed.</summary>
public class BadInputTests : KernelTest
{
    public BadInputTests(KernelFixture fixture)
        : base(fixture)
    {
    }

    [KernelTheory]
    [InlineData(1, "unknown action 'foo'", "foo")]
    [InlineData(1, "only one action per call: 'list' and 'info'", "list", "info")]
    [InlineData(1, "unknown option '-q'", "-q", "list")]
    [InlineData(1, "option '-b' needs a value", "create", "-b")]
    [InlineData(1, "option '-s' needs a value, got option '-X'", "-s", "-X", "create")]
    [InlineData(1, "option '-d' takes a debug level from 0 to 9, not 'loud'", "-d", "loud", "create")]
    [InlineData(1, "no such user: 'nosuchuser' [InvalidUser]", "-u", "nosuchuser", "create")]
    [InlineData(1, "no such user: 'nosuchuser' [InvalidUser]", "-u", "nosuchuser", "cancel")]
    [InlineData(1, "no such group: 'nosuchgroup' (in 'ctysvde-alice.nosuchgroup') [InvalidGroup]", "-u", "ctysvde-alice.nosuchgroup", "create")]
    [InlineData(1, "invalid user '.root': the user name before '.' is empty [InvalidUser]", "-u", ".root", "create")]
    [InlineData(1, "invalid user '.': the user name before '.' is empty [InvalidUser]", "-u", ".", "info")]
    [InlineData(1, "invalid user 'ctysvde-alice.': the group name after '.' is empty [InvalidGroup]", "-u", "ctysvde-alice.", "create")]
    [InlineData(1, "invalid user 'root:': the group name after ':' is empty [InvalidGroup]", "-u", "root:", "list")]
    [InlineData(1, "no such user: neither 'a.b.c' nor 'a' (with group 'b.c') exists [InvalidUser]", "-u", "a.b.c", "create")]
    [InlineData(1, "no such group: 'b.c' (in 'root.b.c') [InvalidGroup]", "-u", "root.b.c", "check")]
    [InlineData(1, "no such setgid group: 'nosuchgroup' [InvalidSetgidGroup]", "-g", "nosuchgroup", "create")]
    [InlineData(1, "the setgid group 'ctysvde-lab' must be the switch's group 'ctysvde-alice'", "-u", "ctysvde-alice", "-g", "ctysvde-lab", "create")]
    [InlineData(1, "invalid bridge name: 'averyveryverylongbridge' is 23 bytes long; interface names have at most 15 [InvalidBridgeName]", "-b", "averyveryverylongbridge", "create")]
    [InlineData(1, "invalid bridge name: 'br/0' contains '/'", "-b", "br/0", "create")]
    [InlineData(1, "'lo' exists but is not a bridge [NotABridge]", "-b", "lo", "create")]
    [InlineData(1, "invalid TAP name: 'tap/0' contains '/'", "--tap", "tap/0", "create")]
    [InlineData(1, "invalid TAP name 'tap%d': '%' is reserved", "--tap", "tap%d", "create")]
    [InlineData(1, "an interface named 'lo' already exists [TapExists]", "--tap", "lo", "create")]
    [InlineData(1, "the data socket directory 'relative/sw' is not an absolute path", "-s", "relative/sw", "create")]
    [InlineData(1, "the management socket 'mgmt0' is not an absolute path", "-S", "mgmt0", "create")]
    [InlineData(1, "the directory of the data socket directory '/var/tmp/nodir/sw' does not exist: /var/tmp/nodir [InvalidSocketPath]", "-s", "/var/tmp/nodir/sw", "create")]
    [InlineData(1, "the directory of the management socket '/nodir/m' does not exist", "-S", "/nodir/m", "info")]
    [InlineData(1, "must name a file below a directory, without '.' or '..'", "-s", "/var/tmp/../tmp/sw", "create")]
    [InlineData(1, "is longer than the 93 bytes a UNIX socket path allows here", "-s", "/var/tmp/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "create")]
    [InlineData(1, "the data socket, management socket and pidfile must be three different paths", "-s", "/var/tmp/same", "-S", "/var/tmp/same", "create")]
    [InlineData(1, "no interface named 'eth0' exists [InvalidInterface]", "-i", "eth0", "create")]
    [InlineData(1, "'lo' is a loopback interface and cannot be an uplink [InvalidInterface]", "-i", "lo", "create")]
    [InlineData(1, "invalid interface name: 'averyveryverylongnic' is 20 bytes long", "-i", "averyveryverylongnic", "create")]
    [InlineData(1, "option '--probe-timeout' takes seconds from 1 to 300, not '0'", "--probe-timeout", "0", "create")]
    [InlineData(1, "option '--probe' needs a value", "create", "--probe")]
    [InlineData(1, "option '--unmanage' needs -i: it is about the uplink that create moves into the bridge", "--unmanage", "create")]
    [InlineData(1, "option '--probe' needs -i", "--probe", "10.0.0.1", "create")]
    [InlineData(1, "option '-u' given twice: 'root' and 'ctysvde-alice'; give each option once", "-u", "root", "-u", "ctysvde-alice", "create")]
    [InlineData(1, "option '-b' given twice: 'brx' and 'bry'", "-b", "brx", "-b", "bry", "create")]
    [InlineData(1, "option '--tap' given twice: 'tapa' and 'tapb'", "--tap", "tapa", "--tap", "tapb", "create")]
    [InlineData(1, "option '--module' does not apply to create; it is for deploy", "--module", "/tmp", "create")]
    [InlineData(1, "option '--tap' does not apply to cancel; it is for create", "--tap", "tap0", "cancel")]
    [InlineData(1, "option '-i' does not apply to list; it is for create", "-i", "eth0", "list")]
    [InlineData(1, "options '-X' and '--json' contradict each other: choose one output format", "-X", "--json", "list")]
    [InlineData(1, "option '--unmanage' takes no value", "--unmanage=yes", "create")]
    [InlineData(1, "option '-r' has an empty entry in 'host1,'", "-r", "host1,", "list")]
    [InlineData(1, "option '-l': 'a:b' is not a valid user name", "-l", "a:b", "list")]
    [InlineData(1, "option '-Z' takes sudo or ksu, not 'su'", "-Z", "su", "create")]
    [InlineData(1, "invalid host 'h1(-Z doas)': -Z takes sudo or ksu, not 'doas' [InvalidTarget]", "list", "h1(-Z doas)")]
    [InlineData(1, "invalid host 'h1(-x)': the only per-host option is '-Z sudo' or '-Z ksu', not '-x' [InvalidTarget]", "list", "h1(-x)")]
    [InlineData(1, "invalid host 'h1(-Z sudo': the per-host options must end with ')' [InvalidTarget]", "list", "h1(-Z sudo")]
    [InlineData(1, "invalid host '@h1': the user before '@' is empty [InvalidTarget]", "list", "@h1")]
    [InlineData(1, "invalid host 'bad user@h1': 'bad user' is not a valid user name [InvalidTarget]", "list", "bad user@h1")]
    [InlineData(1, "invalid host 'root@': the host name is empty [InvalidTarget]", "list", "root@")]
    [InlineData(1, "invalid host 'h;reboot': 'h;reboot' is not a valid host name or address [InvalidTarget]", "-r", "h;reboot", "list")]
    [InlineData(1, "invalid host '-oProxyCommand=x': '-oProxyCommand=x' is not a valid host name or address [InvalidTarget]", "list", "--", "-oProxyCommand=x")]
    [InlineData(1, "deploy needs the hosts to install on", "deploy")]
    [InlineData(1, "option '--module' needs the module folder with CtysVde.psd1 in it; '/nonexistent' has none", "--module", "/nonexistent", "deploy", "h1")]
    [InlineData(2, "no switch vde_switch0.root for root: no vde_switch serves /var/tmp/vde_switch0.root and nothing of it is left [SwitchNotFound]", "cancel")]
    [InlineData(2, "[SwitchNotFound]", "ports")]
    [InlineData(2, "[SwitchNotFound]", "check")]
    [InlineData(2, "[SwitchNotFound]", "info")]
    [InlineData(2, "[SwitchNotFound]", "-X", "check")]
    [InlineData(2, "no switch vde_switch0.ctysvde-bob for ctysvde-bob", "-u", "ctysvde-bob", "cancel")]
    public void Bad_values_fail_clearly_and_change_nothing(int exitCode, string message, params string[] args) =>
        AssertRefused(exitCode, message, args);

    [KernelFact]
    public void A_socket_directory_that_is_a_symlink_is_refused()
    {
        Directory.CreateSymbolicLink("/var/tmp/vde_switch0.root", "/etc");
        Defer("remove symlink", () => File.Delete("/var/tmp/vde_switch0.root"));
        AssertRefused(1, "the data socket directory '/var/tmp/vde_switch0.root' is a symbolic link; refusing to follow it [UnsafeSocketPath]", "create");
    }

    [KernelFact]
    public void A_management_socket_path_owned_by_another_user_is_refused()
    {
        File.WriteAllText("/var/tmp/vde_mgmt0.root", string.Empty);
        Defer("remove planted file", () => File.Delete("/var/tmp/vde_mgmt0.root"));
        var alice = new UserDatabase().FindUser(KernelFixture.Alice)!;
        new UnixFiles().SetOwnerAndMode("/var/tmp/vde_mgmt0.root", FileKind.Regular, alice.Uid, alice.Gid, 0x1A4);
        AssertRefused(1, "the management socket '/var/tmp/vde_mgmt0.root' belongs to ctysvde-alice, not to root or root [UnsafeSocketPath]", "create");
    }

    [KernelFact]
    public void A_socket_directory_path_that_is_a_file_is_refused()
    {
        File.WriteAllText("/var/tmp/vde_switch0.root", "not a directory");
        Defer("remove file", () => File.Delete("/var/tmp/vde_switch0.root"));
        AssertRefused(1, "the data socket directory '/var/tmp/vde_switch0.root' exists and is a regular file, not a directory", "create");
    }

    [KernelFact]
    public void A_management_socket_another_process_listens_on_is_taken()
    {
        var dir = Directory.CreateTempSubdirectory("ctysvde-taken-").FullName;
        Defer("remove dir", () => Directory.Delete(dir, true));
        using var listener = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        listener.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(dir + "/mgmt"));
        listener.Listen(5);
        AssertRefused(1, $"{dir}/mgmt is in use by a process that is not a vde_switch of sw; choose other paths with -s and -S [SocketInUse]",
            "-s", dir + "/sw", "-S", dir + "/mgmt", "create");
        Assert.True(File.Exists(dir + "/mgmt"), "the other process's socket must be left alone");
        Assert.True(Core.Vde.SocketProbe.IsListening(dir + "/mgmt"));
    }

    [KernelFact]
    public void A_tap_name_another_interface_has_is_taken_and_a_foreign_tap_is_left_alone()
    {
        Sh.Ok("ip", "tuntap", "add", "dev", "tap0", "mode", "tap");
        Defer("delete tap0", () => Sh.Run("ip", "link", "del", "tap0"));
        AssertRefused(1, "an interface named 'tap0' already exists [TapExists]", "--tap", "tap0", "create");

        // Without --tap the kernel picks the next free name; the foreign tap0 is never touched.
        var created = Engine.Create(new Core.Model.SwitchSpec()).Switch;
        CancelAfterwards(new Core.Model.SwitchSpec());
        Assert.Equal("tap1", created.TapName);
        Engine.Remove(new Core.Model.SwitchSpec(), force: false);
        Assert.True(Sysfs.Exists("tap0"));
        Assert.Null(Sysfs.Master("tap0"));
    }

    /// <summary>
    /// With root's switch running, a cancel whose options are wrong removes nothing: -b is checked as create checks
    /// it (cancel once ignored it and removed the switch), and a repeated or foreign option is refused.
    /// </summary>
    [KernelFact]
    public void A_cancel_with_a_bad_option_leaves_the_switch_running()
    {
        var pid = Engine.Create(new Core.Model.SwitchSpec()).Switch.ProcessId;
        CancelAfterwards(new Core.Model.SwitchSpec());
        AssertRefused(1, "invalid bridge name: 'a/b' contains '/'; interface names may not contain '/', ':' or white space [InvalidBridgeName]", "-b", "a/b", "cancel");
        AssertRefused(1, "invalid bridge name: 'averyveryverylongbridge' is 23 bytes long", "-b", "averyveryverylongbridge", "-n", "cancel");
        AssertRefused(1, "'lo' exists but is not a bridge [NotABridge]", "-b", "lo", "-f", "cancel");
        AssertRefused(1, "invalid user '.root': the user name before '.' is empty [InvalidUser]", "-u", ".root", "cancel");
        AssertRefused(1, "option '-u' given twice: 'ctysvde-alice' and 'root'", "-u", "ctysvde-alice", "-u", "root", "cancel");
        AssertRefused(1, "option '-i' does not apply to cancel; it is for create", "-i", "eth0", "cancel");
        AssertRefused(1, "option '-f' given twice", "-ff", "cancel");
        Assert.Equal(pid, Engine.Info(new Core.Model.SwitchSpec()).ProcessId);

        // A valid -b is accepted: a teardown line may mirror its create line.
        var cancelled = Sh.Cli("-b", "ctysbr0", "cancel");
        Assert.True(cancelled.ExitCode == 0, cancelled.StandardError);
        Assert.Contains("cancelled vde_switch0.root", cancelled.StandardError, StringComparison.Ordinal);
    }

    [KernelTheory]
    [InlineData("create")]
    [InlineData("cancel")]
    public void Without_root_mutating_actions_are_refused_with_a_remedy_and_no_prompt(string action)
    {
        var cli = CliForUsers();
        var before = SystemSnapshot.Take();
        var result = Sh.Run("runuser", "-u", KernelFixture.Alice, "--", cli, action);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{action} needs root or CAP_NET_ADMIN to manage TAPs and bridges; run it as root (e.g. through sudo); or let sudo do it: -Z sudo (with the sudoers rule '{KernelFixture.Alice} ALL=(root) NOPASSWD: {cli}') [PermissionDenied]", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("password", result.StandardError, StringComparison.OrdinalIgnoreCase);
        AssertUnchanged(before, $"a refused {action} changes nothing");
    }

    [KernelFact]
    public void Dry_run_shows_the_plan_and_changes_nothing()
    {
        var before = SystemSnapshot.Take();
        var plan = Sh.CliOk("-n", "create");
        Assert.Contains("plan for vde_switch0.root (nothing is changed):", plan, StringComparison.Ordinal);
        Assert.Contains("create bridge ctysbr0", plan, StringComparison.Ordinal);
        Assert.Contains("start vde_switch -d -t tapN -s /var/tmp/vde_switch0.root -M /var/tmp/vde_mgmt0.root -p /var/run/vde_mgmt0.root", plan, StringComparison.Ordinal);
        AssertUnchanged(before, "create -n must change nothing");

        Engine.Create(new Core.Model.SwitchSpec());
        CancelAfterwards(new Core.Model.SwitchSpec());
        var created = SystemSnapshot.Take();
        var cancelPlan = Sh.CliOk("cancel", "-n");
        Assert.Contains("shut down vde_switch pid", cancelPlan, StringComparison.Ordinal);
        Assert.Contains("delete bridge ctysbr0 if nothing else is attached", cancelPlan, StringComparison.Ordinal);
        Assert.Contains("is running and healthy: nothing to do", Sh.CliOk("create", "-n"), StringComparison.Ordinal);
        AssertUnchanged(created, "cancel -n must change nothing");
    }

    private static void AssertRefused(int exitCode, string message, params string[] args)
    {
        var before = SystemSnapshot.Take();
        var result = Sh.Cli(args);
        Assert.True(result.ExitCode == exitCode, $"exit code {result.ExitCode}, expected {exitCode}: {result.StandardError}");
        Assert.Contains(message, result.StandardError, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.StandardOutput);
        AssertUnchanged(before, $"ctys-setupvde {string.Join(' ', args)} must change nothing");
    }
}
