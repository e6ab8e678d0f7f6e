using System.Diagnostics;
using System.Globalization;
using CtysVde.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace CtysVde.Tests.Integration;

/// <summary>
/// `kill -9` (and SIGINT) of the command line at every millisecond from its start to the end of `create` and of
/// `cancel`: a sweep, not a sample. Whatever moment it hits, what is left is shown by `listall` (a switch's part)
/// and removed completely by the next `cancel`, or repaired by the next `create`.
/// </summary>
public class CrashSweepTests : KernelTest
{
    private readonly ITestOutputHelper _output;

    public CrashSweepTests(KernelFixture fixture, ITestOutputHelper output)
        : base(fixture)
    {
        _output = output;
    }

    [KernelFact]
    public void A_kill_9_of_create_at_any_millisecond_leaves_what_cancel_removes_and_create_repairs() =>
        SweepKill9("create", prepare: () => { });

    [KernelFact]
    public void A_kill_9_of_cancel_at_any_millisecond_leaves_what_the_next_cancel_removes() =>
        SweepKill9("cancel", prepare: () => Assert.Equal(0, Sh.Cli("create").ExitCode));

    [KernelFact]
    public void SIGINT_during_create_or_cancel_leaves_all_or_nothing()
    {
        var createEnd = Duration("create", () => { });
        for (var offset = 0; offset <= createEnd; offset++)
        {
            var before = SystemSnapshot.Take();
            var exit = InterruptedCli.Run(["create"], offset, InterruptedCli.SIGINT);
            AssertAllOrNothing(before, exit, $"SIGINT to create at {offset} ms");
        }

        var cancelEnd = Duration("cancel", () => Assert.Equal(0, Sh.Cli("create").ExitCode));
        for (var offset = 0; offset <= cancelEnd; offset++)
        {
            var before = SystemSnapshot.Take();
            Assert.Equal(0, Sh.Cli("create").ExitCode);
            var exit = InterruptedCli.Run(["cancel"], offset, InterruptedCli.SIGINT);

            // A cancel that has begun finishes; one stopped before it began leaves the switch whole.
            AssertAllOrNothing(before, exit, $"SIGINT to cancel at {offset} ms");
        }
    }

    /// <summary>
    /// Kills <paramref name="action"/> at every ms from 0 to its end (after <paramref name="prepare"/> each time);
    /// every other offset is followed by cancel (which must leave nothing), the rest by create (which must repair).
    /// </summary>
    private void SweepKill9(string action, Action prepare)
    {
        var end = Duration(action, prepare);
        var hits = 0;
        for (var offset = 0; offset <= end; offset++)
        {
            var before = SystemSnapshot.Take();
            prepare();
            InterruptedCli.Run([action], offset);
            var when = $"{action} killed at {offset} ms";
            hits += AssertLeftoversListed(before, when) ? 1 : 0;
            if (offset % 2 == 0)
            {
                AssertCancelRemovesEverything(before, when);
            }
            else
            {
                AssertCreateRepairs(before, when);
            }
        }

        _output.WriteLine($"{action} took up to {end} ms; {hits} offsets left something behind, all of it removed");
        Assert.True(hits > 0, $"no offset hit {action} in the middle: the sweep proved nothing");
    }

    /// <summary>The longest of three uninterrupted runs of <paramref name="action"/>, in ms, plus a margin.</summary>
    private static int Duration(string action, Action prepare)
    {
        var longest = 0L;
        for (var i = 0; i < 3; i++)
        {
            prepare();
            var watch = Stopwatch.StartNew();
            var r = Sh.Cli(action);
            longest = Math.Max(longest, watch.ElapsedMilliseconds);
            Assert.True(r.ExitCode == 0, $"{action}: {r.StandardError}");
            if (action == "create")
            {
                Assert.Equal(0, Sh.Cli("cancel").ExitCode);
            }
        }

        return (int)longest + 10;
    }

    /// <summary>Whatever a switch's part was left (its TAP, files, daemon) is listed by `listall`; true when something was left.</summary>
    private static bool AssertLeftoversListed(SystemSnapshot before, string when)
    {
        var left = SystemSnapshot.Take().NewSince(before);
        if (left.Count == 0)
        {
            return false;
        }

        var bridges = left.Where(l => l.StartsWith("interface ctysbr0", StringComparison.Ordinal) || l.StartsWith("interface ctysvde-", StringComparison.Ordinal)).ToArray();
        var locks = left.Where(l => l.StartsWith("file /run/ctysvde/", StringComparison.Ordinal)).ToArray();
        var switchParts = left.Except(bridges).Except(locks).Where(l => l != "file /run/ctysvde").ToArray();
        var list = Sh.Cli("listall");
        Assert.True(list.ExitCode == 0, list.StandardError);
        if (switchParts.Length > 0)
        {
            Assert.True(list.StandardOutput.Contains("vde_switch0.root", StringComparison.Ordinal),
                $"{when} left {string.Join(", ", switchParts)}, which listall does not show: {list.StandardOutput}{list.StandardError}");
        }
        else
        {
            // Only a bridge is left: listall names it.
            Assert.All(bridges, b => Assert.True(list.StandardError.Contains($"bridge {b["interface ".Length..]} (", StringComparison.Ordinal),
                $"{when} left {b}, which listall does not name: {list.StandardOutput}{list.StandardError}"));
        }

        // A lock file a killed call left is named too (listall itself holds none).
        Assert.All(locks, l => Assert.True(list.StandardError.Contains($"lock {l["file ".Length..]} (nobody holds it)", StringComparison.Ordinal),
            $"{when} left {l}, which listall does not name: {list.StandardError}"));

        return true;
    }

    private static void AssertCancelRemovesEverything(SystemSnapshot before, string when)
    {
        var cancel = Sh.Cli("cancel");
        Assert.True(cancel.ExitCode == 0 || cancel.StandardError.Contains("[SwitchNotFound]", StringComparison.Ordinal), $"{when}, then cancel: {cancel.StandardError}");
        AssertUnchanged(before, $"{when}, then cancel ({cancel.StandardError.Trim()}) must leave nothing");
    }

    private static void AssertCreateRepairs(SystemSnapshot before, string when)
    {
        var create = Sh.Cli("create");
        Assert.True(create.ExitCode == 0, $"{when}, then create: {create.StandardError}");
        var check = Sh.Cli("check");
        Assert.True(check.ExitCode == 0, $"{when}, then create: check says {check.StandardOutput}{check.StandardError}");
        AssertCancelRemovesEverything(before, $"{when}, then create");
    }

    /// <summary>After a SIGINT the host is as it was, or the switch is whole and healthy; either way cancel then leaves nothing.</summary>
    private static void AssertAllOrNothing(SystemSnapshot before, int exit, string when)
    {
        var left = SystemSnapshot.Take().NewSince(before);
        if (left.Count > 0)
        {
            var check = Sh.Cli("check");
            Assert.True(check.ExitCode == 0, $"{when} (exit {exit.ToString(CultureInfo.InvariantCulture)}) left half a switch ({string.Join(", ", left)}): {check.StandardOutput}{check.StandardError}");
        }

        AssertCancelRemovesEverything(before, when);
    }
}
