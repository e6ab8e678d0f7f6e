using System.Text.Json.Serialization;

namespace CtysVde.Core.Model;

/// <summary>A port of a vde_switch with its counters, its endpoints and the MAC addresses learned on it.</summary>
/// <remarks>
/// A class with internal init accessors, not a record: PowerShell's adapter shows every public setter (init ones
/// too) as settable and a record's public &lt;Clone&gt;$ method as a member, and output objects must be read-only.
/// [JsonInclude] lets the command line read them back from another host's JSON (VdeJsonContext, same assembly).
/// </remarks>
public sealed class VdePort
{
    /// <summary>
    /// Only the engine makes these (and the command line's JSON reader): PowerShell must not build one from a
    /// property bag, which would turn another host's deserialized object into an empty local one.
    /// </summary>
    [JsonConstructor]
    internal VdePort()
    {
    }

    [JsonInclude]
    public string SwitchName { get; internal init; } = string.Empty;

    [JsonInclude]
    public int Port { get; internal init; }

    /// <summary>The host name, for people; <see cref="HostId"/> is what tells hosts apart.</summary>
    [JsonInclude]
    public string HostName { get; internal init; } = string.Empty;

    /// <summary>Which host (machine, boot, network and mount namespace) this object belongs to; see <c>Linux.HostIdentity</c>.</summary>
    [JsonInclude]
    public string HostId { get; internal init; } = string.Empty;

    /// <summary>The port's untagged VLAN (0: the default VLAN).</summary>
    [JsonInclude]
    public int Vlan { get; internal init; }

    /// <summary>The VLANs the port carries tagged (a trunk), in ascending order.</summary>
    [JsonInclude]
    public int[] TaggedVlans { get; internal init; } = Array.Empty<int>();

    [JsonInclude]
    public bool Active { get; internal init; }

    /// <summary>The owner of the client's socket (`NONE` for a TAP endpoint).</summary>
    [JsonInclude]
    public string? CurrentUser { get; internal init; }

    [JsonInclude]
    public string? AccessUser { get; internal init; }

    [JsonInclude]
    public string? AccessGroup { get; internal init; }

    [JsonInclude]
    public long InPackets { get; internal init; }

    [JsonInclude]
    public long InBytes { get; internal init; }

    [JsonInclude]
    public long OutPackets { get; internal init; }

    [JsonInclude]
    public long OutBytes { get; internal init; }

    /// <summary>One line per endpoint: `ID module: description`.</summary>
    [JsonInclude]
    public string[] Endpoints { get; internal init; } = Array.Empty<string>();

    [JsonInclude]
    public int[] ClientProcessIds { get; internal init; } = Array.Empty<int>();

    [JsonInclude]
    public string[] MacAddresses { get; internal init; } = Array.Empty<string>();

    /// <summary>The IPv4 and IPv6 addresses that spoke on the port, as the switch's iplog plugin learned them.</summary>
    [JsonInclude]
    public string[] IPAddresses { get; internal init; } = Array.Empty<string>();

    public override string ToString() => $"{SwitchName}:{Port}";
}
