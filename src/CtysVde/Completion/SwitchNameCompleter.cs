using CtysVde.Core.Switches;

namespace CtysVde.Completion;

/// <summary>Completes switch names: running switches and those of which leftovers remain.</summary>
public sealed class SwitchNameCompleter : NameCompleter
{
    /// <inheritdoc/>
    protected override IReadOnlyList<(string Name, string Tooltip)> Candidates(SwitchEnvironment machine) =>
        new SwitchManager(machine).List(includeStale: true)
            .Select(s => (s.Name, $"{s.State}, owner {s.Owner}{(s.ProcessId is { } pid ? $", pid {pid}" : string.Empty)}, {s.SocketPath}"))
            .ToArray();
}
