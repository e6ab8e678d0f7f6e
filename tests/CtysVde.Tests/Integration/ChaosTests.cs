using System.Globalization;
using CtysVde.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace CtysVde.Tests.Integration;

/// <summary>
/// Random create, cancel, kill -9 of the command line at a random millisecond, SIGINT, kill -9 of a daemon, a TAP
/// deleted, a socket removed, for three users, some calls at once. After each cycle every user's `create` must
/// bring a healthy switch back (with -f where only a new daemon mends it), and `cancel -f` must leave the host as it
/// was: no leftover, no unrecoverable state, nothing changed outside the switches' own files. The seed is printed
/// (CTYSVDE_CHAOS_SEED replays a run); CTYSVDE_CHAOS_CYCLES sets the length (bench/chaos runs 1,000 and more).
/// </summary>
public class ChaosTests : KernelTest
{
    private static readonly string[] Users = ["root", KernelFixture.Alice, KernelFixture.Bob];
    private readonly ITestOutputHelper _output;

    public ChaosTests(KernelFixture fixture, ITestOutputHelper output)
        : base(fixture)
    {
        _output = output;
    }

    [KernelFact]
    public void Random_chaos_leaves_nothing_unrecoverable()
    {
        var cycles = int.TryParse(Environment.GetEnvironmentVariable("CTYSVDE_CHAOS_CYCLES"), NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? c : 150;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("CTYSVDE_CHAOS_SEED"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var s) ? s : Environment.TickCount;
        _output.WriteLine($"chaos: seed {seed}, {cycles} cycles (CTYSVDE_CHAOS_SEED={seed} replays it)");
        var random = new Random(seed);
        var decoys = PlantDecoys();
        foreach (var user in Users)
        {
            Defer($"cancel {user}'s switch", () => Sh.Cli("-u", user, "-f", "cancel"));
        }

        var baseline = SystemSnapshot.Take();
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var repairs = 0;
        for (var cycle = 0; cycle < cycles; cycle++)
        {
            var steps = random.Next(2, 7);
            for (var step = 0; step < steps; step++)
            {
                // Now and then two users' calls run at once.
                var together = random.Next(5) == 0 ? 2 : 1;
                var actions = Enumerable.Range(0, together).Select(_ => Pick(random)).ToArray();
                Parallel.ForEach(actions, a => a.Run());
                foreach (var a in actions)
                {
                    counts[a.Kind] = counts.GetValueOrDefault(a.Kind) + 1;
                }
            }

            var context = $"seed {seed}, cycle {cycle}";
            Assert.True(decoys.SequenceEqual(DecoyState()), $"{context}: a file outside the switches' own changed");
            repairs += Recover(context);
            foreach (var user in Users)
            {
                var cancel = Sh.Cli("-u", user, "-f", "cancel");
                Assert.True(cancel.ExitCode == 0, $"{context}: cancel of {user}'s switch after recovery: {cancel.StandardError}");
            }

            AssertUnchanged(baseline, $"{context}: after every switch was cancelled");
        }

        var summary = $"chaos: seed {seed}: {cycles} cycles, {counts.Values.Sum()} steps ({string.Join(", ", counts.Select(k => $"{k.Key} {k.Value}"))}), "
            + $"{repairs} recoveries needed create -f, in {watch.Elapsed.TotalSeconds:0} s: 0 leftovers, 0 unrecoverable states, 0 changes outside the switches' files";
        _output.WriteLine(summary);
        if (Environment.GetEnvironmentVariable("CTYSVDE_CHAOS_REPORT") is { Length: > 0 } report)
        {
            File.WriteAllText(report, summary + "\n");
        }
    }

    /// <summary>Every user's switch comes back healthy: create, or create -f where only a new daemon mends it. Returns how many needed -f.</summary>
    private static int Recover(string context)
    {
        var forced = 0;
        foreach (var user in Users)
        {
            var create = Sh.Cli("-u", user, "create");
            if (create.ExitCode != 0 && create.StandardError.Contains("[SwitchUnhealthy]", StringComparison.Ordinal))
            {
                forced++;
                create = Sh.Cli("-u", user, "-f", "create");
            }

            Assert.True(create.ExitCode == 0, $"{context}: {user}'s switch could not be brought back: {create.StandardError}");
            var check = Sh.Cli("-u", user, "check");
            Assert.True(check.ExitCode == 0, $"{context}: {user}'s switch is not healthy after create: {check.StandardOutput}{check.StandardError}");
        }

        return forced;
    }

    private static ChaosAction Pick(Random random)
    {
        var user = Users[random.Next(Users.Length)];
        var roll = random.Next(100);
        var offset = random.NextDouble() * 150;
        var either = random.Next(2) == 0;
        return roll switch
        {
            < 25 => new("create", () => { Sh.Cli("-u", user, "create"); }),
            < 40 => new("create killed", () => { InterruptedCli.Run(["-u", user, "create"], offset); }),
            < 52 => new("cancel", () => { Sh.Cli("-u", user, "cancel"); }),
            < 67 => new("cancel killed", () => { InterruptedCli.Run(["-u", user, "cancel"], offset); }),
            < 72 => new("SIGINT", () => { InterruptedCli.Run(["-u", user, either ? "create" : "cancel"], offset, InterruptedCli.SIGINT); }),
            < 82 => new("daemon killed", () => KillDaemon(user)),
            < 91 => new("TAP deleted", () => DeleteTap(user)),
            _ => new("socket removed", () => RemoveSocket(user, either)),
        };
    }

    /// <summary>kill -9 of the user's vde_switch (the one its pidfile names, if it is one): the chaos a crash brings.</summary>
    private static void KillDaemon(string user)
    {
        var pidFile = $"/var/run/vde_mgmt0.{user}";
        if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            && File.Exists($"/proc/{pid}/comm") && File.ReadAllText($"/proc/{pid}/comm").Trim() == "vde_switch")
        {
            Sh.Run("kill", "-9", pid.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static void DeleteTap(string user)
    {
        var mark = $"ctysvde sock=/var/tmp/vde_switch0.{user}";
        foreach (var tap in new Core.Linux.SysfsNet().InterfaceNames())
        {
            if (Sh.Run("cat", $"/sys/class/net/{tap}/ifalias").StandardOutput.Trim() == mark)
            {
                Sh.Run("ip", "link", "del", tap);
            }
        }
    }

    private static void RemoveSocket(string user, bool management)
    {
        var path = management ? $"/var/tmp/vde_mgmt0.{user}" : $"/var/tmp/vde_switch0.{user}/ctl";
        if (new Core.Linux.UnixFiles().Stat(path) is { Kind: Core.Linux.FileKind.Socket })
        {
            File.Delete(path);
        }
    }

    private (string Path, string Content)[] PlantDecoys()
    {
        string[] paths = ["/var/tmp/ctysvde-chaos-decoy", "/run/ctysvde-chaos-decoy"];
        foreach (var p in paths)
        {
            File.WriteAllText(p, "decoy\n");
            Defer($"remove {p}", () => File.Delete(p));
        }

        return DecoyState();
    }

    private static (string Path, string Content)[] DecoyState() =>
        new[] { "/var/tmp/ctysvde-chaos-decoy", "/run/ctysvde-chaos-decoy" }
            .Select(p => (p, new Core.Linux.UnixFiles().Stat(p) is { } st ? $"{st.Mode} {st.Uid} {st.Gid} {File.ReadAllText(p)}" : "(gone)"))
            .ToArray();

    private sealed record ChaosAction(string Kind, Action Run);
}
