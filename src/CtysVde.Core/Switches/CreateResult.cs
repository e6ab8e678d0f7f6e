using CtysVde.Core.Model;

namespace CtysVde.Core.Switches;

/// <summary>The switch after create, and whether anything had to be done.</summary>
/// <param name="Created">A new daemon was started.</param>
public sealed record CreateResult(VdeSwitch Switch, bool Created)
{
    /// <summary>What create mended on a running switch that had lost a part, while it kept its clients.</summary>
    public IReadOnlyList<string> Repaired { get; init; } = [];

    /// <summary>What create took away of a broken switch it replaced (-f): its old daemon, files and TAP.</summary>
    public IReadOnlyList<string> Replaced { get; init; } = [];

    /// <summary>What a user should be told besides the switch itself (a repair, a replacement); null when nothing.</summary>
    public string? Note =>
        Repaired.Count > 0 ? $"switch {Switch.Name} was running with a part broken; repaired, its clients kept: {string.Join("; ", Repaired)}"
        : Replaced.Count > 0 ? $"switch {Switch.Name} was broken and is replaced; removed {string.Join(", ", Replaced)}"
        : null;
}
