using CtysVde.Core.Errors;
using CtysVde.Core.Model;
using CtysVde.Core.Switches;
using CtysVde.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace CtysVde.Tests.Integration;

/// <summary>
/// Issue 11, item 4: every undo proven, on the real kernel. A successful run through the seam (kernel, file,
/// program and management calls, <see cref="FaultPlan"/>) enumerates the steps of create and cancel; then each step in turn is failed.
/// A failed create leaves the host exactly as before and the next create succeeds; a failed cancel leaves what
/// the next cancel removes entirely.
/// </summary>
public class EveryUndoTests : KernelTest
{
    private readonly ITestOutputHelper _output;

    public EveryUndoTests(KernelFixture fixture, ITestOutputHelper output)
        : base(fixture)
    {
        _output = output;
    }

    /// <summary>Root's switch on an existing bridge and on one create makes; a user's, whose files are handed over.</summary>
    public static TheoryData<string, string?> Cases() => new()
    {
        { "existing", null },
        { "new", null },
        { "existing", KernelFixture.Alice },
    };

    [KernelTheory]
    [MemberData(nameof(Cases))]
    public void Create_undoes_everything_whichever_step_fails(string bridge, string? owner)
    {
        var spec = Prepare(bridge, owner);
        var steps = Steps(env => new SwitchManager(env).Create(spec));
        Assert.Contains(steps, s => s.StartsWith("Kernel.CreateTap(", StringComparison.Ordinal));
        Assert.Contains(steps, s => s.StartsWith("Files.SetOwnerAndMode(", StringComparison.Ordinal));
        Assert.Contains(steps, s => s.StartsWith("Runner.Run(", StringComparison.Ordinal) && s.Contains("vde_switch", StringComparison.Ordinal));
        Assert.Contains(steps, s => s.StartsWith("Management.Connect(", StringComparison.Ordinal));

        // The handover, through the descriptor of the socket directory: its `ctl` first, the directory itself last.
        Assert.Contains(steps, s => s.StartsWith("Files.OpenDirectory(", StringComparison.Ordinal));
        Assert.Contains(steps, s => s.StartsWith("Files.SetOwnerAndMode(", StringComparison.Ordinal) && s.Contains(", ctl, Socket,", StringComparison.Ordinal));
        Assert.Matches(@"^Files\.SetOwnerAndMode\([^,]+, \d+, \d+, \d+\)$", steps.TakeWhile(s => !s.StartsWith("Files.CreateFile(", StringComparison.Ordinal)).Last(s => s.StartsWith("Files.", StringComparison.Ordinal)));

        // Then the address log: created by root, handed to the owner once vde_switch has it open.
        Assert.Contains(steps, s => s.StartsWith("Files.CreateFile(", StringComparison.Ordinal) && s.Contains(".iplog", StringComparison.Ordinal));
        Assert.Matches(@"^Files\.SetOwnerAndMode\(\S+\.iplog, Regular,", steps.Last(s => s.StartsWith("Files.", StringComparison.Ordinal)));
        Engine.Remove(spec, force: true);

        for (var step = 1; ; step++)
        {
            Assert.True(step <= (2 * steps.Count) + 5, $"create still reaches a step {step}, against {steps.Count} recorded");
            var before = SystemSnapshot.Take();
            var plan = new FaultPlan(step);
            var failure = Record.Exception(() => new SwitchManager(plan.Wrap(SwitchEnvironment.Default())).Create(spec));
            if (plan.Failed is null)
            {
                // This run ended before a step numbered so: every step of it was failed once.
                Assert.True(failure is null, $"create without a failed step: {failure}");
                Assert.True(step > steps.Count / 2, $"create ended after {step - 1} steps, against {steps.Count} recorded");
                Engine.Remove(spec, force: false);
                AssertUnchanged(before, "create, then cancel");
                break;
            }

            if (failure is null)
            {
                // The engine absorbed this failure (a management socket that does not answer yet is asked again):
                // then the switch must be whole, and a cancel leaves the host as it was.
                _output.WriteLine($"create, step {step} of {steps.Count}, {plan.Failed}: absorbed, the switch is whole");
                Assert.All(Engine.Test(spec), c => Assert.True(c.Passed, $"after {plan.Failed} was absorbed: {c.Check}: {c.Detail}"));
                Engine.Remove(spec, force: false);
                AssertUnchanged(before, $"create absorbed a failure at step {step} ({plan.Failed}), then cancel");
                continue;
            }

            var e = Assert.IsType<VdeException>(failure);
            _output.WriteLine($"create, step {step} of {steps.Count}, {plan.Failed}: {e.ErrorId}: {e.Message}");
            AssertUnchanged(before, $"create failed at step {step} ({plan.Failed}) with {e.ErrorId}");

            var created = Engine.Create(spec);
            Assert.True(created.Created, $"after step {step} failed, the next create found a switch");
            Engine.Remove(spec, force: true);
        }
    }

    /// <summary>
    /// The cases of create; and a user's switch whose daemon died (kill -9), whose files cancel removes itself:
    /// those inside the socket directory through its descriptor.
    /// </summary>
    public static TheoryData<string, string?, bool> CancelCases() => new()
    {
        { "existing", null, false },
        { "new", null, false },
        { "existing", KernelFixture.Alice, false },
        { "existing", KernelFixture.Alice, true },
    };

    [KernelTheory]
    [MemberData(nameof(CancelCases))]
    public void Cancel_leaves_only_what_the_next_cancel_removes_whichever_step_fails(string bridge, string? owner, bool daemonKilled)
    {
        var spec = Prepare(bridge, owner);
        var baseline = SystemSnapshot.Take();
        void Create()
        {
            var created = Engine.Create(spec);
            if (daemonKilled)
            {
                KillProcess(created.Switch.ProcessId!.Value);
            }
        }

        Create();
        var steps = Steps(env => new SwitchManager(env).Remove(spec, force: false));
        Assert.Contains(steps, s => s.StartsWith("Kernel.DeleteTap(", StringComparison.Ordinal));
        if (daemonKilled)
        {
            Assert.Contains(steps, s => s.StartsWith("Files.OpenDirectory(", StringComparison.Ordinal));
            Assert.Contains(steps, s => s.StartsWith("Files.RemoveEntry(", StringComparison.Ordinal) && s.EndsWith(", ctl)", StringComparison.Ordinal));
        }

        AssertUnchanged(baseline, "a cancel that fails nowhere removes everything");

        for (var step = 1; ; step++)
        {
            Assert.True(step <= (2 * steps.Count) + 5, $"cancel still reaches a step {step}, against {steps.Count} recorded");
            Create();
            var plan = new FaultPlan(step);
            var failure = Record.Exception(() => new SwitchManager(plan.Wrap(SwitchEnvironment.Default())).Remove(spec, force: false));
            if (plan.Failed is null)
            {
                Assert.True(failure is null, $"cancel without a failed step: {failure}");
                AssertUnchanged(baseline, "cancel");
                break;
            }

            _output.WriteLine($"cancel, step {step} of {steps.Count}, {plan.Failed}: {(failure is VdeException f ? $"{f.ErrorId}: {f.Message}" : failure?.GetType().Name ?? "finished")}");
            Assert.True(failure is null or VdeException, $"cancel failed at step {step} with {failure}");

            try
            {
                Engine.Remove(spec, force: false);
            }
            catch (VdeException e) when (e.ErrorId == ErrorIds.SwitchNotFound)
            {
                // The failed cancel had removed the switch itself; its leftovers, if any, are checked below.
            }

            AssertUnchanged(baseline, $"cancel failed at step {step} ({plan.Failed}), then cancel again");
        }
    }

    /// <summary>The steps of one successful run, from the seam.</summary>
    internal static List<string> Steps(Action<SwitchEnvironment> run)
    {
        var plan = new FaultPlan();
        run(plan.Wrap(SwitchEnvironment.Default()));
        return plan.Calls.ToList();
    }

    /// <summary>The switch of <paramref name="owner"/> (root: null) on an existing bridge (made here, removed afterwards), or on one create makes.</summary>
    private SwitchSpec Prepare(string bridge, string? owner)
    {
        var spec = new SwitchSpec { BridgeName = "undobr0", Owner = owner };
        CancelAfterwards(spec);
        if (bridge == "existing")
        {
            Sh.Ok("ip", "link", "add", "undobr0", "type", "bridge");
            Sh.Ok("ip", "link", "set", "undobr0", "up");
            Defer("delete bridge undobr0", () => Sh.Run("ip", "link", "del", "undobr0"));
        }

        return spec;
    }
}
