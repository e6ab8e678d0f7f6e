namespace CtysVde.Core.Vde;

/// <summary>What `showinfo` tells: the daemon's pid, MAC, uptime and management socket with its mode.</summary>
public sealed record SwitchInfoRecord(int ProcessId, string MacAddress, long UptimeSeconds, string? ManagementSocket, string? ManagementMode, string? Version);
