using System.Globalization;
using CtysVde.Core.Model;
using CtysVde.Tests.Support;
using Xunit;

namespace CtysVde.Tests.Integration;

/// <summary>Real VDE clients on the switch: vde_plug bridging other namespaces in, and a QEMU guest.</summary>
public class ClientTests : KernelTest
{
    public ClientTests(KernelFixture fixture)
        : base(fixture)
    {
    }

    [KernelFact(Requires = "ping")]
    public void Two_vde_plug_clients_ping_each_other_and_the_bridge_across_the_switch()
    {
        var sw = Engine.Create(new SwitchSpec()).Switch;
        CancelAfterwards(new SwitchSpec());
        Sh.Ok("ip", "addr", "add", "10.199.9.254/24", "dev", "ctysbr0");
        var a = PlugIn(sw.SocketPath, "client-a", "10.199.9.1/24");
        var b = PlugIn(sw.SocketPath, "client-b", "10.199.9.2/24");

        // a and b share no link: every frame between them crosses vde_switch; to .254 it also crosses TAP and bridge.
        Sh.Ok("ip", "netns", "exec", a.Namespace, "ping", "-c", "2", "-W", "2", "10.199.9.2");
        Sh.Ok("ip", "netns", "exec", b.Namespace, "ping", "-c", "2", "-W", "2", "10.199.9.254");

        var ports = Engine.Ports(new SwitchSpec());
        var portA = Assert.Single(ports, p => p.ClientProcessIds.Contains(a.Pid));
        var portB = Assert.Single(ports, p => p.ClientProcessIds.Contains(b.Pid));
        var tapPort = Assert.Single(ports, p => p.Endpoints.Any(e => e.EndsWith($"tuntap: {sw.TapName}", StringComparison.Ordinal)));
        Assert.Contains(portA.Endpoints, e => e.Contains($"client-a user=root pid={a.Pid}", StringComparison.Ordinal));
        Assert.All(new[] { portA, portB, tapPort }, p => Assert.True(p.InPackets > 0 && p.OutPackets > 0, $"port {p.Port} has no traffic"));
        Assert.Contains(a.Mac, portA.MacAddresses);
        Assert.Contains(b.Mac, portB.MacAddresses);
        Assert.Contains(Sysfs.MacAddress("ctysbr0")!, tapPort.MacAddresses);
        Assert.Equal("root", portA.CurrentUser);

        var endpoints = Engine.Endpoints(new SwitchSpec());
        Assert.Contains(endpoints, e => e.Client == "client-b" && e.ClientProcessId == b.Pid && e.Module == "unix prog");
        Assert.Contains(endpoints, e => e.TapName == sw.TapName && e.Module == "tuntap");

        // The CLI shows the same: counters, MACs and endpoints.
        var table = Sh.CliOk("ports");
        Assert.Contains(a.Mac, table, StringComparison.Ordinal);
        Assert.Contains($"client-b user=root pid={b.Pid}", table, StringComparison.Ordinal);

        // listall names the per-endpoint data sockets the switch made for its clients.
        var listed = Assert.Single(Engine.List(includeStale: true));
        Assert.Equal(2, listed.PortSockets.Length);
    }

    [KernelFact(Requires = "qemu-system-x86_64")]
    public void Qemu_guest_shows_up_as_a_QEMU_endpoint_with_its_pid()
    {
        Engine.Create(new SwitchSpec());
        CancelAfterwards(new SwitchSpec());
        var dir = Directory.CreateTempSubdirectory("ctysvde-qemu-").FullName;
        Defer("remove qemu dir", () => Directory.Delete(dir, true));
        var pidFile = Path.Combine(dir, "vm.pid");
        Sh.Ok("qemu-system-x86_64", "-name", "ctysvde-test", "-accel", "tcg", "-m", "64M", "-display", "none", "-nodefaults",
            "-netdev", "vde,id=n0,sock=/var/tmp/vde_switch0.root", "-device", "e1000,netdev=n0,mac=52:54:00:99:00:07",
            "-pidfile", pidFile, "-daemonize");
        var pid = int.Parse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture);
        Defer("stop qemu", () => StopProcess(pid));

        Sh.WaitFor(() => Engine.Ports(new SwitchSpec()).Any(p => p.ClientProcessIds.Contains(pid)), "QEMU's endpoint");
        var port = Assert.Single(Engine.Ports(new SwitchSpec()), p => p.ClientProcessIds.Contains(pid));
        Assert.Contains(port.Endpoints, e => e.Contains($"unix prog: QEMU user=root pid={pid}", StringComparison.Ordinal));
        var endpoint = Assert.Single(Engine.Endpoints(new SwitchSpec()), e => e.ClientProcessId == pid);
        Assert.Equal(("QEMU", "root"), (endpoint.Client, endpoint.ClientUser));
    }
}
