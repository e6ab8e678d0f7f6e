using CtysVde.Core.Vde;

namespace CtysVde.Core.Switches;

/// <summary>
/// One path of a requested switch that another vde_switch holds: its command line names it, or (for the
/// management socket) it is the one answering there. <paramref name="Holder"/> is null when only the pid is
/// known (a switch that answers on the socket but whose command line is not seen here).
/// </summary>
internal sealed record ForeignClaim(string What, string Path, int ProcessId, SwitchProcess? Holder)
{
    public const string DataSocket = "data socket";
    public const string ManagementSocket = "management socket";
    public const string PidFile = "pidfile";

    /// <summary>The switch that holds the path, for messages: its name, pid and sockets.</summary>
    public string HolderText => Describe(ProcessId, Holder);

    /// <summary>A daemon as messages name it: its switch's name, its pid and both its sockets.</summary>
    public static string Describe(int pid, SwitchProcess? p) => p is null
        ? $"vde_switch pid {pid}"
        : $"switch {SwitchPaths.NameOf(SwitchDescriber.SocketOf(p))} (vde_switch pid {pid}; data socket {SwitchDescriber.SocketOf(p)}, management socket {p.ManagementSocket ?? "none"})";
}
