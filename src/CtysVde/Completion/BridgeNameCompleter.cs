using CtysVde.Core.Switches;

namespace CtysVde.Completion;

/// <summary>Completes the names of this host's bridges.</summary>
public sealed class BridgeNameCompleter : NameCompleter
{
    /// <inheritdoc/>
    protected override IReadOnlyList<(string Name, string Tooltip)> Candidates(SwitchEnvironment machine) =>
        machine.Sysfs.InterfaceNames().Where(machine.Sysfs.IsBridge)
            .Select(b => (b, Members(machine, b)))
            .ToArray();

    private static string Members(SwitchEnvironment machine, string bridge) =>
        machine.Sysfs.BridgeMembers(bridge) is { Count: > 0 } members ? $"bridge {bridge}: {string.Join(", ", members)}" : $"bridge {bridge}: no members";
}
