using System.Diagnostics;
using System.Globalization;
using CtysVde.Core.Linux;
using CtysVde.Tests.Support;
using Xunit;

namespace CtysVde.Tests.Integration;

/// <summary>
/// A local user who plays with the names root works on: links flipped in the shared /var/tmp while root creates,
/// checks and cancels switches, links planted in the user's own socket directory, a TAP name the kernel hands
/// to someone else. Root-owned decoys must never change, whatever the interleaving; fs.protected_symlinks is
/// left as the machine has it (0 here, as in many containers).
/// </summary>
public class HostileUserTests : KernelTest
{
    private const string Decoys = "/run/ctysvde-decoys";
    private static readonly string AliceSocket = $"/var/tmp/vde_switch0.{KernelFixture.Alice}";
    private static readonly string AliceMgmt = $"/var/tmp/vde_mgmt0.{KernelFixture.Alice}";

    public HostileUserTests(KernelFixture fixture)
        : base(fixture)
    {
    }

    [KernelFact]
    public void A_user_flipping_links_in_var_tmp_never_gets_root_to_change_a_root_file()
    {
        var decoys = PlantDecoys();
        var attacker = StartAttacker(TimeSpan.FromSeconds(60));
        var outcomes = new Dictionary<string, int>();
        var rounds = 0;
        var watch = Stopwatch.StartNew();
        string[][] calls =
        [
            ["create"], ["-u", KernelFixture.Alice, "create"], ["check"], ["-u", KernelFixture.Alice, "check"],
            ["-u", KernelFixture.Alice, "create"], ["cancel"], ["-u", KernelFixture.Alice, "cancel"],
        ];
        while (watch.Elapsed < TimeSpan.FromSeconds(12))
        {
            foreach (var call in calls)
            {
                var r = Sh.Cli(call);
                var key = $"{string.Join(' ', call)} -> {r.ExitCode}";
                outcomes[key] = outcomes.GetValueOrDefault(key) + 1;
                AssertDecoysUnchanged(decoys, $"after round {rounds}, '{string.Join(' ', call)}' (exit {r.ExitCode}: {r.StandardError.Trim()})");
            }

            rounds++;
        }

        StopAttacker(attacker);
        CleanUpAfterTheAttack();
        AssertDecoysUnchanged(decoys, "after the attack");

        // The race must really have been run: root got switches up between the flips, and was refused at times.
        Assert.True(rounds >= 5, $"only {rounds} rounds");
        Assert.True(outcomes.Any(o => o.Key.EndsWith("create -> 0", StringComparison.Ordinal)), $"no create succeeded: {Describe(outcomes)}");
    }

    [KernelFact]
    public void The_owner_replacing_ctl_with_a_link_never_gets_root_to_follow_it()
    {
        var decoys = AlicesSwitchWithCtlLinkedToADecoy();
        AsAlice($"rm -f {AliceMgmt} && ln -s {Decoys}/file {AliceMgmt}");

        foreach (var call in new[] { "create", "check", "info", "ports", "create" })
        {
            var r = Sh.Cli("-u", KernelFixture.Alice, call);
            AssertDecoysUnchanged(decoys, $"after '{call}' (exit {r.ExitCode}: {r.StandardError.Trim()})");
            if (call == "create")
            {
                // The management socket is checked first (before anything is done): its link is named.
                Assert.True(r.ExitCode == 1, r.StandardError);
                Assert.Contains($"the management socket '{AliceMgmt}' is a symbolic link; refusing to follow it [UnsafeSocketPath]", r.StandardError, StringComparison.Ordinal);
            }
        }

        var cancel = Sh.Cli("-u", KernelFixture.Alice, "-f", "cancel");
        AssertDecoysUnchanged(decoys, $"after cancel (exit {cancel.ExitCode}: {cancel.StandardError.Trim()})");

        // The planted links were removed as links; their targets are still there.
        Assert.False(File.Exists(AliceSocket + "/ctl") || Directory.Exists(AliceSocket), cancel.StandardError);
        Assert.True(File.Exists(Decoys + "/file"));
    }

    [KernelFact]
    public void A_linked_ctl_is_named_and_only_f_replaces_the_switch()
    {
        var decoys = AlicesSwitchWithCtlLinkedToADecoy();

        var create = Sh.Cli("-u", KernelFixture.Alice, "create");

        Assert.True(create.ExitCode == 1, create.StandardError);
        Assert.Contains($"{AliceSocket}/ctl of switch vde_switch0.{KernelFixture.Alice} (pid ", create.StandardError, StringComparison.Ordinal);
        Assert.Contains("is a symbolic link, not its socket; refusing to follow it; create with -f to replace it or run cancel to remove it [UnsafeSocketPath]", create.StandardError, StringComparison.Ordinal);
        var replace = Sh.Cli("-u", KernelFixture.Alice, "-f", "create");
        Assert.True(replace.ExitCode == 0, replace.StandardError);
        Assert.Equal(0, Sh.Cli("-u", KernelFixture.Alice, "check").ExitCode);
        AssertDecoysUnchanged(decoys, "after create and create -f");
    }

    [KernelFact]
    public void A_socket_directory_in_a_directory_the_owner_can_change_is_refused()
    {
        var home = Directory.CreateTempSubdirectory("ctysvde-home-").FullName;
        Defer("remove the home", () => Directory.Delete(home, true));
        var alice = new UserDatabase().FindUser(KernelFixture.Alice)!;
        new UnixFiles().SetOwnerAndMode(home, FileKind.Directory, alice.Uid, alice.Gid, 0x1ED /* 0755 */);
        var before = SystemSnapshot.Take();

        var r = Sh.Cli("-u", KernelFixture.Alice, "-s", home + "/sw", "create");

        Assert.Equal(1, r.ExitCode);
        Assert.Contains($"the data socket directory '{home}/sw' lies below {home} (drwxr-xr-x {KernelFixture.Alice}), which someone other than root can change", r.StandardError, StringComparison.Ordinal);
        Assert.Contains("[UnsafeSocketPath]", r.StandardError, StringComparison.Ordinal);
        AssertUnchanged(before, "a refused create changes nothing");
    }

    [KernelFact]
    public void A_lock_directory_that_is_a_link_is_refused_with_its_own_id()
    {
        var target = Directory.CreateTempSubdirectory("ctysvde-locks-").FullName;
        Defer("remove the link target", () => Directory.Delete(target, true));
        Directory.CreateSymbolicLink("/run/ctysvde", target);
        Defer("remove the link", () => File.Delete("/run/ctysvde"));
        var before = SystemSnapshot.Take();

        foreach (var action in new[] { "create", "cancel" })
        {
            var r = Sh.Cli(action);
            Assert.True(r.ExitCode == 1, $"{action}: exit {r.ExitCode}: {r.StandardError}");
            Assert.Contains("the lock /run/ctysvde is a symbolic link or not what it should be; refusing to follow it", r.StandardError, StringComparison.Ordinal);
            Assert.Contains("[UnsafeLockFile]", r.StandardError, StringComparison.Ordinal);
            AssertUnchanged(before, $"a refused {action} changes nothing");
        }

        Assert.Empty(Directory.EnumerateFileSystemEntries(target));
    }

    [KernelFact]
    public void Cancel_leaves_a_tap_that_took_the_name_of_the_switchs_deleted_tap()
    {
        Assert.Equal(0, Sh.Cli("--tap", "tapx", "create").ExitCode);
        Defer("cancel root's switch", () => Sh.Cli("-f", "cancel"));
        Sh.Ok("ip", "link", "del", "tapx");

        // Alice's new switch gets the name root's daemon still names on its command line.
        Assert.Equal(0, Sh.Cli("-u", KernelFixture.Alice, "--tap", "tapx", "create").ExitCode);
        Defer("cancel alice's switch", () => Sh.Cli("-u", KernelFixture.Alice, "-f", "cancel"));

        var cancel = Sh.Cli("cancel");
        Assert.True(cancel.ExitCode == 0, cancel.StandardError);
        Assert.True(Sysfs.Exists("tapx"), "alice's TAP must survive root's cancel");
        Assert.Equal(0, Sh.Cli("-u", KernelFixture.Alice, "check").ExitCode);
        Assert.Equal(0, Sh.Cli("-u", KernelFixture.Alice, "cancel").ExitCode);
    }

    [KernelFact]
    public void A_lock_the_caller_holds_never_reaches_the_daemon()
    {
        var lockFile = Path.Combine(Path.GetTempPath(), $"ctysvde-caller-{Environment.ProcessId}.lock");
        Defer("remove the caller's lock", () => File.Delete(lockFile));

        // flock(1) keeps its lock on a descriptor the command it runs inherits.
        var create = Sh.Run("flock", lockFile, TestHost.Cli, "create");
        Assert.True(create.ExitCode == 0, create.StandardError);
        Defer("cancel root's switch", () => Sh.Cli("-f", "cancel"));
        var pid = File.ReadAllText("/var/run/vde_mgmt0.root").Trim();

        var held = Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd").Select(fd => new FileInfo(fd).LinkTarget).Where(t => t == lockFile).ToArray();
        Assert.Empty(held);
        Assert.Equal(0, Sh.Run("flock", "-n", lockFile, "true").ExitCode);
    }

    [KernelFact]
    public void Five_cancels_at_once_all_succeed_and_leave_nothing()
    {
        var users = new[] { "root", KernelFixture.Alice, KernelFixture.Bob };
        foreach (var user in users)
        {
            Assert.Equal(0, Sh.Cli("-u", user, "create").ExitCode);
            Defer($"cancel {user}'s switch", () => Sh.Cli("-u", user, "-f", "cancel"));
        }

        var cancels = users.Concat(users.Take(2)).Select(user => Task.Run(() => Sh.Cli("-u", user, "cancel"))).ToArray();
        Task.WaitAll(cancels);
        var results = cancels.Select(c => c.Result).ToArray();

        // Each switch is removed by one of them; a second cancel of the same switch finds nothing of it.
        Assert.All(results, r => Assert.True(r.ExitCode == 0 || r.StandardError.Contains("[SwitchNotFound]", StringComparison.Ordinal), r.StandardError));
        Assert.DoesNotContain(results, r => r.StandardError.Contains("No such device", StringComparison.Ordinal));
        Assert.Equal(3, results.Count(r => r.ExitCode == 0));
        Assert.False(Sysfs.Exists("ctysbr0"));
    }

    [KernelFact]
    public void Cancel_never_stops_a_process_that_only_copies_a_switchs_command_line_and_sits_in_its_pidfile()
    {
        // argv[0] is vde_switch and the arguments are the switch's; it serves no socket at all.
        var info = new ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardInput = true };
        foreach (var a in new[] { "-c", "exec -a vde_switch bash -c 'sleep 300; :' -d -t tapz -s /var/tmp/vde_switch0.root -M /var/tmp/vde_mgmt0.root -p /var/run/vde_mgmt0.root" })
        {
            info.ArgumentList.Add(a);
        }

        var impostor = Process.Start(info)!;
        Defer("stop the impostor", () =>
        {
            impostor.Kill(entireProcessTree: true);
            impostor.WaitForExit();
        });
        Sh.WaitFor(() => File.ReadAllText($"/proc/{impostor.Id}/cmdline").StartsWith("vde_switch\0", StringComparison.Ordinal), "the impostor's command line");
        File.WriteAllText("/var/run/vde_mgmt0.root", impostor.Id.ToString(CultureInfo.InvariantCulture) + "\n");
        Defer("remove the pidfile", () => File.Delete("/var/run/vde_mgmt0.root"));

        var cancel = Sh.Cli("-f", "cancel");

        Assert.False(impostor.HasExited, $"cancel stopped a process that is not the switch: {cancel.StandardError}");
        Assert.Contains($"pid {impostor.Id} (named vde_switch with this switch's command line, but serving neither of its sockets)", cancel.StandardError + cancel.StandardOutput, StringComparison.Ordinal);
    }

    [KernelFact]
    public void Cancel_that_removes_nothing_exits_2_and_says_why()
    {
        using var listener = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        listener.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint("/var/tmp/vde_mgmt0.root"));
        listener.Listen(5);
        Defer("remove the listener's socket", () => File.Delete("/var/tmp/vde_mgmt0.root"));
        var before = SystemSnapshot.Take();

        var cancel = Sh.Cli("cancel");

        Assert.True(cancel.ExitCode == 2, $"exit {cancel.ExitCode}: {cancel.StandardError}");
        Assert.Contains("nothing of switch vde_switch0.root was removed: /var/tmp/vde_mgmt0.root is not this switch's to remove [SwitchNotRemoved]", cancel.StandardError, StringComparison.Ordinal);
        Assert.True(Core.Vde.SocketProbe.IsListening("/var/tmp/vde_mgmt0.root"), "the other process's socket must be left alone");
        AssertUnchanged(before, "a cancel that removed nothing changed nothing");
    }

    /// <summary>Alice's switch, whose ctl she replaced with a link to a root-owned decoy; returns the decoys' state.</summary>
    private (string Path, uint Mode, uint Uid, uint Gid, string? Content)[] AlicesSwitchWithCtlLinkedToADecoy()
    {
        var decoys = PlantDecoys();
        Assert.Equal(0, Sh.Cli("-u", KernelFixture.Alice, "create").ExitCode);
        Defer("cancel alice's switch", () => Sh.Cli("-u", KernelFixture.Alice, "-f", "cancel"));
        AsAlice($"rm -f {AliceSocket}/ctl && ln -s {Decoys}/file {AliceSocket}/ctl");
        return decoys;
    }

    private (string Path, uint Mode, uint Uid, uint Gid, string? Content)[] PlantDecoys()
    {
        Directory.CreateDirectory(Decoys + "/dir");
        Defer("remove the decoys", () =>
        {
            File.Delete(Decoys + "/file");
            if (Directory.Exists(Decoys + "/dir"))
            {
                Directory.Delete(Decoys + "/dir");
            }

            Directory.Delete(Decoys);
        });
        File.WriteAllText(Decoys + "/file", "decoy\n");
        File.SetUnixFileMode(Decoys, (UnixFileMode)0x1ED);
        File.SetUnixFileMode(Decoys + "/dir", (UnixFileMode)0x1ED);
        File.SetUnixFileMode(Decoys + "/file", (UnixFileMode)0x1A4);
        return DecoyState();
    }

    private static (string Path, uint Mode, uint Uid, uint Gid, string? Content)[] DecoyState() =>
        new[] { Decoys, Decoys + "/dir", Decoys + "/file" }.Select(p =>
        {
            var s = new UnixFiles().Stat(p);
            return s is null ? (p, 0u, 0u, 0u, "(gone)") : (p, s.Mode, s.Uid, s.Gid, s.Kind == FileKind.Regular ? File.ReadAllText(p) : null);
        }).ToArray();

    private static void AssertDecoysUnchanged((string Path, uint Mode, uint Uid, uint Gid, string? Content)[] decoys, string when)
    {
        var now = DecoyState();
        Assert.True(decoys.SequenceEqual(now), $"a root-owned decoy changed {when}: was [{string.Join(", ", decoys)}], now [{string.Join(", ", now)}]");
    }

    /// <summary>
    /// Alice, for a bounded time, flips every name root is about to use between absent, a link to a decoy and
    /// (for directories) a directory of hers; and inside her own socket directory, `ctl`.
    /// </summary>
    private Process StartAttacker(TimeSpan bound)
    {
        var script = $$"""
            end=$((SECONDS+{{(int)bound.TotalSeconds}}))
            d={{Decoys}}
            while [ $SECONDS -lt $end ]; do
              for n in vde_switch0.root vde_switch0.{{KernelFixture.Alice}}; do
                ln -sfn $d/dir /var/tmp/$n 2>/dev/null; rm -f /var/tmp/$n 2>/dev/null
                mkdir /var/tmp/$n 2>/dev/null; rmdir /var/tmp/$n 2>/dev/null
              done
              for n in vde_mgmt0.root vde_mgmt0.{{KernelFixture.Alice}}; do
                ln -sfn $d/file /var/tmp/$n 2>/dev/null; rm -f /var/tmp/$n 2>/dev/null
              done
              if [ -O {{AliceSocket}} ]; then
                rm -f {{AliceSocket}}/ctl 2>/dev/null; ln -sfn $d/file {{AliceSocket}}/ctl 2>/dev/null
                mv {{AliceSocket}} /var/tmp/alice-moved 2>/dev/null && { ln -sfn $d/dir {{AliceSocket}}; rm -f {{AliceSocket}}; mv /var/tmp/alice-moved {{AliceSocket}}; }
              fi
            done
            """;
        var info = new ProcessStartInfo("runuser") { UseShellExecute = false, RedirectStandardInput = true };
        foreach (var a in new[] { "-u", KernelFixture.Alice, "--", "bash", "-c", script })
        {
            info.ArgumentList.Add(a);
        }

        var process = Process.Start(info)!;
        Defer("stop the attacker", () => StopAttacker(process));
        return process;
    }

    private static void StopAttacker(Process attacker)
    {
        if (!attacker.HasExited)
        {
            // runuser's child is the attacker's shell: end the whole tree this test started.
            attacker.Kill(entireProcessTree: true);
        }

        attacker.WaitForExit();
    }

    /// <summary>
    /// Removes the links the attacker left in /var/tmp (never following one) and her directories at names other than
    /// her own socket directory (one may sit where root's socket directory was), both switches, then what is left of hers.
    /// </summary>
    private static void CleanUpAfterTheAttack()
    {
        var alice = new UserDatabase().FindUser(KernelFixture.Alice)!;
        foreach (var entry in Directory.EnumerateFileSystemEntries("/var/tmp"))
        {
            var status = new UnixFiles().Stat(entry);
            if (status is { Kind: FileKind.SymbolicLink })
            {
                File.Delete(entry);
            }
            else if (status is { Kind: FileKind.Directory } && status.Uid == alice.Uid && entry != AliceSocket)
            {
                // A real directory of hers (lstat said so); .NET removes links inside it as links.
                Directory.Delete(entry, recursive: true);
            }
        }

        foreach (var user in new[] { "root", KernelFixture.Alice })
        {
            // What the attacker made of her own directory is hers: cancel keeps it (SwitchNotRemoved when that is all).
            var r = Sh.Cli("-u", user, "-f", "cancel");
            Assert.True(r.ExitCode == 0 || r.StandardError.Contains("[SwitchNotFound]", StringComparison.Ordinal) || r.StandardError.Contains("[SwitchNotRemoved]", StringComparison.Ordinal),
                $"cancel of {user}'s switch after the attack: {r.StandardError}");
        }

        // Her directories (moved into each other by the attack) are hers; cancel rightly keeps what it cannot account for.
        foreach (var entry in Directory.EnumerateFileSystemEntries("/var/tmp"))
        {
            if (new UnixFiles().Stat(entry) is { Kind: FileKind.Directory } status && status.Uid == alice.Uid)
            {
                // A real directory of hers (lstat said so); .NET removes links inside it as links.
                Directory.Delete(entry, recursive: true);
            }
        }
    }

    private static void AsAlice(string command) => Sh.Ok("runuser", "-u", KernelFixture.Alice, "--", "bash", "-c", command);

    private static string Describe(Dictionary<string, int> outcomes) =>
        string.Join(", ", outcomes.Select(o => $"{o.Key}: {o.Value.ToString(CultureInfo.InvariantCulture)}"));
}
