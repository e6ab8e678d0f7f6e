namespace CtysVde.Core.Vde;

/// <summary>Which vde_switch program runs, and how long a start, a management answer and a stop may take.</summary>
public sealed record VdeDaemonSettings(string Program, TimeSpan ManagementTimeout, TimeSpan StartTimeout, TimeSpan StopTimeout);
