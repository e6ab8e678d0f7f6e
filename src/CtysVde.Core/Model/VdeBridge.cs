namespace CtysVde.Core.Model;

/// <summary>A Linux bridge with its members and the VDE switches whose TAPs hang off it.</summary>
public sealed record VdeBridge
{
    public required string BridgeName { get; init; }

    public required string HostName { get; init; }

    public string[] Members { get; init; } = Array.Empty<string>();

    /// <summary>The host interface CtysVde moved into this bridge (it gets its addresses back when the bridge goes).</summary>
    public string? Uplink { get; init; }

    /// <summary>The bridge's IP addresses with prefix length (link-local IPv6 left out).</summary>
    public string[] Addresses { get; init; } = Array.Empty<string>();

    public string[] Switches { get; init; } = Array.Empty<string>();

    /// <summary>True when CtysVde created this bridge (it carries CtysVde's alias) and may remove it.</summary>
    public bool CreatedByCtysVde { get; init; }

    public bool Up { get; init; }

    public bool StpEnabled { get; init; }

    public string? MacAddress { get; init; }

    public override string ToString() => BridgeName;
}
