namespace CtysVde.Core.Switches;

/// <summary>What cancel found and removed.</summary>
public sealed record RemoveResult(string SwitchName, IReadOnlyList<string> Removed, IReadOnlyList<string> Kept);
