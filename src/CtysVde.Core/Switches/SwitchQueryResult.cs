using CtysVde.Core.Model;
using CtysVde.Core.Vde;

namespace CtysVde.Core.Switches;

/// <summary>
/// The switches a name query found, and the literal names that matched nothing (wildcards may match nothing).
/// <see cref="Skipped"/> are the daemons left out because this caller cannot prove they are this host's.
/// </summary>
public sealed record SwitchQueryResult(IReadOnlyList<VdeSwitch> Switches, IReadOnlyList<string> MissingNames)
{
    public IReadOnlyList<SkippedSwitchProcess> Skipped { get; init; } = [];

    /// <summary>
    /// What interrupted calls left that belongs to no switch (asked for with leftovers only): bridges made for
    /// switches with nothing attached, bridges still under their birth name, lock files nobody holds. The next
    /// call that creates or removes a switch removes them.
    /// </summary>
    public IReadOnlyList<string> Leftovers { get; init; } = [];

    /// <summary>One line naming <see cref="Leftovers"/>, for a warning or a note; null when there are none.</summary>
    public string? LeftoverNote => Leftovers.Count == 0
        ? null
        : $"left over by an interrupted call: {string.Join(", ", Leftovers)}; the next call that creates or removes a switch removes {(Leftovers.Count == 1 ? "it" : "them")}";

    /// <summary>
    /// One line that says what was left out, for a warning or a note: how many, their pids, why, and what to do;
    /// null when nothing was. Each one's own reason is in <see cref="Skipped"/>.
    /// </summary>
    public string? SkippedNote => Skipped.Count switch
    {
        0 => null,
        1 => $"1 vde_switch process (pid {Skipped[0].ProcessId}) was not listed because this caller cannot tell whether it belongs to this host "
            + "or to another mount namespace on the same kernel (a container, another host); run as root to see it",
        _ => $"{Skipped.Count} vde_switch processes (pids {string.Join(", ", Skipped.Select(s => s.ProcessId))}) were not listed because this caller "
            + "cannot tell whether they belong to this host or to another mount namespace on the same kernel (a container, another host); run as root to see them",
    };
}
