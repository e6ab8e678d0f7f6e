using CtysVde.Core.Model;

namespace CtysVde.Core.Switches;

/// <summary>
/// A create request resolved once (<see cref="SwitchManager.Prepare"/>): owner and group looked up, names and
/// paths validated, the bridge found, the uplink's snapshot taken. The plan, -WhatIf and create all use it, so
/// what was shown is what is done.
/// </summary>
/// <param name="Spec">What was asked.</param>
/// <param name="Switch">The switch's names, paths, owner and group.</param>
/// <param name="BridgeName">The bridge the TAP goes on.</param>
/// <param name="BridgeExists">Whether that bridge existed when the request was prepared.</param>
/// <param name="TapName">The TAP asked for; null for the first free tapN.</param>
/// <param name="Uplink">The host interface to move into a new bridge, as asked and as it was seen; null without one.</param>
public sealed record PreparedSwitch(SwitchSpec Spec, ResolvedSwitch Switch, string BridgeName, bool BridgeExists, string? TapName, PreparedUplink? Uplink);
