namespace CtysVde.Core.Model;

/// <summary>A bridge to create, optionally with the host's uplink moved into it.</summary>
public sealed record BridgeSpec
{
    public required string BridgeName { get; init; }

    /// <summary>The host's interface to move in, with its MAC, addresses and routes.</summary>
    public string? Interface { get; init; }

    /// <summary>Moves an uplink that carries the caller's SSH session or the default route.</summary>
    public bool Force { get; init; }

    /// <summary>
    /// Lets CtysVde mark an uplink that NetworkManager manages as unmanaged for as long as the bridge exists
    /// (`nmcli device set IF managed no`); removing the bridge gives it back. Without it such an uplink is refused.
    /// </summary>
    public bool Unmanage { get; init; }

    public string? ProbeTarget { get; init; }

    public TimeSpan? ProbeTimeout { get; init; }
}
