namespace CtysVde.Tests.Support;

/// <summary>What the binder model did with one pipeline object: the set it settled on and how each parameter bound.</summary>
public sealed record PipelineBinding(string? ParameterSet, IReadOnlyDictionary<string, string> Bound, string? Failure)
{
    public override string ToString() =>
        Failure ?? $"set {ParameterSet}: {string.Join(", ", Bound.Select(b => $"{b.Key} <- {b.Value}"))}";
}
