using CtysVde.Core.Errors;
using CtysVde.Core.Linux;
using CtysVde.Core.Model;
using CtysVde.Core.Switches;
using Xunit;

namespace CtysVde.Tests.Support;

/// <summary>
/// Base of every kernel test: snapshots the namespace before the test, runs the test's own cleanups after
/// it, then asserts that nothing is left (no TAP, bridge, process, socket, pidfile or lock). Anything left
/// is removed too, so one failing test does not poison the next.
/// </summary>
[Collection(KernelCollection.Name)]
public abstract class KernelTest : IDisposable
{
    private readonly SystemSnapshot _before;
    private readonly Stack<(string What, Action Undo)> _cleanups = new();
    private int _namespaceCounter;

    protected KernelTest(KernelFixture fixture)
    {
        Fixture = fixture;
        _before = TestHost.KernelSkipReason is null ? SystemSnapshot.Take() : new SystemSnapshot(new HashSet<string>(), new Dictionary<int, string>(), new HashSet<string>());
        Engine = new SwitchManager(SwitchEnvironment.Default(), Log.Add);
    }

    protected KernelFixture Fixture { get; }

    protected SwitchManager Engine { get; }

    protected List<string> Log { get; } = new();

    protected static SysfsNet Sysfs { get; } = new();

    protected SystemSnapshot Before => _before;

    /// <summary>Registers a cleanup, run in reverse order after the test.</summary>
    protected void Defer(string what, Action undo) => _cleanups.Push((what, undo));

    /// <summary>Cancels the switch after the test unless the test already did.</summary>
    protected void CancelAfterwards(SwitchSpec spec) => Defer($"cancel {spec.Owner ?? "caller"}'s switch", () =>
    {
        try
        {
            Engine.Remove(spec, force: true);
        }
        catch (VdeException e) when (e.ErrorId == ErrorIds.SwitchNotFound)
        {
        }
    });

    /// <summary>
    /// A copy of the CLI the test users can run: the checkout may sit where they cannot reach it (e.g. under
    /// /root). Removed afterwards.
    /// </summary>
    protected string CliForUsers()
    {
        var dir = Directory.CreateTempSubdirectory("ctysvde-cli-").FullName;
        Defer("remove the CLI copy", () => Directory.Delete(dir, true));
        File.SetUnixFileMode(dir, (UnixFileMode)0x1ED /* 0755 */);
        var cli = Path.Combine(dir, "ctys-setupvde");
        File.Copy(TestHost.Cli, cli);
        File.SetUnixFileMode(cli, (UnixFileMode)0x1ED);
        return cli;
    }

    /// <summary>For tests that run mount(8): it notes mounts in /run/mount/utab, which is removed afterwards unless it was there before.</summary>
    protected void RemoveMountBookkeepingAfterwards()
    {
        if (!Directory.Exists("/run/mount"))
        {
            Defer("remove /run/mount", () =>
            {
                if (Directory.Exists("/run/mount"))
                {
                    Directory.Delete("/run/mount", recursive: true);
                }
            });
        }
    }

    /// <summary>A network namespace of the test's own (a "guest" or client host), deleted afterwards.</summary>
    protected string NewNamespace()
    {
        var name = $"ctysvde-t{Environment.ProcessId}-{++_namespaceCounter}";
        Sh.Ok("ip", "netns", "add", name);
        Defer($"delete namespace {name}", () =>
        {
            foreach (var pid in Sh.Run("ip", "netns", "pids", name).StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                Sh.Run("kill", "-9", pid.Trim());
            }

            Sh.Run("ip", "netns", "del", name);
        });
        Sh.Ok("ip", "-n", name, "link", "set", "lo", "up");
        return name;
    }

    /// <summary>
    /// A real VDE client: `vde_plug` in a namespace of its own, bridging a TAP there (with
    /// <paramref name="address"/>) into the switch. Stopped and removed after the test.
    /// </summary>
    protected (string Namespace, int Pid, string Mac) PlugIn(string socketPath, string description, string address)
    {
        var ns = NewNamespace();
        var pidFile = Path.Combine(Path.GetTempPath(), $"{ns}.plug.pid");
        Sh.Ok("ip", "netns", "exec", ns, "vde_plug", "-d", "-p", pidFile, "-D", description, $"vde://{socketPath}", "tap://vdetap");
        Sh.WaitFor(() => File.Exists(pidFile) && new FileInfo(pidFile).Length > 0, $"{description}'s pidfile");
        var pid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Defer($"stop {description}", () =>
        {
            StopProcess(pid);
            File.Delete(pidFile);
        });

        // vde_plug writes its pidfile before it opens its TAP.
        Sh.WaitFor(() => Sh.Run("ip", "-n", ns, "link", "show", "vdetap").ExitCode == 0, $"{description}'s TAP");
        Sh.Ok("ip", "-n", ns, "addr", "add", address, "dev", "vdetap");
        Sh.Ok("ip", "-n", ns, "link", "set", "vdetap", "up");
        var mac = Sh.Ok("ip", "netns", "exec", ns, "cat", "/sys/class/net/vdetap/address").Trim();
        return (ns, pid, mac);
    }

    /// <summary>Ends a process the test started, by pid, and waits until it is gone.</summary>
    protected static void StopProcess(int pid)
    {
        Sh.Run("kill", pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (Running(pid) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(10);
        }

        if (Running(pid))
        {
            Sh.Run("kill", "-9", pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Kills (SIGKILL) a process the test started, by pid, and waits until it has ended, as a crash would end it.</summary>
    protected static void KillProcess(int pid)
    {
        Sh.Run("kill", "-9", pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (Running(pid) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(10);
        }
    }

    /// <summary>
    /// Whether the process has not ended yet, whatever it is (not only the programs the snapshot watches: a
    /// daemon restarted before its old self has gone races it). A zombie has ended.
    /// </summary>
    private static bool Running(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    protected static void AssertUnchanged(SystemSnapshot before, string because)
    {
        var now = SystemSnapshot.Take();
        Assert.True(now.NewSince(before).Count == 0 && before.NewSince(now).Count == 0,
            $"{because}; new: [{string.Join(", ", now.NewSince(before))}], gone: [{string.Join(", ", before.NewSince(now))}]");
    }

    public void Dispose()
    {
        GC.SuppressFinalize(this);
        if (TestHost.KernelSkipReason is not null)
        {
            return;
        }

        var failures = new List<string>();
        while (_cleanups.TryPop(out var c))
        {
            try
            {
                c.Undo();
            }
            catch (Exception e)
            {
                failures.Add($"cleanup '{c.What}' failed: {e.Message}");
            }
        }

        var after = SystemSnapshot.Take();
        var leaked = after.NewSince(_before);
        if (leaked.Count > 0)
        {
            ForceClean(after);
        }

        Assert.True(leaked.Count == 0 && failures.Count == 0,
            $"the test left things behind: {string.Join(", ", leaked)} {string.Join("; ", failures)}");
    }

    private void ForceClean(SystemSnapshot after)
    {
        foreach (var pid in after.Processes.Keys.Where(p => !_before.Processes.ContainsKey(p)))
        {
            Sh.Run("kill", "-9", pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        foreach (var iface in after.Interfaces.Except(_before.Interfaces))
        {
            Sh.Run("ip", "link", "del", iface);
        }

        foreach (var file in after.Files.Except(_before.Files).OrderByDescending(f => f.Length))
        {
            if (Directory.Exists(file))
            {
                Directory.Delete(file, true);
            }
            else
            {
                File.Delete(file);
            }
        }
    }
}
