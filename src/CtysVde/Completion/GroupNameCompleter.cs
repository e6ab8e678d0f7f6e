using CtysVde.Core.Switches;

namespace CtysVde.Completion;

/// <summary>Completes group names, as NSS lists them.</summary>
public sealed class GroupNameCompleter : NameCompleter
{
    /// <inheritdoc/>
    protected override IReadOnlyList<(string Name, string Tooltip)> Candidates(SwitchEnvironment machine) =>
        machine.Users.GroupNames().Distinct(StringComparer.Ordinal).Select(g => (g, $"group {g}")).ToArray();
}
