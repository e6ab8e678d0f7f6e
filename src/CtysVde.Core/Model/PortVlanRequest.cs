namespace CtysVde.Core.Model;

/// <summary>What a port's VLANs are to become; the engine checks every value before it touches the switch.</summary>
public sealed record PortVlanRequest
{
    public required int Port { get; init; }

    public required VdeVlanMode Mode { get; init; }

    /// <summary>The VLAN of an access port (1-4093).</summary>
    public int VlanId { get; init; }

    /// <summary>The VLANs a trunk port carries tagged (each 1-4093); the native VLAN among them stays untagged.</summary>
    public IReadOnlyList<int> AllowedVlanIds { get; init; } = [];

    /// <summary>The untagged VLAN of a trunk port: 0 (the default VLAN) or 1-4093.</summary>
    public int NativeVlanId { get; init; }
}
