using CtysVde.Core.Switches;

namespace CtysVde.Completion;

/// <summary>Completes the names of this host's TAP interfaces.</summary>
public sealed class TapNameCompleter : NameCompleter
{
    /// <inheritdoc/>
    protected override IReadOnlyList<(string Name, string Tooltip)> Candidates(SwitchEnvironment machine) =>
        machine.Sysfs.InterfaceNames().Where(machine.Sysfs.IsTap)
            .Select(t => (t, machine.Sysfs.Master(t) is { } bridge ? $"TAP {t} on bridge {bridge}" : $"TAP {t}"))
            .ToArray();
}
