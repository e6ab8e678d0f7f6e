using System.Text.Json.Serialization;

namespace CtysVde.Core.Model;

/// <summary>A packet capture of a switch (or of one of its ports) into a pcap file, running or just stopped.</summary>
/// <remarks>Read-only like the other output objects (see <see cref="VdePortVlan"/>).</remarks>
public sealed class VdeCapture
{
    /// <summary>Only the engine makes these (and the command line's JSON reader).</summary>
    [JsonConstructor]
    internal VdeCapture()
    {
    }

    [JsonInclude]
    public string SwitchName { get; internal init; } = string.Empty;

    /// <summary>The port whose frames the capture keeps; 0 for every frame of the switch.</summary>
    [JsonInclude]
    public int Port { get; internal init; }

    /// <summary>The pcap file, owned by the switch's owner.</summary>
    [JsonInclude]
    public string Path { get; internal init; } = string.Empty;

    /// <summary>`Running`, or `Stopped` once the file is complete.</summary>
    [JsonInclude]
    public string State { get; internal init; } = "Running";

    /// <summary>The switch's owner, who owns the file.</summary>
    [JsonInclude]
    public string Owner { get; internal init; } = string.Empty;

    /// <summary>When the capture started (UTC); the file's first frame is no older.</summary>
    [JsonInclude]
    public DateTime StartTime { get; internal init; }

    /// <summary>The file's size in bytes.</summary>
    [JsonInclude]
    public long Length { get; internal init; }

    /// <summary>The frames in the file once it is stopped; null while it runs (the file still holds the switch's copies of each frame then).</summary>
    [JsonInclude]
    public int? FrameCount { get; internal init; }

    /// <summary>The host name, for people; <see cref="HostId"/> is what tells hosts apart.</summary>
    [JsonInclude]
    public string HostName { get; internal init; } = string.Empty;

    /// <summary>Which host (machine, boot, network and mount namespace) this object belongs to; see <c>Linux.HostIdentity</c>.</summary>
    [JsonInclude]
    public string HostId { get; internal init; } = string.Empty;

    public override string ToString() => Path;
}
