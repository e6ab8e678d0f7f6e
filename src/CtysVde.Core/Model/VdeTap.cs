namespace CtysVde.Core.Model;

/// <summary>A TAP interface with its owner, group, bridge and the switch that holds it.</summary>
public sealed record VdeTap
{
    public required string TapName { get; init; }

    public required string HostName { get; init; }

    public string? Owner { get; init; }

    public string? Group { get; init; }

    public string? BridgeName { get; init; }

    /// <summary>The switch whose TAP this is (from the daemon's command line or the TAP's alias).</summary>
    public string? SwitchName { get; init; }

    public bool Up { get; init; }

    public bool Carrier { get; init; }

    public bool Persistent { get; init; }

    public string? MacAddress { get; init; }

    public override string ToString() => TapName;
}
