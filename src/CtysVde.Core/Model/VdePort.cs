namespace CtysVde.Core.Model;

/// <summary>A port of a vde_switch with its counters, its endpoints and the MAC addresses learned on it.</summary>
public sealed record VdePort
{
    public required string SwitchName { get; init; }

    public required int Port { get; init; }

    public required string HostName { get; init; }

    public int Vlan { get; init; }

    public bool Active { get; init; }

    /// <summary>The owner of the client's socket (`NONE` for a TAP endpoint).</summary>
    public string? CurrentUser { get; init; }

    public string? AccessUser { get; init; }

    public string? AccessGroup { get; init; }

    public long InPackets { get; init; }

    public long InBytes { get; init; }

    public long OutPackets { get; init; }

    public long OutBytes { get; init; }

    /// <summary>One line per endpoint: `ID module: description`.</summary>
    public string[] Endpoints { get; init; } = Array.Empty<string>();

    public int[] ClientProcessIds { get; init; } = Array.Empty<int>();

    public string[] MacAddresses { get; init; } = Array.Empty<string>();

    public override string ToString() => $"{SwitchName}:{Port}";
}
