using CtysVde.Core.Model;

namespace CtysVde.Core.Switches;

/// <summary>The switch after create, and whether anything had to be done.</summary>
public sealed record CreateResult(VdeSwitch Switch, bool Created);
