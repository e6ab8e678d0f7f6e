using System.Diagnostics;
using CtysVde.Tests.Support;
using Xunit;

namespace CtysVde.Tests.Integration;

/// <summary>
/// An uplink that a running connection manager manages is refused, never fought: the real
/// systemd-networkd, inside the model host's namespace (<see cref="ModelHostTest"/>).
/// </summary>
public class ManagedUplinkTests : ModelHostTest
{
    private const string Networkd = "/lib/systemd/systemd-networkd";
    private const string NetworkFile = "/run/systemd/network/50-ctysvde-test-eth0.network";

    public ManagedUplinkTests(KernelFixture fixture)
        : base(fixture)
    {
    }

    [KernelFact(Requires = Networkd)]
    public void An_uplink_that_systemd_networkd_manages_is_refused_until_it_is_unmanaged()
    {
        var (host, _) = ModelHost();
        var eth0 = Sh.Ok("ip", "netns", "exec", host, "cat", "/sys/class/net/eth0/ifindex").Trim();
        WriteNetworkFile($"[Network]\nAddress={HostAddress}/24\nGateway={Router}\nIPv6AcceptRA=no\nKeepConfiguration=yes\n");
        var networkd = StartNetworkd(host);
        WaitForLinkState(eth0, "ADMIN_STATE=configured");
        var before = HostState(host);

        var refused = InHost(host, "-i", "eth0", "-f", "create");
        Assert.True(refused.ExitCode == 2, $"exit {refused.ExitCode}: {refused.StandardError}");
        Assert.Contains("systemd-networkd manages 'eth0' and would undo the move; let systemd-networkd build the bridge, or make the device unmanaged first (a .network file for eth0 with [Link] Unmanaged=yes, then networkctl reload) [UplinkManaged]",
            refused.StandardError, StringComparison.Ordinal);
        Assert.Equal(before, HostState(host));
        Assert.DoesNotContain("ctysbr0", Sh.Ok("ip", "-n", host, "-br", "link"), StringComparison.Ordinal);

        // The remedy the refusal names: networkd, restarted with Unmanaged=yes, leaves eth0 alone, and so the move proceeds.
        StopProcess(networkd);
        WriteNetworkFile("[Link]\nUnmanaged=yes\n");
        StartNetworkd(host);
        WaitForLinkState(eth0, "ADMIN_STATE=unmanaged");
        var unmanaged = HostState(host);
        var create = InHost(host, "-i", "eth0", "-f", "create");
        Assert.True(create.ExitCode == 0, create.StandardError);
        Assert.Equal(0, InHost(host, "cancel").ExitCode);
        Assert.Equal(unmanaged, HostState(host));
    }

    private void WriteNetworkFile(string body)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(NetworkFile)!);
        File.WriteAllText(NetworkFile, "[Match]\nName=eth0\n\n" + body);
    }

    /// <summary>
    /// The real daemon in the host's namespace. It drops to systemd-network, so its runtime directory must be
    /// that user's; and it waits for udev unless /sys is read-only, as in a container, which its own mount
    /// namespace arranges.
    /// </summary>
    private int StartNetworkd(string host)
    {
        Directory.CreateDirectory("/run/systemd/netif");
        Sh.Ok("chown", "systemd-network:systemd-network", "/run/systemd/netif");
        var log = Path.Combine(Path.GetTempPath(), $"ctysvde-networkd-{Environment.ProcessId}.log");
        RemoveMountBookkeepingAfterwards();
        Defer("remove systemd-networkd's files", () =>
        {
            if (Directory.Exists("/run/systemd"))
            {
                Directory.Delete("/run/systemd", recursive: true);
            }

            File.Delete(log);
        });
        using var process = Process.Start(new ProcessStartInfo("ip")
        {
            ArgumentList = { "netns", "exec", host, "unshare", "--mount", "--propagation", "private", "sh", "-c", $"mount -o remount,bind,ro /sys && exec {Networkd} >>{log} 2>&1" },
            UseShellExecute = false,
        })!;

        // ip, unshare and sh each exec the next, so this pid is networkd's.
        var pid = process.Id;
        Defer("stop systemd-networkd", () => StopProcess(pid));
        return pid;
    }

    private static void WaitForLinkState(string ifindex, string line) =>
        Sh.WaitFor(() => File.Exists($"/run/systemd/netif/links/{ifindex}") && File.ReadAllLines($"/run/systemd/netif/links/{ifindex}").Contains(line), $"systemd-networkd's {line} for eth0");
}
