namespace CtysVde.Core.Vde;

/// <summary>An endpoint line of `port/print`: ` -- endpoint ID 0006 module tuntap      : tap0`.</summary>
public sealed record EndpointRecord(int Id, string Module, string Description)
{
    public bool IsTap => Module == "tuntap";
}
