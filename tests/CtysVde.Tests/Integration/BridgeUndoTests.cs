using CtysVde.Core.Errors;
using CtysVde.Core.Model;
using CtysVde.Core.Switches;
using CtysVde.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace CtysVde.Tests.Integration;

/// <summary>
/// Issue 11, item 4, for the uplink: New-VdeBridge -Interface, `create -i` and the restore (Remove-VdeBridge),
/// each step failed in turn through the seam (<see cref="FaultPlan"/>), the probe after the move among them, on a
/// model host in this test's own namespace. Whatever step fails, the host's uplink ends exactly as it was (MAC,
/// MTU, state, addresses, every route), and the next call succeeds.
/// </summary>
public class BridgeUndoTests : ModelHostTest
{
    private const string Bridge = "upbr0";
    private static readonly BridgeSpec Spec = new() { BridgeName = Bridge, Uplink = new() { Interface = "eth0", Force = true, ProbeTimeout = TimeSpan.FromSeconds(3) } };
    private static readonly SwitchSpec SwitchWithUplink = new() { BridgeName = Bridge, Force = true, Uplink = new() { Interface = "eth0", Force = true, ProbeTimeout = TimeSpan.FromSeconds(3) } };

    private readonly ITestOutputHelper _output;

    public BridgeUndoTests(KernelFixture fixture, ITestOutputHelper output)
        : base(fixture)
    {
        _output = output;
    }

    /// <summary>The two ways an uplink moves into a bridge: a bridge of its own, and the bridge of a switch.</summary>
    public static TheoryData<string> Moves() => new() { "New-VdeBridge -Interface", "create -i" };

    [KernelTheory(Requires = "ping")]
    [MemberData(nameof(Moves))]
    public void Moving_the_uplink_undoes_everything_whichever_step_fails(string move)
    {
        ModelHostHere();
        RemoveAfterwards(move);
        var before = HostState(null);
        var system = SystemSnapshot.Take();
        var steps = EveryUndoTests.Steps(env => Move(move, env));
        Assert.Contains(steps, s => s.StartsWith("Kernel.CreateBridge(", StringComparison.Ordinal));
        Assert.Contains(steps, s => s.StartsWith("Runner.Run(", StringComparison.Ordinal) && s.Contains("-batch", StringComparison.Ordinal));
        Assert.Contains(steps, s => s.StartsWith("Probe.Unanswered(", StringComparison.Ordinal));
        Unmove(move);
        Assert.Equal(before, HostState(null));

        for (var step = 1; ; step++)
        {
            Assert.True(step <= (2 * steps.Count) + 5, $"{move} still reaches a step {step}, against {steps.Count} recorded");
            var plan = new FaultPlan(step);
            var failure = Record.Exception(() => Move(move, plan.Wrap(SwitchEnvironment.Default())));
            if (plan.Failed is null)
            {
                // This run ended before a step numbered so: every step of it was failed once.
                Assert.True(failure is null, $"{move} without a failed step: {failure}");
                Unmove(move);
                Assert.Equal(before, HostState(null));
                break;
            }

            _output.WriteLine($"{move}, step {step} of {steps.Count}, {plan.Failed}: {Outcome(failure)}");
            Assert.True(failure is null or VdeException, $"step {step}: {failure}");
            if (failure is null)
            {
                // Absorbed: then the move is whole, and undoing it gives the uplink back.
                Unmove(move);
            }

            Assert.Equal(before, HostState(null));
            Assert.DoesNotContain(Bridge, Sysfs.InterfaceNames());
            AssertUnchanged(system, $"{move} failed at step {step} ({plan.Failed})");

            Move(move, SwitchEnvironment.Default());
            Unmove(move);
            Assert.Equal(before, HostState(null));
        }
    }

    /// <summary>
    /// The probe after the move, failed on its own (no target answers): the move is refused with UplinkLost, the
    /// uplink is given back field by field, and the same call then succeeds.
    /// </summary>
    [KernelTheory(Requires = "ping")]
    [MemberData(nameof(Moves))]
    public void A_probe_that_no_target_answers_gives_the_uplink_back_exactly(string move)
    {
        ModelHostHere();
        RemoveAfterwards(move);
        var before = HostState(null);
        var system = SystemSnapshot.Take();
        var steps = EveryUndoTests.Steps(env => Move(move, env));
        Unmove(move);
        var probe = steps.FindIndex(s => s.StartsWith("Probe.Unanswered(", StringComparison.Ordinal)) + 1;
        Assert.True(probe > 0, $"{move} probed nothing: {string.Join("; ", steps)}");
        Assert.Contains(steps.Take(probe - 1), s => s.Contains($"master {Bridge}", StringComparison.Ordinal));

        var plan = new FaultPlan(probe);
        var failure = Record.Exception(() => Move(move, plan.Wrap(SwitchEnvironment.Default())));
        Assert.Equal(steps[probe - 1], plan.Failed);
        var e = Assert.IsType<VdeException>(failure);
        _output.WriteLine($"{move}, {plan.Failed} answered by no target: {e.ErrorId}: {e.Message}");
        Assert.Equal(ErrorIds.UplinkLost, e.ErrorId);
        Assert.Equal(before, HostState(null));
        Assert.DoesNotContain(Bridge, Sysfs.InterfaceNames());
        AssertUnchanged(system, $"{move} whose probe no target answered");

        Move(move, SwitchEnvironment.Default());
        Assert.Equal(Bridge, Sysfs.Master("eth0"));
        Unmove(move);
        Assert.Equal(before, HostState(null));
    }

    [KernelFact(Requires = "ping")]
    public void Giving_the_uplink_back_is_finished_by_the_next_removal_whichever_step_fails()
    {
        ModelHostHere();
        Defer("remove the bridge", RemoveIfThere);
        var before = HostState(null);
        Engine.NewBridge(Spec);
        var steps = EveryUndoTests.Steps(env => new SwitchManager(env).RemoveBridge(Bridge));
        Assert.Contains(steps, s => s.StartsWith("Runner.Run(", StringComparison.Ordinal) && s.Contains("-batch", StringComparison.Ordinal));
        Assert.Equal(before, HostState(null));

        for (var step = 1; ; step++)
        {
            Assert.True(step <= (2 * steps.Count) + 5, $"Remove-VdeBridge still reaches a step {step}, against {steps.Count} recorded");
            Engine.NewBridge(Spec);
            var plan = new FaultPlan(step);
            var failure = Record.Exception(() => new SwitchManager(plan.Wrap(SwitchEnvironment.Default())).RemoveBridge(Bridge));
            if (plan.Failed is null)
            {
                Assert.True(failure is null, $"Remove-VdeBridge without a failed step: {failure}");
                Assert.Equal(before, HostState(null));
                break;
            }

            _output.WriteLine($"Remove-VdeBridge, step {step} of {steps.Count}, {plan.Failed}: {Outcome(failure)}");
            Assert.True(failure is null or VdeException, $"step {step}: {failure}");

            RemoveIfThere();
            Assert.Equal(before, HostState(null));
        }
    }

    private static void Move(string move, SwitchEnvironment env)
    {
        if (move == "create -i")
        {
            Assert.True(new SwitchManager(env).Create(SwitchWithUplink).Created);
        }
        else
        {
            new SwitchManager(env).NewBridge(Spec);
        }
    }

    private void Unmove(string move)
    {
        if (move == "create -i")
        {
            Engine.Remove(SwitchWithUplink, force: false);
        }
        else
        {
            Engine.RemoveBridge(Bridge);
        }
    }

    private void RemoveAfterwards(string move)
    {
        Defer("remove the bridge", RemoveIfThere);
        if (move == "create -i")
        {
            CancelAfterwards(SwitchWithUplink);
        }
    }

    private static string Outcome(Exception? failure) => failure is VdeException e ? $"{e.ErrorId}: {e.Message}" : failure?.GetType().Name ?? "absorbed";

    private void RemoveIfThere()
    {
        try
        {
            Engine.RemoveBridge(Bridge);
        }
        catch (VdeException e) when (e.ErrorId == ErrorIds.BridgeNotFound)
        {
        }
    }
}
