using System.Globalization;
using CtysVde.Core.Model;
using CtysVde.Core.Processes;
using CtysVde.Tests.Support;
using Xunit;

namespace CtysVde.Tests.Integration;

/// <summary>
/// Non-root callers see only their host's switches (issue 9, point 10). A user cannot read the mount
/// namespace of root's vde_switch, so a daemon counts as this host's only when the pidfile its command line
/// names, read here, holds its pid; any other is left out, and list says so on stderr without changing its
/// exit code. Root still tells the namespaces apart by what it can read.
/// </summary>
public class NonRootListingTests : KernelTest
{
    private static readonly string AliceData = $"/var/tmp/vde_switch0.{KernelFixture.Alice}";
    private static readonly string AliceMgmt = $"/var/tmp/vde_mgmt0.{KernelFixture.Alice}";
    private static readonly string AlicePidFile = $"/var/run/vde_mgmt0.{KernelFixture.Alice}";

    public NonRootListingTests(KernelFixture fixture)
        : base(fixture)
    {
    }

    [KernelFact]
    public void A_user_lists_her_own_switch_and_not_the_one_of_another_mount_namespace_with_the_same_paths()
    {
        // Like a container or another host on this kernel: its own /var/tmp and /run, the very same default paths.
        var info = new System.Diagnostics.ProcessStartInfo("unshare", ["--mount", "--", "sh", "-c",
            $"mount -n -t tmpfs tmpfs /var/tmp && mount -n -t tmpfs tmpfs /run && exec vde_switch -s {AliceData} -M {AliceMgmt} -p {AlicePidFile}"])
        {
            RedirectStandardInput = true, // without -d, vde_switch exits when its stdin closes
            RedirectStandardOutput = true,
        };
        using var foreign = System.Diagnostics.Process.Start(info)!;
        var foreignPid = foreign.Id;
        Defer("stop the foreign switch", () => StopProcess(foreignPid));
        // /var/run is a symlink to /run, which a path through /proc/PID/root would resolve in our namespace.
        var foreignPidFile = $"/proc/{foreignPid}/root/run/{Path.GetFileName(AlicePidFile)}";
        Sh.WaitFor(() => File.Exists(foreignPidFile) && File.ReadAllText($"/proc/{foreignPid}/comm").Trim() == "vde_switch", "the foreign switch and its pidfile");
        Assert.NotEqual(Core.Linux.ProcessNamespaces.Of("self", "mnt"), Core.Linux.ProcessNamespaces.Of(foreignPid.ToString(CultureInfo.InvariantCulture), "mnt"));

        var own = Engine.Create(new SwitchSpec { Owner = KernelFixture.Alice }).Switch;
        CancelAfterwards(new SwitchSpec { Owner = KernelFixture.Alice });
        var ownPid = own.ProcessId!.Value;
        var cli = CliForUsers();
        var before = SystemSnapshot.Take();

        // Other test runs on this machine may have switches in mount namespaces of their own: those are left out
        // too, so the note names at least the foreign one.
        foreach (var action in new[] { "list", "listall" })
        {
            var listed = AsAlice(cli, action);
            Assert.True(listed.ExitCode == 0, $"{action}: {listed.StandardError}");
            var row = Assert.Single(SwitchRows(listed.StandardOutput));
            Assert.StartsWith($"vde_switch0.{KernelFixture.Alice}", row, StringComparison.Ordinal);
            Assert.Contains($"|running |{ownPid,-8}|{own.TapName,-16}|", row, StringComparison.Ordinal);
            Assert.Contains(foreignPid, AssertOneNote(listed.StandardError));
        }

        var json = AsAlice(cli, "--json", "list");
        Assert.Equal(0, json.ExitCode);
        Assert.Contains($"\"ProcessId\":{ownPid}", json.StandardOutput.Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain($"\"ProcessId\":{foreignPid}", json.StandardOutput.Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains(foreignPid, AssertOneNote(json.StandardError));

        // With -d each one left out is named with its reason.
        var debug = AsAlice(cli, "-d", "1", "list");
        Assert.Equal(0, debug.ExitCode);
        Assert.Contains($"ctys-setupvde: not listed: vde_switch pid {foreignPid}: its mount namespace cannot be read and its pidfile {AlicePidFile} names pid {ownPid} here\n",
            debug.StandardError, StringComparison.Ordinal);

        // The user's own switch still answers her: the pidfile vouches for it in info too.
        var mine = AsAlice(cli, "info");
        Assert.True(mine.ExitCode == 0, mine.StandardError);
        Assert.Contains($"ProcessId        : {ownPid}", mine.StandardOutput, StringComparison.Ordinal);

        // Root reads both namespaces and tells them apart as before, with nothing to note.
        var asRoot = Sh.Cli("list");
        Assert.Equal(0, asRoot.ExitCode);
        Assert.Equal(string.Empty, asRoot.StandardError);
        Assert.Contains($"|{ownPid,-8}|", asRoot.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain($"|{foreignPid,-8}|", asRoot.StandardOutput, StringComparison.Ordinal);
        var rootView = Engine.Query(includeStale: true);
        Assert.Equal(ownPid, Assert.Single(rootView.Switches).ProcessId);
        Assert.Empty(rootView.Skipped);

        AssertUnchanged(before, "listing changes nothing");
        Assert.False(foreign.HasExited, "the foreign switch must be left alone");
    }

    [KernelFact]
    public void A_switch_whose_pidfile_a_user_cannot_read_names_another_pid_or_is_missing_is_left_out_and_said_so()
    {
        // Root's switches in this very mount namespace; only their pidfiles differ.
        var unreadable = StartSwitch("unreadable", "/var/run/ctysvde-unreadable.pid");
        File.SetUnixFileMode("/var/run/ctysvde-unreadable.pid", UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var otherPid = StartSwitch("otherpid", "/var/run/ctysvde-otherpid.pid");
        File.WriteAllText("/var/run/ctysvde-otherpid.pid", "1\n");
        var noPidFile = StartSwitch("nopidfile", null);
        var cli = CliForUsers();
        var before = SystemSnapshot.Take();

        var listed = AsAlice(cli, "list");
        Assert.True(listed.ExitCode == 0, listed.StandardError);
        Assert.Empty(SwitchRows(listed.StandardOutput));
        Assert.Superset(new HashSet<int> { unreadable, otherPid, noPidFile }, AssertOneNote(listed.StandardError).ToHashSet());

        var debug = AsAlice(cli, "-d", "1", "list");
        Assert.Equal(0, debug.ExitCode);
        Assert.Contains($"not listed: vde_switch pid {unreadable}: its mount namespace cannot be read and its pidfile /var/run/ctysvde-unreadable.pid cannot be read (", debug.StandardError, StringComparison.Ordinal);
        Assert.Contains($"not listed: vde_switch pid {otherPid}: its mount namespace cannot be read and its pidfile /var/run/ctysvde-otherpid.pid names pid 1 here\n", debug.StandardError, StringComparison.Ordinal);
        Assert.Contains($"not listed: vde_switch pid {noPidFile}: its mount namespace cannot be read and its command line names no pidfile\n", debug.StandardError, StringComparison.Ordinal);

        // Root sees all three: they are in its mount namespace.
        var rootView = Engine.Query(includeStale: false);
        Assert.Equal(new[] { unreadable, otherPid, noPidFile }.Order(), rootView.Switches.Select(s => s.ProcessId!.Value).Order());
        Assert.Empty(rootView.Skipped);
        Assert.Equal(string.Empty, Sh.Cli("list").StandardError);
        AssertUnchanged(before, "listing changes nothing");
    }

    /// <summary>The rows of list's table (not its header or its artefacts).</summary>
    private static string[] SwitchRows(string output) =>
        output.Split('\n').Where(l => l.Contains('|', StringComparison.Ordinal) && !l.StartsWith("switch ", StringComparison.Ordinal) && !l.StartsWith('-')).ToArray();

    /// <summary>Asserts that stderr is exactly one note on what was left out, with its remedy, and returns the pids it names.</summary>
    private static int[] AssertOneNote(string stderr)
    {
        var m = System.Text.RegularExpressions.Regex.Match(stderr,
            @"^ctys-setupvde: note: (?<n>\d+) vde_switch process(es)? \(pids? (?<pids>[0-9, ]+)\) (was|were) not listed because this caller cannot tell whether (it belongs|they belong) to this host or to another mount namespace on the same kernel \(a container, another host\); run as root to see (it|them)\n$");
        Assert.True(m.Success, $"not one note: {stderr}");
        var pids = m.Groups["pids"].Value.Split(", ").Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture), pids.Length);
        return pids;
    }

    private static ProcessResult AsAlice(string cli, params string[] args) => Sh.Run("runuser", ["-u", KernelFixture.Alice, "--", cli, .. args]);

    /// <summary>A root vde_switch in this namespace (with this pidfile, or none), stopped and cleaned up afterwards; returns its pid.</summary>
    private int StartSwitch(string name, string? pidFile)
    {
        var data = $"/var/tmp/vde_switch0.ctysvde-{name}";
        var mgmt = $"/var/tmp/ctysvde-{name}.mgmt";
        string[] args = pidFile is null ? ["-d", "-s", data, "-M", mgmt] : ["-d", "-s", data, "-M", mgmt, "-p", pidFile];
        Sh.Ok("vde_switch", args);
        Sh.WaitFor(() => Core.Vde.SocketProbe.IsListening(mgmt), $"switch {name}");
        using var client = Core.Vde.VdeManagementClient.Connect(mgmt, TimeSpan.FromSeconds(30));
        var pid = Core.Vde.ShowInfoParser.Parse(client.Send("showinfo").Data).ProcessId;
        Defer($"stop switch {name}", () =>
        {
            StopProcess(pid);
            if (pidFile is not null)
            {
                File.Delete(pidFile);
            }
        });
        return pid;
    }
}
