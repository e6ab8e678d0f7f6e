namespace CtysVde.Core.Vde;

/// <summary>Where vde_switch's plugins are: Debian's vde2 package, a multiarch build, and a default build of vde-2.</summary>
public static class VdePlugins
{
    private static readonly string[] Directories = ["/usr/lib/vde2/plugins", "/usr/lib/x86_64-linux-gnu/vde2/plugins", "/usr/local/lib/vde2/plugins"];

    /// <summary>The plugin's library (`iplog`, `pdump`), or null when none of the places has it.</summary>
    public static string? Find(string name) =>
        Directories.Select(d => $"{d}/{name}.so").FirstOrDefault(File.Exists);

    /// <summary>Where Debian puts the plugin, for messages.</summary>
    public static string Expected(string name) => $"{Directories[0]}/{name}.so";
}
