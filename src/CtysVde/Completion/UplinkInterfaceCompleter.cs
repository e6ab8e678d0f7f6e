using CtysVde.Core.Switches;

namespace CtysVde.Completion;

/// <summary>
/// Completes the interfaces that can be moved into a bridge as its uplink: not the loopback, not a bridge, not a
/// TAP, and not already a member of a bridge or bond (the move refuses those anyway).
/// </summary>
public sealed class UplinkInterfaceCompleter : NameCompleter
{
    /// <inheritdoc/>
    protected override IReadOnlyList<(string Name, string Tooltip)> Candidates(SwitchEnvironment machine) =>
        machine.Sysfs.InterfaceNames()
            .Where(i => !machine.Sysfs.IsLoopback(i) && !machine.Sysfs.IsBridge(i) && !machine.Sysfs.IsTap(i) && machine.Sysfs.Master(i) is null)
            .Select(i => (i, $"{i} ({machine.Sysfs.MacAddress(i)}, {(machine.Sysfs.IsUp(i) ? "up" : "down")})"))
            .ToArray();
}
