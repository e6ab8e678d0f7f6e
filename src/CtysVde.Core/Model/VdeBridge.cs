namespace CtysVde.Core.Model;

/// <summary>A Linux bridge with its members and the VDE switches whose TAPs hang off it.</summary>
/// <remarks>
/// A class with internal init accessors, not a record: PowerShell's adapter shows every public setter (init ones
/// too) as settable and a record's public &lt;Clone&gt;$ method as a member, and output objects must be read-only.
/// </remarks>
public sealed class VdeBridge
{
    /// <summary>
    /// Only the engine makes these (and the command line's JSON reader): PowerShell must not build one from a
    /// property bag, which would turn another host's deserialized object into an empty local one.
    /// </summary>
    internal VdeBridge()
    {
    }

    public string BridgeName { get; internal init; } = string.Empty;

    /// <summary>The host name, for people; <see cref="HostId"/> is what tells hosts apart.</summary>
    public string HostName { get; internal init; } = string.Empty;

    /// <summary>Which host (machine, boot, network and mount namespace) this object belongs to; see <c>Linux.HostIdentity</c>.</summary>
    public string HostId { get; internal init; } = string.Empty;

    public string[] Members { get; internal init; } = Array.Empty<string>();

    /// <summary>The host interface CtysVde moved into this bridge (it gets its addresses back when the bridge goes).</summary>
    public string? Uplink { get; internal init; }

    /// <summary>The bridge's IP addresses with prefix length (link-local IPv6 left out).</summary>
    public string[] Addresses { get; internal init; } = Array.Empty<string>();

    public string[] Switches { get; internal init; } = Array.Empty<string>();

    /// <summary>True when CtysVde created this bridge (it carries CtysVde's alias) and may remove it.</summary>
    public bool CreatedByCtysVde { get; internal init; }

    public bool Up { get; internal init; }

    public bool StpEnabled { get; internal init; }

    public string? MacAddress { get; internal init; }

    public override string ToString() => BridgeName;
}
