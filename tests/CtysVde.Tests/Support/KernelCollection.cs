using Xunit;

namespace CtysVde.Tests.Support;

/// <summary>All kernel tests share one fixture (the test users) and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class KernelCollection : ICollectionFixture<KernelFixture>
{
    public const string Name = "kernel";
}
