namespace CtysVde.HelpBuilder;

/// <summary>A cmdlet as its attributes declare it.</summary>
public sealed record CmdletDescription(
    string Verb,
    string Noun,
    Type Type,
    bool SupportsShouldProcess,
    string? DefaultParameterSetName,
    string? HelpUri,
    IReadOnlyList<(Type Type, IReadOnlyList<string> Sets)> OutputTypes,
    IReadOnlyList<CmdletParameter> Parameters)
{
    public string Name => $"{Verb}-{Noun}";

    /// <summary>The named parameter sets (the implicit one when a cmdlet declares none).</summary>
    public IReadOnlyList<string> ParameterSets
    {
        get
        {
            var named = Parameters.SelectMany(p => p.Sets).Select(s => s.SetName).Where(s => s != ParameterSetEntry.AllSets).Distinct().Order(StringComparer.Ordinal).ToList();
            return named.Count == 0 ? [ParameterSetEntry.AllSets] : named;
        }
    }

    /// <summary>The parameters that belong to <paramref name="set"/>, each with its entry for that set.</summary>
    public IEnumerable<(CmdletParameter Parameter, ParameterSetEntry Entry)> InSet(string set) =>
        Parameters.SelectMany(p => p.Sets.Where(s => s.SetName == set || s.SetName == ParameterSetEntry.AllSets).Take(1).Select(s => (p, s)));
}
