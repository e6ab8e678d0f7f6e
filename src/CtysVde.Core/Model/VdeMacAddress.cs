namespace CtysVde.Core.Model;

/// <summary>A learned MAC address in the switch's hash table.</summary>
/// <remarks>
/// A class with internal init accessors, not a record: PowerShell's adapter shows every public setter (init ones
/// too) as settable and a record's public &lt;Clone&gt;$ method as a member, and output objects must be read-only.
/// </remarks>
public sealed class VdeMacAddress
{
    /// <summary>
    /// Only the engine makes these (and the command line's JSON reader): PowerShell must not build one from a
    /// property bag, which would turn another host's deserialized object into an empty local one.
    /// </summary>
    internal VdeMacAddress()
    {
    }

    public string SwitchName { get; internal init; } = string.Empty;

    public string MacAddress { get; internal init; } = string.Empty;

    public int Port { get; internal init; }

    public int Vlan { get; internal init; }

    public long AgeSeconds { get; internal init; }

    /// <summary>The host name, for people; <see cref="HostId"/> is what tells hosts apart.</summary>
    public string HostName { get; internal init; } = string.Empty;

    /// <summary>Which host (machine, boot, network and mount namespace) this object belongs to; see <c>Linux.HostIdentity</c>.</summary>
    public string HostId { get; internal init; } = string.Empty;

    public override string ToString() => MacAddress;
}
