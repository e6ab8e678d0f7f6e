namespace CtysVde.Core.Vde;

/// <summary>
/// A vde_switch that was left out because this caller cannot prove it belongs to this host: its mount
/// namespace cannot be read (only root may read another user's), and its pidfile does not vouch for it.
/// </summary>
public sealed record SkippedSwitchProcess(int ProcessId, string Reason);
