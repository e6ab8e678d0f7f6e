namespace CtysVde.Core.Model;

/// <summary>
/// A per-user VDE switch: the vde_switch daemon, its data-socket directory (whose name is the switch's name),
/// its management socket and its TAP on a bridge. Flat, so it survives remoting serialisation.
/// </summary>
public sealed record VdeSwitch
{
    /// <summary>The data-socket directory's name, e.g. `vde_switch0.alice`.</summary>
    public required string Name { get; init; }

    public required string HostName { get; init; }

    public required SwitchState State { get; init; }

    public required string Owner { get; init; }

    public required string Group { get; init; }

    public int? ProcessId { get; init; }

    public string? TapName { get; init; }

    public string? BridgeName { get; init; }

    /// <summary>The data-socket directory QEMU connects to (`-netdev vde,sock=…`).</summary>
    public required string SocketPath { get; init; }

    public string? ManagementSocket { get; init; }

    public string? PidFile { get; init; }

    /// <summary>The data-socket directory's mode as `ls -l` prints it.</summary>
    public string? Access { get; init; }

    /// <summary>The switch's own MAC address, from `showinfo` (null when not queried).</summary>
    public string? MacAddress { get; init; }

    public long? UptimeSeconds { get; init; }

    public string? Version { get; init; }

    public int? NumPorts { get; init; }

    /// <summary>Per-endpoint data sockets (`NNN.FD`) in the socket directory.</summary>
    public string[] PortSockets { get; init; } = Array.Empty<string>();

    /// <summary>Artefacts with no live owner: stale sockets, pidfiles without process, orphan TAPs.</summary>
    public string[] Leftovers { get; init; } = Array.Empty<string>();

    public override string ToString() => Name;
}
