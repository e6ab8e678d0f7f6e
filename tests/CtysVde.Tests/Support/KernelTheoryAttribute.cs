using Xunit;

namespace CtysVde.Tests.Support;

/// <summary>A data-driven test on the real kernel, skipped like <see cref="KernelFactAttribute"/>.</summary>
public sealed class KernelTheoryAttribute : TheoryAttribute
{
    public KernelTheoryAttribute()
    {
        Skip = TestHost.KernelSkipReason;
    }
}
