using CtysVde.Core.Errors;
using CtysVde.Core.Model;
using CtysVde.Core.Switches;
using CtysVde.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace CtysVde.Tests.Integration;

/// <summary>
/// Issue 11, item 4, for the uplink: New-VdeBridge -Interface and its restore (Remove-VdeBridge), each step failed in
/// turn through the seam (<see cref="FaultPlan"/>) on a model host in this test's own namespace. Whatever step
/// fails, the host's uplink ends exactly as it was (MAC, MTU, state, addresses, every route), and the next call
/// succeeds.
/// </summary>
public class BridgeUndoTests : ModelHostTest
{
    private const string Bridge = "upbr0";
    private static readonly BridgeSpec Spec = new() { BridgeName = Bridge, Uplink = new() { Interface = "eth0", Force = true, ProbeTimeout = TimeSpan.FromSeconds(3) } };

    private readonly ITestOutputHelper _output;

    public BridgeUndoTests(KernelFixture fixture, ITestOutputHelper output)
        : base(fixture)
    {
        _output = output;
    }

    [KernelFact(Requires = "ping")]
    public void Moving_the_uplink_undoes_everything_whichever_step_fails()
    {
        ModelHostHere();
        Defer("remove the bridge", RemoveIfThere);
        var before = HostState(null);
        var steps = EveryUndoTests.Steps(env => new SwitchManager(env).NewBridge(Spec));
        Assert.Contains(steps, s => s.StartsWith("Kernel.CreateBridge(", StringComparison.Ordinal));
        Assert.Contains(steps, s => s.StartsWith("Runner.Run(", StringComparison.Ordinal) && s.Contains("-batch", StringComparison.Ordinal));
        Engine.RemoveBridge(Bridge);
        Assert.Equal(before, HostState(null));

        for (var step = 1; ; step++)
        {
            Assert.True(step <= (2 * steps.Count) + 5, $"New-VdeBridge still reaches a step {step}, against {steps.Count} recorded");
            var plan = new FaultPlan(step);
            var failure = Record.Exception(() => new SwitchManager(plan.Wrap(Core.Switches.SwitchEnvironment.Default())).NewBridge(Spec));
            if (plan.Failed is null)
            {
                // This run ended before a step numbered so: every step of it was failed once.
                Assert.True(failure is null, $"New-VdeBridge without a failed step: {failure}");
                Engine.RemoveBridge(Bridge);
                Assert.Equal(before, HostState(null));
                break;
            }

            _output.WriteLine($"New-VdeBridge -Interface, step {step} of {steps.Count}, {plan.Failed}: {Outcome(failure)}");
            Assert.True(failure is null or VdeException, $"step {step}: {failure}");
            if (failure is null)
            {
                // Absorbed: then the move is whole, and removing the bridge gives the uplink back.
                Engine.RemoveBridge(Bridge);
            }

            Assert.Equal(before, HostState(null));
            Assert.DoesNotContain(Bridge, Sysfs.InterfaceNames());

            Engine.NewBridge(Spec);
            Engine.RemoveBridge(Bridge);
            Assert.Equal(before, HostState(null));
        }
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
            var failure = Record.Exception(() => new SwitchManager(plan.Wrap(Core.Switches.SwitchEnvironment.Default())).RemoveBridge(Bridge));
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
