using Xunit;

namespace CtysVde.Tests.Support;

/// <summary>A test on the real kernel: skipped, with the reason printed, outside a private root namespace.</summary>
public sealed class KernelFactAttribute : FactAttribute
{
    public KernelFactAttribute()
    {
        Skip = TestHost.KernelSkipReason;
    }
}
