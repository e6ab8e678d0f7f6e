using CtysVde.Core.Switches;

namespace CtysVde.Completion;

/// <summary>Completes user names, as NSS lists them.</summary>
public sealed class UserNameCompleter : NameCompleter
{
    /// <inheritdoc/>
    protected override IReadOnlyList<(string Name, string Tooltip)> Candidates(SwitchEnvironment machine) =>
        machine.Users.UserNames().Distinct(StringComparer.Ordinal).Select(u => (u, $"user {u}")).ToArray();
}
