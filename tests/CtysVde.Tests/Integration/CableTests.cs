using System.Globalization;
using CtysVde.Core.Errors;
using CtysVde.Core.Model;
using CtysVde.Core.Vde;
using CtysVde.Tests.Support;
using Xunit;

namespace CtysVde.Tests.Integration;

/// <summary>
/// Cables between two switches of one host (issue 13) on real traffic: a vde_plug client on each switch pings the
/// other across the cable; a wirefilter in it loses and delays frames, changed live.
/// </summary>
public class CableTests : KernelTest
{
    private static readonly string AliceSwitch = $"vde_switch0.{KernelFixture.Alice}";

    public CableTests(KernelFixture fixture)
        : base(fixture)
    {
    }

    [KernelFact(Requires = "dpipe")]
    public void A_cable_carries_pings_between_two_switches_is_idempotent_and_leaves_nothing_when_removed()
    {
        var (a, _) = TwoSwitchesWithClients("10.199.61");
        Ping(a, "10.199.61.2", passes: false);

        var prepared = Engine.PrepareCable(new CableRequest { Switch = new SwitchSpec(), RemoteSwitchName = AliceSwitch });
        var cable = Engine.NewCable(prepared);
        var name = $"vde_switch0.root~{AliceSwitch}";
        Assert.Equal((name, "Up", "vde_switch0.root", AliceSwitch, string.Empty), (cable.Name, cable.State, cable.SwitchName, cable.RemoteSwitchName, cable.Reason));
        Assert.True(cable.Port > 0 && cable.RemotePort > 0 && cable.ProcessId is > 0, $"ports {cable.Port}/{cable.RemotePort}, pid {cable.ProcessId}");
        Assert.Null(cable.FilterProcessId);
        Assert.Equal("vde_plug", File.ReadAllText($"/proc/{cable.RemoteProcessId}/comm").Trim());
        Assert.NotEqual(cable.ProcessId, cable.RemoteProcessId);
        Ping(a, "10.199.61.2", passes: true);
        var checks = Engine.TestCable(name);
        Assert.Equal(["CableUp", "FramesAcross", "FramesBack"], checks.Select(c => c.Check));
        Assert.All(checks, c => Assert.True(c.Passed, c.Detail));

        // Each end is an endpoint on its switch that names the other.
        Assert.Contains(Engine.Endpoints(new SwitchSpec()), e => e.Port == cable.Port && e.Description.StartsWith($"ctysvde cable to {AliceSwitch} ", StringComparison.Ordinal));
        Assert.Contains(Engine.Endpoints(new SwitchSpec { Owner = KernelFixture.Alice }), e => e.Port == cable.RemotePort && e.Description.StartsWith("ctysvde cable to vde_switch0.root ", StringComparison.Ordinal));

        // Again, either way round: the same cable, untouched.
        var again = Engine.NewCable(Engine.PrepareCable(new CableRequest { Switch = new SwitchSpec { Owner = KernelFixture.Alice }, RemoteSwitchName = "vde_switch0.root" }));
        Assert.Equal((name, cable.ProcessId), (again.Name, again.ProcessId));
        Assert.Single(Engine.Cables());
        Assert.Single(Engine.Cables(AliceSwitch));

        // A cable made without an impairment has no wirefilter to set one in: refused, and the cable left as it is.
        var lossy = new CableRequest { Switch = new SwitchSpec(), RemoteSwitchName = AliceSwitch, Impairment = new CableImpairment { LossPercent = 5 } };
        Assert.Equal(ErrorIds.InvalidCable, Assert.Throws<VdeException>(() => Engine.NewCable(Engine.PrepareCable(lossy))).ErrorId);
        Assert.Equal(ErrorIds.InvalidCable, Assert.Throws<VdeException>(() => Engine.SetCable(name, new CableImpairment { DelayMs = 5 })).ErrorId);
        Assert.Equal((cable.ProcessId, 0.0, "Up"), (Engine.GetCable(name).ProcessId, Engine.GetCable(name).LossPercent, Engine.GetCable(name).State));

        var removed = Engine.RemoveCable(name);
        Assert.Equal(name, removed.Name);
        Assert.Empty(Engine.Cables());
        Assert.Empty(new CableProcessScanner(new SwitchProcessScanner()).Scan());
        Ping(a, "10.199.61.2", passes: false);
    }

    [KernelFact(Requires = "wirefilter")]
    public void A_wirefilter_in_the_cable_loses_and_delays_frames_and_changes_live()
    {
        var (a, _) = TwoSwitchesWithClients("10.199.62");
        var cable = Engine.NewCable(Engine.PrepareCable(new CableRequest { Switch = new SwitchSpec(), RemoteSwitchName = AliceSwitch, Impairment = new CableImpairment { LossPercent = 100 } }));
        Assert.Equal(("Up", 100.0), (cable.State, cable.LossPercent));
        Assert.True(cable.FilterProcessId > 0);
        Ping(a, "10.199.62.2", passes: false);
        var cut = Engine.TestCable(cable.Name);
        Assert.Equal((true, false, false), (cut[0].Passed, cut[1].Passed, cut[2].Passed));
        Assert.Contains("did not reach", cut[1].Detail, StringComparison.Ordinal);

        var restored = Engine.SetCable(cable.Name, new CableImpairment { LossPercent = 0 });
        Assert.Equal((0.0, cable.ProcessId), (restored.LossPercent, restored.ProcessId));
        Ping(a, "10.199.62.2", passes: true);

        var delayed = Engine.SetCable(cable.Name, new CableImpairment { DelayMs = 50 });
        Assert.Equal(50, delayed.DelayMs);
        var rtt = RoundTripMs(a, "10.199.62.2");
        Assert.True(rtt >= 95, $"round trip {rtt} ms with 50 ms each way");
        Assert.Contains(Directory.GetFileSystemEntries(Core.Switches.SwitchLock.DirectoryFor(0)), f => f.EndsWith(".wf", StringComparison.Ordinal));

        // A wirefilter killed with SIGKILL ends the cable and leaves its socket and pidfile: making it again works.
        KillProcess(delayed.FilterProcessId!.Value);
        Sh.WaitFor(() => Engine.GetCable(cable.Name).State == "Down", "the cable down without its wirefilter");
        var mended = Engine.NewCable(Engine.PrepareCable(new CableRequest { Switch = new SwitchSpec(), RemoteSwitchName = AliceSwitch }));
        Assert.Equal(("Up", 50), (mended.State, mended.DelayMs));
        Assert.NotEqual(delayed.FilterProcessId, mended.FilterProcessId);
        Engine.RemoveCable(cable.Name);
        Assert.DoesNotContain(Directory.Exists(Core.Switches.SwitchLock.DirectoryFor(0)) ? Directory.GetFileSystemEntries(Core.Switches.SwitchLock.DirectoryFor(0)) : [], f => Path.GetFileName(f).StartsWith("cable-", StringComparison.Ordinal));
    }

    [KernelFact(Requires = "wirefilter")]
    public void The_command_line_makes_lists_impairs_plans_and_removes_a_cable()
    {
        var (a, _) = TwoSwitchesWithClients("10.199.65");
        var name = $"vde_switch0.root~{AliceSwitch}";
        var plan = Sh.CliOk("-n", "--to", AliceSwitch, "--loss", "100", "cable");
        Assert.Contains("with a wirefilter in the cable: 100 % loss", plan, StringComparison.Ordinal);
        Assert.Empty(Engine.Cables());

        var made = Sh.CliOk("-X", "--to", AliceSwitch, "--loss", "100", "cable").Trim().Split(';');
        Assert.Equal((name, "up", "100"), (made[0], made[6], made[8]));
        Ping(a, "10.199.65.2", passes: false);
        Assert.Equal(2, Sh.Cli("--to", AliceSwitch, "--test", "cable").ExitCode);
        Sh.CliOk("--to", AliceSwitch, "--loss", "0", "cable");
        Ping(a, "10.199.65.2", passes: true);
        Assert.Matches(@"(?m)^FramesBack\s+ok", Sh.CliOk("--to", AliceSwitch, "--test", "cable"));
        var json = System.Text.Json.JsonSerializer.Deserialize(Sh.CliOk("--json", "cable"), VdeJsonContext.Default.VdeCableArray)!;
        Assert.Equal((name, "Up", 0.0), (json.Single().Name, json.Single().State, json.Single().LossPercent));
        Assert.Contains(name, Sh.CliOk("cable"), StringComparison.Ordinal);

        foreach (var (args, id) in new[] { (new[] { "--to", AliceSwitch, "--loss", "150" }, ErrorIds.InvalidImpairment), (["--to", "vde_switch0.root"], ErrorIds.InvalidCable), (["--to", "vde_switch0.nobody-here", "--remove"], ErrorIds.CableNotFound) })
        {
            var r = Sh.Cli([.. args, "cable"]);
            Assert.True(r.StandardError.Trim().EndsWith($"[{id}]", StringComparison.Ordinal), $"{string.Join(' ', args)}: {r.StandardError}");
        }

        foreach (var args in new[] { new[] { "--loss", "5" }, ["--to", AliceSwitch, "--remove", "--delay", "5"], ["--to", AliceSwitch, "--loss", "x"] })
        {
            var r = Sh.Cli([.. args, "cable"]);
            Assert.True(r.ExitCode == 1 && r.StandardError.StartsWith("ctys-setupvde: option", StringComparison.Ordinal), $"{string.Join(' ', args)}: {r.ExitCode} {r.StandardError}");
        }

        Assert.Equal(name, Sh.CliOk("-X", "--to", AliceSwitch, "--remove", "cable").Split(';')[0]);
        Assert.Empty(Engine.Cables());
    }

    [KernelFact(Requires = "dpipe")]
    public void A_cable_whose_dpipe_or_switch_is_killed_is_down_with_the_reason_new_mends_it_and_removing_the_switch_removes_it()
    {
        var (a, _) = TwoSwitchesWithClients("10.199.63");
        var request = new CableRequest { Switch = new SwitchSpec(), RemoteSwitchName = AliceSwitch };
        var cable = Engine.NewCable(Engine.PrepareCable(request));

        KillProcess(cable.ProcessId!.Value);
        var down = Engine.GetCable(cable.Name);
        Assert.Equal(("Down", "its dpipe was killed; its plugs still run"), (down.State, down.Reason));
        var mended = Engine.NewCable(Engine.PrepareCable(request));
        Assert.Equal("Up", mended.State);
        Assert.NotEqual(cable.ProcessId, mended.ProcessId);
        Ping(a, "10.199.63.2", passes: true);

        var aliceSwitch = Assert.Single(Engine.List(includeStale: false), s => s.Name == AliceSwitch);
        KillProcess(aliceSwitch.ProcessId!.Value);
        Sh.WaitFor(() => Engine.GetCable(cable.Name).Reason == $"switch {AliceSwitch} is not running", "the cable down with its switch");
        Assert.Null(Engine.GetCable(cable.Name).ProcessId);

        var removed = Engine.Remove(new SwitchSpec { Owner = KernelFixture.Alice }, force: true);
        Assert.Contains($"cable:{cable.Name}", removed.Removed);
        Assert.Empty(Engine.Cables());
    }

    [KernelFact(Requires = "dpipe")]
    public void A_user_cables_her_own_two_switches_without_root_and_is_refused_on_another_users()
    {
        var first = Engine.Create(new SwitchSpec { Owner = KernelFixture.Alice, BridgeName = "br-cable-a" }).Switch;
        CancelAfterwards(new SwitchSpec { Owner = KernelFixture.Alice });
        var second = new SwitchSpec { Owner = KernelFixture.Alice, BridgeName = "br-cable-b", SocketPath = "/var/tmp/vde_switch0.alice-two", ManagementSocket = "/var/tmp/vde_mgmt0.alice-two" };
        Engine.Create(second);
        CancelAfterwards(second);
        var bob = Engine.Create(new SwitchSpec { Owner = KernelFixture.Bob, BridgeName = "br-cable-c" }).Switch;
        CancelAfterwards(new SwitchSpec { Owner = KernelFixture.Bob });
        var a = PlugIn(first.SocketPath, "alice-a", "10.199.66.1/24");
        PlugIn("/var/tmp/vde_switch0.alice-two", "alice-b", "10.199.66.2/24");
        var cli = CliForUsers();
        string[] AsAlice(params string[] args) => ["-u", KernelFixture.Alice, "--", cli, .. args];

        var made = Sh.Run("runuser", AsAlice("-X", "--to", "vde_switch0.alice-two", "cable"));
        Assert.True(made.ExitCode == 0, made.StandardError);
        Assert.Equal("up", made.StandardOutput.Split(';')[6]);
        Ping(a, "10.199.66.2", passes: true);
        var uid = new Core.Linux.UserDatabase().FindUser(KernelFixture.Alice)!.Uid;
        var processes = new CableProcessScanner(new SwitchProcessScanner()).Scan();
        Assert.NotEmpty(processes);
        Assert.All(processes, p => Assert.Equal(uid, p.Uid));

        var foreign = Sh.Run("runuser", AsAlice("--to", bob.Name, "cable"));
        Assert.True(foreign.StandardError.Trim().EndsWith($"[{ErrorIds.NotSwitchOwner}]", StringComparison.Ordinal), foreign.StandardError);

        var removed = Sh.Run("runuser", AsAlice("--to", "vde_switch0.alice-two", "--remove", "cable"));
        Assert.True(removed.ExitCode == 0, removed.StandardError);
        Assert.Empty(new CableProcessScanner(new SwitchProcessScanner()).Scan());
        Ping(a, "10.199.66.2", passes: false);
    }

    [KernelFact]
    public void Bad_cable_requests_are_refused_by_id_and_change_nothing()
    {
        TwoSwitchesWithClients("10.199.64");
        var snapshot = SystemSnapshot.Take();
        (CableRequest Request, string Id, VdeErrorCategory Category)[] cases =
        [
            (new CableRequest { Switch = new SwitchSpec(), RemoteSwitchName = "vde_switch0.root" }, ErrorIds.InvalidCable, VdeErrorCategory.InvalidArgument),
            (new CableRequest { Switch = new SwitchSpec(), RemoteSwitchName = "vde_switch0.nobody-here" }, ErrorIds.SwitchNotFound, VdeErrorCategory.ObjectNotFound),
            (new CableRequest { Switch = new SwitchSpec { SocketPath = "/var/tmp/vde_switch0.none", ManagementSocket = "/var/tmp/vde_mgmt0.none" }, RemoteSwitchName = AliceSwitch }, ErrorIds.SwitchNotFound, VdeErrorCategory.ObjectNotFound),
            (new CableRequest { Switch = new SwitchSpec(), RemoteSwitchName = AliceSwitch, Impairment = new CableImpairment { LossPercent = 150 } }, ErrorIds.InvalidImpairment, VdeErrorCategory.InvalidArgument),
            (new CableRequest { Switch = new SwitchSpec(), RemoteSwitchName = AliceSwitch, Impairment = new CableImpairment { DelayMs = -10 } }, ErrorIds.InvalidImpairment, VdeErrorCategory.InvalidArgument),
            (new CableRequest { Switch = new SwitchSpec(), RemoteSwitchName = AliceSwitch, Impairment = new CableImpairment { DelayMs = 10, JitterMs = 20 } }, ErrorIds.InvalidImpairment, VdeErrorCategory.InvalidArgument),
            (new CableRequest { Switch = new SwitchSpec(), RemoteSwitchName = AliceSwitch, Impairment = new CableImpairment { Mtu = 9000 } }, ErrorIds.InvalidImpairment, VdeErrorCategory.InvalidArgument),
            (new CableRequest { Switch = new SwitchSpec(), RemoteSwitchName = AliceSwitch, Impairment = new CableImpairment { BandwidthKbps = -1 } }, ErrorIds.InvalidImpairment, VdeErrorCategory.InvalidArgument),
            (new CableRequest { Switch = new SwitchSpec(), RemoteSwitchName = AliceSwitch, RemoteHost = "-oProxyCommand=x" }, ErrorIds.InvalidTarget, VdeErrorCategory.InvalidArgument),
            (new CableRequest { Switch = new SwitchSpec(), RemoteSwitchName = AliceSwitch, RemoteHost = "@host2" }, ErrorIds.InvalidTarget, VdeErrorCategory.InvalidArgument),
        ];
        foreach (var (request, id, category) in cases)
        {
            var e = Assert.Throws<VdeException>(() => Engine.PrepareCable(request));
            Assert.True((e.ErrorId, e.Category) == (id, category), $"{request}: {e.ErrorId} {e.Category}: {e.Message}");
        }

        var missing = Assert.Throws<VdeException>(() => Engine.RemoveCable("vde_switch0.root~nothing"));
        Assert.Equal((ErrorIds.CableNotFound, VdeErrorCategory.ObjectNotFound), (missing.ErrorId, missing.Category));
        Assert.Empty(Engine.Cables());
        AssertUnchanged(snapshot, "refused cable requests");
    }

    /// <summary>Root's switch and alice's, each with a client: .1 on root's, .2 on alice's. Their TAPs are on bridges of their own, so only a cable joins them.</summary>
    private ((string Namespace, int Pid, string Mac) A, (string Namespace, int Pid, string Mac) B) TwoSwitchesWithClients(string net)
    {
        var root = Engine.Create(new SwitchSpec { BridgeName = "br-cable-a" }).Switch;
        CancelAfterwards(new SwitchSpec());
        var alice = Engine.Create(new SwitchSpec { Owner = KernelFixture.Alice, BridgeName = "br-cable-b" }).Switch;
        CancelAfterwards(new SwitchSpec { Owner = KernelFixture.Alice });
        Defer("remove every cable", () =>
        {
            foreach (var c in Engine.Cables())
            {
                Engine.RemoveCable(c.Name);
            }
        });
        return (PlugIn(root.SocketPath, "client-a", $"{net}.1/24"), PlugIn(alice.SocketPath, "client-b", $"{net}.2/24"));
    }

    private static void Ping((string Namespace, int Pid, string Mac) from, string address, bool passes)
    {
        var r = Sh.Run("ip", "netns", "exec", from.Namespace, "ping", "-c", "1", "-W", passes ? "5" : "1", address);
        Assert.True((r.ExitCode == 0) == passes, $"ping {address} {(passes ? "failed" : "passed")}: {r.StandardOutput}");
    }

    private static double RoundTripMs((string Namespace, int Pid, string Mac) from, string address)
    {
        var output = Sh.Ok("ip", "netns", "exec", from.Namespace, "ping", "-c", "3", "-i", "0.2", "-W", "5", address);
        var times = output.Split('\n').Where(l => l.Contains("time=", StringComparison.Ordinal))
            .Select(l => double.Parse(l[(l.IndexOf("time=", StringComparison.Ordinal) + 5)..].Split(' ')[0], CultureInfo.InvariantCulture)).ToArray();
        return times.Min();
    }
}
