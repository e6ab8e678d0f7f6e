
namespace CtysVde.Core.Model;

/// <summary>What cancel found and removed, and the switch as it was before.</summary>
public sealed record RemoveResult(string SwitchName, IReadOnlyList<string> Removed, IReadOnlyList<string> Kept, VdeSwitch Switch);
