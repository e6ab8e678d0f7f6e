namespace CtysVde.Core.Model;

/// <summary>One endpoint on a switch port: the switch's TAP, or a client such as QEMU or vde_plug.</summary>
/// <remarks>
/// A class with internal init accessors, not a record: PowerShell's adapter shows every public setter (init ones
/// too) as settable and a record's public &lt;Clone&gt;$ method as a member, and output objects must be read-only.
/// </remarks>
public sealed class VdeEndpoint
{
    /// <summary>
    /// Only the engine makes these (and the command line's JSON reader): PowerShell must not build one from a
    /// property bag, which would turn another host's deserialized object into an empty local one.
    /// </summary>
    internal VdeEndpoint()
    {
    }

    public string SwitchName { get; internal init; } = string.Empty;

    public int Port { get; internal init; }

    public int EndpointId { get; internal init; }

    /// <summary>`tuntap` for the switch's own TAP, `unix prog` for socket clients.</summary>
    public string Module { get; internal init; } = string.Empty;

    /// <summary>The description as the switch shows it, e.g. `QEMU user=root pid=4160`.</summary>
    public string Description { get; internal init; } = string.Empty;

    /// <summary>The client's own name for itself (`QEMU`, `vdeplug:`), without user and pid.</summary>
    public string? Client { get; internal init; }

    public string? ClientUser { get; internal init; }

    public int? ClientProcessId { get; internal init; }

    /// <summary>The TAP's name for a `tuntap` endpoint.</summary>
    public string? TapName { get; internal init; }

    /// <summary>The untagged VLAN of the endpoint's port.</summary>
    public int Vlan { get; internal init; }

    /// <summary>The MAC addresses the switch learned on the endpoint's port.</summary>
    public string[] MacAddresses { get; internal init; } = Array.Empty<string>();

    /// <summary>
    /// The IPv4 and IPv6 addresses that spoke on the endpoint's port (the iplog plugin of every switch CtysVde
    /// starts learns them): for a guest, the addresses it uses; where several endpoints share a port, theirs together.
    /// </summary>
    public string[] IPAddresses { get; internal init; } = Array.Empty<string>();

    /// <summary>The host name, for people; <see cref="HostId"/> is what tells hosts apart.</summary>
    public string HostName { get; internal init; } = string.Empty;

    /// <summary>Which host (machine, boot, network and mount namespace) this object belongs to; see <c>Linux.HostIdentity</c>.</summary>
    public string HostId { get; internal init; } = string.Empty;

    public override string ToString() => $"{SwitchName}:{Port}/{EndpointId}";
}
