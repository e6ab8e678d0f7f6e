namespace CtysVde.Core.Vde;

/// <summary>An endpoint line of `port/print`: ` -- endpoint ID 0006 module tuntap      : tap0`.</summary>
public sealed record EndpointRecord(int Id, string Module, string Description)
{
    /// <summary>
    /// The switch's TAP: opened by vde_switch itself (module `tuntap`, as root's switches do), or joined through the
    /// root plug of a switch that runs as its owner (<see cref="TapPlug"/>: `ctysvde tap TAP user=… pid=…`).
    /// </summary>
    public bool IsTap => TapName is not null;

    /// <summary>The TAP's name for a TAP endpoint, else null.</summary>
    public string? TapName => Module == "tuntap" ? Description : TapPlug.TapOf(Description);
}
