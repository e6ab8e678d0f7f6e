using CtysVde.Core.Errors;

namespace CtysVde.Core.Switches;

/// <summary>The seed's `user[.group]` syntax (also `user:group`, as chown takes it).</summary>
public static class OwnerSpec
{
    /// <summary>
    /// Splits at the first `:` or `.`; a name that is itself an existing user (dots are legal) is kept whole.
    /// An empty part, or a part that does not exist, is refused here with the text as given: once split,
    /// the resolver would only see the part ("no such user: ''" for `.root`).
    /// </summary>
    public static (string User, string? Group) Parse(string text, Func<string, bool> userExists, Func<string, bool>? groupExists = null)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (colon < 0 && (dot < 0 || userExists(text)))
        {
            return (text, null);
        }

        var separator = colon >= 0 ? ':' : '.';
        var at = colon >= 0 ? colon : dot;
        var (user, group) = (text[..at], text[(at + 1)..]);
        if (user.Length == 0)
        {
            throw new VdeException(ErrorIds.InvalidUser, VdeErrorCategory.InvalidArgument, $"invalid user '{text}': the user name before '{separator}' is empty", text);
        }

        if (group.Length == 0)
        {
            throw new VdeException(ErrorIds.InvalidGroup, VdeErrorCategory.InvalidArgument, $"invalid user '{text}': the group name after '{separator}' is empty", text);
        }

        if (!userExists(user))
        {
            // With a dot the whole text was tried as a user name first, so both readings failed.
            throw new VdeException(ErrorIds.InvalidUser, VdeErrorCategory.InvalidArgument, separator == '.'
                ? $"no such user: neither '{text}' nor '{user}' (with group '{group}') exists"
                : $"no such user: '{user}' (in '{text}')", text);
        }

        if (groupExists is not null && !groupExists(group))
        {
            throw new VdeException(ErrorIds.InvalidGroup, VdeErrorCategory.InvalidArgument, $"no such group: '{group}' (in '{text}')", text);
        }

        return (user, group);
    }
}
