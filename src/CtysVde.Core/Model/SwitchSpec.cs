namespace CtysVde.Core.Model;

/// <summary>What the caller asks for; unset values take the seed's defaults.</summary>
public sealed record SwitchSpec
{
    /// <summary>The user who owns the switch, its TAP and sockets; default the caller.</summary>
    public string? Owner { get; init; }

    /// <summary>The group of the TAP and sockets; default the owner's primary group.</summary>
    public string? Group { get; init; }

    /// <summary>The bridge for the TAP; default the first existing bridge, else `ctysbr0`.</summary>
    public string? BridgeName { get; init; }

    public string? SocketPath { get; init; }

    public string? ManagementSocket { get; init; }

    /// <summary>Default `/var/run/&lt;basename of the management socket&gt;`, as the seed had it.</summary>
    public string? PidFile { get; init; }

    /// <summary>Gives this group (which must be the owner's group) access to the sockets, with setgid on the directory.</summary>
    public string? SetgidGroup { get; init; }

    /// <summary>A TAP name; default the first free `tapN`.</summary>
    public string? TapName { get; init; }

    /// <summary>
    /// Replaces a running switch that only a new daemon can mend (a lost socket or TAP), which disconnects its
    /// clients; without it such a switch is refused. Whether an uplink may move is the uplink's own Force.
    /// </summary>
    public bool Force { get; init; }

    /// <summary>The host's interface to move into the bridge CtysVde creates; null for none.</summary>
    public UplinkRequest? Uplink { get; init; }

    /// <summary>The spec that addresses an existing switch object (also a deserialized one's values).</summary>
    public static SwitchSpec For(VdeSwitch existing) => new()
    {
        Owner = existing.Owner,
        SocketPath = existing.SocketPath,
        ManagementSocket = existing.ManagementSocket,
        PidFile = existing.PidFile,
    };
}
