using CtysVde.Core.Errors;
using CtysVde.Core.Model;
using CtysVde.Core.Switches;
using CtysVde.Tests.Support;
using Xunit;

namespace CtysVde.Tests.Integration;

/// <summary>create is all or nothing: a failure after side effects undoes every one of them.</summary>
public class RollbackTests : KernelTest
{
    public RollbackTests(KernelFixture fixture)
        : base(fixture)
    {
    }

    [KernelFact]
    public void A_switch_that_exits_0_without_running_is_caught_and_everything_is_undone()
    {
        // vde_switch -d writes its pidfile after daemonizing; on a read-only directory the child dies while
        // the parent has already exited 0. That is the seed's silent failure (bug 4).
        var dir = DirectoryWithReadOnlySubdirectory();
        var spec = new SwitchSpec { SocketPath = dir + "/sw", ManagementSocket = dir + "/mgmt", PidFile = dir + "/ro/pid" };
        var before = SystemSnapshot.Take();

        var e = Assert.Throws<VdeException>(() => Engine.Create(spec));
        Assert.Equal(ErrorIds.SwitchStartFailed, e.ErrorId);
        AssertUnchanged(before, "a failed create must undo the bridge, the TAP and the switch");
        Assert.Equal([dir + "/ro"], Directory.EnumerateFileSystemEntries(dir));
        Assert.Contains(Log, l => l.StartsWith("rollback: delete TAP tap", StringComparison.Ordinal));
        Assert.Contains(Log, l => l == "rollback: delete bridge ctysbr0");
    }

    [KernelFact]
    public void A_failure_in_an_existing_bridge_leaves_the_bridge_and_removes_only_what_create_added()
    {
        Sh.Ok("ip", "link", "add", "br-keep", "type", "bridge");
        Defer("delete br-keep", () => Sh.Run("ip", "link", "del", "br-keep"));
        var dir = DirectoryWithReadOnlySubdirectory();
        var before = SystemSnapshot.Take();

        // The data socket directory cannot be made (create makes it itself, before vde_switch starts): after the TAP.
        var result = Sh.Cli("-s", dir + "/ro/sw", "-S", dir + "/mgmt", "-b", "br-keep", "-d", "1", "create");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"create directory {dir}/ro/sw: Read-only file system [KernelOperationFailed]", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("deleted TAP", result.StandardError, StringComparison.Ordinal);
        AssertUnchanged(before, "only what create added may be removed");
        Assert.True(Sysfs.Exists("br-keep"));
    }

    [KernelFact]
    public void A_full_file_system_is_NoSpace_and_changes_nothing()
    {
        var dir = Directory.CreateTempSubdirectory("ctysvde-full-").FullName;
        Defer("remove dir", () => Directory.Delete(dir, true));

        // A tmpfs whose only inode is its root: nothing more fits, as on a full /var/tmp.
        Sh.Ok("mount", "-n", "-t", "tmpfs", "-o", "size=64k,nr_inodes=1,mode=0755", "tmpfs", dir);
        Defer("unmount", () => Sh.Ok("umount", "-n", dir));
        var before = SystemSnapshot.Take();

        var result = Sh.Cli("-s", dir + "/sw", "-S", dir + "/mgmt", "create");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"create directory {dir}/sw: No space left on device [NoSpace]", result.StandardError, StringComparison.Ordinal);
        AssertUnchanged(before, "a create on a full file system changes nothing");
    }

    /// <summary>A temporary directory holding `ro`, a read-only bind mount (this test's mount namespace only).</summary>
    private string DirectoryWithReadOnlySubdirectory()
    {
        var dir = Directory.CreateTempSubdirectory("ctysvde-ro-").FullName;
        Defer("remove dir", () => Directory.Delete(dir, true));
        Directory.CreateDirectory(dir + "/ro");
        Sh.Ok("mount", "-n", "--bind", dir + "/ro", dir + "/ro");
        Defer("unmount", () => Sh.Ok("umount", "-n", dir + "/ro"));
        Sh.Ok("mount", "-n", "-o", "remount,bind,ro", dir + "/ro");
        return dir;
    }
}
