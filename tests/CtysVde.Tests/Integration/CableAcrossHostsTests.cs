using System.Globalization;
using System.Text.Json;
using CtysVde.Core.Errors;
using CtysVde.Core.Model;
using CtysVde.Core.Vde;
using CtysVde.Tests.Support;
using Xunit;

namespace CtysVde.Tests.Integration;

/// <summary>
/// Cables between switches on two hosts over ssh (issue 13) on real traffic: sshd hosts in namespaces
/// (<see cref="SshHostsTest"/>), a switch on each, a vde_plug client with a TAP on each switch, pinging across.
/// The CLI runs on host1 as its own ssh session would run it, and host1's ssh reaches host2.
/// </summary>
public class CableAcrossHostsTests : SshHostsTest
{
    private const string RootSwitch = "vde_switch0.root";
    private static readonly string AliceSwitch = $"vde_switch0.{KernelFixture.Alice}";

    public CableAcrossHostsTests(KernelFixture fixture)
        : base(fixture)
    {
    }

    [KernelFact(Requires = "wirefilter")]
    public void A_cable_across_hosts_carries_pings_changes_live_is_mended_after_its_ssh_dies_and_leaves_both_hosts_clean()
    {
        var lab = StartLab(2);
        var (h1, h2) = (lab.Hosts[0], lab.Hosts[1]);
        var (a, _) = SwitchesWithClients(lab, "10.199.71");
        Ping(a, "10.199.71.2", passes: false);

        // The plan asks host2 about its switch and starts nothing.
        Assert.Contains("and ssh to host2, whose ctys-setupvde plugs into vde_switch0.root", Cable(lab, h1, "-n", "--to", RootSwitch, "--to-host", "host2", "cable"), StringComparison.Ordinal);
        Assert.Empty(Tagged(h1, CableProcessScanner.Tag));

        var made = Cable(lab, h1, "-X", "--to", RootSwitch, "--to-host", "host2", "--loss", "0", "cable").Trim().Split(';');
        var name = $"{RootSwitch}~host2:{RootSwitch}";
        Assert.Equal(("host1", name, "host2", "up"), (made[0], made[1], made[4], made[7]));
        Assert.True(int.Parse(made[3], CultureInfo.InvariantCulture) > 0 && int.Parse(made[6], CultureInfo.InvariantCulture) > 0, string.Join(';', made));
        Ping(a, "10.199.71.2", passes: true);

        // One cable per pair, however the far host is named, and whichever side asks: a second would loop frames.
        var twin = OnHost1(lab, ["--to", RootSwitch, "--to-host", h2.Address, "cable"]);
        Assert.True(twin.ExitCode == 1 && twin.StandardError.Trim().EndsWith($"[{ErrorIds.InvalidCable}]", StringComparison.Ordinal), twin.StandardError);
        var back = lab.Cli("-r", "host2", "--to", RootSwitch, "--to-host", "host1", "cable");
        Assert.True(back.ExitCode != 0 && back.StandardError.Contains($"as cable {name} made here", StringComparison.Ordinal), back.StandardError);
        Assert.Empty(Tagged(h2, CableProcessScanner.Tag));
        Assert.Equal(Assert.Single(Tagged(h2, CableProcessScanner.EndTag)).Pid, Listed(lab).RemoteProcessId);

        // Each end is an endpoint on its switch that names the other, with its host.
        Assert.Contains($"ctysvde cable to host2:{RootSwitch} ", Cable(lab, h1, "-r", "host1", "ports"), StringComparison.Ordinal);
        Assert.Contains($"ctysvde cable to host1:{RootSwitch} ", Cable(lab, h1, "-r", "host2", "ports"), StringComparison.Ordinal);
        Assert.Matches(@"(?m)^FramesBack\s+ok", Cable(lab, h1, "--to", RootSwitch, "--to-host", "host2", "--test", "cable"));

        // Live impairment through the wirefilter on host1: the same dpipe throughout.
        var before = Listed(lab).ProcessId;
        Cable(lab, h1, "--to", RootSwitch, "--to-host", "host2", "--loss", "100", "cable");
        Ping(a, "10.199.71.2", passes: false);
        Cable(lab, h1, "--to", RootSwitch, "--to-host", "host2", "--loss", "0", "cable");
        Ping(a, "10.199.71.2", passes: true);
        Cable(lab, h1, "--to", RootSwitch, "--to-host", "host2", "--delay", "50", "cable");
        Assert.True(RoundTripMs(a, "10.199.71.2") >= 95, "a 50 ms delay each way shows in the round trip");
        Assert.Equal((before, 50, "Up"), (Listed(lab).ProcessId, Listed(lab).DelayMs, Listed(lab).State));

        // ssh killed mid-way: the cable is down with the reason, and making it again mends it with one end on host2.
        KillProcess(Tagged(h1, CableProcessScanner.Tag).Single(p => p.Program == "ssh").Pid);
        Sh.WaitFor(() => Listed(lab).State == "Down", "the cable down after its ssh was killed");
        Assert.Equal("its ssh session to host2 was ended by signal 9", Listed(lab).Reason);
        Sh.WaitFor(() => Tagged(h2, CableProcessScanner.EndTag).Count == 0, "host2's end gone with its ssh session");
        var mended = Cable(lab, h1, "-X", "--to", RootSwitch, "--to-host", "host2", "cable").Split(';');
        Assert.Equal(("up", "50"), (mended[7], mended[10]));
        Ping(a, "10.199.71.2", passes: true);
        Assert.Single(Tagged(h2, CableProcessScanner.EndTag));

        // Removed: nothing of it on either host.
        Assert.Equal(name, Cable(lab, h1, "-X", "--to", RootSwitch, "--to-host", "host2", "--remove", "cable").Split(';')[1]);
        Assert.Empty(Tagged(h1, CableProcessScanner.Tag));
        Assert.Empty(Tagged(h2, CableProcessScanner.EndTag));
        Assert.False(Directory.Exists(Path.Combine(h1.Root, "run", "ctysvde")) && Directory.GetFiles(Path.Combine(h1.Root, "run", "ctysvde"), "cable-*").Length > 0);
        Ping(a, "10.199.71.2", passes: false);
        Assert.Equal("[]", Cable(lab, h1, "-r", "host1", "--json", "cable").Trim());
    }

    [KernelFact(Requires = "dpipe")]
    public void A_partition_a_far_switch_removed_and_a_near_switch_removed_each_show_in_the_cable_and_mending_ends_the_stale_far_end()
    {
        var lab = StartLab(2);
        var (h1, h2) = (lab.Hosts[0], lab.Hosts[1]);
        var (a, _) = SwitchesWithClients(lab, "10.199.72");
        Cable(lab, h1, "--to", RootSwitch, "--to-host", "host2", "cable");
        Ping(a, "10.199.72.2", passes: true);

        // A partition (no FIN): ssh's keep-alives give up and say so; host2's end, which its sshd cannot tell is
        // orphaned, stays until the cable is made again, and then it is the one end there, not a second.
        Sh.Ok("ip", "link", "set", h2.LanPort, "down");
        // Down at once (host2 does not answer the question about its end), and soon ssh itself gives up.
        Sh.WaitFor(() => Listed(lab).State == "Down", "the cable down after the partition");
        var deadline = DateTime.UtcNow.AddSeconds(90);
        var reason = Listed(lab).Reason;
        while (!reason.StartsWith("its ssh session", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(500);
            reason = Listed(lab).Reason;
        }

        Assert.Equal($"its ssh session to host2 failed: Timeout, server {h2.Address} not responding.", reason);
        var stale = Assert.Single(Tagged(h2, CableProcessScanner.EndTag)).Pid;
        Sh.Ok("ip", "link", "set", h2.LanPort, "up");
        Cable(lab, h1, "--to", RootSwitch, "--to-host", "host2", "cable");
        Assert.NotEqual(stale, Assert.Single(Tagged(h2, CableProcessScanner.EndTag)).Pid);
        Ping(a, "10.199.72.2", passes: true);

        // The far switch removed: the cable is down and says what became of it.
        Assert.Equal(0, lab.Cli("cancel", "host2").ExitCode);
        Sh.WaitFor(() => Listed(lab).State == "Down", "the cable down without its far switch");
        Assert.Contains($"its end on host2 ended: host2: no switch named '{RootSwitch}' is running", Listed(lab).Reason, StringComparison.Ordinal);
        var again = OnHost1(lab, ["--to", RootSwitch, "--to-host", "host2", "cable"]);
        Assert.True(again.StandardError.Trim().EndsWith($"[{ErrorIds.SwitchNotFound}]", StringComparison.Ordinal), again.StandardError);

        // The near switch removed: its cables go, on both hosts.
        Assert.Equal(0, lab.Cli("create", "host2").ExitCode);
        Cable(lab, h1, "--to", RootSwitch, "--to-host", "host2", "cable");
        var cancel = lab.Cli("cancel", "host1");
        Assert.True(cancel.ExitCode == 0, cancel.StandardError);
        Assert.Contains($"cable:{RootSwitch}~host2:{RootSwitch}", cancel.StandardError, StringComparison.Ordinal);
        Assert.Empty(Tagged(h1, CableProcessScanner.Tag));
        Assert.Empty(Tagged(h2, CableProcessScanner.EndTag));
    }

    [KernelFact(Requires = "dpipe")]
    public void Ctrl_c_at_any_moment_of_making_a_cable_across_hosts_leaves_nothing_on_either_host()
    {
        var lab = StartLab(2);
        var (h1, h2) = (lab.Hosts[0], lab.Hosts[1]);
        SwitchesWithClients(lab, "10.199.73");
        // From the first ssh question to the wait for both ends: SIGINT, as Ctrl+C sends it, at each moment in turn.
        var interrupted = new List<int>();
        foreach (var offsetMs in new[] { 50, 200, 400, 700, 1000 })
        {
            using var cli = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("nsenter")
            {
                ArgumentList = { "-t", h1.SshdPid.ToString(CultureInfo.InvariantCulture), "-m", "-n", "-u", "/usr/local/bin/ctys-setupvde", "--to", RootSwitch, "--to-host", "host2", "cable" },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            Thread.Sleep(offsetMs);
            Sh.Run("kill", "-INT", cli.Id.ToString(CultureInfo.InvariantCulture));
            Assert.True(cli.WaitForExit(60_000), $"the CLI still runs {offsetMs} ms after its start and a SIGINT");
            var made = cli.ExitCode == 0;
            if (!made)
            {
                Assert.Contains("cancelled", cli.StandardError.ReadToEnd(), StringComparison.Ordinal);
                interrupted.Add(offsetMs);
            }

            // Either it finished first (then it is removed here), or it undid what it had made.
            if (made)
            {
                Cable(lab, h1, "--to", RootSwitch, "--to-host", "host2", "--remove", "cable");
            }

            Sh.WaitFor(() => Tagged(h2, CableProcessScanner.EndTag).Count == 0, $"host2's end gone after a SIGINT at {offsetMs} ms");
            Assert.Empty(Tagged(h1, CableProcessScanner.Tag));
            Assert.Equal("[]", Cable(lab, h1, "-r", "host1", "--json", "cable").Trim());
            Assert.False(Directory.Exists(Path.Combine(h1.Root, "run", "ctysvde")) && Directory.GetFiles(Path.Combine(h1.Root, "run", "ctysvde"), "cable-*").Length > 0,
                $"a cable file is left after a SIGINT at {offsetMs} ms");
        }

        // A run that always finished before its SIGINT would prove nothing.
        Assert.NotEmpty(interrupted);
    }

    [KernelFact(Requires = "dpipe")]
    public void Bad_far_ends_are_refused_with_their_error_and_change_nothing_on_either_host()
    {
        var lab = StartLab(3, "host3");
        var (h1, h2) = (lab.Hosts[0], lab.Hosts[1]);
        Assert.Equal(0, lab.Cli("create", "host1", "host2").ExitCode);
        Assert.Equal(0, lab.Cli("-u", KernelFixture.Alice, "create", "host2").ExitCode);
        Defer("cancel the lab's switches", () =>
        {
            lab.Cli("cancel", "host1", "host2");
            lab.Cli("-u", KernelFixture.Alice, "cancel", "host2");
        });

        foreach (var (args, id, exit) in new[]
        {
            (new[] { "--to", "vde_switch0.nobody-here", "--to-host", "host2" }, ErrorIds.SwitchNotFound, 2),
            (["--to", RootSwitch, "--to-host", $"{KernelFixture.Alice}@host2"], ErrorIds.NotSwitchOwner, 2),
            (["--to", RootSwitch, "--to-host", "10.199.40.254"], ErrorIds.HostUnreachable, 2),
            (["--to", RootSwitch, "--to-host", "wrongkey"], ErrorIds.LoginRefused, 2),
            (["--to", RootSwitch, "--to-host", "host3"], ErrorIds.RemoteToolMissing, 2),
            (["--to", RootSwitch, "--to-host", "host2;reboot"], ErrorIds.InvalidTarget, 1),
            (["--to", RootSwitch, "--to-host", "host2", "--loss", "101"], ErrorIds.InvalidImpairment, 1),
        })
        {
            var r = OnHost1(lab, [.. args, "cable"]);
            Assert.True(r.ExitCode == exit && r.StandardError.Trim().EndsWith($"[{id}]", StringComparison.Ordinal), $"{string.Join(' ', args)}: exit {r.ExitCode}, {r.StandardError}");
            Assert.Empty(Tagged(h1, CableProcessScanner.Tag));
            Assert.Empty(Tagged(h2, CableProcessScanner.EndTag));
            Assert.Equal("[]", Cable(lab, h1, "-r", "host1", "--json", "cable").Trim());
        }

        // The far end's own requests check what they are given too.
        foreach (var words in new[] { new[] { "cable-end", "plug", "x y", RootSwitch, "host1:a" }, ["cable-end", "unplug"], ["cable-end", "plug", "id", RootSwitch, "bad origin"] })
        {
            var r = OnHost1(lab, words);
            Assert.True(r.ExitCode == 1, $"{string.Join(' ', words)}: exit {r.ExitCode}, {r.StandardError}");
        }

        Assert.Empty(Tagged(h1, CableProcessScanner.EndTag));
    }

    [KernelFact(Requires = "dpipe")]
    public void A_user_cables_her_switch_to_her_switch_on_another_host_with_no_root_anywhere()
    {
        var lab = StartLab(2);
        var (h1, h2) = (lab.Hosts[0], lab.Hosts[1]);
        Assert.Equal(0, lab.Cli("-u", KernelFixture.Alice, "create", "host1", "host2").ExitCode);
        Assert.Equal(0, lab.Cli("create", "host2").ExitCode);
        Defer("cancel the lab's switches", () =>
        {
            lab.Cli("-u", KernelFixture.Alice, "cancel", "host1", "host2");
            lab.Cli("cancel", "host2");
        });

        // Her own key and config: what she has on a real host.
        var alice = new Core.Linux.UserDatabase().FindUser(KernelFixture.Alice)!;
        var dir = Directory.CreateDirectory(Path.Combine(lab.Work, "alice-ssh")).FullName;
        File.Copy(Path.Combine(lab.Work, "client_key"), Path.Combine(dir, "key"));
        File.WriteAllLines(Path.Combine(dir, "config"), File.ReadAllLines(lab.SshConfig).Select(l => l.Replace($"{lab.Work}/client_key", $"{dir}/key", StringComparison.Ordinal)));
        Sh.Ok("chown", "-R", $"{alice.Uid}:{alice.Gid}", dir);
        var ssh = $"CTYSVDE_SSH_COMMAND=ssh -F {dir}/config";
        var far = $"{KernelFixture.Alice}@host2";

        var made = OnHost1(lab, ["-X", "--to", AliceSwitch, "--to-host", far, "cable"], alice.Uid, ssh);
        Assert.True(made.ExitCode == 0, made.StandardError);
        Assert.Equal("up", made.StandardOutput.Split(';')[6]);
        Assert.All(Tagged(h1, CableProcessScanner.Tag), p => Assert.Equal(alice.Uid, p.Uid));
        Assert.Equal(alice.Uid, Assert.Single(Tagged(h2, CableProcessScanner.EndTag)).Uid);

        // Root sees her cable by its processes (its record is hers), up, without asking host2 as anyone.
        var seen = Listed(lab);
        Assert.Equal(($"{AliceSwitch}~{far}:{AliceSwitch}", "Up", far), (seen.Name, seen.State, seen.RemoteHost));

        var foreign = OnHost1(lab, ["--to", RootSwitch, "--to-host", far, "cable"], alice.Uid, ssh);
        Assert.True(foreign.StandardError.Trim().EndsWith($"[{ErrorIds.NotSwitchOwner}]", StringComparison.Ordinal), foreign.StandardError);

        var removed = OnHost1(lab, ["--to", AliceSwitch, "--to-host", far, "--remove", "cable"], alice.Uid, ssh);
        Assert.True(removed.ExitCode == 0, removed.StandardError);
        Assert.Empty(Tagged(h1, CableProcessScanner.Tag));
        Assert.Empty(Tagged(h2, CableProcessScanner.EndTag));
    }

    /// <summary>Root's switch on host1 and host2, each with a client whose TAP has an address in <paramref name="net"/>.</summary>
    private ((string Namespace, int Pid) A, (string Namespace, int Pid) B) SwitchesWithClients(Lab lab, string net)
    {
        var create = lab.Cli("create", "host1", "host2");
        Assert.True(create.ExitCode == 0, create.StandardError);
        Defer("cancel the lab's switches", () => lab.Cli("cancel", "host1", "host2"));
        Defer("remove the lab's cables", () => lab.Cli("-r", "host1", "--to", RootSwitch, "--to-host", "host2", "--remove", "cable"));
        return (PlugInto(lab.Hosts[0], $"{net}.1/24"), PlugInto(lab.Hosts[1], $"{net}.2/24"));
    }

    /// <summary>
    /// A client of the host's switch: vde_plug with a TAP in a namespace of its own, run in the host's mount
    /// namespace (a plug must see the switch's directory at the path the switch uses).
    /// </summary>
    private (string Namespace, int Pid) PlugInto(LabHost host, string address)
    {
        var ns = NewNamespace();
        var pidFile = Path.Combine(Path.GetTempPath(), $"{ns}.plug.pid");
        Sh.Ok("nsenter", "-t", host.SshdPid.ToString(CultureInfo.InvariantCulture), "-m", $"--net=/run/netns/{ns}",
            "vde_plug", "-d", "-p", pidFile, "-D", "client", $"vde:///var/tmp/{RootSwitch}", "tap://vdetap");
        Sh.WaitFor(() => File.Exists(pidFile) && new FileInfo(pidFile).Length > 0, $"the client's pidfile on {host.Name}");
        var pid = int.Parse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture);
        Defer($"stop the client on {host.Name}", () =>
        {
            StopProcess(pid);
            File.Delete(pidFile);
        });
        Sh.WaitFor(() => Sh.Run("ip", "-n", ns, "link", "show", "vdetap").ExitCode == 0, "the client's TAP");
        Sh.Ok("ip", "-n", ns, "addr", "add", address, "dev", "vdetap");
        Sh.Ok("ip", "-n", ns, "link", "set", "vdetap", "up");
        return (ns, pid);
    }

    /// <summary>The CLI run on host1 (in its namespaces, as <paramref name="uid"/>), as a user logged in there would run it.</summary>
    private static Core.Processes.ProcessResult OnHost1(Lab lab, string[] args, uint uid = 0, string? sshCommand = null)
    {
        var user = uid == 0 ? [] : new[] { "setpriv", $"--reuid={uid}", $"--regid={new Core.Linux.UserDatabase().FindUser(uid)!.Gid}", "--clear-groups" };
        return Sh.Run("nsenter", ["-t", lab.Hosts[0].SshdPid.ToString(CultureInfo.InvariantCulture), "-m", "-n", "-u", .. user,
            "env", "-u", "XDG_RUNTIME_DIR", $"HOME={(uid == 0 ? "/root" : "/nonexistent")}", .. sshCommand is null ? Array.Empty<string>() : [sshCommand], "/usr/local/bin/ctys-setupvde", .. args]);
    }

    /// <summary>The CLI on host1 as root; fails the test when it fails.</summary>
    private static string Cable(Lab lab, LabHost host1, params string[] args)
    {
        var r = args.Contains("-r") ? lab.Cli(args) : OnHost1(lab, args);
        Assert.True(r.ExitCode == 0, $"{string.Join(' ', args)} on {host1.Name}: {r.StandardError}");
        return args.Contains("-X") && !args.Contains("-r") ? "host1;" + r.StandardOutput : r.StandardOutput;
    }

    private static VdeCable Listed(Lab lab) =>
        JsonSerializer.Deserialize(lab.Cli("-r", "host1", "--json", "cable").StandardOutput, VdeJsonContext.Default.VdeCableArray)!.Single();

    /// <summary>The processes in the host's network namespace that carry <paramref name="tag"/> in their environment.</summary>
    private static IReadOnlyList<(int Pid, string Program, uint Uid)> Tagged(LabHost host, string tag) =>
        Sh.Run("ip", "netns", "pids", host.Namespace).StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => int.Parse(p, CultureInfo.InvariantCulture))
            .Select(pid => (Pid: pid, Environ: Core.Linux.SmallFile.Read($"/proc/{pid}/environ"), Comm: Core.Linux.SmallFile.ReadText($"/proc/{pid}/comm")))
            .Where(p => p.Environ is not null && p.Comm is not null && System.Text.Encoding.UTF8.GetString(p.Environ).Split('\0').Any(e => e.StartsWith(tag + "=", StringComparison.Ordinal))
                && File.ReadAllText($"/proc/{p.Pid}/stat").Split(") ")[1][0] != 'Z')
            .Select(p => (p.Pid, p.Comm!.Trim(), new Core.Linux.UnixFiles().Stat($"/proc/{p.Pid}")?.Uid ?? uint.MaxValue))
            .ToArray();

    private static void Ping((string Namespace, int Pid) from, string address, bool passes)
    {
        var r = Sh.Run("ip", "netns", "exec", from.Namespace, "ping", "-c", "1", "-W", passes ? "5" : "1", address);
        Assert.True((r.ExitCode == 0) == passes, $"ping {address} {(passes ? "failed" : "passed")}: {r.StandardOutput}");
    }

    private static double RoundTripMs((string Namespace, int Pid) from, string address) =>
        Sh.Ok("ip", "netns", "exec", from.Namespace, "ping", "-c", "3", "-i", "0.2", "-W", "5", address).Split('\n')
            .Where(l => l.Contains("time=", StringComparison.Ordinal))
            .Min(l => double.Parse(l[(l.IndexOf("time=", StringComparison.Ordinal) + 5)..].Split(' ')[0], CultureInfo.InvariantCulture));
}
