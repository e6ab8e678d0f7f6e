namespace CtysVde.Core.Model;

/// <summary>Whether a switch's daemon runs, or only its leftovers remain.</summary>
public enum SwitchState
{
    /// <summary>A vde_switch process serves the sockets.</summary>
    Running,

    /// <summary>No process: sockets, a pidfile or a TAP of a switch that died remain.</summary>
    Stale,
}
