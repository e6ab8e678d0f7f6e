namespace CtysVde.Core.Model;

/// <summary>
/// The host's interface to move into a bridge CtysVde creates, and how the move may go: one record for what a
/// switch's create and a bridge's creation both take, so that the two cannot drift apart.
/// </summary>
public sealed record UplinkRequest
{
    /// <summary>The host's interface to move into the bridge, with its MAC, addresses and routes.</summary>
    public required string Interface { get; init; }

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
}
