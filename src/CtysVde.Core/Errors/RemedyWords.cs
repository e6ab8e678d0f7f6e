namespace CtysVde.Core.Errors;

/// <summary>
/// How a front end says a <see cref="Remedy"/>. The engine only names remedies; the command line and the cmdlets
/// each derive from this with their own syntax, so neither front end's words reach the other's users.
/// </summary>
public abstract class RemedyWords
{
    /// <summary>The remedy as an imperative phrase in this front end's syntax, without its <see cref="Remedy.Why"/>.</summary>
    protected abstract string Phrase(Remedy remedy);

    /// <summary>One remedy, with what it achieves.</summary>
    public string Say(Remedy remedy) => remedy.Why is null ? Phrase(remedy) : $"{Phrase(remedy)} {remedy.Why}";

    /// <summary>Several alternatives, or null when there are none.</summary>
    public string? Say(IReadOnlyList<Remedy> remedies) => remedies.Count == 0 ? null : string.Join(" or ", remedies.Select(Say));

    /// <summary>The error's message followed by what to do about it.</summary>
    public string Describe(VdeException e) => Say(e.Remedies) is { } remedy ? $"{e.Message}; {remedy}" : e.Message;
}
