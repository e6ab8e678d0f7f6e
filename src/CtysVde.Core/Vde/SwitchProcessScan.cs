namespace CtysVde.Core.Vde;

/// <summary>The vde_switch daemons of this host, and those left out because they could not be placed.</summary>
public sealed record SwitchProcessScan(IReadOnlyList<SwitchProcess> Switches, IReadOnlyList<SkippedSwitchProcess> Skipped);
