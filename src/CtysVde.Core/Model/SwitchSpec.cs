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

    /// <summary>The host's interface to move into the bridge CtysVde creates, with its MAC, addresses and routes.</summary>
    public string? Interface { get; init; }

    /// <summary>Moves an uplink that carries the caller's SSH session or the default route.</summary>
    public bool Force { get; init; }

    /// <summary>
    /// Lets CtysVde mark an uplink that NetworkManager manages as unmanaged for as long as the bridge exists
    /// (`nmcli device set IF managed no`); removing the bridge gives it back. Without it such an uplink is refused.
    /// </summary>
    public bool Unmanage { get; init; }

    /// <summary>What must answer a ping after the uplink moved; default the default gateway.</summary>
    public string? ProbeTarget { get; init; }

    /// <summary>How long the probe may take before the move is rolled back; default 5 seconds.</summary>
    public TimeSpan? ProbeTimeout { get; init; }

    /// <summary>The spec that addresses an existing switch object (also a deserialized one's values).</summary>
    public static SwitchSpec For(VdeSwitch existing) => new()
    {
        Owner = existing.Owner,
        SocketPath = existing.SocketPath,
        ManagementSocket = existing.ManagementSocket,
        PidFile = existing.PidFile,
    };
}
