using System.Globalization;
using System.Text.RegularExpressions;
using CtysVde.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace CtysVde.Tests.Integration;

/// <summary>
/// Issue 11, item 4, the other half: the command line killed at each step. strace counts the acting system calls
/// of a successful `create` or `cancel` (the kernel's ioctls, mkdir, chown and chmod, connect, unlink, flock, the
/// fork of vde_switch); then each one in turn gets SIGKILL on entry (strace -e inject=CALL:signal=KILL:when=N).
/// After a killed create, the next create succeeds and a cancel leaves the host as it was; after a killed
/// cancel, the next cancel leaves it as it was before the switch. No hook in the program: the kernel's own calls
/// are the steps, so one added later is killed at too.
/// </summary>
public partial class KillAtEveryStepTests : KernelTest
{
    private const string Calls = "ioctl,mkdir,mkdirat,fchownat,fchmodat,chmod,connect,unlink,unlinkat,rmdir,flock,clone,clone3";

    private readonly ITestOutputHelper _output;

    public KillAtEveryStepTests(KernelFixture fixture, ITestOutputHelper output)
        : base(fixture)
    {
        _output = output;
    }

    [KernelFact(Requires = "strace")]
    public void Create_killed_at_any_step_is_mended_by_the_next_create()
    {
        var steps = Steps([], TestHost.Cli, "create");
        Assert.Contains(steps, s => s.Call == "ioctl");
        Assert.Contains(steps, s => s.Call == "connect");
        Sh.CliOk("cancel");

        var kills = 0;
        foreach (var (call, n) in steps)
        {
            var before = SystemSnapshot.Take();
            var killed = KilledAt(call, n, [], TestHost.Cli, "create");
            _output.WriteLine($"create killed at {call} #{n}: exit {killed}");
            Assert.True(Reached(killed), $"create at {call} #{n}: exit {killed}");
            kills += killed == KilledBySigkill ? 1 : 0;

            var again = Sh.Cli("create");
            Assert.True(again.ExitCode == 0, $"create after a kill at {call} #{n}: {again.StandardError}");
            Sh.CliOk("cancel");
            AssertUnchanged(before, $"create killed at {call} #{n}, then create and cancel");
        }

        Assert.True(kills >= steps.Count * 9 / 10, $"only {kills} of {steps.Count} runs were killed");
    }

    [KernelFact(Requires = "strace")]
    public void Cancel_killed_at_any_step_is_finished_by_the_next_cancel()
    {
        var baseline = SystemSnapshot.Take();
        Sh.CliOk("create");
        var steps = Steps([], TestHost.Cli, "cancel");
        Assert.Contains(steps, s => s.Call == "ioctl");

        var kills = 0;
        foreach (var (call, n) in steps)
        {
            Sh.CliOk("create");
            var killed = KilledAt(call, n, [], TestHost.Cli, "cancel");
            Assert.True(Reached(killed), $"cancel at {call} #{n}: exit {killed}");
            kills += killed == KilledBySigkill ? 1 : 0;
            var again = Sh.Cli("cancel");
            _output.WriteLine($"cancel killed at {call} #{n}: exit {killed}; the next cancel: exit {again.ExitCode} {again.StandardError.Trim()}");

            // 0: it removed the rest; 2 with SwitchNotFound or SwitchNotRemoved: the killed cancel had got that far.
            Assert.True(again.ExitCode == 0 || again.StandardError.Contains("[SwitchNotFound]", StringComparison.Ordinal),
                $"cancel after a kill at {call} #{n}: {again.StandardError}");
            AssertUnchanged(baseline, $"cancel killed at {call} #{n}, then cancel");
        }

        Assert.True(kills >= steps.Count * 9 / 10, $"only {kills} of {steps.Count} runs were killed");
    }

    /// <summary>The CLI run under strace with SIGKILL on entry to the <paramref name="n"/>th <paramref name="call"/>; its exit code.</summary>
    /// <remarks><paramref name="around"/> runs strace (e.g. `ip netns exec HOST`): strace must be the program's parent.</remarks>
    internal static int KilledAt(string call, int n, string[] around, params string[] cli) => Run(around,
        ["strace", "-f", "-b", "execve", "-qq", "-o", "/dev/null", "-e", $"trace={call}", "-e", $"inject={call}:signal=KILL:when={n.ToString(CultureInfo.InvariantCulture)}", .. cli]).ExitCode;

    private static Core.Processes.ProcessResult Run(string[] around, string[] command) =>
        around.Length == 0 ? Sh.Run(command[0], command[1..]) : Sh.Run(around[0], [.. around[1..], .. command]);

    /// <summary>
    /// Killed, or (exit 0) finished without an <c>n</c>th call of that kind: a run may poll a socket or a lock once
    /// less than the traced one did. Anything else (a failure, a hang) is wrong.
    /// </summary>
    internal static bool Reached(int exit) => exit is KilledBySigkill or 0;

    /// <summary>What strace exits with when the program it ran was killed by SIGKILL.</summary>
    internal const int KilledBySigkill = 128 + 9;

    /// <summary>Each acting call of one successful run of <paramref name="cli"/> by the program's main thread, numbered per kind.</summary>
    internal static List<(string Call, int N)> Steps(string[] around, params string[] cli)
    {
        var trace = Path.Combine(Directory.CreateTempSubdirectory("ctysvde-strace-").FullName, "trace");
        try
        {
            var run = Run(around, ["strace", "-f", "-b", "execve", "-qq", "-o", trace, "-e", $"trace={Calls}", .. cli]);
            Assert.True(run.ExitCode == 0, $"{string.Join(' ', cli)} under strace: {run.StandardError}");
            var lines = File.ReadAllLines(trace);
            var main = lines.Select(l => TraceLine().Match(l)).First(m => m.Success).Groups["pid"].Value;
            var counts = lines.Select(l => TraceLine().Match(l))
                .Where(m => m.Success && m.Groups["pid"].Value == main)
                .GroupBy(m => m.Groups["call"].Value)
                .ToDictionary(g => g.Key, g => g.Count());
            return counts.OrderBy(c => c.Key, StringComparer.Ordinal).SelectMany(c => Enumerable.Range(1, c.Value).Select(n => (c.Key, n))).ToList();
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(trace)!, recursive: true);
        }
    }

    /// <summary>`PID call(` at the start of a call (a resumed call, `PID &lt;... call resumed&gt;`, is the same call).</summary>
    [GeneratedRegex(@"^(?<pid>\d+) +(?<call>[a-z0-9_]+)\(")]
    private static partial Regex TraceLine();
}
