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
    public void Create_with_an_uplink_killed_at_any_step_is_given_back_by_the_next_cancel() =>
        Sweep(["-i", "eth0", "-f", "create"], prepare: null);

    [KernelFact(Requires = "strace")]
    public void Cancel_of_a_switch_with_an_uplink_killed_at_any_step_is_finished_by_the_next_cancel() =>
        Sweep(["cancel"], prepare: ["-i", "eth0", "-f", "create"]);

    /// <summary>
    /// Runs <paramref name="action"/> in the model host once under strace to number its acting calls, then once per
    /// call with SIGKILL there (after <paramref name="prepare"/>, if any); after each, a cancel must give the host
    /// back exactly as it was.
    /// </summary>
    private void Sweep(string[] action, string[]? prepare)
    {
        var (host, _) = ModelHost();
        var before = HostState(host);
        string[] inHost = ["ip", "netns", "exec", host];
        void Prepare()
        {
            if (prepare is not null)
            {
                var prepared = InHost(host, prepare);
                Assert.True(prepared.ExitCode == 0, prepared.StandardError);
            }
        }

        Prepare();
        var steps = KillAtEveryStepTests.Steps(inHost, [TestHost.Cli, .. action]);
        Assert.Contains(steps, s => s.Call == "ioctl");
        InHost(host, "cancel");
        Assert.Equal(before, HostState(host));

        var kills = 0;
        foreach (var (call, n) in steps)
        {
            Prepare();
            var killed = KillAtEveryStepTests.KilledAt(call, n, inHost, [TestHost.Cli, .. action]);
            var cancel = InHost(host, "cancel");
            _output.WriteLine($"{string.Join(' ', action)} killed at {call} #{n}: exit {killed}; the next cancel: exit {cancel.ExitCode} {cancel.StandardError.Trim()}");
            Assert.True(KillAtEveryStepTests.Reached(killed), $"{string.Join(' ', action)} at {call} #{n}: exit {killed}");
            kills += killed == KillAtEveryStepTests.KilledBySigkill ? 1 : 0;
            Assert.True(cancel.ExitCode == 0 || cancel.StandardError.Contains("[SwitchNotFound]", StringComparison.Ordinal), $"cancel after a kill at {call} #{n}: {cancel.StandardError}");
            Assert.Equal(before, HostState(host));
            Assert.DoesNotContain("ctysbr0", Sh.Ok("ip", "-n", host, "-br", "link"), StringComparison.Ordinal);
        }

        Assert.True(kills >= steps.Count * 9 / 10, $"only {kills} of {steps.Count} runs were killed");
    }
}
