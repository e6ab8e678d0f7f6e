using System.Diagnostics;
using System.Runtime.InteropServices;
using Xunit;

namespace CtysVde.Tests.Support;

/// <summary>Runs the command line and interrupts it a given number of milliseconds after its start: SIGKILL, or another signal.</summary>
public static class InterruptedCli
{
    public const int SIGINT = 2;

    /// <summary>Starts the CLI with <paramref name="args"/>, signals it <paramref name="offsetMs"/> ms later (SIGKILL when <paramref name="signal"/> is null), and returns its exit code.</summary>
    public static int Run(IReadOnlyList<string> args, double offsetMs, int? signal = null)
    {
        var info = new ProcessStartInfo(TestHost.Cli) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        var watch = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        while (watch.Elapsed.TotalMilliseconds < offsetMs && !process.HasExited)
        {
            Thread.SpinWait(200);
        }

        if (signal is { } s)
        {
            _ = kill(process.Id, s);
        }
        else
        {
            process.Kill();
        }

        if (!process.WaitForExit(60_000))
        {
            process.Kill();
            Assert.Fail($"ctys-setupvde {string.Join(' ', args)} did not end within 60 s of a signal");
        }

        _ = stdout.GetAwaiter().GetResult() + stderr.GetAwaiter().GetResult();
        return process.ExitCode;
    }

    [DllImport("libc")]
    private static extern int kill(int pid, int signal);
}
