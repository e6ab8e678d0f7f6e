namespace CtysVde.Core.Vde;

/// <summary>One management command that changes a switch, what it does in words, and the command that undoes it.</summary>
public sealed record ManagementStep(string Command, string Undo, string Description);
