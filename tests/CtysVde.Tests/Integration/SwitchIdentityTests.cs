using System.Globalization;
using CtysVde.Core.Errors;
using CtysVde.Core.Model;
using CtysVde.Core.Switches;
using CtysVde.Tests.Support;
using Xunit;

namespace CtysVde.Tests.Integration;

/// <summary>
/// A switch is the pair of its data socket and management socket (issue 9, point 6). A request whose sockets
/// belong to different switches, or one to a switch and the other to none, is refused before anything
/// happens: create with SocketInUse, every other action with SwitchMismatch; the switch that holds them is
/// left running and healthy, and the host is unchanged.
/// </summary>
public class SwitchIdentityTests : KernelTest
{
    private const string Data0 = "/var/tmp/vde_switch0.root";
    private const string Mgmt0 = "/var/tmp/vde_mgmt0.root";
    private const string Data9 = "/var/tmp/vde_switch9.root";
    private const string Mgmt9 = "/var/tmp/vde_mgmt9.root";

    public SwitchIdentityTests(KernelFixture fixture)
        : base(fixture)
    {
    }

    /// <summary>The found case: a management socket that vde_switch0.root holds, with a data socket that nothing serves.</summary>
    [KernelFact]
    public void Another_switchs_management_socket_with_a_free_data_socket_is_refused_by_every_action()
    {
        var pid = CreateHealthySwitch();
        var holder = $"switch vde_switch0.root (vde_switch pid {pid}; data socket {Data0}, management socket {Mgmt0})";
        AssertEveryActionRefused(
            ["-s", Data9, "-S", Mgmt0],
            $"the management socket {Mgmt0} and the pidfile /var/run/vde_mgmt0.root are in use by {holder}; nothing was changed [SocketInUse]",
            $"the data socket {Data9} and the management socket {Mgmt0} are not the sockets of one switch: no switch serves {Data9}; {Mgmt0} is the management socket of {holder}; the pidfile /var/run/vde_mgmt0.root is vde_switch pid {pid}'s too; nothing was changed [SwitchMismatch]",
            pid);
        AssertEngineRefuses(new SwitchSpec { SocketPath = Data9, ManagementSocket = Mgmt0 }, pid);
    }

    /// <summary>The other direction: a data socket that vde_switch0.root serves, with a management socket that is nobody's.</summary>
    [KernelFact]
    public void Another_switchs_data_socket_with_a_free_management_socket_is_refused_by_every_action()
    {
        var pid = CreateHealthySwitch();
        var holder = $"switch vde_switch0.root (vde_switch pid {pid}; data socket {Data0}, management socket {Mgmt0})";
        AssertEveryActionRefused(
            ["-s", Data0, "-S", Mgmt9],
            $"the data socket {Data0} is in use by {holder}; nothing was changed [SocketInUse]",
            $"the data socket {Data0} and the management socket {Mgmt9} are not the sockets of one switch: {Data0} is the data socket of {holder}; {Mgmt9} is no switch's management socket; nothing was changed [SwitchMismatch]",
            pid);
        AssertEngineRefuses(new SwitchSpec { SocketPath = Data0, ManagementSocket = Mgmt9 }, pid);
    }

    /// <summary>Each socket belongs to a different running switch: the message names both holders, in both directions.</summary>
    [KernelFact]
    public void Sockets_of_two_different_switches_are_refused_naming_both()
    {
        var rootPid = CreateHealthySwitch();
        var alice = new SwitchSpec { Owner = KernelFixture.Alice };
        var alicePid = Engine.Create(alice).Switch.ProcessId!.Value;
        CancelAfterwards(alice);
        var aliceData = $"/var/tmp/vde_switch0.{KernelFixture.Alice}";
        var aliceMgmt = $"/var/tmp/vde_mgmt0.{KernelFixture.Alice}";
        var rootHolder = $"switch vde_switch0.root (vde_switch pid {rootPid}; data socket {Data0}, management socket {Mgmt0})";
        var aliceHolder = $"switch vde_switch0.{KernelFixture.Alice} (vde_switch pid {alicePid}; data socket {aliceData}, management socket {aliceMgmt})";
        var before = SystemSnapshot.Take();

        // Root's data socket with alice's management socket (and so her pidfile).
        var create = Sh.Cli("-u", KernelFixture.Alice, "-s", Data0, "-S", aliceMgmt, "create");
        Assert.Equal(1, create.ExitCode);
        Assert.Contains($"the data socket {Data0} is in use by {rootHolder}", create.StandardError, StringComparison.Ordinal);
        Assert.Contains($"the management socket {aliceMgmt} and the pidfile /var/run/vde_mgmt0.{KernelFixture.Alice} are in use by {aliceHolder}", create.StandardError, StringComparison.Ordinal);
        var cancel = Sh.Cli("-u", KernelFixture.Alice, "-s", Data0, "-S", aliceMgmt, "cancel");
        Assert.Equal(1, cancel.ExitCode);
        Assert.Contains($"are not the sockets of one switch: {Data0} is the data socket of {rootHolder}; {aliceMgmt} is the management socket of {aliceHolder}; the pidfile /var/run/vde_mgmt0.{KernelFixture.Alice} is vde_switch pid {alicePid}'s too; nothing was changed [SwitchMismatch]",
            cancel.StandardError, StringComparison.Ordinal);

        // Alice's data socket with root's management socket.
        var crossed = Sh.Cli("-u", KernelFixture.Alice, "-s", aliceData, "-S", Mgmt0, "cancel");
        Assert.Equal(1, crossed.ExitCode);
        Assert.Contains($"{aliceData} is the data socket of {aliceHolder}; {Mgmt0} is the management socket of {rootHolder}", crossed.StandardError, StringComparison.Ordinal);
        var check = Sh.Cli("-u", KernelFixture.Alice, "-s", aliceData, "-S", Mgmt0, "check");
        Assert.Equal(1, check.ExitCode);
        Assert.Contains("[SwitchMismatch]", check.StandardError, StringComparison.Ordinal);
        Assert.Equal(string.Empty, check.StandardOutput);

        AssertUnchanged(before, "requests for crossed sockets of two switches must change nothing");
        AssertHealthy(new SwitchSpec(), rootPid);
        AssertHealthy(alice, alicePid);
    }

    /// <summary>The pidfile is part of what a request names: another switch's is neither read as this one's nor removed.</summary>
    [KernelFact]
    public void Another_switchs_pidfile_is_neither_taken_for_ours_nor_removed()
    {
        var pid = CreateHealthySwitch();
        var spec = new SwitchSpec { SocketPath = Data9, ManagementSocket = Mgmt9, PidFile = "/var/run/vde_mgmt0.root" };
        var before = SystemSnapshot.Take();

        var create = Assert.Throws<VdeException>(() => Engine.Create(spec));
        Assert.Equal(ErrorIds.SocketInUse, create.ErrorId);
        Assert.Equal($"the pidfile /var/run/vde_mgmt0.root is in use by switch vde_switch0.root (vde_switch pid {pid}; data socket {Data0}, management socket {Mgmt0}); nothing was changed", create.Message);
        var remove = Assert.Throws<VdeException>(() => Engine.Remove(spec, force: true));
        Assert.Equal(ErrorIds.SwitchMismatch, remove.ErrorId);
        Assert.Contains($"no switch serves {Data9}; {Mgmt9} is no switch's management socket; the pidfile /var/run/vde_mgmt0.root is that of switch vde_switch0.root (vde_switch pid {pid};", remove.Message, StringComparison.Ordinal);

        AssertUnchanged(before, "a request naming another switch's pidfile must change nothing");
        Assert.Equal(pid.ToString(CultureInfo.InvariantCulture), File.ReadAllText("/var/run/vde_mgmt0.root").Trim());
        AssertHealthy(new SwitchSpec(), pid);
    }

    /// <summary>
    /// The pid that answers on the management socket is part of the identity: a switch whose command line names
    /// the socket is not the one asked for when another switch answers there. Before, cancel sent `shutdown`
    /// through the socket and stopped the switch that answered.
    /// </summary>
    [KernelFact]
    public void A_management_socket_answered_by_another_switch_is_not_ours_even_if_our_command_line_names_it()
    {
        var first = Engine.Create(new SwitchSpec()).Switch;
        CancelAfterwards(new SwitchSpec());
        File.Delete(Mgmt0);

        // A second switch listens on a path of its own, which is then renamed to the lost socket's path:
        // connections to Mgmt0 now reach it, though no command line says so.
        Sh.Ok("vde_switch", "-d", "-s", "/var/tmp/vde_switch0.other", "-M", "/var/tmp/other.mgmt", "-p", "/var/run/other.pid");
        Sh.WaitFor(() => File.Exists("/var/run/other.pid") && Core.Vde.SocketProbe.IsListening("/var/tmp/other.mgmt"), "the other switch");
        var other = int.Parse(File.ReadAllText("/var/run/other.pid").Trim(), CultureInfo.InvariantCulture);
        Defer("stop the other switch", () => StopProcess(other));
        File.Move("/var/tmp/other.mgmt", Mgmt0);
        var before = SystemSnapshot.Take();

        var cancel = Sh.Cli("cancel");
        Assert.Equal(1, cancel.ExitCode);
        Assert.Contains($"{Data0} is the data socket of switch vde_switch0.root (vde_switch pid {first.ProcessId}; data socket {Data0}, management socket {Mgmt0}); {Mgmt0} is the management socket of switch vde_switch0.other (vde_switch pid {other};",
            cancel.StandardError, StringComparison.Ordinal);
        Assert.Contains("[SwitchMismatch]", cancel.StandardError, StringComparison.Ordinal);
        var create = Sh.Cli("create");
        Assert.Equal(1, create.ExitCode);
        Assert.Contains($"the management socket {Mgmt0} is in use by switch vde_switch0.other (vde_switch pid {other};", create.StandardError, StringComparison.Ordinal);
        Assert.Equal(1, Sh.Cli("info").ExitCode);
        AssertUnchanged(before, "a management socket another switch answers on must not lead to any change");
        Assert.True(Core.Vde.SocketProbe.IsListening(Mgmt0), "the switch answering on the socket must still run");
    }

    /// <summary>Creates root's default switch, proves it healthy, and returns its pid.</summary>
    private int CreateHealthySwitch()
    {
        var created = Engine.Create(new SwitchSpec());
        CancelAfterwards(new SwitchSpec());
        Assert.True(created.Created);
        var pid = created.Switch.ProcessId!.Value;
        AssertHealthy(new SwitchSpec(), pid);
        return pid;
    }

    private void AssertHealthy(SwitchSpec spec, int pid)
    {
        Assert.All(Engine.Test(spec), h => Assert.True(h.Passed, $"{h.Check}: {h.Detail}"));
        Assert.Equal(pid, Engine.Info(spec).ProcessId);
    }

    /// <summary>create (and its plan) with SocketInUse, every other action (and cancel's plan) with SwitchMismatch; exit 1 and nothing changed.</summary>
    private void AssertEveryActionRefused(string[] paths, string createMessage, string mismatchMessage, int pid)
    {
        var before = SystemSnapshot.Take();
        foreach (var action in new[] { "create", "-n create" })
        {
            var result = Sh.Cli([.. paths, .. action.Split(' ')]);
            Assert.True(result.ExitCode == 1, $"{action}: exit {result.ExitCode}: {result.StandardError}");
            Assert.Equal($"ctys-setupvde: {createMessage}\n", result.StandardError);
            Assert.Equal(string.Empty, result.StandardOutput);
        }

        foreach (var action in new[] { "cancel", "-f cancel", "-n cancel", "check", "-X check", "info", "ports", "--json info" })
        {
            var result = Sh.Cli([.. paths, .. action.Split(' ')]);
            Assert.True(result.ExitCode == 1, $"{action}: exit {result.ExitCode}: {result.StandardError}");
            Assert.Equal($"ctys-setupvde: {mismatchMessage}\n", result.StandardError);
            Assert.Equal(string.Empty, result.StandardOutput);
        }

        AssertUnchanged(before, $"{string.Join(' ', paths)} names no one switch, so nothing may change");
        AssertHealthy(new SwitchSpec(), pid);
    }

    /// <summary>The engine calls behind the cmdlets refuse the same request, with the same ids.</summary>
    private void AssertEngineRefuses(SwitchSpec crossed, int pid)
    {
        var before = SystemSnapshot.Take();
        var calls = new (string Name, string Id, Action Call)[]
        {
            ("Create", ErrorIds.SocketInUse, () => Engine.Create(crossed)),
            ("PlanCreate", ErrorIds.SocketInUse, () => Engine.PlanCreate(crossed)),
            ("Remove", ErrorIds.SwitchMismatch, () => Engine.Remove(crossed, force: true)),
            ("PlanRemove", ErrorIds.SwitchMismatch, () => Engine.PlanRemove(crossed)),
            ("Test", ErrorIds.SwitchMismatch, () => Engine.Test(crossed)),
            ("Info", ErrorIds.SwitchMismatch, () => Engine.Info(crossed)),
            ("Ports", ErrorIds.SwitchMismatch, () => Engine.Ports(crossed)),
            ("Endpoints", ErrorIds.SwitchMismatch, () => Engine.Endpoints(crossed)),
            ("MacAddresses", ErrorIds.SwitchMismatch, () => Engine.MacAddresses(crossed)),
            ("Clients", ErrorIds.SwitchMismatch, () => Engine.Clients(crossed)),
        };
        foreach (var (name, id, call) in calls)
        {
            var e = Assert.Throws<VdeException>(call);
            Assert.True(e.ErrorId == id, $"{name}: {e.ErrorId} instead of {id}: {e.Message}");
            Assert.Equal(id == ErrorIds.SocketInUse ? VdeErrorCategory.ResourceExists : VdeErrorCategory.InvalidArgument, e.Category);
            Assert.Contains($"vde_switch pid {pid}", e.Message, StringComparison.Ordinal);
        }

        AssertUnchanged(before, "the engine must change nothing for crossed sockets");
        AssertHealthy(new SwitchSpec(), pid);
    }
}
