namespace CtysVde.Core.Model;

/// <summary>A bridge to create, optionally with the host's uplink moved into it.</summary>
public sealed record BridgeSpec
{
    public required string BridgeName { get; init; }

    /// <summary>The host's interface to move in; null for a bridge without uplink.</summary>
    public UplinkRequest? Uplink { get; init; }
}
