namespace CtysVde.Core.Switches;

/// <summary>An error id, its category, and what it means for the user.</summary>
public sealed record ErrorDescription(string Id, VdeErrorCategory Category, string Meaning);
