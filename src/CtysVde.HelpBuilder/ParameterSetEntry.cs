namespace CtysVde.HelpBuilder;

/// <summary>One [Parameter] attribute: how a parameter takes part in one parameter set.</summary>
public sealed record ParameterSetEntry(string SetName, bool Mandatory, int? Position, bool ValueFromPipeline, bool ValueFromPipelineByPropertyName)
{
    public const string AllSets = "__AllParameterSets";
}
