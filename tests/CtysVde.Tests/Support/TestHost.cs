using CtysVde.Core.Processes;

namespace CtysVde.Tests.Support;

/// <summary>Facts about where the tests run, and why kernel tests must not run here when they must not.</summary>
public static class TestHost
{
    /// <summary>Null when kernel tests may run; otherwise why not (printed as the skip reason).</summary>
    public static readonly string? KernelSkipReason = ComputeSkipReason();

    public static bool InPrivateNetworkNamespace =>
        CtysVde.Core.Linux.ProcessNamespaces.Of("self") is not null && !CtysVde.Core.Linux.ProcessNamespaces.InInitialNetwork();

    public static string Cli =>
        Environment.GetEnvironmentVariable("CTYSVDE_CLI") is { Length: > 0 } path ? path : FindUp("artifacts/cli/ctys-setupvde");

    /// <summary>Where .ci/test-tools unpacked <paramref name="relative"/> (under artifacts/test-tools/ of this checkout).</summary>
    public static string TestTool(string relative) => FindUp(Path.Combine("artifacts/test-tools", relative));

    private static string? ComputeSkipReason()
    {
        if (!InPrivateNetworkNamespace)
        {
            return "kernel tests refuse to run in the machine's initial network namespace; run them with `sudo bash .ci/run`";
        }

        if (CtysVde.Core.Linux.UserDatabase.IsRoot is false)
        {
            return "kernel tests need root (they create TAPs, bridges and namespaces)";
        }

        foreach (var tool in new[] { "vde_switch", "vde_plug", "ip" })
        {
            if (ProcessRunner.Which(tool) is null)
            {
                return $"{tool} is not installed (bash .ci/deps installs it)";
            }
        }

        return File.Exists(Cli) ? null : $"the CLI binary {Cli} is missing (bash .ci/build publishes it)";
    }

    private static string FindUp(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return relative;
    }
}
