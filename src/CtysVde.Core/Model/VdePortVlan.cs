using System.Text.Json.Serialization;

namespace CtysVde.Core.Model;

/// <summary>The VLANs of one switch port, as Hyper-V's Get-VMNetworkAdapterVlan shows a network adapter's.</summary>
/// <remarks>
/// A class with internal init accessors, not a record: PowerShell's adapter shows every public setter (init ones
/// too) as settable and a record's public &lt;Clone&gt;$ method as a member, and output objects must be read-only.
/// [JsonInclude] lets the command line read them back from another host's JSON (VdeJsonContext, same assembly).
/// </remarks>
public sealed class VdePortVlan
{
    /// <summary>Only the engine makes these (and the command line's JSON reader).</summary>
    [JsonConstructor]
    internal VdePortVlan()
    {
    }

    [JsonInclude]
    public string SwitchName { get; internal init; } = string.Empty;

    [JsonInclude]
    public int Port { get; internal init; }

    /// <summary>`Untagged`, `Access` or `Trunk` (<see cref="VdeVlanMode"/>); a string, as it arrives after remoting.</summary>
    [JsonInclude]
    public string OperationMode { get; internal init; } = nameof(VdeVlanMode.Untagged);

    /// <summary>The VLAN of an access port; 0 otherwise.</summary>
    [JsonInclude]
    public int AccessVlanId { get; internal init; }

    /// <summary>The untagged VLAN of a trunk port (0: the default VLAN); 0 otherwise.</summary>
    [JsonInclude]
    public int NativeVlanId { get; internal init; }

    /// <summary>The VLANs a trunk port carries tagged, in ascending order; empty otherwise.</summary>
    [JsonInclude]
    public int[] AllowedVlanIdList { get; internal init; } = Array.Empty<int>();

    /// <summary>Whether a client is attached; a port made ready for a guest that has not come yet is inactive.</summary>
    [JsonInclude]
    public bool Active { get; internal init; }

    /// <summary>The host name, for people; <see cref="HostId"/> is what tells hosts apart.</summary>
    [JsonInclude]
    public string HostName { get; internal init; } = string.Empty;

    /// <summary>Which host (machine, boot, network and mount namespace) this object belongs to; see <c>Linux.HostIdentity</c>.</summary>
    [JsonInclude]
    public string HostId { get; internal init; } = string.Empty;

    public override string ToString() => $"{SwitchName}:{Port}";
}
