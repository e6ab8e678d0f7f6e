namespace CtysVde.Core.Model;

/// <summary>A TAP interface with its owner, group, bridge and the switch that holds it.</summary>
/// <remarks>
/// A class with internal init accessors, not a record: PowerShell's adapter shows every public setter (init ones
/// too) as settable and a record's public &lt;Clone&gt;$ method as a member, and output objects must be read-only.
/// </remarks>
public sealed class VdeTap
{
    /// <summary>
    /// Only the engine makes these (and the command line's JSON reader): PowerShell must not build one from a
    /// property bag, which would turn another host's deserialized object into an empty local one.
    /// </summary>
    internal VdeTap()
    {
    }

    public string TapName { get; internal init; } = string.Empty;

    /// <summary>The host name, for people; <see cref="HostId"/> is what tells hosts apart.</summary>
    public string HostName { get; internal init; } = string.Empty;

    /// <summary>Which host (machine, boot, network and mount namespace) this object belongs to; see <c>Linux.HostIdentity</c>.</summary>
    public string HostId { get; internal init; } = string.Empty;

    public string? Owner { get; internal init; }

    public string? Group { get; internal init; }

    public string? BridgeName { get; internal init; }

    /// <summary>The switch whose TAP this is (from the daemon's command line or the TAP's alias).</summary>
    public string? SwitchName { get; internal init; }

    public bool Up { get; internal init; }

    public bool Carrier { get; internal init; }

    public bool Persistent { get; internal init; }

    public string? MacAddress { get; internal init; }

    public override string ToString() => TapName;
}
