namespace CtysVde.Core.Errors;

/// <summary>One thing the user can do about a problem, as data; each front end says it in its own words.</summary>
/// <param name="Action">What to do.</param>
/// <param name="Why">What it achieves, in words no front end owns (e.g. "to remove them"); appended as is.</param>
/// <param name="Command">For <see cref="RemedyAction.RunCommand"/>: the shell command.</param>
public sealed record Remedy(RemedyAction Action, string? Why = null, string? Command = null)
{
    public static Remedy Run(string command, string? why = null) => new(RemedyAction.RunCommand, why, command);
}
