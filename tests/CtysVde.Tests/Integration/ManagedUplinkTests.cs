using System.Diagnostics;
using CtysVde.Tests.Support;
using Xunit;

namespace CtysVde.Tests.Integration;

/// <summary>
/// An uplink that a running connection manager manages is refused, never fought: the real
/// systemd-networkd and the real NetworkManager, inside the model host's namespace (<see cref="ModelHostTest"/>).
/// </summary>
public class ManagedUplinkTests : ModelHostTest
{
    private const string Networkd = "/lib/systemd/systemd-networkd";
    private const string NetworkFile = "/run/systemd/network/50-ctysvde-test-eth0.network";
    private const string NetworkManagerDaemon = "network-manager/usr/sbin/NetworkManager";

    public ManagedUplinkTests(KernelFixture fixture)
        : base(fixture)
    {
    }

    [KernelFact(Requires = Networkd)]
    public void An_uplink_that_systemd_networkd_manages_is_refused_until_it_is_unmanaged()
    {
        var host = ModelHostForNetworkd();
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

    [KernelFact(Requires = "dbus-daemon", RequiresTestTool = NetworkManagerDaemon)]
    public void An_uplink_that_NetworkManager_manages_is_refused_until_it_is_unmanaged()
    {
        var (host, _, nm, before) = HostManagedByNetworkManager();

        var refused = nm.Run(TestHost.Cli, "-i", "eth0", "-f", "create");
        Assert.True(refused.ExitCode == 2, $"exit {refused.ExitCode}: {refused.StandardError}");
        Assert.Contains("NetworkManager manages 'eth0' and would undo the move; let NetworkManager build the bridge, or make the device unmanaged first (nmcli device set eth0 managed no); add --unmanage to let CtysVde do it for as long as the bridge exists [UplinkManaged]",
            refused.StandardError, StringComparison.Ordinal);
        Assert.Equal(before, HostState(host));
        Assert.DoesNotContain("ctysbr0", Sh.Ok("ip", "-n", host, "-br", "link"), StringComparison.Ordinal);

        // The remedy the refusal names. nmcli exits 0 even when NetworkManager refuses it, so the state decides.
        nm.Run("nmcli", "device", "set", "eth0", "managed", "no");
        WaitForDeviceState(nm, "10 (unmanaged)");
        var unmanaged = HostState(host);
        var create = nm.Run(TestHost.Cli, "-i", "eth0", "-f", "create");
        Assert.True(create.ExitCode == 0, create.StandardError);
        Assert.Equal(0, nm.Run(TestHost.Cli, "cancel").ExitCode);
        Assert.Equal(unmanaged, HostState(host));
    }

    [KernelFact(Requires = "dbus-daemon", RequiresTestTool = NetworkManagerDaemon)]
    public void With_unmanage_NetworkManager_lets_go_of_the_uplink_until_cancel_gives_it_back()
    {
        var (host, _, nm, before) = HostManagedByNetworkManager();

        var create = nm.Run(TestHost.Cli, "-i", "eth0", "-f", "--unmanage", "-d", "1", "create");
        Assert.True(create.ExitCode == 0, create.StandardError);
        Assert.Contains("NetworkManager let go of eth0 until bridge ctysbr0 is removed", create.StandardError, StringComparison.Ordinal);
        WaitForDeviceState(nm, "10 (unmanaged)");
        Assert.Equal(before.Mac, Link(host, "ctysbr0").Mac);
        Assert.Equal(before.Addresses, Link(host, "ctysbr0").Addresses);
        Sh.Ok("ip", "netns", "exec", host, "ping", "-c", "1", "-W", "2", Router);

        var cancel = nm.Run(TestHost.Cli, "cancel");
        Assert.True(cancel.ExitCode == 0, cancel.StandardError);
        Assert.Contains("uplink:eth0 given back to NetworkManager", cancel.StandardError, StringComparison.Ordinal);
        WaitForDeviceState(nm, "100 (connected)");
        Assert.Equal(before, HostState(host));
    }

    [KernelFact(Requires = "dbus-daemon", RequiresTestTool = NetworkManagerDaemon)]
    public void With_unmanage_a_failed_probe_gives_the_uplink_back_to_NetworkManager_too()
    {
        var (host, router, nm, before) = HostManagedByNetworkManager();
        Sh.Ok("ip", "-n", router, "route", "add", "blackhole", $"{HostAddress}/32");

        var lost = nm.Run(TestHost.Cli, "-i", "eth0", "-f", "--unmanage", "--probe-timeout", "2", "create");
        Assert.Equal(2, lost.ExitCode);
        Assert.Contains("[UplinkLost]", lost.StandardError, StringComparison.Ordinal);
        WaitForDeviceState(nm, "100 (connected)");
        Assert.Equal(before, HostState(host));
        Assert.DoesNotContain("ctysbr0", Sh.Ok("ip", "-n", host, "-br", "link"), StringComparison.Ordinal);
    }

    [KernelFact(Requires = Networkd)]
    public void Unmanage_does_not_touch_systemd_networkd_and_says_what_to_do_instead()
    {
        var host = ModelHostForNetworkd();
        var eth0 = Sh.Ok("ip", "netns", "exec", host, "cat", "/sys/class/net/eth0/ifindex").Trim();
        WriteNetworkFile($"[Network]\nAddress={HostAddress}/24\nGateway={Router}\nIPv6AcceptRA=no\nKeepConfiguration=yes\n");
        StartNetworkd(host);
        WaitForLinkState(eth0, "ADMIN_STATE=configured");
        var before = HostState(host);

        var refused = InHost(host, "-i", "eth0", "-f", "--unmanage", "create");
        Assert.True(refused.ExitCode == 2, $"exit {refused.ExitCode}: {refused.StandardError}");
        Assert.Contains("systemd-networkd manages 'eth0', and CtysVde asks only NetworkManager to let go: make the device unmanaged yourself (a .network file for eth0 with [Link] Unmanaged=yes, then networkctl reload) or let systemd-networkd build the bridge [UplinkManaged]",
            refused.StandardError, StringComparison.Ordinal);
        Assert.Equal(before, HostState(host));
    }

    /// <summary>The model host with NetworkManager running its eth0 (connected), and the host's state at that point.</summary>
    private (string Host, string Router, NetworkManagerRun Nm, HostSnapshot Before) HostManagedByNetworkManager()
    {
        var (host, router) = ModelHost();
        var nm = StartNetworkManager(host);
        WaitForDeviceState(nm, "100 (connected)");
        return (host, router, nm, HostState(host));
    }

    /// <summary>
    /// The model host with eth0 up but without addresses and routes, for systemd-networkd to configure itself.
    /// Asked to configure an address that already exists, networkd 252 sometimes fails the link ("Failed to
    /// configure address: Numerical result out of range"), as seen here on a loaded machine.
    /// </summary>
    private string ModelHostForNetworkd()
    {
        var (host, _) = ModelHost();
        Sh.Ok("ip", "-n", host, "addr", "flush", "dev", "eth0", "scope", "global");
        Sh.Ok("ip", "-n", host, "route", "flush", "dev", "eth0");
        Sh.Ok("ip", "-n", host, "-6", "route", "flush", "dev", "eth0");
        return host;
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
        var log = NetworkdLog;
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

    private static string NetworkdLog => Path.Combine(Path.GetTempPath(), $"ctysvde-networkd-{Environment.ProcessId}.log");

    /// <summary>Waits for networkd's state file of eth0 to say <paramref name="line"/>; a failure shows the file and networkd's log.</summary>
    private static void WaitForLinkState(string ifindex, string line)
    {
        var state = $"/run/systemd/netif/links/{ifindex}";
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!(File.Exists(state) && File.ReadAllLines(state).Contains(line)))
        {
            if (DateTime.UtcNow >= deadline)
            {
                var seen = File.Exists(state) ? File.ReadAllText(state) : "(no state file)";
                var log = File.Exists(NetworkdLog) ? string.Join('\n', File.ReadLines(NetworkdLog).TakeLast(30)) : "(no log)";
                Assert.Fail($"systemd-networkd's {line} for eth0 did not come within 60 s; {state}:\n{seen}\nits log ends:\n{log}");
            }

            Thread.Sleep(20);
        }
    }

    /// <summary>
    /// The real NetworkManager, unpacked by .ci/test-tools, in the host's namespace with a system bus of its
    /// own. Its mount namespace keeps its files off the machine's disk, and makes /sys read-only: as in a
    /// container, NetworkManager then does not wait for udev, which does not run here, and manages the links
    /// itself. Its profile for eth0 is the model host's own configuration.
    /// </summary>
    private NetworkManagerRun StartNetworkManager(string host)
    {
        var daemon = TestHost.TestTool(NetworkManagerDaemon);
        var tree = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(daemon)!, "..", ".."));
        var libs = Path.GetDirectoryName(Directory.EnumerateFiles(Path.Combine(tree, "usr", "lib"), "libnm.so.0", SearchOption.AllDirectories).First())!;
        var dir = Path.Combine(Path.GetTempPath(), $"ctysvde-nm-{Environment.ProcessId}");
        Directory.CreateDirectory(Path.Combine(dir, "connections"));
        Directory.CreateDirectory(Path.Combine(dir, "empty"));
        Defer("remove NetworkManager's configuration", () => Directory.Delete(dir, recursive: true));

        // The bus is this test's alone: anyone may own and call anything, and nothing is activated.
        File.WriteAllText(Path.Combine(dir, "dbus.conf"), """
            <busconfig>
              <listen>unix:path=/run/dbus/system_bus_socket</listen>
              <policy context="default">
                <allow own="*"/>
                <allow send_destination="*"/>
                <allow receive_sender="*"/>
              </policy>
            </busconfig>
            """);

        // Keyfile profiles only (not the machine's /etc/network/interfaces), no "Wired connection" for links
        // without a profile, the machine's resolv.conf, hostname and audit log left alone, and no polkit
        // (there is none on this bus). eth0 is configured already, which NetworkManager would only watch
        // ("connected (externally)"); keep-configuration=no makes it take eth0 over with the profile.
        File.WriteAllText(Path.Combine(dir, "NetworkManager.conf"), $"""
            [main]
            plugins=keyfile
            no-auto-default=*
            dns=none
            hostname-mode=none
            auth-polkit=false

            [logging]
            audit=false

            [keyfile]
            path={dir}/connections

            [device-eth0]
            match-device=interface-name:eth0
            keep-configuration=no
            """);

        // NetworkManager ignores a profile that others may read.
        var profile = Path.Combine(dir, "connections", "eth0.nmconnection");
        File.WriteAllText(profile, $"""
            [connection]
            id=ctysvde-test-eth0
            type=ethernet
            interface-name=eth0

            [ipv4]
            method=manual
            address1={HostAddress}/24,{Router}
            route1=192.0.2.0/24,{Router}

            [ipv6]
            method=manual
            address1=fd00:20::10/64,fd00:20::1
            """);
        File.SetUnixFileMode(profile, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        // The bus, and the commands run beside it, get a /run and /var/lib of their own; NetworkManager alone
        // also gets /sys read-only, since the CLI writes to sysfs.
        var start = $"""
            mount -n -t tmpfs tmpfs /run && mount -n -t tmpfs tmpfs /var/lib && mkdir /run/dbus &&
            dbus-daemon --config-file={dir}/dbus.conf --fork --print-pid=1 >{dir}/dbus.pid &&
            exec unshare --mount --propagation private sh -c 'mount -n -o remount,bind,ro /sys && export LD_LIBRARY_PATH={libs} &&
              exec {daemon} --debug --config={dir}/NetworkManager.conf --config-dir={dir}/empty --system-config-dir={dir}/empty >{dir}/nm.log 2>&1'
            """;
        using var process = Process.Start(new ProcessStartInfo("ip")
        {
            ArgumentList = { "netns", "exec", host, "unshare", "--mount", "--propagation", "private", "sh", "-c", start },
            UseShellExecute = false,
        })!;

        // ip, unshare and sh each exec the next, so this pid is NetworkManager's.
        var pid = process.Id;
        var busPid = Path.Combine(dir, "dbus.pid");
        Defer("stop NetworkManager and its bus", () =>
        {
            StopProcess(pid);
            if (File.Exists(busPid) && File.ReadAllText(busPid).Trim() is { Length: > 0 } bus)
            {
                StopProcess(int.Parse(bus, System.Globalization.CultureInfo.InvariantCulture));
            }
        });
        Sh.WaitFor(() => File.Exists(busPid) && File.ReadAllText(busPid).EndsWith('\n'), "the private system bus");
        return new NetworkManagerRun(int.Parse(File.ReadAllText(busPid).Trim(), System.Globalization.CultureInfo.InvariantCulture),
            Path.Combine(tree, "usr", "bin"), libs, Path.Combine(dir, "nm.log"));
    }

    private static void WaitForDeviceState(NetworkManagerRun nm, string state)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        string seen;
        while ((seen = nm.Run("nmcli", "-g", "GENERAL.STATE", "device", "show", "eth0").StandardOutput.Trim()) != state)
        {
            if (DateTime.UtcNow >= deadline)
            {
                var log = File.Exists(nm.Log) ? string.Join('\n', File.ReadLines(nm.Log).TakeLast(20)) : "(no log: it never started)";
                Assert.Fail($"NetworkManager's eth0 is '{seen}', not '{state}'; its log ends:\n{log}");
            }

            Thread.Sleep(20);
        }
    }

    /// <summary>A running NetworkManager; <see cref="Run"/> runs a command beside it (where its bus runs), with its nmcli on the PATH.</summary>
    private sealed record NetworkManagerRun(int BusPid, string Bin, string Libs, string Log)
    {
        public Core.Processes.ProcessResult Run(string program, params string[] args) =>
            Sh.Run("nsenter", ["-t", BusPid.ToString(System.Globalization.CultureInfo.InvariantCulture), "-m", "-n", "--", "env",
                $"PATH={Bin}:{Environment.GetEnvironmentVariable("PATH")}", $"LD_LIBRARY_PATH={Libs}", program, .. args]);
    }
}
