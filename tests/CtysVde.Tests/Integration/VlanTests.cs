using CtysVde.Core.Errors;
using CtysVde.Core.Model;
using CtysVde.Core.Switches;
using CtysVde.Tests.Support;
using Xunit;

namespace CtysVde.Tests.Integration;

/// <summary>
/// VLANs per port on real traffic (issue 12): ping between vde_plug clients in namespaces, and hand-made frames
/// through stream plugs (this kernel has no 8021q driver), so a trunk's tags are seen exactly as the switch sends them.
/// </summary>
public class VlanTests : KernelTest
{
    /// <summary>How long a frame the switch should deliver may take; one it keeps back is waited for this long too.</summary>
    private const int FrameTimeoutMs = 3000;

    public VlanTests(KernelFixture fixture)
        : base(fixture)
    {
    }

    [KernelFact(Requires = "ping")]
    public void Pings_pass_within_a_VLAN_and_fail_across_VLANs()
    {
        var sw = Engine.Create(new SwitchSpec()).Switch;
        CancelAfterwards(new SwitchSpec());
        var a = PlugIn(sw.SocketPath, "client-a", "10.199.12.1/24");
        var b = PlugIn(sw.SocketPath, "client-b", "10.199.12.2/24");
        var c = PlugIn(sw.SocketPath, "client-c", "10.199.12.3/24");
        var ports = Engine.Ports(new SwitchSpec());
        int PortOf(int pid) => Assert.Single(ports, p => p.ClientProcessIds.Contains(pid)).Port;
        Ping(a.Namespace, "10.199.12.3", passes: true);

        Set(PortOf(c.Pid), VdeVlanMode.Access, vlan: 10);
        Ping(a.Namespace, "10.199.12.3", passes: false);
        Ping(a.Namespace, "10.199.12.2", passes: true);

        Set(PortOf(a.Pid), VdeVlanMode.Access, vlan: 10);
        Ping(a.Namespace, "10.199.12.3", passes: true);
        Ping(a.Namespace, "10.199.12.2", passes: false);
        var port = Assert.Single(Engine.Ports(new SwitchSpec()), p => p.Port == PortOf(a.Pid));
        Assert.Equal(10, port.Vlan);

        // Back to the default VLAN: VLAN 10 goes with its last port.
        Set(PortOf(a.Pid), VdeVlanMode.Untagged);
        Set(PortOf(c.Pid), VdeVlanMode.Untagged);
        Ping(a.Namespace, "10.199.12.3", passes: true);
        Assert.All(Engine.PortVlans(new SwitchSpec()), v => Assert.Equal("Untagged", v.OperationMode));
        Assert.DoesNotContain("VLAN 0010", VlanTable(sw.ManagementSocket!));
        _ = b;
    }

    [KernelFact]
    public void A_trunk_carries_its_allowed_VLANs_tagged_and_its_native_VLAN_untagged_both_ways()
    {
        var sw = Engine.Create(new SwitchSpec()).Switch;
        CancelAfterwards(new SwitchSpec());
        var trunk = Plug(sw.SocketPath, 2);
        var v20 = Plug(sw.SocketPath, 3);
        var v30 = Plug(sw.SocketPath, 4);
        var native = Plug(sw.SocketPath, 5);
        var plain = Plug(sw.SocketPath, 6);
        Set(2, VdeVlanMode.Trunk, allowed: [20, 30], native: 10);
        Set(3, VdeVlanMode.Access, vlan: 20);
        Set(4, VdeVlanMode.Access, vlan: 30);
        Set(5, VdeVlanMode.Access, vlan: 10);

        var got = Engine.PortVlans(new SwitchSpec()).Single(v => v.Port == 2);
        Assert.Equal(("Trunk", 10, "20,30"), (got.OperationMode, got.NativeVlanId, string.Join(',', got.AllowedVlanIdList)));
        Assert.Equal(new[] { 20, 30 }, Engine.Ports(new SwitchSpec()).Single(p => p.Port == 2).TaggedVlans);

        // Into the trunk: each access VLAN arrives with its tag, the native one without, VLAN 0 not at all.
        v20.SendBroadcast(3, "from-v20");
        Assert.Equal(20, trunk.Receive("from-v20", FrameTimeoutMs));
        v30.SendBroadcast(4, "from-v30");
        Assert.Equal(30, trunk.Receive("from-v30", FrameTimeoutMs));
        native.SendBroadcast(5, "from-native");
        Assert.Equal(0, trunk.Receive("from-native", FrameTimeoutMs));
        plain.SendBroadcast(6, "from-plain");
        Assert.Null(trunk.Receive("from-plain", FrameTimeoutMs));

        // Out of the trunk: a frame tagged 20 reaches VLAN 20 untagged and no other port.
        trunk.SendBroadcast(2, "tagged-20", vlan: 20);
        Assert.Equal(0, v20.Receive("tagged-20", FrameTimeoutMs));
        Assert.Null(v30.Receive("tagged-20", FrameTimeoutMs));
        Assert.Null(plain.Receive("tagged-20", 200));
        trunk.SendBroadcast(2, "untagged-native");
        Assert.Equal(0, native.Receive("untagged-native", FrameTimeoutMs));
        Assert.Null(plain.Receive("untagged-native", 200));
    }

    [KernelFact]
    public void A_port_made_ready_before_its_client_comes_keeps_its_VLAN_for_it()
    {
        var sw = Engine.Create(new SwitchSpec()).Switch;
        CancelAfterwards(new SwitchSpec());
        var result = Set(7, VdeVlanMode.Access, vlan: 40);
        Assert.Equal((7, "Access", 40, false), (result.Port, result.OperationMode, result.AccessVlanId, result.Active));
        Assert.Contains(Engine.PortVlans(new SwitchSpec()), v => v.Port == 7 && !v.Active && v.AccessVlanId == 40);

        var late = Plug(sw.SocketPath, 7);
        var peer = Plug(sw.SocketPath, 3);
        var outsider = Plug(sw.SocketPath, 4);
        Set(3, VdeVlanMode.Access, vlan: 40);
        peer.SendBroadcast(3, "to-the-late-guest");
        Assert.Equal(0, late.Receive("to-the-late-guest", FrameTimeoutMs));
        Assert.Null(outsider.Receive("to-the-late-guest", 200));
        Assert.Contains(Engine.PortVlans(new SwitchSpec()), v => v.Port == 7 && v.Active);
    }

    [KernelFact]
    public void A_change_stopped_after_any_of_its_steps_is_undone_and_leaves_the_switch_exactly_as_it_was()
    {
        var sw = Engine.Create(new SwitchSpec()).Switch;
        CancelAfterwards(new SwitchSpec());
        Set(3, VdeVlanMode.Trunk, allowed: [20, 30]);
        Set(4, VdeVlanMode.Access, vlan: 20);
        var before = VlanTable(sw.ManagementSocket!);

        // Port 3 to an access port of VLAN 50: create 50, leave 20 and 30, set 50, remove 30 (20 stays for port 4).
        var request = new PortVlanRequest { Port = 3, Mode = VdeVlanMode.Access, VlanId = 50 };
        var steps = Engine.PreparePortVlan(new SwitchSpec(), request).Plan.Steps;
        Assert.Equal(5, steps.Count);
        for (var stopAt = 1; stopAt <= steps.Count; stopAt++)
        {
            // The engine says each step, then checks for a cancellation, then sends it: cancelling at the message of
            // step stopAt+1 stops the change after stopAt steps, and the undo must take back exactly those.
            using var cancel = new CancellationTokenSource();
            var seen = 0;
            var engine = new SwitchManager(SwitchEnvironment.Default(), m =>
            {
                if (m.Contains("(vlan/", StringComparison.Ordinal) || m.Contains("(port/", StringComparison.Ordinal))
                {
                    if (++seen == stopAt + 1)
                    {
                        cancel.Cancel();
                    }
                }
            });
            var prepared = engine.PreparePortVlan(new SwitchSpec(), request);
            if (stopAt < steps.Count)
            {
                Assert.Throws<OperationCanceledException>(() => engine.SetPortVlan(prepared, cancel.Token));
                Assert.Equal(before, VlanTable(sw.ManagementSocket!));
            }
            else
            {
                engine.SetPortVlan(prepared, cancel.Token);
            }
        }

        Assert.Contains(Engine.PortVlans(new SwitchSpec()), v => v.Port == 3 && v.OperationMode == "Access" && v.AccessVlanId == 50);
        var after = VlanTable(sw.ManagementSocket!);
        Assert.DoesNotContain("VLAN 0030", after);
        Assert.Contains("VLAN 0020", after);
    }

    [KernelFact]
    public void The_command_line_sets_shows_and_plans_VLANs_with_json_and_terse_output()
    {
        var sw = Engine.Create(new SwitchSpec()).Switch;
        CancelAfterwards(new SwitchSpec());
        var before = VlanTable(sw.ManagementSocket!);
        var plan = Sh.CliOk("--port", "5", "--trunk", "20,30", "--native", "10", "-n", "vlan");
        Assert.Contains("make port 5 ready for a client", plan, StringComparison.Ordinal);
        Assert.Contains("add port 5 to VLAN 30, tagged", plan, StringComparison.Ordinal);
        Assert.Equal(before, VlanTable(sw.ManagementSocket!));

        var set = Sh.CliOk("--port", "5", "--trunk", "20,30", "--native", "10", "-X", "vlan");
        Assert.Equal($"{sw.Name};5;trunk;0;10;20,30;inactive", set.Trim());
        var json = Sh.CliOk("--json", "vlan");
        var listed = System.Text.Json.JsonSerializer.Deserialize(json, VdeJsonContext.Default.VdePortVlanArray)!;
        var port5 = Assert.Single(listed, v => v.Port == 5);
        Assert.Equal(("Trunk", 10, "20,30"), (port5.OperationMode, port5.NativeVlanId, string.Join(',', port5.AllowedVlanIdList)));
        Assert.Contains("\"OperationMode\": \"Trunk\"", json, StringComparison.Ordinal);
        var table = Sh.CliOk("--port", "5", "vlan");
        Assert.Matches(@"5\s+trunk\s+-\s+10\s+20,30\s+no", table);

        Sh.CliOk("--port", "5", "--untagged", "vlan");
        Assert.DoesNotContain("VLAN 0020", VlanTable(sw.ManagementSocket!));
    }

    [KernelFact]
    public void Bad_VLAN_requests_are_refused_with_their_error_id_and_change_nothing()
    {
        var sw = Engine.Create(new SwitchSpec()).Switch;
        CancelAfterwards(new SwitchSpec());
        Set(3, VdeVlanMode.Access, vlan: 10);
        var table = VlanTable(sw.ManagementSocket!);
        var snapshot = SystemSnapshot.Take();

        (string[] Args, string Id, string Names)[] cases =
        [
            (["--port", "3", "--access", "0"], ErrorIds.InvalidVlanId, "0"),
            (["--port", "3", "--access", "4094"], ErrorIds.InvalidVlanId, "4094"),
            (["--port", "3", "--trunk", "20,5000"], ErrorIds.InvalidVlanId, "5000"),
            (["--port", "3", "--trunk", "20", "--native", "4095"], ErrorIds.InvalidVlanId, "4095"),
            (["--port", "3", "--trunk", "20", "--native", "20"], ErrorIds.InvalidVlanId, "20"),
            (["--port", "0", "--access", "10"], ErrorIds.InvalidPort, "0"),
            (["--port", "32", "--access", "10"], ErrorIds.InvalidPort, "32"),
            (["--port", "3", "--access", "10", "-s", "/var/tmp/vde_switch0.nobody-here", "-S", "/var/tmp/vde_mgmt0.nobody-here"], ErrorIds.SwitchNotFound, "nobody-here"),
        ];
        foreach (var (args, id, names) in cases)
        {
            var r = Sh.Cli([.. args, "vlan"]);
            Assert.True(r.ExitCode is 1 or 2, $"{string.Join(' ', args)}: exit {r.ExitCode}");
            Assert.EndsWith($"[{id}]", r.StandardError.Trim(), StringComparison.Ordinal);
            Assert.Contains(names, r.StandardError, StringComparison.Ordinal);
            Assert.Equal(id == ErrorIds.SwitchNotFound ? 2 : 1, r.ExitCode);
            Assert.Equal(table, VlanTable(sw.ManagementSocket!));
        }

        // Usage errors of the command line: contradictions and values that are not numbers.
        foreach (var args in new[] { new[] { "--port", "3", "--access", "10", "--trunk", "20" }, ["--port", "3", "--access", "x"], ["--native", "3", "--port", "3", "--access", "10"], ["--access", "10"], ["--port", "3", "-n"] })
        {
            var r = Sh.Cli([.. args, "vlan"]);
            Assert.True(r.ExitCode == 1, $"{string.Join(' ', args)}: exit {r.ExitCode}: {r.StandardError}");
            Assert.StartsWith("ctys-setupvde: option", r.StandardError, StringComparison.Ordinal);
        }

        // The engine refuses the same, with the category the module reports.
        var e = Assert.Throws<VdeException>(() => Engine.PreparePortVlan(new SwitchSpec(), new PortVlanRequest { Port = 3, Mode = VdeVlanMode.Trunk, AllowedVlanIds = [] }));
        Assert.Equal((ErrorIds.InvalidVlanId, VdeErrorCategory.InvalidArgument), (e.ErrorId, e.Category));
        Assert.Equal(table, VlanTable(sw.ManagementSocket!));
        AssertUnchanged(snapshot, "refused VLAN requests");
    }

    [KernelFact]
    public void A_user_sets_VLANs_on_her_own_switch_without_root_and_is_refused_on_another_users()
    {
        var alice = Engine.Create(new SwitchSpec { Owner = KernelFixture.Alice }).Switch;
        CancelAfterwards(new SwitchSpec { Owner = KernelFixture.Alice });
        var bob = Engine.Create(new SwitchSpec { Owner = KernelFixture.Bob }).Switch;
        CancelAfterwards(new SwitchSpec { Owner = KernelFixture.Bob });
        var cli = CliForUsers();

        var own = Sh.Run("runuser", ["-u", KernelFixture.Alice, "--", cli, "--port", "4", "--access", "12", "-X", "vlan"]);
        Assert.True(own.ExitCode == 0, own.StandardError);
        Assert.Equal($"{alice.Name};4;access;12;0;;inactive", own.StandardOutput.Trim());
        var listed = Sh.Run("runuser", ["-u", KernelFixture.Alice, "--", cli, "--port", "4", "-X", "vlan"]);
        Assert.Equal(own.StandardOutput, listed.StandardOutput);

        var bobsTable = VlanTable(bob.ManagementSocket!);
        var foreign = Sh.Run("runuser", ["-u", KernelFixture.Alice, "--", cli, "-u", KernelFixture.Bob, "--port", "4", "--access", "12", "vlan"]);
        Assert.NotEqual(0, foreign.ExitCode);
        Assert.Contains(KernelFixture.Bob, foreign.StandardError, StringComparison.Ordinal);
        Assert.True(foreign.StandardError.Trim().EndsWith($"[{ErrorIds.NotSwitchOwner}]", StringComparison.Ordinal), foreign.StandardError);
        Assert.Equal(bobsTable, VlanTable(bob.ManagementSocket!));
    }

    private VdePortVlan Set(int port, VdeVlanMode mode, int vlan = 0, int[]? allowed = null, int native = 0) =>
        Engine.SetPortVlan(Engine.PreparePortVlan(new SwitchSpec(), new PortVlanRequest { Port = port, Mode = mode, VlanId = vlan, AllowedVlanIds = allowed ?? [], NativeVlanId = native }));

    private StreamPlug Plug(string socketPath, int port)
    {
        var plug = new StreamPlug(socketPath, port, $"stream-{port}");
        Defer($"stop the stream plug on port {port}", plug.Dispose);
        Sh.WaitFor(() => Engine.Ports(new SwitchSpec()).Any(p => p.ClientProcessIds.Contains(plug.Pid)), $"the stream plug on port {port}");
        return plug;
    }

    private static void Ping(string ns, string address, bool passes)
    {
        var r = Sh.Run("ip", "netns", "exec", ns, "ping", "-c", "1", "-W", passes ? "5" : "1", address);
        Assert.True((r.ExitCode == 0) == passes, $"ping {address} from {ns} {(passes ? "failed" : "passed")}: {r.StandardOutput}");
    }

    private static string VlanTable(string managementSocket)
    {
        using var client = Core.Vde.VdeManagementClient.Connect(managementSocket, TimeSpan.FromSeconds(30));
        return string.Join('\n', client.Send("vlan/allprint").Data);
    }
}
