using System.ComponentModel;
using System.Diagnostics;
using CtysVde.Core.Processes;
using Xunit;

namespace CtysVde.Tests.Unit;

/// <summary>
/// The runner's contract, whatever starts the processes (CliWrap since issue 11, item 6): arguments arrive
/// verbatim, stdout and stderr come back exactly, exit codes are results, a timeout kills the whole tree.
/// </summary>
public class ProcessRunnerTests
{
    private static readonly TimeSpan Ample = TimeSpan.FromSeconds(30);
    private readonly ProcessRunner _runner = new();

    [Fact]
    public void Arguments_reach_the_program_verbatim_never_through_a_shell()
    {
        string[] args = ["plain", "two words", "", "quote\"d", "back\\slash\\", "\\\"", "$HOME;`x`|*", "tab\there", "é"];
        var result = _runner.Run("/usr/bin/printf", ["%s\\n", .. args], Ample);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Concat(args.Select(a => a + "\n")), result.StandardOutput);
    }

    [Fact]
    public void Stdin_stdout_stderr_and_the_exit_code_are_exact()
    {
        var result = _runner.Run("/bin/sh", ["-c", "cat; printf 'to stderr\\n' >&2; exit 3"], "line 1\nlíne 2 without newline", Ample);
        Assert.Equal(new ProcessResult(3, "line 1\nlíne 2 without newline", "to stderr\n"), result);
    }

    [Fact]
    public void Without_input_the_program_reads_an_empty_stdin_not_the_terminal()
    {
        var result = _runner.Run("/bin/sh", ["-c", "cat; echo done"], Ample);
        Assert.Equal("done\n", result.StandardOutput);
    }

    [Fact]
    public void Output_larger_than_a_pipe_buffer_does_not_block()
    {
        var result = _runner.Run("/bin/sh", ["-c", "head -c 1000000 /dev/zero | tr '\\0' a; head -c 300000 /dev/zero | tr '\\0' b >&2"], Ample);
        Assert.Equal((1_000_000, 300_000), (result.StandardOutput.Length, result.StandardError.Length));
    }

    [Fact]
    public void A_timeout_names_the_program_and_kills_its_whole_tree()
    {
        // Unusual durations mark the two sleeps (a child and a grandchild) in /proc/*/cmdline.
        var n = Random.Shared.Next(100_000, 1_000_000);
        var watch = Stopwatch.StartNew();
        var e = Assert.Throws<TimeoutException>(() =>
            _runner.Run("/bin/sh", ["-c", $"sleep 40.{n} & sleep 41.{n}; wait"], TimeSpan.FromSeconds(0.5)));
        Assert.Equal("/bin/sh did not finish within 0.5 s", e.Message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        Assert.False(StillRunning($"40.{n}") || StillRunning($"41.{n}"), "a process of the timed-out tree is still running");
    }

    [Fact]
    public void Cancellation_wins_over_the_clock_and_kills_the_program()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(0.3));
        Assert.ThrowsAny<OperationCanceledException>(() => _runner.Run("/bin/sleep", ["30"], Ample, cancel.Token));
    }

    [Fact]
    public async Task RunAsync_feeds_bytes_and_tolerates_a_program_that_stops_reading()
    {
        var input = new byte[4 << 20];
        var result = await _runner.RunAsync("/bin/sh", ["-c", "head -c 10 >/dev/null; echo read some; exit 4"], input, CancellationToken.None);
        Assert.Equal(new ProcessResult(4, "read some\n", string.Empty), result);
    }

    [Fact]
    public async Task RunAsync_cancellation_kills_the_program()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(0.3));
        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _runner.RunAsync("/bin/sleep", ["30"], null, cancel.Token));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task A_missing_program_is_the_systems_own_error()
    {
        // SshFanOut shows this message ("install openssh-client"): it must be the OS's words, not a wrapper's.
        var e = await Assert.ThrowsAsync<Win32Exception>(() => _runner.RunAsync("/nonexistent/ctysvde-no-such-program", [], null, CancellationToken.None));
        Assert.Contains("No such file or directory", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("inner exception", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Throws<Win32Exception>(() => _runner.Run("/nonexistent/ctysvde-no-such-program", [], Ample));
    }

    [Fact]
    public void RunAttached_returns_the_exit_code() =>
        Assert.Equal(5, _runner.RunAttached("/bin/sh", ["-c", "exit 5"]));

    private static bool StillRunning(string marker)
    {
        // A killed process that is not reaped yet has an empty cmdline, so a zombie counts as gone.
        for (var i = 0; i < 50; i++)
        {
            var alive = Directory.EnumerateDirectories("/proc")
                .Select(d => Path.Combine(d, "cmdline"))
                .Any(f => { try { return File.ReadAllText(f).Contains(marker, StringComparison.Ordinal); } catch (IOException) { return false; } catch (UnauthorizedAccessException) { return false; } });
            if (!alive)
            {
                return false;
            }

            Thread.Sleep(100);
        }

        return true;
    }
}
