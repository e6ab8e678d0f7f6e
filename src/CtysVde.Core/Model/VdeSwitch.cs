using System.Text.Json.Serialization;

namespace CtysVde.Core.Model;

/// <summary>
/// A per-user VDE switch: the vde_switch daemon, its data-socket directory (whose name is the switch's name),
/// its management socket and its TAP on a bridge. Flat, so it survives remoting serialisation.
/// </summary>
/// <remarks>
/// A class with internal init accessors, not a record: PowerShell's adapter shows every public setter (init ones
/// too) as settable and a record's public &lt;Clone&gt;$ method as a member, and output objects must be read-only.
/// [JsonInclude] lets the command line read them back from another host's JSON (VdeJsonContext, same assembly).
/// </remarks>
public sealed class VdeSwitch
{
    /// <summary>
    /// Only the engine makes these (and the command line's JSON reader): PowerShell must not build one from a
    /// property bag, which would turn another host's deserialized object into an empty local one.
    /// </summary>
    [JsonConstructor]
    internal VdeSwitch()
    {
    }

    /// <summary>The data-socket directory's name, e.g. `vde_switch0.alice`.</summary>
    [JsonInclude]
    public string Name { get; internal init; } = string.Empty;

    /// <summary>The host name, for people; <see cref="HostId"/> is what tells hosts apart.</summary>
    [JsonInclude]
    public string HostName { get; internal init; } = string.Empty;

    /// <summary>Which host (machine, boot, network and mount namespace) this object belongs to; see <c>Linux.HostIdentity</c>.</summary>
    [JsonInclude]
    public string HostId { get; internal init; } = string.Empty;

    /// <summary>`Running` or `Stale` (a <see cref="SwitchState"/> name; a string so that ConvertTo-Json and --json agree).</summary>
    [JsonInclude]
    public string State { get; internal init; } = string.Empty;

    [JsonInclude]
    public string Owner { get; internal init; } = string.Empty;

    [JsonInclude]
    public string Group { get; internal init; } = string.Empty;

    [JsonInclude]
    public int? ProcessId { get; internal init; }

    [JsonInclude]
    public string? TapName { get; internal init; }

    [JsonInclude]
    public string? BridgeName { get; internal init; }

    /// <summary>The data-socket directory QEMU connects to (`-netdev vde,sock=…`).</summary>
    [JsonInclude]
    public string SocketPath { get; internal init; } = string.Empty;

    [JsonInclude]
    public string? ManagementSocket { get; internal init; }

    [JsonInclude]
    public string? PidFile { get; internal init; }

    /// <summary>The data-socket directory's mode as `ls -l` prints it.</summary>
    [JsonInclude]
    public string? Access { get; internal init; }

    /// <summary>The switch's own MAC address, from `showinfo` (null when not queried).</summary>
    [JsonInclude]
    public string? MacAddress { get; internal init; }

    [JsonInclude]
    public long? UptimeSeconds { get; internal init; }

    [JsonInclude]
    public string? Version { get; internal init; }

    /// <summary>How many ports it was started with (vde_switch -n, default 32); QEMU's port=N must be below it.</summary>
    [JsonInclude]
    public int? NumPorts { get; internal init; }

    /// <summary>Per-endpoint data sockets (`NNN.FD`) in the socket directory.</summary>
    [JsonInclude]
    public string[] PortSockets { get; internal init; } = Array.Empty<string>();

    /// <summary>Artefacts with no live owner: stale sockets, pidfiles without process, orphan TAPs.</summary>
    [JsonInclude]
    public string[] Leftovers { get; internal init; } = Array.Empty<string>();

    /// <summary>A copy with what the management socket told (a record's `with`, which the class cannot have).</summary>
    internal VdeSwitch WithManagementInfo(string? macAddress, long? uptimeSeconds, string? version) => new()
    {
        Name = Name,
        HostName = HostName,
        HostId = HostId,
        State = State,
        Owner = Owner,
        Group = Group,
        ProcessId = ProcessId,
        TapName = TapName,
        BridgeName = BridgeName,
        SocketPath = SocketPath,
        ManagementSocket = ManagementSocket,
        PidFile = PidFile,
        Access = Access,
        MacAddress = macAddress,
        UptimeSeconds = uptimeSeconds,
        Version = version,
        NumPorts = NumPorts,
        PortSockets = PortSockets,
        Leftovers = Leftovers,
    };

    public override string ToString() => Name;
}
