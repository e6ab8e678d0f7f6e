using System.Management.Automation;
using CtysVde.Core.Errors;
using CtysVde.Tests.Integration;
using CtysVde.Tests.Support;
using Xunit;

namespace CtysVde.Tests.Module;

/// <summary>
/// Ctrl+C (PowerShell.Stop, which calls StopProcessing) at any point of a mutating cmdlet leaves the host exactly
/// as it was or the work fully done, never half. Each case stops the cmdlet right after one of its side effects
/// (seen in its verbose messages) and compares the host field by field: the uplink, every route, and every
/// interface, process and file.
/// </summary>
public sealed class StopTests : ModelHostTest, IClassFixture<PowerShellSession>
{
    private readonly PowerShellSession _session;

    public StopTests(KernelFixture fixture, PowerShellSession session)
        : base(fixture)
    {
        _session = session;
        Defer("remove what the cmdlets made", () => _session.Run("Get-VdeSwitch -IncludeStale | Remove-VdeSwitch -Force; Get-VdeBridge | Where-Object CreatedByCtysVde | Remove-VdeBridge -Force"));
    }

    public static TheoryData<string, int, int> BridgeStops => new()
    {
        // message that triggers Ctrl+C, milliseconds after it, timeout of the probe
        { "created bridge br-up", 0, 30 },
        { "moved eth0 into bridge br-up", 0, 30 },
        { "moved eth0 into bridge br-up", 1000, 30 },
    };

    [KernelTheory]
    [MemberData(nameof(BridgeStops))]
    public void New_VdeBridge_with_an_uplink_stopped_midway_puts_everything_back(string stopAt, int afterMs, int probeSeconds)
    {
        var router = ModelHostHere();

        // The gateway never answers, so the probe runs until Ctrl+C comes.
        Sh.Ok("ip", "-n", router, "route", "add", "blackhole", $"{HostAddress}/32");
        var uplink = HostState(null);
        var before = SystemSnapshot.Take();

        var (result, stoppedAt) = _session.RunAndStop(
            $"New-VdeBridge -BridgeName br-up -Interface eth0 -Force -ProbeTimeoutSeconds {probeSeconds} -Confirm:$false -Verbose",
            m => m.StartsWith(stopAt, StringComparison.Ordinal), TimeSpan.FromMilliseconds(afterMs));

        Assert.NotNull(stoppedAt);
        Assert.IsType<PipelineStoppedException>(result.Terminating);
        Assert.Equal(uplink, HostState(null));
        AssertUnchanged(before, $"Ctrl+C at '{stopAt}' +{afterMs} ms");
    }

    [KernelFact(Requires = "ping")]
    public void New_VdeBridge_stopped_during_its_own_rollback_still_finishes_the_rollback()
    {
        var router = ModelHostHere();
        Sh.Ok("ip", "-n", router, "route", "add", "blackhole", $"{HostAddress}/32");
        var uplink = HostState(null);
        var before = SystemSnapshot.Take();

        var (result, stoppedAt) = _session.RunAndStop(
            "New-VdeBridge -BridgeName br-up -Interface eth0 -Force -ProbeTimeoutSeconds 2 -Confirm:$false -Verbose",
            m => m.StartsWith("rollback:", StringComparison.Ordinal));

        Assert.NotNull(stoppedAt);
        Assert.True(result.Terminating is PipelineStoppedException || result.ErrorIds.Contains("UplinkLost,CtysVde.Commands.NewVdeBridgeCommand"), result.ToString());
        Assert.Equal(uplink, HostState(null));
        AssertUnchanged(before, "Ctrl+C during the rollback");
    }

    [KernelFact(Requires = "ping")]
    public void Remove_VdeBridge_stopped_midway_still_gives_the_uplink_back()
    {
        ModelHostHere();
        var uplink = HostState(null);
        var before = SystemSnapshot.Take();
        var made = _session.Run("New-VdeBridge -BridgeName br-up -Interface eth0 -Force -Confirm:$false");
        Assert.True(made.Errors.Count == 0 && made.Terminating is null, made.ToString());
        Assert.Equal("br-up", HostState(null).Master);

        var (result, stoppedAt) = _session.RunAndStop("Remove-VdeBridge -BridgeName br-up -Force -Verbose", m => m.StartsWith("restored eth0", StringComparison.Ordinal));

        Assert.NotNull(stoppedAt);
        Assert.Equal(uplink, HostState(null));
        AssertUnchanged(before, $"Remove-VdeBridge stopped at '{stoppedAt}' ({result})");
    }

    [KernelTheory]
    [InlineData("created TAP")]
    [InlineData("attached TAP")]
    [InlineData("start ")]
    [InlineData("vde_switch pid")]
    [InlineData("gave /var/tmp/vde_switch0.root")]
    public void New_VdeSwitch_stopped_midway_leaves_nothing_or_a_whole_switch(string stopAt)
    {
        var before = SystemSnapshot.Take();

        var (result, stoppedAt) = _session.RunAndStop("New-VdeSwitch -Confirm:$false -Verbose", m => m.StartsWith(stopAt, StringComparison.Ordinal));

        Assert.NotNull(stoppedAt);
        Assert.IsType<PipelineStoppedException>(result.Terminating);
        var now = SystemSnapshot.Take();
        if (now.NewSince(before).Count > 0)
        {
            // The stop came after the last step: then the switch is whole and healthy, never half.
            Assert.Equal(true, _session.Run("Test-VdeSwitch").Output.Single().BaseObject);
        }
    }

    [KernelTheory]
    [InlineData("shutdown vde_switch")]
    [InlineData("deleted TAP")]
    public void Remove_VdeSwitch_stopped_midway_removes_the_switch_entirely(string stopAt)
    {
        var before = SystemSnapshot.Take();
        var made = _session.Run("New-VdeSwitch -Confirm:$false");
        Assert.True(made.Errors.Count == 0 && made.Terminating is null, made.ToString());

        var (result, stoppedAt) = _session.RunAndStop("Remove-VdeSwitch -Name vde_switch0.root -Force -Verbose", m => m.StartsWith(stopAt, StringComparison.Ordinal));

        Assert.NotNull(stoppedAt);
        AssertUnchanged(before, $"Remove-VdeSwitch stopped at '{stoppedAt}' ({result})");
    }
}
