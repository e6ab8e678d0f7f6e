using CtysVde.Core.Model;
using CtysVde.Tests.Support;
using Xunit;

namespace CtysVde.Tests.Integration;

/// <summary>
/// Guest addresses without an agent (issue 12, item 2): every switch CtysVde starts learns, with vde_switch's iplog
/// plugin, which addresses speak on which port; the engine, the CLI and the log beside the pidfile show them.
/// </summary>
public class AddressTests : KernelTest
{
    /// <summary>
    /// The host has an IPv4 address before the switch starts: vde_switch reads its address ranges with getaddrinfo's
    /// AI_ADDRCONFIG, which on a host with only IPv6 turns 0.0.0.0/0 into ::/0 (README, "Guest addresses").
    /// </summary>
    private const string Bridge = "br-addr";

    public AddressTests(KernelFixture fixture)
        : base(fixture)
    {
    }

    [KernelFact(Requires = "ping")]
    public void Each_clients_addresses_show_on_its_endpoint_and_port_and_in_the_log_and_go_with_the_switch()
    {
        HostBridge("10.199.41.254/24");
        var sw = Engine.Create(new SwitchSpec { BridgeName = Bridge }).Switch;
        CancelAfterwards(new SwitchSpec());
        var a = PlugIn(sw.SocketPath, "client-a", "10.199.41.1/24");
        var b = PlugIn(sw.SocketPath, "client-b", "10.199.41.2/24");
        Sh.Ok("ip", "netns", "exec", a.Namespace, "ping", "-c", "1", "-W", "5", "10.199.41.2");
        Sh.Ok("ip", "netns", "exec", b.Namespace, "ping", "-c", "1", "-W", "5", "10.199.41.254");

        // The link-local address speaks once duplicate address detection is over (a second or so).
        Sh.WaitFor(() => Endpoint(a.Pid).IPAddresses is var ips && ips.Contains("10.199.41.1") && ips.Any(ip => ip.StartsWith("fe80::", StringComparison.Ordinal)), "client-a's addresses on its endpoint");
        var endpoint = Endpoint(a.Pid);
        Assert.Equal(("client-a", 0), (endpoint.Client, endpoint.Vlan));
        Assert.Contains(a.Mac, endpoint.MacAddresses);
        Assert.Equal("10.199.41.1", endpoint.IPAddresses[0]);
        Assert.Contains(endpoint.IPAddresses, ip => ip.StartsWith("fe80::", StringComparison.Ordinal));
        Assert.DoesNotContain("10.199.41.2", endpoint.IPAddresses);
        Sh.WaitFor(() => Endpoint(b.Pid).IPAddresses.Contains("10.199.41.2"), "client-b's address");
        Assert.Contains("10.199.41.254", Assert.Single(Engine.Endpoints(new SwitchSpec()), e => e.Module == "tuntap").IPAddresses);
        var port = Assert.Single(Engine.Ports(new SwitchSpec()), p => p.ClientProcessIds.Contains(a.Pid));
        Assert.Equal(endpoint.IPAddresses, port.IPAddresses);

        // The command line shows the same, as a table column, a terse field and JSON.
        Assert.Contains("10.199.41.1,fe80::", Sh.CliOk("ports"), StringComparison.Ordinal);
        Assert.Contains(Sh.CliOk("-X", "ports").Split('\n'), l => l.StartsWith($"{sw.Name};{port.Port};", StringComparison.Ordinal) && l.Split(';')[^1].StartsWith("10.199.41.1,", StringComparison.Ordinal));
        var json = System.Text.Json.JsonSerializer.Deserialize(Sh.CliOk("--json", "ports"), VdeJsonContext.Default.VdePortArray)!;
        Assert.Contains("10.199.41.1", json.Single(p => p.Port == port.Port).IPAddresses);

        // The log beside the pidfile: one line per address, with the MAC, port, VLAN and the client's description.
        var log = "/var/run/vde_mgmt0.root.iplog";
        var line = Assert.Single(File.ReadAllLines(log), l => l.Contains(" ipv4 10.199.41.1 ", StringComparison.Ordinal));
        Assert.Contains($"mac={a.Mac} port={port.Port} vlan=0 user=root \"client-a user=root pid={a.Pid}\"", line, StringComparison.Ordinal);
        Assert.Equal((UnixFileMode)0x180, File.GetUnixFileMode(log));

        Engine.Remove(new SwitchSpec(), force: false);
        Assert.False(File.Exists(log));
    }

    [KernelFact(Requires = "ping")]
    public void A_users_switch_hands_her_the_log_and_she_reads_her_guests_addresses_without_root()
    {
        HostBridge("10.199.42.254/24");
        var spec = new SwitchSpec { Owner = KernelFixture.Alice, BridgeName = Bridge };
        var sw = Engine.Create(spec).Switch;
        CancelAfterwards(new SwitchSpec { Owner = KernelFixture.Alice });
        var guest = PlugIn(sw.SocketPath, "alice-guest", "10.199.42.7/24");
        Sh.Ok("ip", "netns", "exec", guest.Namespace, "ping", "-c", "1", "-W", "5", "10.199.42.254");

        var log = $"/var/run/vde_mgmt0.{KernelFixture.Alice}.iplog";
        var status = new Core.Linux.UnixFiles().Stat(log)!;
        Assert.Equal((new Core.Linux.UserDatabase().FindUser(KernelFixture.Alice)!.Uid, 0x180u), (status.Uid, status.Permissions));
        var cli = CliForUsers();
        Sh.WaitFor(() => Sh.Run("runuser", ["-u", KernelFixture.Alice, "--", cli, "-X", "ports"]).StandardOutput.Contains("10.199.42.7", StringComparison.Ordinal), "alice's guest's address, read by alice");
        Assert.Contains("ipv4 10.199.42.7 ", Sh.Ok("runuser", "-u", KernelFixture.Alice, "--", "cat", log), StringComparison.Ordinal);
    }

    [KernelFact]
    public void A_foreign_file_at_the_logs_name_is_refused_and_nothing_is_left()
    {
        // Another user's file where the address log would go: not followed, used or removed.
        Sh.Ok("runuser", "-u", KernelFixture.Bob, "--", "touch", "/var/tmp/squat.pid.iplog");
        Defer("remove the squatter's file", () => File.Delete("/var/tmp/squat.pid.iplog"));
        var before = SystemSnapshot.Take();
        var e = Assert.Throws<Core.Errors.VdeException>(() => Engine.Create(new SwitchSpec { PidFile = "/var/tmp/squat.pid" }));
        Assert.Equal(Core.Errors.ErrorIds.UnsafeSocketPath, e.ErrorId);
        Assert.Contains("/var/tmp/squat.pid.iplog", e.Message, StringComparison.Ordinal);
        AssertUnchanged(before, "a create refused for a taken log name");
        Assert.True(File.Exists("/var/tmp/squat.pid.iplog"));
    }

    private VdeEndpoint Endpoint(int pid) => Assert.Single(Engine.Endpoints(new SwitchSpec()), e => e.ClientProcessId == pid);

    private void HostBridge(string address)
    {
        Sh.Ok("ip", "link", "add", Bridge, "type", "bridge");
        Defer($"delete {Bridge}", () => Sh.Run("ip", "link", "del", Bridge));
        Sh.Ok("ip", "addr", "add", address, "dev", Bridge);
        Sh.Ok("ip", "link", "set", Bridge, "up");
    }
}
