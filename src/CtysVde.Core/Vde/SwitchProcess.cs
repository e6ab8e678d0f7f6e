namespace CtysVde.Core.Vde;

/// <summary>A running vde_switch as its command line describes it.</summary>
public sealed record SwitchProcess(int ProcessId, uint Uid, string? SocketPath, string? ManagementSocket, string? TapName, string? PidFile);
