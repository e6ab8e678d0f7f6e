using CtysVde.Core.Processes;
using Xunit;

namespace CtysVde.Tests.Support;

/// <summary>A test on the real kernel: skipped, with the reason printed, outside a private root namespace.</summary>
public sealed class KernelFactAttribute : FactAttribute
{
    private string? _requires;
    private string? _requiresAbsent;
    private string? _requiresTestTool;

    public KernelFactAttribute()
    {
        Skip = TestHost.KernelSkipReason;
    }

    /// <summary>A further program the test drives; the test is skipped, saying so, when it is not installed.</summary>
    public string? Requires
    {
        get => _requires;
        set
        {
            _requires = value;
            if (Skip is null && value is not null && ProcessRunner.Which(value) is null)
            {
                Skip = $"{value} is not installed (bash .ci/deps installs it)";
            }
        }
    }

    /// <summary>A program whose absence the test shows; the test is skipped, saying so, where it is installed.</summary>
    public string? RequiresAbsent
    {
        get => _requiresAbsent;
        set
        {
            _requiresAbsent = value;
            if (Skip is null && value is not null && ProcessRunner.Which(value) is not null)
            {
                Skip = $"{value} is installed here; this test shows the error on a host without it";
            }
        }
    }

    /// <summary>
    /// A program under artifacts/test-tools/ that .ci/test-tools unpacks but never installs (installing it
    /// would start it on the machine's network); the test is skipped, saying so, when it is not there.
    /// </summary>
    public string? RequiresTestTool
    {
        get => _requiresTestTool;
        set
        {
            _requiresTestTool = value;
            if (Skip is null && value is not null && !File.Exists(TestHost.TestTool(value)))
            {
                Skip = $"{value} is not unpacked under artifacts/test-tools (bash .ci/test-tools unpacks it)";
            }
        }
    }
}
