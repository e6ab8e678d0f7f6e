using System.Globalization;
using CtysVde.Core.Model;
using CtysVde.Core.Vde;
using CtysVde.Tests.Support;
using Xunit;

namespace CtysVde.Tests.Integration;

/// <summary>
/// A user's switch runs as that user: whatever reaches its management socket (which the user holds) acts as the
/// user, never as root. Root's part is one vde_plug that holds the TAP and is piped to the user's own plug.
/// </summary>
public class OwnerSwitchTests : KernelTest
{
    private const string Bridge = "br-owner";

    public OwnerSwitchTests(KernelFixture fixture)
        : base(fixture)
    {
    }

    [KernelFact(Requires = "ping")]
    public void A_users_switch_runs_as_the_user_and_its_tap_joins_through_roots_plug_and_traffic_flows()
    {
        HostBridge("10.199.61.254/24");
        var spec = new SwitchSpec { Owner = KernelFixture.Alice, BridgeName = Bridge };
        var sw = Engine.Create(spec).Switch;
        CancelAfterwards(new SwitchSpec { Owner = KernelFixture.Alice });
        var alice = new Core.Linux.UserDatabase().FindUser(KernelFixture.Alice)!;

        Assert.Equal(alice.Uid, Uid(sw.ProcessId!.Value));
        Assert.Equal(sw.TapName, Assert.Single(Engine.Endpoints(new SwitchSpec { Owner = KernelFixture.Alice }), e => e.TapName is not null).TapName);
        var plug = Assert.Single(Plugs.Find(sw.TapName!));
        Assert.Equal(0u, Uid(plug));
        Assert.All(Engine.Test(new SwitchSpec { Owner = KernelFixture.Alice }), h => Assert.True(h.Passed, $"{h.Check}: {h.Detail}"));
        Assert.Equal((sw.TapName, Bridge), (sw.TapName, sw.BridgeName));
        Assert.Equal($"{sw.ProcessId}", File.ReadAllText($"/var/run/vde_mgmt0.{KernelFixture.Alice}").Trim());

        var guest = PlugIn(sw.SocketPath, "alice-guest", "10.199.61.7/24");
        Sh.Ok("ip", "netns", "exec", guest.Namespace, "ping", "-c", "1", "-W", "5", "10.199.61.254");
        Assert.DoesNotContain(Engine.Clients(new SwitchSpec { Owner = KernelFixture.Alice }), e => e.TapName is not null);

        // What the owner tells the switch, it does as the owner: a root switch would have made this file.
        var target = "/etc/ctysvde-owner-test";
        Defer("remove the target if it came", () => File.Delete(target));
        Sh.Run("runuser", "-u", KernelFixture.Alice, "--", "sh", "-c", $"printf 'iplog/logfile {target}\\n' | socat - UNIX-CONNECT:{sw.ManagementSocket}");
        Assert.False(File.Exists(target), "the owner made root write a file");

        Engine.Remove(new SwitchSpec { Owner = KernelFixture.Alice }, force: false);
        Assert.Empty(Plugs.Find(sw.TapName!));
    }

    [KernelFact]
    public void A_users_switch_killed_takes_its_plug_with_it_and_cancel_clears_the_rest()
    {
        HostBridge("10.199.62.254/24");
        var sw = Engine.Create(new SwitchSpec { Owner = KernelFixture.Alice, BridgeName = Bridge }).Switch;
        CancelAfterwards(new SwitchSpec { Owner = KernelFixture.Alice });
        Sh.Ok("kill", "-9", sw.ProcessId!.Value.ToString(CultureInfo.InvariantCulture));
        Sh.WaitFor(() => Plugs.Find(sw.TapName!).Count == 0, "root's plug to end with the switch");
        var removed = Engine.Remove(new SwitchSpec { Owner = KernelFixture.Alice }, force: false);
        Assert.Contains($"tap:{sw.TapName}", removed.Removed);
        Assert.False(Sysfs.Exists(sw.TapName!));
    }

    /// <summary>Finds root's TAP plugs by their command line, as cancel does.</summary>
    private static TapPlug Plugs { get; } = new(new Core.Processes.ProcessRunner(), new ManagementConnector(), new VdeDaemonSettings("vde_switch", TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(3)), _ => { }, new SwitchProcessScanner());

    [KernelFact(Requires = "ping")]
    public void A_users_switch_whose_tap_plug_was_killed_gets_its_tap_back_from_create_and_keeps_its_clients()
    {
        HostBridge("10.199.63.254/24");
        var spec = new SwitchSpec { Owner = KernelFixture.Alice, BridgeName = Bridge };
        var sw = Engine.Create(spec).Switch;
        CancelAfterwards(new SwitchSpec { Owner = KernelFixture.Alice });
        var guest = PlugIn(sw.SocketPath, "alice-guest", "10.199.63.7/24");
        Sh.Ok("kill", "-9", Assert.Single(Plugs.Find(sw.TapName!)).ToString(CultureInfo.InvariantCulture));
        Sh.WaitFor(() => !Engine.Test(spec).Single(h => h.Check == "TapEndpoint").Passed, "the TAP to leave the switch");

        var mended = Engine.Create(spec);
        Assert.False(mended.Created);
        Assert.Contains(mended.Repaired, d => d.StartsWith("TapEndpoint:", StringComparison.Ordinal));
        Assert.Equal(sw.ProcessId, mended.Switch.ProcessId);
        Assert.All(Engine.Test(spec), h => Assert.True(h.Passed, $"{h.Check}: {h.Detail}"));
        Sh.Ok("ip", "netns", "exec", guest.Namespace, "ping", "-c", "1", "-W", "5", "10.199.63.254");
    }

    private static uint Uid(int pid) =>
        uint.Parse(File.ReadAllLines($"/proc/{pid}/status").Single(l => l.StartsWith("Uid:", StringComparison.Ordinal)).Split('\t', StringSplitOptions.RemoveEmptyEntries)[2], CultureInfo.InvariantCulture);

    private void HostBridge(string address)
    {
        Sh.Ok("ip", "link", "add", Bridge, "type", "bridge");
        Defer($"delete {Bridge}", () => Sh.Run("ip", "link", "del", Bridge));
        Sh.Ok("ip", "addr", "add", address, "dev", Bridge);
        Sh.Ok("ip", "link", "set", Bridge, "up");
    }
}
