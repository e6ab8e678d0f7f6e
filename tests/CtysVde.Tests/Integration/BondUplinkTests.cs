using System.Diagnostics;
using CtysVde.Core.Processes;
using CtysVde.Tests.Support;
using Xunit;

namespace CtysVde.Tests.Integration;

/// <summary>
/// A bond as the uplink (issue #4). This machine's kernel has no bonding driver, so the model host (as in
/// <see cref="ModelHostTest"/>, but with bond0 over the veth) is built inside a disk-less Linux guest under
/// QEMU/TCG, with a Debian kernel and modules from .ci/test-tools. The guest's /init (Guest/bond-init.sh)
/// runs the CLI and prints what it finds on the serial console; the test reads that and asserts here.
/// </summary>
public class BondUplinkTests : KernelTest
{
    private const string GuestTools = "guest/vmlinuz";

    public BondUplinkTests(KernelFixture fixture)
        : base(fixture)
    {
    }

    [KernelFact(Requires = "qemu-system-x86_64", RequiresTestTool = GuestTools)]
    public void A_bond_moves_into_the_bridge_and_back_exactly_and_its_slave_is_refused_naming_the_bond()
    {
        var dir = Directory.CreateTempSubdirectory("ctysvde-bond-").FullName;
        Defer("remove the guest's files", () => Directory.Delete(dir, true));
        var tools = Path.GetDirectoryName(TestHost.TestTool(GuestTools))!;
        var guestDir = Path.Combine(AppContext.BaseDirectory, "Guest");
        var initrd = Path.Combine(dir, "initrd.gz");
        var console = Path.Combine(dir, "console.log");
        Sh.Ok("bash", Path.Combine(guestDir, "build-initramfs.sh"), initrd, Path.Combine(guestDir, "bond-init.sh"), TestHost.Cli, tools);

        // No network device at all: whatever the guest does to its links stays in its own kernel. The
        // console goes to a file, so a guest that hangs still leaves its output for the failure message.
        var watch = Stopwatch.StartNew();
        ProcessResult qemu;
        try
        {
            qemu = new ProcessRunner().Run("qemu-system-x86_64",
                ["-accel", "tcg", "-m", "256M", "-display", "none", "-nodefaults", "-no-reboot", "-nic", "none",
                 "-serial", $"file:{console}", "-kernel", Path.Combine(tools, "vmlinuz"), "-initrd", initrd,
                 "-append", "console=ttyS0 quiet panic=-1"],
                TimeSpan.FromSeconds(90));
        }
        catch (TimeoutException e)
        {
            Assert.Fail($"{e.Message}; the guest's console:\n{GuestConsole.Read(console)}");
            throw;
        }

        watch.Stop();
        var output = GuestConsole.Read(console);
        Assert.True(qemu.ExitCode == 0, $"qemu exited {qemu.ExitCode}: {qemu.StandardError}\n{output}");
        var results = GuestConsole.Results(output);
        Assert.True(results.ContainsKey("done_after_s"), $"the guest did not finish its script:\n{output}");
        var r = new Func<string, string>(key => results.TryGetValue(key, out var value) ? value : throw new Xunit.Sdk.XunitException($"the guest printed no {key}:\n{output}"));
        Console.WriteLine($"bond guest: {watch.ElapsedMilliseconds} ms in qemu, init ready after {r("booted_after_s")} s, done after {r("done_after_s")} s of guest uptime");

        Assert.True(r("model_up") == "yes" && r("bond_type") == "bond" && r("bond_mode") == "active-backup", output);
        Assert.DoesNotContain(results.Keys, k => k.StartsWith("insmod_", StringComparison.Ordinal));
        var before = r("before");

        // The slave is no uplink: the refusal names the bond to bridge instead, and nothing changes.
        Assert.Equal("1", r("refuse_slave"));
        Assert.Contains("'eth0' is already enslaved to 'bond0' (a bond: bridge the bond itself) [InvalidInterface]", output, StringComparison.Ordinal);
        Assert.Equal(before, r("after_refuse"));

        // The bond itself moves, as any NIC: the bridge takes its MAC, address and routes, the bond keeps its slave.
        Assert.True(r("create") == "0", output);
        Assert.Contains($"mac={r("bridge_mac")} ", before, StringComparison.Ordinal);
        Assert.Equal("10.199.20.10/24", r("bridge_addrs"));
        Assert.Contains("default via 10.199.20.1 metric 100", r("bridge_routes"), StringComparison.Ordinal);
        Assert.Contains("192.0.2.0/24 via 10.199.20.1 proto static", r("bridge_routes"), StringComparison.Ordinal);
        Assert.Equal("bond0|tap0", r("bridge_ports"));
        Assert.Equal(("ctysbr0", string.Empty, "bond0"), (r("bond_master"), r("bond_addrs"), r("slave_master")));
        Assert.Equal(("yes", "yes", "yes"), (r("switch_running"), r("ping_router"), r("router_pings_host")));

        // cancel gives the bond back exactly.
        Assert.True(r("cancel") == "0", output);
        Assert.Contains("uplink:bond0 restored", output, StringComparison.Ordinal);
        Assert.Equal(before, r("after"));
        Assert.Equal(("yes", "yes", "yes"), (r("bridge_gone"), r("switch_gone"), r("ping_after_cancel")));
    }
}
