namespace CtysVde.Core.Model;

/// <summary>One endpoint on a switch port: the switch's TAP, or a client such as QEMU or vde_plug.</summary>
public sealed record VdeEndpoint
{
    public required string SwitchName { get; init; }

    public required int Port { get; init; }

    public required int EndpointId { get; init; }

    /// <summary>`tuntap` for the switch's own TAP, `unix prog` for socket clients.</summary>
    public required string Module { get; init; }

    /// <summary>The description as the switch shows it, e.g. `QEMU user=root pid=4160`.</summary>
    public required string Description { get; init; }

    /// <summary>The client's own name for itself (`QEMU`, `vdeplug:`), without user and pid.</summary>
    public string? Client { get; init; }

    public string? ClientUser { get; init; }

    public int? ClientProcessId { get; init; }

    /// <summary>The TAP's name for a `tuntap` endpoint.</summary>
    public string? TapName { get; init; }

    public override string ToString() => $"{SwitchName}:{Port}/{EndpointId}";
}
