namespace CtysVde.Core.Vde;

/// <summary>A port as `port/print` describes it, before it is joined with the switch's identity.</summary>
public sealed record PortRecord(
    int Port,
    int Vlan,
    bool Active,
    string CurrentUser,
    string AccessUser,
    string AccessGroup,
    long InPackets,
    long InBytes,
    long OutPackets,
    long OutBytes,
    IReadOnlyList<EndpointRecord> Endpoints);
