using CtysVde.Core.Processes;
using Xunit;

namespace CtysVde.Tests.Support;

/// <summary>A data-driven test on the real kernel, skipped like <see cref="KernelFactAttribute"/>.</summary>
public sealed class KernelTheoryAttribute : TheoryAttribute
{
    private string? _requires;

    public KernelTheoryAttribute()
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
}
