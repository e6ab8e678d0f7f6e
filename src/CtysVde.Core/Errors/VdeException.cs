namespace CtysVde.Core.Errors;

/// <summary>An engine failure with a stable error id, a category and the object it concerns.</summary>
public sealed class VdeException : Exception
{
    public VdeException(string errorId, VdeErrorCategory category, string message, string? target = null, Exception? inner = null)
        : this(errorId, category, message, target, inner, [])
    {
    }

    /// <param name="message">The problem, in words no front end owns; the remedies are said by each front end (<see cref="RemedyWords"/>).</param>
    public VdeException(string errorId, VdeErrorCategory category, string message, string? target, Exception? inner, IReadOnlyList<Remedy> remedies)
        : base(message, inner)
    {
        ErrorId = errorId;
        Category = category;
        Target = target;
        Remedies = remedies;
    }

    /// <summary>A stable identifier (documented in the README and help), e.g. `SwitchNotFound`.</summary>
    public string ErrorId { get; }

    public VdeErrorCategory Category { get; }

    /// <summary>The switch, bridge, user or path the error is about.</summary>
    public string? Target { get; }

    /// <summary>What the user can do about it, alternatives in order of preference; empty when nothing obvious helps.</summary>
    public IReadOnlyList<Remedy> Remedies { get; }

    /// <summary>
    /// True for errors in what the caller asked (exit code 1): invalid values, unsupported options, and names
    /// or paths that are already taken. False for the environment (exit code 2).
    /// </summary>
    public bool IsBadInput => Category is VdeErrorCategory.InvalidArgument or VdeErrorCategory.NotImplemented or VdeErrorCategory.ResourceExists;
}
