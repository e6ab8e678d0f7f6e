namespace CtysVde.Core.Model;

/// <summary>A capture to start; the engine checks the path and the port before it touches the switch.</summary>
public sealed record CaptureRequest
{
    /// <summary>The pcap file to create: an absolute path whose name is free.</summary>
    public required string Path { get; init; }

    /// <summary>The one port whose frames to keep; 0 for every frame of the switch.</summary>
    public int Port { get; init; }
}
