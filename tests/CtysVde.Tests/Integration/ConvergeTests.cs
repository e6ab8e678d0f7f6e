using CtysVde.Core.Linux;
using CtysVde.Tests.Support;
using Xunit;

namespace CtysVde.Tests.Integration;

/// <summary>
/// create on a running switch that lost a part: it mends what it can while the daemon keeps its clients (same pid),
/// says what it mended, and replaces the daemon only when told to (-f), naming the broken part otherwise.
/// </summary>
public class ConvergeTests : KernelTest, IClassFixture<PowerShellSession>
{
    private static readonly string AliceSocket = $"/var/tmp/vde_switch0.{KernelFixture.Alice}";
    private static readonly string AliceMgmt = $"/var/tmp/vde_mgmt0.{KernelFixture.Alice}";

    private readonly PowerShellSession _session;

    public ConvergeTests(KernelFixture fixture, PowerShellSession session)
        : base(fixture)
    {
        _session = session;
    }

    [KernelFact]
    public void New_VdeSwitch_repairs_too_and_warns_what_it_did()
    {
        Assert.Equal(0, Sh.Cli("create").ExitCode);
        Defer("cancel root's switch", () => Sh.Cli("-f", "cancel"));
        var tap = Engine.Info(new Core.Model.SwitchSpec()).TapName!;
        Sh.Ok("ip", "link", "set", tap, "down");

        var result = _session.Run("New-VdeSwitch");

        Assert.True(result.Terminating is null && result.Errors.Count == 0, result.ToString());
        Assert.Contains(result.Warnings, w => w == $"switch vde_switch0.root was running with a part broken; repaired, its clients kept: TapUp: brought TAP {tap} up");
        Assert.True(Sysfs.IsUp(tap));
    }

    [KernelFact]
    public void Ownership_never_handed_over_is_handed_over_and_the_clients_stay()
    {
        var pid = CreateAlices();
        var client = PlugIn(AliceSocket, "guest", "10.9.0.2/24");
        foreach (var path in new[] { AliceSocket + "/ctl", AliceMgmt, AliceSocket })
        {
            new UnixFiles().SetOwnerAndMode(path, path == AliceSocket ? FileKind.Directory : FileKind.Socket, 0, 0, path == AliceSocket ? 0x1C0u : 0x180u);
        }

        Assert.Equal(2, Sh.Cli("-u", KernelFixture.Alice, "check").ExitCode);
        var create = Sh.Cli("-u", KernelFixture.Alice, "create");

        Assert.True(create.ExitCode == 0, create.StandardError);
        Assert.Contains("was running with a part broken; repaired, its clients kept: SocketAccess: gave", create.StandardError, StringComparison.Ordinal);
        Assert.Equal(pid, Pid());
        Assert.Equal(0, Sh.Cli("-u", KernelFixture.Alice, "check").ExitCode);
        Assert.Contains("guest", Sh.CliOk("-u", KernelFixture.Alice, "ports"), StringComparison.Ordinal);
        Assert.Contains(client.Pid, SystemSnapshot.ScanProcesses().Keys);
    }

    [KernelFact]
    public void A_tap_set_down_and_detached_is_brought_up_and_attached_again()
    {
        var pid = CreateAlices();
        var tap = Engine.Info(new Core.Model.SwitchSpec { Owner = KernelFixture.Alice }).TapName!;
        Sh.Ok("ip", "link", "set", tap, "nomaster");
        Sh.Ok("ip", "link", "set", tap, "down");

        var create = Sh.Cli("-u", KernelFixture.Alice, "create");

        Assert.True(create.ExitCode == 0, create.StandardError);
        Assert.Contains($"TapUp: brought TAP {tap} up", create.StandardError, StringComparison.Ordinal);
        Assert.Contains($"TapForwarding: attached TAP {tap} to bridge ctysbr0 again", create.StandardError, StringComparison.Ordinal);
        Assert.Equal(pid, Pid());
        Sh.WaitFor(() => Sh.Cli("-u", KernelFixture.Alice, "check").ExitCode == 0, "a healthy switch after the repair");
    }

    [KernelFact]
    public void A_lost_socket_is_named_and_only_f_replaces_the_switch()
    {
        var pid = CreateAlices();
        File.Delete(AliceSocket + "/ctl");
        var before = SystemSnapshot.Take();

        var create = Sh.Cli("-u", KernelFixture.Alice, "create");

        Assert.Equal(2, create.ExitCode);
        Assert.Contains($"switch vde_switch0.{KernelFixture.Alice} (pid {pid}) is running but broken: SocketAccess: {AliceSocket}/ctl is missing", create.StandardError, StringComparison.Ordinal);
        Assert.Contains("; create with -f to replace it or run cancel to remove it [SwitchUnhealthy]", create.StandardError, StringComparison.Ordinal);
        AssertUnchanged(before, "a refused create changes nothing");

        // The same refusal from the cmdlet names the cmdlet's remedies, and no option of the command line.
        var refused = _session.Run("New-VdeSwitch -Owner $args[0]", KernelFixture.Alice);
        var error = Assert.Single(refused.Errors);
        Assert.Equal("SwitchUnhealthy,CtysVde.Commands.NewVdeSwitchCommand", error.FullyQualifiedErrorId);
        Assert.EndsWith("only a new daemon mends that, which disconnects its clients; run New-VdeSwitch -Force to replace it or run Remove-VdeSwitch to remove it", error.ErrorDetails.Message, StringComparison.Ordinal);
        Assert.Equal("run New-VdeSwitch -Force to replace it or run Remove-VdeSwitch to remove it", error.ErrorDetails.RecommendedAction);
        Assert.DoesNotContain(" -f", error.ToString(), StringComparison.Ordinal);
        AssertUnchanged(before, "a refused New-VdeSwitch changes nothing");

        var replace = Sh.Cli("-u", KernelFixture.Alice, "-f", "create");

        Assert.True(replace.ExitCode == 0, replace.StandardError);
        Assert.Contains($"was broken and is replaced; removed vde_switch pid {pid}", replace.StandardError, StringComparison.Ordinal);
        Assert.NotEqual(pid, Pid());
        Assert.Equal(0, Sh.Cli("-u", KernelFixture.Alice, "check").ExitCode);
    }

    [KernelFact]
    public void A_deleted_tap_is_replaced_with_f_and_the_bridge_stays()
    {
        var pid = CreateAlices();
        var tap = Engine.Info(new Core.Model.SwitchSpec { Owner = KernelFixture.Alice }).TapName!;
        Sh.Ok("ip", "link", "del", tap);

        Assert.Equal(2, Sh.Cli("-u", KernelFixture.Alice, "create").ExitCode);
        var replace = Sh.Cli("-u", KernelFixture.Alice, "-f", "create");

        Assert.True(replace.ExitCode == 0, replace.StandardError);
        Assert.NotEqual(pid, Pid());
        Assert.Equal(0, Sh.Cli("-u", KernelFixture.Alice, "check").ExitCode);
        Assert.True(Sysfs.Exists("ctysbr0"));
    }

    private int CreateAlices()
    {
        var create = Sh.Cli("-u", KernelFixture.Alice, "create");
        Assert.True(create.ExitCode == 0, create.StandardError);
        Defer("cancel alice's switch", () => Sh.Cli("-u", KernelFixture.Alice, "-f", "cancel"));
        return Pid();
    }

    private static int Pid() => int.Parse(File.ReadAllText($"/var/run/vde_mgmt0.{KernelFixture.Alice}").Trim(), System.Globalization.CultureInfo.InvariantCulture);
}
