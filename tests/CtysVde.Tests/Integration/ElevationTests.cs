using CtysVde.Core.Linux;
using CtysVde.Core.Processes;
using CtysVde.Tests.Support;
using Xunit;

namespace CtysVde.Tests.Integration;

/// <summary>
/// `-Z sudo`: a non-root user gets a switch of their own through the real sudo, with a NOPASSWD rule that
/// names only the CLI. The rules live in a private /etc/sudoers.d (a bind mount in the test's own mount
/// namespace), so the machine's sudo configuration is never touched.
/// </summary>
public class ElevationTests : SshHostsTest
{
    public ElevationTests(KernelFixture fixture)
        : base(fixture)
    {
    }

    [KernelFact(Requires = "sudo")]
    public void With_a_sudoers_rule_for_the_cli_a_user_creates_and_cancels_a_switch_that_is_theirs()
    {
        var cli = CliForUsers();
        PrivateSudoers($"{KernelFixture.Alice} ALL=(root) NOPASSWD: {cli}");

        var create = AsAlice(cli, "-Z", "sudo", "create");
        Assert.True(create.ExitCode == 0, create.StandardError);
        Assert.Matches($@"(?m)^Owner\s+: {KernelFixture.Alice}$", create.StandardOutput);
        var alice = new UserDatabase().FindUser(KernelFixture.Alice)!;
        Assert.Equal(alice.Uid, new UnixFiles().Stat($"/var/tmp/vde_switch0.{KernelFixture.Alice}")!.Uid);
        Assert.Equal(alice.Uid, new UnixFiles().Stat($"/var/tmp/vde_mgmt0.{KernelFixture.Alice}")!.Uid);

        var cancel = AsAlice(cli, "-Z", "sudo", "cancel");
        Assert.True(cancel.ExitCode == 0, cancel.StandardError);
    }

    /// <summary>Least privilege: the rule names the arguments, so the user may make and remove only their own switch.</summary>
    [KernelFact(Requires = "sudo")]
    public void A_rule_that_names_the_arguments_allows_the_users_own_switch_and_nothing_else()
    {
        var cli = CliForUsers();
        PrivateSudoers($"{KernelFixture.Alice} ALL=(root) NOPASSWD: {cli} -u {KernelFixture.Alice} create, {cli} -u {KernelFixture.Alice} cancel");

        var create = AsAlice(cli, "-Z", "sudo", "create");
        Assert.True(create.ExitCode == 0, create.StandardError);

        var before = SystemSnapshot.Take();
        var forBob = AsAlice(cli, "-Z", "sudo", "-u", KernelFixture.Bob, "create");
        Assert.Equal(2, forBob.ExitCode);
        Assert.Contains("[ElevationRefused]", forBob.StandardError, StringComparison.Ordinal);
        var otherBridge = AsAlice(cli, "-Z", "sudo", "-b", "br-x", "create");
        Assert.Equal(2, otherBridge.ExitCode);
        Assert.Contains("[ElevationRefused]", otherBridge.StandardError, StringComparison.Ordinal);
        AssertUnchanged(before, "what the rule does not name changes nothing");

        var cancel = AsAlice(cli, "-Z", "sudo", "cancel");
        Assert.True(cancel.ExitCode == 0, cancel.StandardError);
    }

    [KernelFact(Requires = "sudo")]
    public void Without_a_rule_sudo_refuses_without_a_prompt_names_the_rule_and_nothing_changes()
    {
        var cli = CliForUsers();
        PrivateSudoers($"{KernelFixture.Bob} ALL=(root) NOPASSWD: {cli}");

        // sudo keeps its own timestamp files in /run/sudo; let it make them before the snapshot.
        Sh.Run("runuser", "-u", KernelFixture.Alice, "--", "sudo", "-n", "true");
        var before = SystemSnapshot.Take();

        var refused = AsAlice(cli, "-Z", "sudo", "create");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains($"sudo does not let {KernelFixture.Alice} run {cli} as root without a password (sudo: a password is required); add the sudoers rule '{KernelFixture.Alice} ALL=(root) NOPASSWD: {cli}' (visudo -f /etc/sudoers.d/ctysvde) [ElevationRefused]",
            refused.StandardError, StringComparison.Ordinal);
        Assert.Equal(string.Empty, refused.StandardOutput);
        AssertUnchanged(before, "a refused -Z sudo changes nothing");
    }

    [KernelFact(RequiresAbsent = "ksu")]
    public void Ksu_that_is_not_installed_is_named_as_such()
    {
        var cli = CliForUsers();
        var before = SystemSnapshot.Take();
        var result = AsAlice(cli, "-Z", "ksu", "create");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("ksu is not installed (it comes with krb5-user) [ElevationUnavailable]", result.StandardError, StringComparison.Ordinal);
        AssertUnchanged(before, "-Z ksu without ksu changes nothing");
    }

    [KernelFact(Requires = "sshd")]
    public void On_remote_hosts_a_user_logs_in_and_sudo_there_does_the_privileged_steps()
    {
        var lab = StartLab(2);
        File.WriteAllText(Path.Combine(lab.Hosts[0].Root, "sudoers.d", "ctysvde"), $"{KernelFixture.Alice} ALL=(root) NOPASSWD: /usr/local/bin/ctys-setupvde\n");
        File.SetUnixFileMode(Path.Combine(lab.Hosts[0].Root, "sudoers.d", "ctysvde"), (UnixFileMode)0x120 /* 0440 */);

        var result = lab.Cli("-l", KernelFixture.Alice, "create", "host1(-Z sudo)", "host2(-Z sudo)");
        Assert.True(result.ExitCode == 2, result.StandardOutput + result.StandardError + lab.Hosts[0].SshdLog);
        Assert.Matches($@"vde_switch0\.{KernelFixture.Alice}\s*\|{KernelFixture.Alice}\s*\|[^|]*\|[^|]*\|host1\s*\|running", result.StandardOutput);
        Assert.Contains($"ctys-setupvde: {KernelFixture.Alice}@host2: sudo does not let {KernelFixture.Alice} run /usr/local/bin/ctys-setupvde as root without a password", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("[ElevationRefused]", result.StandardError, StringComparison.Ordinal);

        Assert.Equal(0, lab.Cli("-l", KernelFixture.Alice, "-Z", "sudo", "-r", "host1", "cancel").ExitCode);
        AssertHostClean(lab.Hosts[0]);
        AssertHostClean(lab.Hosts[1]);
    }

    private static ProcessResult AsAlice(string cli, params string[] args) => Sh.Run("runuser", ["-u", KernelFixture.Alice, "--", cli, .. args]);

    /// <summary>Replaces /etc/sudoers.d for this test run only; sudo's timestamps in /run are removed afterwards.</summary>
    private void PrivateSudoers(string rule)
    {
        var dir = Directory.CreateTempSubdirectory("ctysvde-sudoers-").FullName;
        File.SetUnixFileMode(dir, (UnixFileMode)0x1ED);
        var file = Path.Combine(dir, "ctysvde");
        File.WriteAllText(file, rule + "\n");
        File.SetUnixFileMode(file, (UnixFileMode)0x120 /* 0440, or sudo ignores it */);
        Sh.Ok("visudo", "-cf", file);
        Defer("remove the private sudoers.d", () => Directory.Delete(dir, true));
        RemoveMountBookkeepingAfterwards();
        if (!Directory.Exists("/run/sudo"))
        {
            Defer("remove sudo's timestamps", () =>
            {
                if (Directory.Exists("/run/sudo"))
                {
                    Directory.Delete("/run/sudo", true);
                }
            });
        }

        Sh.Ok("mount", "--bind", dir, "/etc/sudoers.d");
        Defer("unmount the private sudoers.d", () => Sh.Ok("umount", "/etc/sudoers.d"));
    }
}
