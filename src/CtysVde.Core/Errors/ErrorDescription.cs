namespace CtysVde.Core.Errors;

/// <summary>An error id, its category, and what it means for the user.</summary>
/// <param name="CommandLineOnly">Raised only by the command line's remote and -Z paths; PowerShell uses Invoke-Command and its own elevation.</param>
/// <param name="ModuleOnly">Raised only by the cmdlets, where PowerShell's confirmation prompts are part of the contract.</param>
public sealed record ErrorDescription(string Id, VdeErrorCategory Category, string Meaning, bool CommandLineOnly = false, bool ModuleOnly = false);
