using System.Diagnostics;
using System.Text.Json;
using CtysVde.Tests.Support;
using Xunit;

namespace CtysVde.Tests.Integration;

/// <summary>-r, user@host targets, -l and deploy, over real ssh to real sshd hosts (<see cref="SshHostsTest"/>).</summary>
public class RemoteTests : SshHostsTest
{
    public RemoteTests(KernelFixture fixture)
        : base(fixture)
    {
    }

    [KernelFact(Requires = "sshd")]
    public void Create_list_check_and_cancel_run_on_three_hosts_at_once()
    {
        var lab = StartLab(3);

        var create = lab.Cli("create", "root@host1", "host2", "host3");
        Assert.True(create.ExitCode == 0, create.StandardError);
        foreach (var host in lab.Hosts)
        {
            Assert.Matches($@"vde_switch0\.root\s*\|root\s*\|root\s*\|[^|]*\|{host.Name}\s*\|running", create.StandardOutput);
            Assert.True(File.Exists(Path.Combine(host.VarTmp, "vde_switch0.root", "ctl")), $"{host.Name} has no switch socket");
        }

        // The same objects as locally, each with the host it came from; every host runs its own vde_switch.
        var list = lab.Cli("-r", "host1,host2,host3", "--json", "list");
        Assert.True(list.ExitCode == 0, list.StandardError);
        using var json = JsonDocument.Parse(list.StandardOutput);
        var switches = json.RootElement.EnumerateArray().ToArray();
        Assert.Equal(["host1", "host2", "host3"], switches.Select(s => s.GetProperty("HostName").GetString()));
        Assert.All(switches, s => Assert.Equal("Running", s.GetProperty("State").GetString()));
        Assert.Equal(3, switches.Select(s => s.GetProperty("ProcessId").GetInt32()).Distinct().Count());

        var check = lab.Cli("-r", "host1,host2,host3", "check");
        Assert.True(check.ExitCode == 0, check.StandardError);
        Assert.StartsWith("HOST ", check.StandardOutput, StringComparison.Ordinal);
        foreach (var host in lab.Hosts)
        {
            Assert.Matches($@"(?m)^{host.Name}\s+ManagementAnswers\s+ok", check.StandardOutput);
        }

        var ports = lab.Cli("ports", "host1", "host3");
        Assert.True(ports.ExitCode == 0, ports.StandardError);
        Assert.StartsWith("HOST ", ports.StandardOutput, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^host1\s+1\s+.*tap0", ports.StandardOutput);
        Assert.Matches(@"(?m)^host3\s+1\s+.*tap0", ports.StandardOutput);

        var terse = lab.Cli("-X", "-r", "host2", "info");
        Assert.StartsWith("vde_switch0.root;root;root;", terse.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(";host2;running;", terse.StandardOutput, StringComparison.Ordinal);

        // A capture on two hosts at once: started, listed with its host, and stopped; each host writes its own file.
        var capture = lab.Cli("--file", "/var/tmp/lab.pcap", "capture", "host1", "host3");
        Assert.True(capture.ExitCode == 0, capture.StandardError);
        Assert.Matches(@"(?m)^host1\s+vde_switch0\.root\s+all\s+running\s+.*/var/tmp/lab\.pcap", capture.StandardOutput);
        using (var captures = JsonDocument.Parse(lab.Cli("-r", "host1,host2,host3", "--json", "capture").StandardOutput))
        {
            Assert.Equal(["host1", "host3"], captures.RootElement.EnumerateArray().Select(c => c.GetProperty("HostName").GetString()));
        }

        var stop = lab.Cli("-X", "--stop", "capture", "host1", "host3");
        Assert.True(stop.ExitCode == 0, stop.StandardError);
        Assert.Contains(";vde_switch0.root;0;stopped;", stop.StandardOutput, StringComparison.Ordinal);
        foreach (var host in new[] { lab.Hosts[0], lab.Hosts[2] })
        {
            var file = Path.Combine(host.VarTmp, "lab.pcap");
            Assert.True(File.Exists(file), $"{host.Name} has no capture file");
            File.Delete(file);
        }

        var cancel = lab.Cli("cancel", "host1", "host2", "host3");
        Assert.True(cancel.ExitCode == 0, cancel.StandardError);
        foreach (var host in lab.Hosts)
        {
            Assert.Contains($"{host.Name}: cancelled vde_switch0.root", cancel.StandardError, StringComparison.Ordinal);
            AssertHostClean(host);
        }
    }

    [KernelFact(Requires = "sshd")]
    public void Each_failing_host_gives_its_own_error_and_the_others_still_answer()
    {
        var lab = StartLab(3, withoutCli: "host3");
        StopSshd(lab.Hosts[1]);

        var result = lab.Cli("--timeout", "3", "create", "host1", "host2", "host3", "wrongkey");
        Assert.Equal(2, result.ExitCode);
        Assert.Matches(@"vde_switch0\.root\s*\|root\s*\|root\s*\|[^|]*\|host1\s*\|running", result.StandardOutput);
        var errors = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, errors.Length);
        Assert.Contains(errors, e => e.StartsWith("ctys-setupvde: host2: ssh: connect to host 10.199.40.12 port 22: Connection refused [HostUnreachable]", StringComparison.Ordinal));
        Assert.Contains(errors, e => e == "ctys-setupvde: host3: ctys-setupvde is not installed there (not found on its PATH); run: ctys-setupvde -r host3 deploy to install it [RemoteToolMissing]");
        Assert.Contains(errors, e => e.StartsWith("ctys-setupvde: wrongkey: the SSH login was refused (root@10.199.40.11: Permission denied (publickey).)", StringComparison.Ordinal) && e.EndsWith("[LoginRefused]", StringComparison.Ordinal));

        Assert.Equal(0, lab.Cli("cancel", "host1").ExitCode);
        AssertHostClean(lab.Hosts[0]);
        AssertHostClean(lab.Hosts[2]);
    }

    [KernelFact(Requires = "sshd")]
    public void A_host_that_goes_away_mid_run_is_given_up_after_the_timeout_while_the_others_finish()
    {
        var lab = StartLab(3);

        // host2's ctys-setupvde takes its time, and while it does, host2 drops off the network.
        var slow = Path.Combine(lab.Hosts[1].Root, "bin", "ctys-setupvde");
        File.Move(slow, slow + ".real");
        File.WriteAllText(slow, "#!/bin/sh\nsleep 30\nexec /usr/local/bin/ctys-setupvde.real \"$@\"\n");
        File.SetUnixFileMode(slow, (UnixFileMode)0x1ED);

        var watch = Stopwatch.StartNew();
        var run = Task.Run(() => lab.Cli("--timeout", "2", "-r", "host1,host2,host3", "create"));
        Thread.Sleep(1500);
        Sh.Ok("ip", "link", "set", lab.Hosts[1].LanPort, "down");
        var result = run.GetAwaiter().GetResult();
        watch.Stop();

        Assert.Equal(2, result.ExitCode);
        // ssh's keep-alives gave up on host2 (the time it took is reported, not asserted: bench/remote).
        Assert.Contains("ctys-setupvde: host2: Timeout, server 10.199.40.12 not responding. [HostUnreachable]", result.StandardError, StringComparison.Ordinal);
        Assert.Matches(@"\|host1\s*\|running", result.StandardOutput);
        Assert.Matches(@"\|host3\s*\|running", result.StandardOutput);
        Console.WriteLine($"a host lost mid-run was given up after {watch.ElapsedMilliseconds} ms in all (--timeout 2)");

        Assert.Equal(0, lab.Cli("-r", "host1,host3", "cancel").ExitCode);
        AssertHostClean(lab.Hosts[0]);
        AssertHostClean(lab.Hosts[2]);
    }

    /// <summary>What the seed's manual warns of: bridging the very interface the admin's ssh session runs over.</summary>
    [KernelFact(Requires = "sshd")]
    public void The_uplink_that_carries_the_ssh_session_moves_only_with_force_and_the_session_survives()
    {
        var lab = StartLab(1);
        var links = Sh.Ok("ip", "-n", lab.Hosts[0].Namespace, "-br", "addr");

        var refused = lab.Cli("-i", "lan0", "create", "host1");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("host1: 'lan0' carries your SSH session (10.199.40.254 -> 10.199.40.11)", refused.StandardError, StringComparison.Ordinal);
        Assert.Contains("[UplinkInUse]", refused.StandardError, StringComparison.Ordinal);
        Assert.Equal(links, Sh.Ok("ip", "-n", lab.Hosts[0].Namespace, "-br", "addr"));

        // Forced, the move happens under the running session, which answers through the bridge.
        var moved = lab.Cli("-i", "lan0", "-f", "--probe", "10.199.40.254", "create", "host1");
        Assert.True(moved.ExitCode == 0, moved.StandardError);
        Assert.Matches(@"\|host1\s*\|running\s*\|\d+\s*\|tap0\s*\|ctysbr0", moved.StandardOutput);
        Assert.Contains("10.199.40.11/24", Sh.Ok("ip", "-n", lab.Hosts[0].Namespace, "-br", "addr", "show", "dev", "ctysbr0"), StringComparison.Ordinal);
        Assert.Equal(0, lab.Cli("check", "host1").ExitCode);

        var cancel = lab.Cli("cancel", "host1");
        Assert.True(cancel.ExitCode == 0, cancel.StandardError);
        Assert.Equal(links, Sh.Ok("ip", "-n", lab.Hosts[0].Namespace, "-br", "addr"));
        AssertHostClean(lab.Hosts[0]);
    }

    [KernelFact(Requires = "sshd")]
    public void Deploy_installs_the_cli_and_the_module_on_hosts_that_lack_them()
    {
        var lab = StartLab(2, withoutCli: ["host1", "host2"]);
        var module = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(TestHost.Cli)))!;

        var deploy = lab.Cli("-r", "host1,host2", "--module", module, "deploy");
        Assert.True(deploy.ExitCode == 0, deploy.StandardError);
        Assert.Matches(@"(?m)^host1\s+\d+\.\d+\.\d+\s+/usr/local/bin/ctys-setupvde, /usr/local/share/powershell/Modules/CtysVde/", deploy.StandardOutput);
        foreach (var host in lab.Hosts)
        {
            var installed = Directory.GetDirectories(Path.Combine(host.Root, "share", "powershell", "Modules", "CtysVde")).Single();
            Assert.True(File.Exists(Path.Combine(installed, "CtysVde.psd1")));
            Assert.True(File.Exists(Path.Combine(installed, "module", "CtysVde.dll")));
            Assert.Equal(File.ReadAllBytes(TestHost.Cli), File.ReadAllBytes(Path.Combine(host.Root, "bin", "ctys-setupvde")));
        }

        // Once deployed, the hosts answer. A prefix the host cannot write to is that host's error.
        Assert.Equal(0, lab.Cli("list", "host1", "host2").ExitCode);
        var bad = lab.Cli("--prefix", "/proc/nowhere", "deploy", "host1");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("ctys-setupvde: host1: exit 1: mkdir: cannot create directory '/proc/nowhere'", bad.StandardError, StringComparison.Ordinal);
        Assert.EndsWith("[RemoteFailed]\n", bad.StandardError, StringComparison.Ordinal);
    }
}
