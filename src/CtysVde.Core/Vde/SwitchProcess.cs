namespace CtysVde.Core.Vde;

/// <summary>A running vde_switch as its command line describes it.</summary>
/// <param name="NumPorts">The -n (--numports) it was started with; null when it was not given (then it has <see cref="DefaultNumPorts"/>).</param>
public sealed record SwitchProcess(int ProcessId, uint Uid, string? SocketPath, string? ManagementSocket, string? TapName, string? PidFile, int? NumPorts = null)
{
    /// <summary>vde_switch 2.3.2's number of ports when -n is not given (`vde_switch --help`: "default 32").</summary>
    public const int DefaultNumPorts = 32;

    /// <summary>Where root writes the pidfile of a switch that runs as its owner (and, by default, where root's own write theirs).</summary>
    public const string PidFileDirectory = "/var/run";

    /// <summary>
    /// The switch's pidfile: the one its command line names, or for a switch that runs as its owner (which cannot
    /// write root's directory, so CtysVde starts it without one and writes it itself) the seed's place for it.
    /// </summary>
    public string? EffectivePidFile => PidFile ?? (Uid != 0 && ManagementSocket is { } m ? $"{PidFileDirectory}/{Path.GetFileName(m)}" : null);
}
