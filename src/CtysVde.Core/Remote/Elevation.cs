namespace CtysVde.Core.Remote;

/// <summary>The programs `-Z` accepts for doing the privileged steps as a non-root caller.</summary>
public static class Elevation
{
    public const string Sudo = "sudo";
    public const string Ksu = "ksu";

    public static IReadOnlyList<string> Known { get; } = [Sudo, Ksu];

    /// <summary>The canonical name, or null when <paramref name="value"/> is not one of <see cref="Known"/>.</summary>
    public static string? Normalize(string value) => Known.FirstOrDefault(k => string.Equals(k, value, StringComparison.OrdinalIgnoreCase));
}
