using System.Text;

namespace CtysVde.Core.Linux;

/// <summary>The kernel's rules for interface names (dev_valid_name), checked before any side effect.</summary>
public static class InterfaceName
{
    public const int MaxBytes = 15;

    /// <summary>Null when <paramref name="name"/> is a valid interface name, else why it is not.</summary>
    public static string? Problem(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "the name is empty";
        }

        if (name is "." or "..")
        {
            return $"'{name}' is not allowed as an interface name";
        }

        var bytes = Encoding.UTF8.GetByteCount(name);
        if (bytes > MaxBytes)
        {
            return $"'{name}' is {bytes} bytes long; interface names have at most {MaxBytes}";
        }

        foreach (var c in name)
        {
            if (c == '/' || c == ':' || char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return $"'{name}' contains '{Printable(c)}'; interface names may not contain '/', ':' or white space";
            }
        }

        return null;
    }

    private static string Printable(char c) => char.IsWhiteSpace(c) || char.IsControl(c) ? $"\\x{(int)c:x2}" : c.ToString();
}
