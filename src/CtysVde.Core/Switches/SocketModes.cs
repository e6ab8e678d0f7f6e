namespace CtysVde.Core.Switches;

/// <summary>
/// The one ownership policy of a switch's files: create and repair hand them over with it, the health check
/// verifies against it. Private to the owner (0700 directory, 0600 sockets), or shared with a setgid group
/// (2770, 0660); the pidfile is readable by all, as the seed's is.
/// </summary>
internal sealed record SocketModes(uint Directory, uint Socket, uint PidFile)
{
    /// <summary>What the owner must be able to do with the data socket directory: rwx.</summary>
    public const uint DirectoryNeeds = 0x1C0;

    /// <summary>What the owner must be able to do with a socket: rw.</summary>
    public const uint SocketNeeds = 0x180;

    public static SocketModes For(ResolvedSwitch r) => r.SetgidGroup is null
        ? new SocketModes(0x1C0 /* 0700 */, 0x180 /* 0600 */, 0x1A4 /* 0644 */)
        : new SocketModes(0x5F8 /* 2770 */, 0x1B0 /* 0660 */, 0x1A4 /* 0644 */);
}
