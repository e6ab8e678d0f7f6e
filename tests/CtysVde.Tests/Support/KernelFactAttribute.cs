using CtysVde.Core.Processes;
using Xunit;

namespace CtysVde.Tests.Support;

/// <summary>A test on the real kernel: skipped, with the reason printed, outside a private root namespace.</summary>
public sealed class KernelFactAttribute : FactAttribute
{
    private string? _requires;
    private string? _requiresAbsent;

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
}
