using CtysVde.Core.Model;

namespace CtysVde.Core.Switches;

/// <summary>The switches a name query found, and the literal names that matched nothing (wildcards may match nothing).</summary>
public sealed record SwitchQueryResult(IReadOnlyList<VdeSwitch> Switches, IReadOnlyList<string> MissingNames);
