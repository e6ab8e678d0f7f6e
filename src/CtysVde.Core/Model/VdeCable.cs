using System.Text.Json.Serialization;

namespace CtysVde.Core.Model;

/// <summary>
/// A cable between two switches, on this host or to a switch on another host over ssh: both ends, its state,
/// its processes and its impairment.
/// </summary>
/// <remarks>Read-only like the other output objects (see <see cref="VdePortVlan"/>).</remarks>
public sealed class VdeCable
{
    /// <summary>Only the engine makes these (and the command line's JSON reader).</summary>
    [JsonConstructor]
    internal VdeCable()
    {
    }

    /// <summary>`SWITCH~OTHER` on one host, `SWITCH~HOST:OTHER` across hosts.</summary>
    [JsonInclude]
    public string Name { get; internal init; } = string.Empty;

    /// <summary>The switch on this host.</summary>
    [JsonInclude]
    public string SwitchName { get; internal init; } = string.Empty;

    /// <summary>The cable's port on <see cref="SwitchName"/>; 0 while it is down.</summary>
    [JsonInclude]
    public int Port { get; internal init; }

    /// <summary>The other switch.</summary>
    [JsonInclude]
    public string RemoteSwitchName { get; internal init; } = string.Empty;

    /// <summary>The other switch's host as the cable reaches it (`[user@]host`); empty on this host.</summary>
    [JsonInclude]
    public string RemoteHost { get; internal init; } = string.Empty;

    /// <summary>The cable's port on the other switch; 0 while it is down or when the other host is not asked.</summary>
    [JsonInclude]
    public int RemotePort { get; internal init; }

    /// <summary>`Up` or `Down`.</summary>
    [JsonInclude]
    public string State { get; internal init; } = "Down";

    /// <summary>Why a cable is down; empty when it is up.</summary>
    [JsonInclude]
    public string Reason { get; internal init; } = string.Empty;

    /// <summary>The cable's dpipe, which leads its process group; null while it is down.</summary>
    [JsonInclude]
    public int? ProcessId { get; internal init; }

    /// <summary>The plug on the other switch (on its host, for a cable across hosts); null while the cable is down or that host is not asked.</summary>
    [JsonInclude]
    public int? RemoteProcessId { get; internal init; }

    /// <summary>The wirefilter in the cable, if it has one.</summary>
    [JsonInclude]
    public int? FilterProcessId { get; internal init; }

    /// <summary>Frames lost each way, in percent.</summary>
    [JsonInclude]
    public double LossPercent { get; internal init; }

    [JsonInclude]
    public int DelayMs { get; internal init; }

    [JsonInclude]
    public int JitterMs { get; internal init; }

    /// <summary>0: no limit.</summary>
    [JsonInclude]
    public int BandwidthKbps { get; internal init; }

    /// <summary>0: vde_switch's own 1500.</summary>
    [JsonInclude]
    public int Mtu { get; internal init; }

    /// <summary>Frames that came in from the cable on <see cref="SwitchName"/>'s port.</summary>
    [JsonInclude]
    public long InPackets { get; internal init; }

    /// <summary>Frames that went out into the cable from <see cref="SwitchName"/>'s port.</summary>
    [JsonInclude]
    public long OutPackets { get; internal init; }

    /// <summary>The host name, for people; <see cref="HostId"/> is what tells hosts apart.</summary>
    [JsonInclude]
    public string HostName { get; internal init; } = string.Empty;

    /// <summary>Which host (machine, boot, network and mount namespace) this object belongs to; see <c>Linux.HostIdentity</c>.</summary>
    [JsonInclude]
    public string HostId { get; internal init; } = string.Empty;

    public override string ToString() => Name;
}
