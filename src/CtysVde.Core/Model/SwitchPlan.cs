namespace CtysVde.Core.Model;

/// <summary>The steps an operation would take, shown by `-n` and `-WhatIf` without doing any of them.</summary>
public sealed record SwitchPlan(string SwitchName, IReadOnlyList<string> Steps);
