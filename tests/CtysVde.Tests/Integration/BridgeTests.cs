using CtysVde.Core.Errors;
using CtysVde.Core.Model;
using CtysVde.Core.Switches;
using CtysVde.Tests.Support;
using Xunit;

namespace CtysVde.Tests.Integration;

/// <summary>The bridge operations behind New-VdeBridge, Remove-VdeBridge and Get-VdeBridge, on the real kernel.</summary>
public class BridgeTests : KernelTest
{
    public BridgeTests(KernelFixture fixture)
        : base(fixture)
    {
    }

    [KernelFact]
    public void New_bridge_is_marked_idempotent_and_removable()
    {
        var before = SystemSnapshot.Take();
        var bridge = Engine.NewBridge(new BridgeSpec { BridgeName = "br-t" });
        Assert.Equal(("br-t", true, false, null), (bridge.BridgeName, bridge.CreatedByCtysVde, bridge.StpEnabled, bridge.Uplink));
        Assert.Equal(bridge.BridgeName, Engine.NewBridge(new BridgeSpec { BridgeName = "br-t" }).BridgeName);
        Assert.Contains("nothing to do", Engine.PlanNewBridge(new BridgeSpec { BridgeName = "br-t" }).Steps[0], StringComparison.Ordinal);
        Assert.Equal("br-t", Engine.RemoveBridge("br-t").BridgeName);
        AssertUnchanged(before, "a bridge made and removed leaves nothing");
    }

    [KernelFact(Requires = "ping")]
    public void An_uplink_moved_in_by_NewBridge_gets_everything_back_from_RemoveBridge()
    {
        // Here the test's own namespace is the host: up-t (10.199.30.10/24, default route) to a router.
        var router = NewNamespace();
        Sh.Ok("ip", "link", "add", "up-t", "type", "veth", "peer", "name", "r0", "netns", router);
        Defer("delete up-t", () => Sh.Run("ip", "link", "del", "up-t"));
        Sh.Ok("ip", "-n", router, "addr", "add", "10.199.30.1/24", "dev", "r0");
        Sh.Ok("ip", "-n", router, "link", "set", "r0", "up");
        Sh.Ok("ip", "addr", "add", "10.199.30.10/24", "dev", "up-t");
        Sh.Ok("ip", "link", "set", "up-t", "up");
        Sh.Ok("ip", "route", "add", "default", "via", "10.199.30.1", "metric", "50");
        var routesBefore = Sh.Ok("ip", "route");
        var mac = Sysfs.MacAddress("up-t");

        var refused = Assert.Throws<VdeException>(() => Engine.NewBridge(new BridgeSpec { BridgeName = "br-up", Uplink = new() { Interface = "up-t" } }));
        Assert.Equal(ErrorIds.UplinkInUse, refused.ErrorId);
        Assert.False(Sysfs.Exists("br-up"));

        var bridge = Engine.NewBridge(new BridgeSpec { BridgeName = "br-up", Uplink = new() { Interface = "up-t", Force = true } });
        Assert.Equal(("up-t", mac), (bridge.Uplink, bridge.MacAddress));
        Assert.Equal(["10.199.30.10/24"], bridge.Addresses);
        Assert.Equal(["up-t"], bridge.Members);
        Assert.Contains("default via 10.199.30.1 dev br-up metric 50", Sh.Ok("ip", "route"), StringComparison.Ordinal);
        Assert.Single(new NetworkInventory(SwitchEnvironment.Default()).Bridges(), b => b.Uplink == "up-t");

        Engine.RemoveBridge("br-up");
        Assert.False(Sysfs.Exists("br-up"));
        Assert.Equal(routesBefore, Sh.Ok("ip", "route"));
        Assert.Contains("10.199.30.10/24", Sh.Ok("ip", "-br", "addr", "show", "dev", "up-t"), StringComparison.Ordinal);
        Sh.Ok("ping", "-c", "1", "-W", "2", "10.199.30.1");
    }

    [KernelFact]
    public void Foreign_and_busy_bridges_are_left_alone()
    {
        Sh.Ok("ip", "link", "add", "br-foreign", "type", "bridge");
        Defer("delete br-foreign", () => Sh.Run("ip", "link", "del", "br-foreign"));
        Assert.Equal(ErrorIds.ForeignBridge, Assert.Throws<VdeException>(() => Engine.RemoveBridge("br-foreign")).ErrorId);
        Assert.Equal(ErrorIds.BridgeExists, Assert.Throws<VdeException>(() => Engine.NewBridge(new BridgeSpec { BridgeName = "br-foreign" })).ErrorId);
        Assert.Equal(ErrorIds.BridgeNotFound, Assert.Throws<VdeException>(() => Engine.RemoveBridge("br-none")).ErrorId);
        Assert.Equal(ErrorIds.InvalidBridgeName, Assert.Throws<VdeException>(() => Engine.NewBridge(new BridgeSpec { BridgeName = "br/x" })).ErrorId);
        Assert.Equal(ErrorIds.NotABridge, Assert.Throws<VdeException>(() => Engine.NewBridge(new BridgeSpec { BridgeName = "lo" })).ErrorId);

        // A down bridge that is first in line fails the new switch's health check, with the remedy named.
        var down = Assert.Throws<VdeException>(() => Engine.Create(new SwitchSpec()));
        Assert.Contains("TAP tap0 is disabled on bridge br-foreign", down.Message, StringComparison.Ordinal);

        var sw = Engine.Create(new SwitchSpec { BridgeName = "ctysbr0" }).Switch;
        CancelAfterwards(new SwitchSpec());
        var busy = Assert.Throws<VdeException>(() => Engine.RemoveBridge("ctysbr0"));
        Assert.Equal(ErrorIds.BridgeInUse, busy.ErrorId);
        Assert.Contains($"{sw.TapName} attached (switches {sw.Name})", busy.Message, StringComparison.Ordinal);
        Assert.True(Sysfs.Exists("ctysbr0"));
        Assert.True(Sysfs.Exists("br-foreign"));
    }
}
