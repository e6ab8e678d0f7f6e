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
}
