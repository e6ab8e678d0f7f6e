namespace CtysVde.Core.Model;

/// <summary>A learned MAC address in the switch's hash table.</summary>
public sealed record VdeMacAddress
{
    public required string SwitchName { get; init; }

    public required string MacAddress { get; init; }

    public required int Port { get; init; }

    public int Vlan { get; init; }

    public long AgeSeconds { get; init; }

    public required string HostName { get; init; }

    public override string ToString() => MacAddress;
}
