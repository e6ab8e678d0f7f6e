using System.Text.Json;
using CtysVde.Core.Model;
using CtysVde.Core.Switches;
using CtysVde.Tests.Support;
using Xunit;

namespace CtysVde.Tests.Integration;

public class LifecycleTests : KernelTest
{
    public LifecycleTests(KernelFixture fixture)
        : base(fixture)
    {
    }

    [KernelFact]
    public void Create_check_ports_list_listall_cancel_end_to_end()
    {
        var created = Sh.CliOk("create", "--json");
        using var json = JsonDocument.Parse(created);
        var tap = json.RootElement.GetProperty("TapName").GetString()!;
        var pid = json.RootElement.GetProperty("ProcessId").GetInt32();
        Assert.Equal("vde_switch0.root", json.RootElement.GetProperty("Name").GetString());
        Assert.Equal("/var/tmp/vde_switch0.root", json.RootElement.GetProperty("SocketPath").GetString());
        Assert.Equal("ctysbr0", json.RootElement.GetProperty("BridgeName").GetString());

        // The kernel agrees: a persistent TAP owned by root, up, in ctysbr0, held by the switch.
        Assert.True(Sysfs.IsTap(tap));
        Assert.Equal("ctysbr0", Sysfs.Master(tap));
        Assert.Equal(0u, Sysfs.TunOwner(tap));
        Assert.True(Sysfs.Carrier(tap));
        Assert.Equal(3, Sysfs.BridgePortState(tap));
        Assert.Equal(SwitchPaths.SwitchBridgeAlias, Sysfs.Alias("ctysbr0"));
        Assert.True(File.Exists("/var/tmp/vde_mgmt0.root"));
        Assert.Equal(pid.ToString(System.Globalization.CultureInfo.InvariantCulture), File.ReadAllText("/var/run/vde_mgmt0.root").Trim());

        var check = Sh.Cli("check");
        Assert.Equal(0, check.ExitCode);
        Assert.Equal(7, check.StandardOutput.Split('\n').Count(l => l.Contains("  ok  ", StringComparison.Ordinal)));

        var ports = Sh.CliOk("ports");
        Assert.Contains($"tuntap: {tap}", ports, StringComparison.Ordinal);

        var list = Sh.CliOk("list").Split('\n');
        Assert.Equal(string.Empty, list[0]);
        Assert.StartsWith("switch                        |UID         |GID         |access      |machine-address", list[1], StringComparison.Ordinal);
        Assert.Contains(list, l => l.StartsWith("vde_switch0.root              |root        |root        |drwx------  |", StringComparison.Ordinal) && l.Contains($"|{pid}", StringComparison.Ordinal));
        Assert.Contains("vde_switch0.root;root;root;drwx------;", Sh.CliOk("listall", "-X"), StringComparison.Ordinal);

        var info = Sh.CliOk("info");
        Assert.Contains("Version          : 2.3.2", info, StringComparison.Ordinal);
        Assert.Contains($"ProcessId        : {pid}", info, StringComparison.Ordinal);

        Assert.Equal(0, Sh.Cli("cancel").ExitCode);
        Assert.False(Sysfs.Exists(tap));
        Assert.False(Sysfs.Exists("ctysbr0"));
        Assert.False(SystemSnapshot.ScanProcesses().ContainsKey(pid));
    }

    [KernelFact]
    public void Create_twice_changes_nothing_the_second_time()
    {
        var first = Engine.Create(new SwitchSpec());
        CancelAfterwards(new SwitchSpec());
        Assert.True(first.Created);
        var snapshot = SystemSnapshot.Take();

        var second = Engine.Create(new SwitchSpec());
        Assert.False(second.Created);
        Assert.Equal(first.Switch.ProcessId, second.Switch.ProcessId);
        Assert.Equal(first.Switch.TapName, second.Switch.TapName);
        AssertUnchanged(snapshot, "an idempotent create must not change anything");

        var cli = Sh.Cli("create", "-X");
        Assert.Equal(0, cli.ExitCode);
        Assert.Contains("already running and healthy; nothing changed", Sh.Cli("create").StandardError, StringComparison.Ordinal);
        AssertUnchanged(snapshot, "an idempotent create through the CLI must not change anything");
    }

    [KernelFact]
    public void Kill_9_then_create_recovers_and_cancel_cleans_up()
    {
        var first = Engine.Create(new SwitchSpec()).Switch;
        CancelAfterwards(new SwitchSpec());
        Sh.Ok("kill", "-9", first.ProcessId!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Sh.WaitFor(() => !SystemSnapshot.ScanProcesses().ContainsKey(first.ProcessId.Value), "the switch to die");

        // What SIGKILL leaves: the socket directory, the management socket, the pidfile and the TAP.
        var stale = Assert.Single(Engine.List(includeStale: true), s => s.Name == first.Name);
        Assert.Equal(nameof(SwitchState.Stale), stale.State);
        Assert.Contains("/var/run/vde_mgmt0.root", stale.Leftovers);
        Assert.Contains($"tap:{first.TapName}", stale.Leftovers);
        Assert.DoesNotContain(Engine.List(includeStale: false), s => s.Name == first.Name);
        Assert.Equal(2, Sh.Cli("info").ExitCode);
        Assert.Equal(2, Sh.Cli("check").ExitCode);
        Assert.Contains("leftover", Sh.CliOk("listall"), StringComparison.Ordinal);

        var second = Engine.Create(new SwitchSpec());
        Assert.True(second.Created);
        Assert.NotEqual(first.ProcessId, second.Switch.ProcessId);
        Assert.False(Sysfs.Exists(first.TapName!) && first.TapName != second.Switch.TapName, "the dead switch's TAP must be gone");
        Assert.All(Engine.Test(new SwitchSpec()), h => Assert.True(h.Passed, h.Detail));

        Sh.Ok("kill", "-9", second.Switch.ProcessId!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Sh.WaitFor(() => !SystemSnapshot.ScanProcesses().ContainsKey(second.Switch.ProcessId.Value), "the switch to die");
        var removed = Engine.Remove(new SwitchSpec(), force: false);
        Assert.Contains($"tap:{second.Switch.TapName}", removed.Removed);
        Assert.Contains("/var/run/vde_mgmt0.root", removed.Removed);
        Assert.Contains("/var/run/vde_mgmt0.root.iplog", removed.Removed);
        Assert.Contains("bridge:ctysbr0", removed.Removed);
    }

    [KernelFact]
    public void Cancel_removes_an_orphan_tap_whose_sockets_are_gone()
    {
        var sw = Engine.Create(new SwitchSpec()).Switch;
        CancelAfterwards(new SwitchSpec());
        Sh.Ok("kill", "-9", sw.ProcessId!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Sh.WaitFor(() => !SystemSnapshot.ScanProcesses().ContainsKey(sw.ProcessId.Value), "the switch to die");
        Directory.Delete(sw.SocketPath, recursive: true);
        File.Delete(sw.ManagementSocket!);
        File.Delete(sw.PidFile!);
        File.Delete(sw.PidFile + ".iplog");

        // Only the TAP is left; its alias still names the switch, so listall and cancel find it.
        var stale = Assert.Single(Engine.List(includeStale: true));
        Assert.Equal([$"tap:{sw.TapName}"], stale.Leftovers);
        Assert.Equal(("vde_switch0.root", "root", nameof(SwitchState.Stale)), (stale.Name, stale.Owner, stale.State));
        var removed = Sh.Cli("cancel");
        Assert.Equal(0, removed.ExitCode);
        Assert.Contains($"tap:{sw.TapName}", removed.StandardError, StringComparison.Ordinal);
        Assert.False(Sysfs.Exists(sw.TapName!));
    }

    [KernelFact]
    public void A_switch_in_another_mount_namespace_with_the_same_path_is_not_ours()
    {
        // Like a container: its own /var/tmp, the seed's default path, the same /proc.
        var info = new System.Diagnostics.ProcessStartInfo("unshare", ["--mount", "--", "sh", "-c",
            "mount -n -t tmpfs tmpfs /var/tmp && exec vde_switch -s /var/tmp/vde_switch0.root -M /var/tmp/vde_mgmt0.root"])
        {
            RedirectStandardInput = true, // without -d, vde_switch exits when its stdin closes
            RedirectStandardOutput = true,
        };
        using var foreign = System.Diagnostics.Process.Start(info)!;
        var foreignPid = foreign.Id;
        Defer("stop the foreign switch", () => StopProcess(foreignPid));
        Sh.WaitFor(() => Core.Linux.ProcessNamespaces.Of(foreign.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "mnt")
            != Core.Linux.ProcessNamespaces.Of("self", "mnt") && File.ReadAllText($"/proc/{foreign.Id}/comm").Trim() == "vde_switch", "the foreign switch");

        Assert.Empty(Engine.List(includeStale: true));
        var created = Engine.Create(new SwitchSpec());
        CancelAfterwards(new SwitchSpec());
        Assert.True(created.Created);
        Assert.NotEqual(foreign.Id, created.Switch.ProcessId);
        Assert.Equal(created.Switch.ProcessId, Assert.Single(Engine.List(false)).ProcessId);
        Engine.Remove(new SwitchSpec(), force: false);
        Assert.False(foreign.HasExited, "the foreign switch must be left alone");
    }

    [KernelFact]
    public void A_switch_that_lost_its_management_socket_is_reported_not_replaced()
    {
        var sw = Engine.Create(new SwitchSpec()).Switch;
        CancelAfterwards(new SwitchSpec());
        File.Delete(sw.ManagementSocket!);
        var before = SystemSnapshot.Take();

        var info = Sh.Cli("info");
        Assert.Equal(2, info.ExitCode);
        Assert.Contains("[ManagementFailed]", info.StandardError, StringComparison.Ordinal);
        var check = Sh.Cli("check");
        Assert.Equal(2, check.ExitCode);
        Assert.Contains("ManagementAnswers  FAILED", check.StandardOutput, StringComparison.Ordinal);
        var create = Sh.Cli("create");
        Assert.Equal(2, create.ExitCode);
        Assert.Contains("is running but broken: ManagementAnswers: ", create.StandardError, StringComparison.Ordinal);
        Assert.Contains("[SwitchUnhealthy]", create.StandardError, StringComparison.Ordinal);
        AssertUnchanged(before, "a switch that lost its management socket must be reported, not replaced");

        // cancel still stops it (SIGTERM, as shutdown cannot be sent) and cleans up.
        Assert.Equal(0, Sh.Cli("cancel").ExitCode);
        Assert.False(SystemSnapshot.ScanProcesses().ContainsKey(sw.ProcessId!.Value));
    }

    [KernelFact]
    public void A_stale_pidfile_does_not_make_create_fail_silently()
    {
        File.WriteAllText("/var/run/vde_mgmt0.root", "999999\n");
        Defer("remove pidfile", () => File.Delete("/var/run/vde_mgmt0.root"));
        var created = Engine.Create(new SwitchSpec());
        CancelAfterwards(new SwitchSpec());
        Assert.True(created.Created);
        Assert.All(Engine.Test(new SwitchSpec()), h => Assert.True(h.Passed, h.Detail));
    }

    [KernelFact]
    public void Two_creates_at_once_make_one_switch()
    {
        var a = Task.Run(() => Sh.Cli("create", "-X"));
        var b = Task.Run(() => Sh.Cli("create", "-X"));
        var results = new[] { a.Result, b.Result };
        CancelAfterwards(new SwitchSpec());
        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.StandardError));
        Assert.Equal(results[0].StandardOutput, results[1].StandardOutput);
        Assert.Single(Engine.List(false));
        Assert.Single(Sysfs.InterfaceNames(), Sysfs.IsTap);
    }

    [KernelFact]
    public void A_second_user_beside_the_first_shares_the_bridge()
    {
        var alice = Engine.Create(new SwitchSpec { Owner = KernelFixture.Alice }).Switch;
        CancelAfterwards(new SwitchSpec { Owner = KernelFixture.Alice });
        var bob = Engine.Create(new SwitchSpec { Owner = KernelFixture.Bob, Group = KernelFixture.LabGroup }).Switch;
        CancelAfterwards(new SwitchSpec { Owner = KernelFixture.Bob });

        Assert.Equal(("vde_switch0.ctysvde-alice", KernelFixture.Alice, KernelFixture.Alice), (alice.Name, alice.Owner, alice.Group));
        Assert.Equal(("vde_switch0.ctysvde-bob", KernelFixture.Bob, KernelFixture.LabGroup), (bob.Name, bob.Owner, bob.Group));
        Assert.NotEqual(alice.TapName, bob.TapName);
        Assert.Equal("ctysbr0", alice.BridgeName);
        Assert.Equal("ctysbr0", bob.BridgeName);
        var users = new CtysVde.Core.Linux.UserDatabase();
        Assert.Equal(users.FindUser(KernelFixture.Bob)!.Uid, Sysfs.TunOwner(bob.TapName!));
        Assert.Equal(users.FindGroup(KernelFixture.LabGroup)!.Gid, Sysfs.TunGroup(bob.TapName!));
        var mgmt = new CtysVde.Core.Linux.UnixFiles().Stat("/var/tmp/vde_mgmt0.ctysvde-bob")!;
        Assert.Equal((users.FindUser(KernelFixture.Bob)!.Uid, "srw-------"), (mgmt.Uid, mgmt.ModeString));

        Assert.Equal(2, Engine.List(false).Count);
        Engine.Remove(new SwitchSpec { Owner = KernelFixture.Alice }, force: false);
        Assert.True(Sysfs.Exists("ctysbr0"), "the bridge still carries bob's TAP");
        Engine.Remove(new SwitchSpec { Owner = KernelFixture.Bob }, force: false);
        Assert.False(Sysfs.Exists("ctysbr0"));
    }

    [KernelFact]
    public void Setgid_group_gives_the_group_access()
    {
        var spec = new SwitchSpec { Owner = KernelFixture.Bob, Group = KernelFixture.LabGroup, SetgidGroup = KernelFixture.LabGroup };
        Engine.Create(spec);
        CancelAfterwards(spec);
        var files = new CtysVde.Core.Linux.UnixFiles();
        Assert.Equal("drwxrws---", files.Stat("/var/tmp/vde_switch0.ctysvde-bob")!.ModeString);
        Assert.Equal("srw-rw----", files.Stat("/var/tmp/vde_switch0.ctysvde-bob/ctl")!.ModeString);
        Assert.Equal("srw-rw----", files.Stat("/var/tmp/vde_mgmt0.ctysvde-bob")!.ModeString);
        Assert.All(Engine.Test(spec), h => Assert.True(h.Passed, h.Detail));
    }

    [KernelFact]
    public void An_existing_bridge_is_used_and_kept()
    {
        Sh.Ok("ip", "link", "add", "br-lab", "type", "bridge");
        Defer("delete br-lab", () => Sh.Run("ip", "link", "del", "br-lab"));
        Sh.Ok("ip", "link", "set", "br-lab", "up");
        var created = Engine.Create(new SwitchSpec()).Switch;
        Assert.Equal("br-lab", created.BridgeName);
        var removed = Engine.Remove(new SwitchSpec(), force: false);
        Assert.True(Sysfs.Exists("br-lab"), "a bridge CtysVde did not create is never removed");
        Assert.DoesNotContain("bridge:br-lab", removed.Removed);
    }

    [KernelFact]
    public void Custom_paths_tap_name_and_bridge()
    {
        var dir = Directory.CreateTempSubdirectory("ctysvde-paths-").FullName;
        Defer("remove temp dir", () => Directory.Delete(dir, true));
        var spec = new SwitchSpec { SocketPath = $"{dir}/sw", ManagementSocket = $"{dir}/mgmt", PidFile = $"{dir}/pid", TapName = "vmtap7", BridgeName = "br-new" };
        var created = Engine.Create(spec).Switch;
        Assert.Equal(("sw", "vmtap7", "br-new"), (created.Name, created.TapName, created.BridgeName));
        Assert.Contains(Engine.List(false), s => s.SocketPath == $"{dir}/sw");
        Engine.Remove(spec, force: false);
        Assert.False(Sysfs.Exists("br-new"), "a bridge CtysVde created under another name is removed too (seed bug 11)");
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir));
    }
}
