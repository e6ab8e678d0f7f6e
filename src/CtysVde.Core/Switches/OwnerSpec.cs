namespace CtysVde.Core.Switches;

/// <summary>The seed's `user[.group]` syntax (also `user:group`, as chown takes it).</summary>
public static class OwnerSpec
{
    /// <summary>Splits at the first `:` or `.`; a name that is itself an existing user (dots are legal) is kept whole.</summary>
    public static (string User, string? Group) Parse(string text, Func<string, bool> userExists)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            return (text[..colon], text[(colon + 1)..]);
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0 || userExists(text))
        {
            return (text, null);
        }

        return (text[..dot], text[(dot + 1)..]);
    }
}
