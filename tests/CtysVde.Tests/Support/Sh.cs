using CtysVde.Core.Processes;
using Xunit;

namespace CtysVde.Tests.Support;

/// <summary>Runs the real tools (ip, vde_plug, qemu, the CLI) the tests drive.</summary>
public static class Sh
{
    private static readonly ProcessRunner Runner = new();

    public static ProcessResult Run(string program, params string[] args) =>
        Runner.Run(program, args, TimeSpan.FromSeconds(60));

    public static string Ok(string program, params string[] args)
    {
        var r = Run(program, args);
        Assert.True(r.ExitCode == 0, $"{program} {string.Join(' ', args)} failed ({r.ExitCode}): {r.StandardError}{r.StandardOutput}");
        return r.StandardOutput;
    }

    public static ProcessResult Cli(params string[] args) => Run(TestHost.Cli, args);

    public static string CliOk(params string[] args)
    {
        var r = Cli(args);
        Assert.True(r.ExitCode == 0, $"ctys-setupvde {string.Join(' ', args)} failed ({r.ExitCode}): {r.StandardError}");
        return r.StandardOutput;
    }

    /// <summary>
    /// Waits for a condition, never for a time. The bound only matters when the condition never comes, so it is
    /// generous: a loaded 2-core CI machine took more than 10 s for a daemon's first state file.
    /// </summary>
    public static void WaitFor(Func<bool> condition, string what, int timeoutMs = 60_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            Thread.Sleep(20);
        }
    }
}
