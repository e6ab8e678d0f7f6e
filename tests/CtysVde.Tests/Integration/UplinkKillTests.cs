using CtysVde.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace CtysVde.Tests.Integration;

/// <summary>
/// `create -i` and the cancel of its switch killed at each acting system call (<see cref="KillAtEveryStepTests"/>)
/// on a model host: whatever the moment, the next cancel gives the host its uplink back exactly (MAC, MTU, state,
/// addresses, every route).
/// </summary>
public class UplinkKillTests : ModelHostTest
{
    private readonly ITestOutputHelper _output;

    public UplinkKillTests(KernelFixture fixture, ITestOutputHelper output)
        : base(fixture)
    {
        _output = output;
    }

    [KernelFact(Requires = "strace")]
    public void Create_with_an_uplink_killed_at_any_step_is_given_back_by_the_next_cancel()
    {
        var (host, _) = ModelHost();
        var before = HostState(host);
        string[] inHost = ["ip", "netns", "exec", host];
        var steps = KillAtEveryStepTests.Steps(inHost, TestHost.Cli, "-i", "eth0", "-f", "create");
        Assert.Contains(steps, s => s.Call == "ioctl");
        Assert.True(InHost(host, "cancel").ExitCode == 0);
        Assert.Equal(before, HostState(host));

        var kills = 0;
        foreach (var (call, n) in steps)
        {
            var killed = KillAtEveryStepTests.KilledAt(call, n, inHost, TestHost.Cli, "-i", "eth0", "-f", "create");
            var cancel = InHost(host, "cancel");
            _output.WriteLine($"create -i killed at {call} #{n}: exit {killed}; the next cancel: exit {cancel.ExitCode} {cancel.StandardError.Trim()}");
            Assert.True(KillAtEveryStepTests.Reached(killed), $"create -i at {call} #{n}: exit {killed}");
            kills += killed == KillAtEveryStepTests.KilledBySigkill ? 1 : 0;
            Assert.True(cancel.ExitCode == 0 || cancel.StandardError.Contains("[SwitchNotFound]", StringComparison.Ordinal), $"cancel after a kill at {call} #{n}: {cancel.StandardError}");
            Assert.Equal(before, HostState(host));
            Assert.DoesNotContain("ctysbr0", Sh.Ok("ip", "-n", host, "-br", "link"), StringComparison.Ordinal);
        }

        Assert.True(kills >= steps.Count * 9 / 10, $"only {kills} of {steps.Count} runs were killed");
    }

    [KernelFact(Requires = "strace")]
    public void Cancel_of_a_switch_with_an_uplink_killed_at_any_step_is_finished_by_the_next_cancel()
    {
        var (host, _) = ModelHost();
        var before = HostState(host);
        string[] inHost = ["ip", "netns", "exec", host];
        Assert.True(InHost(host, "-i", "eth0", "-f", "create").ExitCode == 0);
        var steps = KillAtEveryStepTests.Steps(inHost, TestHost.Cli, "cancel");
        Assert.Contains(steps, s => s.Call == "ioctl");
        Assert.Equal(before, HostState(host));

        var kills = 0;
        foreach (var (call, n) in steps)
        {
            var create = InHost(host, "-i", "eth0", "-f", "create");
            Assert.True(create.ExitCode == 0, create.StandardError);
            var killed = KillAtEveryStepTests.KilledAt(call, n, inHost, TestHost.Cli, "cancel");
            var cancel = InHost(host, "cancel");
            _output.WriteLine($"cancel (uplink) killed at {call} #{n}: exit {killed}; the next cancel: exit {cancel.ExitCode} {cancel.StandardError.Trim()}");
            Assert.True(KillAtEveryStepTests.Reached(killed), $"cancel at {call} #{n}: exit {killed}");
            kills += killed == KillAtEveryStepTests.KilledBySigkill ? 1 : 0;
            Assert.True(cancel.ExitCode == 0 || cancel.StandardError.Contains("[SwitchNotFound]", StringComparison.Ordinal), $"cancel after a kill at {call} #{n}: {cancel.StandardError}");
            Assert.Equal(before, HostState(host));
            Assert.DoesNotContain("ctysbr0", Sh.Ok("ip", "-n", host, "-br", "link"), StringComparison.Ordinal);
        }

        Assert.True(kills >= steps.Count * 9 / 10, $"only {kills} of {steps.Count} runs were killed");
    }
}
