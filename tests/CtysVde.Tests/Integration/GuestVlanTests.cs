using System.Diagnostics;
using System.Globalization;
using CtysVde.Core.Model;
using CtysVde.Core.Switches;
using CtysVde.Tests.Support;
using Xunit;

namespace CtysVde.Tests.Integration;

/// <summary>
/// A trunk on real traffic with a real 802.1Q stack at its end (issue 12): one QEMU guest on a trunk port of
/// VLANs 20 and 30, with the VLAN interfaces eth0.20 and eth0.30, and a vde_plug client on an access port of each
/// VLAN. This machine's kernel has no 8021q driver, so the VLAN interfaces live in the disk-less test guest of
/// <see cref="BondUplinkTests"/> (a Debian kernel with the 8021q and e1000 modules from .ci/test-tools, under
/// TCG); its /init (Guest/vlan-init.sh) sets them up and stays up until the test stops QEMU.
/// </summary>
public class GuestVlanTests : KernelTest
{
    /// <summary>The 8021q module rather than the kernel: a guest unpacked before it joined .ci/test-tools has none.</summary>
    private const string GuestTools = "guest/modules/8021q.ko";

    /// <summary>The host has an IPv4 address before the switch starts, or iplog learns no IPv4 (see AddressTests).</summary>
    private const string Bridge = "br-gvlan";

    private const int TrunkPort = 2;
    private const string GuestMac = "52:54:00:c7:5d:02";
    private const string Guest20 = "10.199.52.1";
    private const string Guest30 = "10.199.53.1";

    public GuestVlanTests(KernelFixture fixture)
        : base(fixture)
    {
    }

    [KernelFact(Requires = "qemu-system-x86_64", RequiresTestTool = GuestTools)]
    public void A_guest_on_a_trunk_answers_each_access_VLAN_on_its_own_VLAN_interface_only_and_shows_both_addresses()
    {
        Sh.Ok("ip", "link", "add", Bridge, "type", "bridge");
        Defer($"delete {Bridge}", () => Sh.Run("ip", "link", "del", Bridge));
        Sh.Ok("ip", "addr", "add", "10.199.51.254/24", "dev", Bridge);
        Sh.Ok("ip", "link", "set", Bridge, "up");
        var sw = Engine.Create(new SwitchSpec { BridgeName = Bridge }).Switch;
        CancelAfterwards(new SwitchSpec());

        // The port is made a trunk before QEMU attaches to it, so the guest's first frame already finds its VLANs.
        var trunk = Set(TrunkPort, VdeVlanMode.Trunk, allowed: [20, 30]);
        Assert.Equal(("Trunk", "20,30", false), (trunk.OperationMode, string.Join(',', trunk.AllowedVlanIdList), trunk.Active));

        var dir = Directory.CreateTempSubdirectory("ctysvde-gvlan-").FullName;
        Defer("remove the guest's files", () => Directory.Delete(dir, true));
        var tools = Path.GetDirectoryName(Path.GetDirectoryName(TestHost.TestTool(GuestTools)))!;
        var guestDir = Path.Combine(AppContext.BaseDirectory, "Guest");
        var initrd = Path.Combine(dir, "initrd.gz");
        var console = Path.Combine(dir, "console.log");
        var pidFile = Path.Combine(dir, "qemu.pid");
        Sh.Ok("bash", Path.Combine(guestDir, "build-initramfs.sh"), initrd, Path.Combine(guestDir, "vlan-init.sh"), TestHost.Cli, tools);

        // The console goes to a file, so a guest that never gets ready still leaves its output for the failure message.
        var watch = Stopwatch.StartNew();
        Sh.Ok("qemu-system-x86_64", "-accel", "tcg", "-m", "256M", "-display", "none", "-nodefaults", "-no-reboot",
            "-netdev", $"vde,id=n0,sock={sw.SocketPath},port={TrunkPort}", "-device", $"e1000,netdev=n0,mac={GuestMac}",
            "-serial", $"file:{console}", "-kernel", Path.Combine(tools, "vmlinuz"), "-initrd", initrd,
            "-append", "console=ttyS0 quiet panic=-1", "-pidfile", pidFile, "-daemonize");
        var qemu = int.Parse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture);
        Defer("stop qemu", () => StopProcess(qemu));

        // Clients only once QEMU holds the trunk port, so that none of them is given it.
        Sh.WaitFor(() => Engine.Ports(new SwitchSpec()).Any(p => p.Port == TrunkPort && p.ClientProcessIds.Contains(qemu)), "QEMU on the trunk port");
        var a = PlugIn(sw.SocketPath, "client-20", "10.199.52.2/24");
        var b = PlugIn(sw.SocketPath, "client-30", "10.199.53.2/24");
        var ports = Engine.Ports(new SwitchSpec());
        Set(Assert.Single(ports, p => p.ClientProcessIds.Contains(a.Pid)).Port, VdeVlanMode.Access, vlan: 20);
        Set(Assert.Single(ports, p => p.ClientProcessIds.Contains(b.Pid)).Port, VdeVlanMode.Access, vlan: 30);

        // Each client also reaches the other VLAN's subnet on its own link, so a ping there puts its ARP request
        // on the wire (and fails only because no frame crosses) instead of failing at once for want of a route.
        Sh.Ok("ip", "-n", a.Namespace, "route", "add", "10.199.53.0/24", "dev", "vdetap");
        Sh.Ok("ip", "-n", b.Namespace, "route", "add", "10.199.52.0/24", "dev", "vdetap");

        var results = GuestConsole.WaitFor(console, "ready_after_s", TimeSpan.FromSeconds(120));
        Console.WriteLine($"VLAN guest: ready after {results["ready_after_s"]} s of guest uptime, {watch.ElapsedMilliseconds} ms after QEMU started");
        Assert.DoesNotContain(results.Keys, k => k.StartsWith("insmod_", StringComparison.Ordinal));
        Assert.Equal(("vlan protocol 802.1Q id 20", "vlan protocol 802.1Q id 30", "yes"), (results["vlan20"], results["vlan30"], results["carrier"]));

        // Each access VLAN reaches the guest's address in that VLAN, and neither the guest's other address nor the other client.
        Ping(a.Namespace, Guest20, passes: true);
        Ping(b.Namespace, Guest30, passes: true);
        Ping(a.Namespace, Guest30, passes: false);
        Ping(b.Namespace, Guest20, passes: false);
        Ping(a.Namespace, "10.199.53.2", passes: false);

        // The guest answered from both VLAN interfaces through its one port: its endpoint shows both addresses.
        Sh.WaitFor(() => Guest(qemu).IPAddresses is var ips && ips.Contains(Guest20) && ips.Contains(Guest30), "both of the guest's VLAN addresses on its endpoint", 30_000);
        var guest = Guest(qemu);
        Assert.Equal(("QEMU", qemu, 0), (guest.Client, guest.ClientProcessId, guest.Vlan));
        Assert.Contains(GuestMac, guest.MacAddresses);
        Assert.DoesNotContain("10.199.52.2", guest.IPAddresses);
        Assert.DoesNotContain("10.199.53.2", guest.IPAddresses);
        Assert.Equal(new[] { 20, 30 }, Assert.Single(Engine.Ports(new SwitchSpec()), p => p.Port == TrunkPort).TaggedVlans);
        Console.WriteLine($"VLAN guest: done {watch.ElapsedMilliseconds} ms after QEMU started");
    }

    private VdePortVlan Set(int port, VdeVlanMode mode, int vlan = 0, int[]? allowed = null) =>
        Engine.SetPortVlan(Engine.PreparePortVlan(new SwitchSpec(), new PortVlanRequest { Port = port, Mode = mode, VlanId = vlan, AllowedVlanIds = allowed ?? [] }));

    private VdeEndpoint Guest(int qemu) => Assert.Single(Engine.Endpoints(new SwitchSpec()), e => e.ClientProcessId == qemu);

    private static void Ping(string ns, string address, bool passes)
    {
        var r = Sh.Run("ip", "netns", "exec", ns, "ping", "-c", "1", "-W", passes ? "10" : "2", address);
        Assert.True((r.ExitCode == 0) == passes, $"ping {address} from {ns} {(passes ? "failed" : "passed")}: {r.StandardOutput}");
    }
}
