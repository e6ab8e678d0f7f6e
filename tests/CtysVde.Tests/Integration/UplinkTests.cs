using System.Diagnostics;
using CtysVde.Tests.Support;
using Xunit;

namespace CtysVde.Tests.Integration;

/// <summary>Moving a host's uplink into the bridge, on a model host (<see cref="ModelHostTest"/>).</summary>
public class UplinkTests : ModelHostTest
{
    public UplinkTests(KernelFixture fixture)
        : base(fixture)
    {
    }

    [KernelFact(Requires = "ping")]
    public void Create_moves_the_uplink_keeps_the_host_reachable_and_cancel_gives_it_back_exactly()
    {
        var (host, router) = ModelHost();
        var before = HostState(host);

        var create = InHost(host, "-i", "eth0", "-f", "-d", "1", "create");
        Assert.True(create.ExitCode == 0, create.StandardError);
        Assert.Contains($"{Router} and fd00:20::1 answered through bridge ctysbr0", create.StandardError, StringComparison.Ordinal);

        // The bridge has the uplink's identity: addresses, MAC, routes with their metrics; eth0 is only a port.
        var bridge = Link(host, "ctysbr0");
        Assert.Equal(before.Mac, bridge.Mac);
        Assert.Equal(before.Addresses, bridge.Addresses);
        Assert.Contains("0.0.0.0/0 via 10.199.20.1 metric 100", Routes(host, "ctysbr0"));
        Assert.Contains("192.0.2.0/24 via 10.199.20.1 proto static", Routes(host, "ctysbr0"));
        Assert.Contains("::/0 via fd00:20::1 metric 1024", Routes(host, "ctysbr0"));
        Assert.Empty(Link(host, "eth0").Addresses);
        Assert.EndsWith("/ctysbr0", Sh.Ok("ip", "netns", "exec", host, "readlink", "/sys/class/net/eth0/master").Trim(), StringComparison.Ordinal);
        Sh.Ok("ip", "netns", "exec", host, "ping", "-c", "1", "-W", "2", Router);

        // A guest on the VDE switch reaches the router through TAP -> bridge -> uplink.
        var guest = PlugIn("/var/tmp/vde_switch0.root", "guest", "10.199.20.50/24");
        Sh.Ok("ip", "netns", "exec", guest.Namespace, "ping", "-c", "2", "-W", "2", Router);

        var cancel = InHost(host, "cancel");
        Assert.True(cancel.ExitCode == 0, cancel.StandardError);
        Assert.Contains("uplink:eth0 restored", cancel.StandardError, StringComparison.Ordinal);
        Assert.Equal(before, HostState(host));
        Sh.Ok("ip", "netns", "exec", host, "ping", "-c", "1", "-W", "2", Router);
        Sh.Ok("ip", "netns", "exec", router, "ping", "-c", "1", "-W", "2", HostAddress);
    }

    [KernelFact(Requires = "ping")]
    public void A_probe_that_fails_puts_the_uplink_back_by_itself_and_reports_it()
    {
        var (host, router) = ModelHost();
        var before = HostState(host);

        // The router drops everything it would send back to the host: the gateway stops answering.
        Sh.Ok("ip", "-n", router, "route", "add", "blackhole", $"{HostAddress}/32");
        var watch = Stopwatch.StartNew();
        var result = InHost(host, "-i", "eth0", "-f", "--probe-timeout", "2", "create");
        watch.Stop();

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"after eth0 moved into bridge ctysbr0, {Router} did not answer within 2 s; eth0 was put back as it was and nothing else was changed [UplinkLost]", result.StandardError, StringComparison.Ordinal);
        Assert.Equal(before, HostState(host));
        Assert.DoesNotContain("ctysbr0", Sh.Ok("ip", "-n", host, "-br", "link"), StringComparison.Ordinal);
        Assert.DoesNotContain("tap", Sh.Ok("ip", "-n", host, "-br", "link"), StringComparison.Ordinal);
        Console.WriteLine($"automatic restore after a failed probe: {watch.ElapsedMilliseconds} ms in all (2 s probe timeout)");
    }

    [KernelFact(Requires = "ping")]
    public void A_caller_who_hangs_up_mid_move_does_not_strand_the_host()
    {
        var (host, router) = ModelHost();
        var before = HostState(host);
        Sh.Ok("ip", "-n", router, "route", "add", "blackhole", $"{HostAddress}/32");

        // As when the admin's ssh session drops while the gateway is being probed: SIGHUP, and nobody reads the output any more.
        using var cli = Process.Start(new ProcessStartInfo("ip")
        {
            ArgumentList = { "netns", "exec", host, TestHost.Cli, "-i", "eth0", "-f", "-d", "1", "--probe-timeout", "3", "create" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        Sh.WaitFor(() => Sh.Run("ip", "netns", "exec", host, "readlink", "/sys/class/net/eth0/master").StandardOutput.Trim().EndsWith("/ctysbr0", StringComparison.Ordinal), "eth0 in the bridge");
        Sh.Ok("kill", "-HUP", cli.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        cli.StandardOutput.Close();
        cli.StandardError.Close();

        Assert.True(cli.WaitForExit(20_000), "the CLI did not finish after the hang-up");
        Assert.Equal(2, cli.ExitCode);
        Assert.Equal(before, HostState(host));
        Assert.DoesNotContain("ctysbr0", Sh.Ok("ip", "-n", host, "-br", "link"), StringComparison.Ordinal);
    }

    [KernelFact]
    public void The_guard_refuses_an_uplink_with_the_default_route_or_the_ssh_session_unless_forced()
    {
        var (host, _) = ModelHost();
        var before = HostState(host);
        var refused = InHost(host, "-i", "eth0", "create");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("'eth0' carries the default route; moving it into a bridge interrupts the network for a moment, though the move is rolled back by itself if connectivity is lost; add -f to proceed", refused.StandardError, StringComparison.Ordinal);
        Assert.Contains("[UplinkInUse]", refused.StandardError, StringComparison.Ordinal);
        Assert.Equal(before, HostState(host));

        // Without a default route, the SSH session alone is reason enough.
        Sh.Ok("ip", "-n", host, "route", "del", "default");
        Sh.Ok("ip", "-n", host, "-6", "route", "del", "default");
        var beforeSsh = HostState(host);
        var ssh = Sh.Run("env", $"SSH_CONNECTION=10.199.20.99 50000 {HostAddress} 22", "ip", "netns", "exec", host, TestHost.Cli, "-i", "eth0", "--probe", Router, "create");
        Assert.Equal(2, ssh.ExitCode);
        Assert.Contains($"'eth0' carries your SSH session (10.199.20.99 -> {HostAddress})", ssh.StandardError, StringComparison.Ordinal);
        Assert.Equal(beforeSsh, HostState(host));

        var forced = Sh.Run("env", $"SSH_CONNECTION=10.199.20.99 50000 {HostAddress} 22", "ip", "netns", "exec", host, TestHost.Cli, "-i", "eth0", "-f", "--probe", Router, "create");
        Assert.True(forced.ExitCode == 0, forced.StandardError);
        Assert.Equal(0, InHost(host, "cancel").ExitCode);
        Assert.Equal(beforeSsh, HostState(host));
    }

    [KernelFact]
    public void Uplinks_that_cannot_move_are_refused_and_nothing_changes()
    {
        var (host, _) = ModelHost();
        Sh.Ok("ip", "-n", host, "link", "add", "br-old", "type", "bridge");
        Sh.Ok("ip", "-n", host, "link", "add", "veth-a", "type", "veth", "peer", "name", "veth-b");
        Sh.Ok("ip", "-n", host, "link", "set", "veth-a", "master", "br-old");
        Sh.Ok("ip", "-n", host, "link", "add", "veth-c", "type", "veth", "peer", "name", "veth-d");
        Sh.Ok("ip", "-n", host, "link", "add", "mv0", "link", "veth-c", "type", "macvlan");
        var before = HostState(host);
        var links = Sh.Ok("ip", "-n", host, "-br", "link");

        AssertRefusedInHost(host, "'veth-a' is already enslaved to 'br-old' (a bridge) [InvalidInterface]", "-i", "veth-a", "-b", "br-new", "create");
        AssertRefusedInHost(host, "'veth-c' carries macvlan 'mv0'; the kernel cannot bridge an interface with macvlan or ipvlan devices on it: remove them or bridge another interface [InvalidInterface]", "-i", "veth-c", "-b", "br-new", "create");
        AssertRefusedInHost(host, "'br-old' is a bridge; an uplink must be a NIC, a bond or a VLAN interface [InvalidInterface]", "-i", "br-old", "-b", "br-new", "create");
        AssertRefusedInHost(host, "bridge br-old already exists; an uplink ('eth0') is moved only into a bridge CtysVde creates; choose another bridge with -b to name a new one or run: ip link set eth0 master br-old to attach it yourself", "-i", "eth0", "-b", "br-old", "create");
        AssertRefusedInHost(host, "the probe target 'gateway' is not an IP address [InvalidProbeTarget]", "-i", "eth0", "-f", "-b", "br-new", "--probe", "gateway", "create");
        Assert.Equal(before, HostState(host));
        Assert.Equal(links, Sh.Ok("ip", "-n", host, "-br", "link"));
    }

    private void AssertRefusedInHost(string host, string message, params string[] args)
    {
        var result = InHost(host, args);
        Assert.True(result.ExitCode == 1, $"exit {result.ExitCode}: {result.StandardError}");
        Assert.Contains(message, result.StandardError, StringComparison.Ordinal);
    }
}
