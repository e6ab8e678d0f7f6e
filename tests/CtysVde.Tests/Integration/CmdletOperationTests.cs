using System.Globalization;
using CtysVde.Core.Errors;
using CtysVde.Core.Model;
using CtysVde.Core.Switches;
using CtysVde.Tests.Support;
using Xunit;

namespace CtysVde.Tests.Integration;

/// <summary>
/// The engine operations behind the cmdlets, on the real kernel and vde_switch (the cmdlets themselves only
/// bind parameters and call these; they cannot run without pwsh).
/// </summary>
public class CmdletOperationTests : KernelTest
{
    public CmdletOperationTests(KernelFixture fixture)
        : base(fixture)
    {
    }

    [KernelFact]
    public void Find_by_wildcard_owner_and_literal_with_showinfo_details()
    {
        Engine.Create(new SwitchSpec { Owner = KernelFixture.Alice });
        CancelAfterwards(new SwitchSpec { Owner = KernelFixture.Alice });
        Engine.Create(new SwitchSpec { Owner = KernelFixture.Bob });
        CancelAfterwards(new SwitchSpec { Owner = KernelFixture.Bob });

        var all = Engine.Find(["vde_switch0.*"], null, includeStale: false);
        Assert.Equal(["vde_switch0.ctysvde-alice", "vde_switch0.ctysvde-bob"], all.Switches.Select(s => s.Name));
        Assert.Empty(all.MissingNames);
        Assert.All(all.Switches, s => Assert.Equal(("2.3.2", 32), (s.Version, s.NumPorts)));
        Assert.All(all.Switches, s => Assert.Matches("^([0-9a-f]{2}:){5}[0-9a-f]{2}$", s.MacAddress));

        Assert.Equal(["vde_switch0.ctysvde-bob"], Engine.Find(null, ["*bob"], false).Switches.Select(s => s.Name));
        var literal = Engine.Find(["vde_switch0.ctysvde-alice", "nosuch", "nosuch*"], null, false);
        Assert.Equal(["vde_switch0.ctysvde-alice"], literal.Switches.Select(s => s.Name));
        Assert.Equal(["nosuch"], literal.MissingNames);
        Assert.Empty(Engine.Find(["VDE_SWITCH0.CTYSVDE-ALICE"], null, false).Switches);
    }

    [KernelFact]
    public void A_switch_object_from_another_host_is_refused_and_nothing_changes()
    {
        var sw = Engine.Create(new SwitchSpec()).Switch;
        CancelAfterwards(new SwitchSpec());
        var before = SystemSnapshot.Take();

        // A clone of this host under the same name: only its HostId tells it apart.
        var foreign = new VdeSwitch { Name = sw.Name, HostName = sw.HostName, HostId = "0123456789abcdef", State = sw.State, Owner = sw.Owner, Group = sw.Group, SocketPath = sw.SocketPath, ManagementSocket = sw.ManagementSocket, PidFile = sw.PidFile };
        var e = Assert.Throws<VdeException>(() => Engine.SpecFor(foreign));
        Assert.Equal((ErrorIds.ForeignHost, VdeErrorCategory.InvalidArgument, sw.Name), (e.ErrorId, e.Category, e.Target));
        Assert.Contains("HostId 0123456789abcdef", e.Message, StringComparison.Ordinal);
        AssertUnchanged(before, "a refused foreign object changes nothing");

        var removed = Engine.Remove(Engine.SpecFor(sw), force: false);
        Assert.Equal(sw.ProcessId, removed.Switch.ProcessId);
        Assert.Equal(nameof(SwitchState.Running), removed.Switch.State);
    }

    [KernelFact]
    public void A_piped_stale_switch_is_removed()
    {
        var sw = Engine.Create(new SwitchSpec { Owner = KernelFixture.Alice }).Switch;
        CancelAfterwards(new SwitchSpec { Owner = KernelFixture.Alice });
        Sh.Ok("kill", "-9", sw.ProcessId!.Value.ToString(CultureInfo.InvariantCulture));
        Sh.WaitFor(() => !SystemSnapshot.ScanProcesses().ContainsKey(sw.ProcessId.Value), "the switch to die");
        var stale = Assert.Single(Engine.Find(null, null, includeStale: true).Switches);
        Assert.Equal(nameof(SwitchState.Stale), stale.State);
        var removed = Engine.Remove(Engine.SpecFor(stale), force: false);
        Assert.Equal(nameof(SwitchState.Stale), removed.Switch.State);
        Assert.Empty(Engine.Find(null, null, includeStale: true).Switches);
    }

    [KernelFact]
    public void Taps_and_bridges_are_listed_with_their_switches()
    {
        Sh.Ok("ip", "tuntap", "add", "dev", "foreign0", "mode", "tap");
        Defer("delete foreign0", () => Sh.Run("ip", "link", "del", "foreign0"));
        var sw = Engine.Create(new SwitchSpec { Owner = KernelFixture.Bob, Group = KernelFixture.LabGroup }).Switch;
        CancelAfterwards(new SwitchSpec { Owner = KernelFixture.Bob });
        var inventory = new NetworkInventory(SwitchEnvironment.Default());

        var taps = inventory.Taps();
        var ours = Assert.Single(taps, t => t.TapName == sw.TapName);
        Assert.Equal((KernelFixture.Bob, KernelFixture.LabGroup, "ctysbr0", sw.Name, true, true, true), (ours.Owner, ours.Group, ours.BridgeName, ours.SwitchName, ours.Up, ours.Carrier, ours.Persistent));
        var foreign = Assert.Single(taps, t => t.TapName == "foreign0");
        Assert.Equal((null, null, null, false), (foreign.Owner, foreign.SwitchName, foreign.BridgeName, foreign.Carrier));

        var bridge = Assert.Single(inventory.Bridges());
        Assert.Equal(("ctysbr0", true, true, false), (bridge.BridgeName, bridge.CreatedByCtysVde, bridge.Up, bridge.StpEnabled));
        Assert.Equal([sw.TapName!], bridge.Members);
        Assert.Equal([sw.Name], bridge.Switches);
    }

    [KernelFact(Requires = "ping")]
    public void Mac_table_and_connected_clients()
    {
        var sw = Engine.Create(new SwitchSpec()).Switch;
        CancelAfterwards(new SwitchSpec());
        Assert.Empty(Engine.Clients(new SwitchSpec()));
        Sh.Ok("ip", "addr", "add", "10.199.8.254/24", "dev", "ctysbr0");
        var (ns, pid, guestMac) = PlugIn(sw.SocketPath, "guest-x", "10.199.8.1/24");
        Sh.Ok("ip", "netns", "exec", ns, "ping", "-c", "1", "-W", "2", "10.199.8.254");

        var client = Assert.Single(Engine.Clients(new SwitchSpec()));
        Assert.Equal(("guest-x", pid), (client.Client, client.ClientProcessId));
        var macs = Engine.MacAddresses(new SwitchSpec());
        Assert.Contains(macs, m => m.MacAddress == guestMac && m.Port == client.Port && m.SwitchName == sw.Name);
        Assert.Contains(macs, m => m.MacAddress == Sysfs.MacAddress("ctysbr0") && m.Port == 1);
    }
}
