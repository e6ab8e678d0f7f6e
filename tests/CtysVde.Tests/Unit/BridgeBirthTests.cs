using CtysVde.Core.Errors;
using CtysVde.Core.Linux;
using CtysVde.Core.Switches;
using CtysVde.Tests.Support;
using Xunit;

namespace CtysVde.Tests.Unit;

/// <summary>
/// The seam's other use (issue 11, item 4): engine tests with no root and no namespace. A bridge's birth (born
/// `ctysvde-PID`, marked, renamed, brought up) on a fake kernel over a directory shaped like /sys/class/net: each
/// step failed in turn leaves no interface behind, and the steps are the ones the real kernel sees.
/// </summary>
public sealed class BridgeBirthTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ctysvde-fake-sysfs-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void A_bridge_is_marked_before_it_has_its_name_and_any_failed_step_leaves_nothing()
    {
        var nursery = SwitchPaths.NurseryBridge(Environment.ProcessId);
        var steps = Create(new FaultPlan());
        Assert.Equal(
            [
                $"Kernel.DeleteBridge({nursery})",
                $"Kernel.CreateBridge({nursery})",
                $"Kernel.WriteAttribute({nursery}, ifalias, {SwitchPaths.BridgeAlias})",
                $"Kernel.WriteAttribute({nursery}, bridge/forward_delay, 0)",
                $"Kernel.Rename({nursery}, fakebr0)",
                "Kernel.SetUp(fakebr0, True)",
            ],
            steps.Calls);
        var sysfs = new SysfsNet(_root);
        Assert.Equal(["fakebr0"], sysfs.InterfaceNames());
        Assert.True(sysfs.IsBridge("fakebr0") && sysfs.IsUp("fakebr0"));
        Assert.Equal(SwitchPaths.BridgeAlias, sysfs.Alias("fakebr0"));
        Directory.Delete(Path.Combine(_root, "fakebr0"), recursive: true);

        for (var step = 1; step <= steps.Calls.Count; step++)
        {
            var plan = new FaultPlan(step);
            var e = Assert.Throws<VdeException>(() => Create(plan));
            Assert.Equal(ErrorIds.KernelOperationFailed, e.ErrorId);
            Assert.True(Directory.GetFileSystemEntries(_root).Length == 0, $"step {step} ({plan.Failed}) left {string.Join(", ", Directory.GetFileSystemEntries(_root))}");
        }
    }

    private FaultPlan Create(FaultPlan plan)
    {
        var env = plan.Wrap(SwitchEnvironment.Default() with { Sysfs = new SysfsNet(_root), Kernel = new FakeKernel(_root) });
        var bridges = new BridgeOperations(env, _ => { });
        Rollback.Run(_ => { }, "fakebr0", ErrorIds.KernelOperationFailed, rollback =>
        {
            bridges.Create("fakebr0", SwitchPaths.BridgeAlias, rollback);
            return 0;
        });
        return plan;
    }
}
