using CtysVde.Core.Model;

namespace CtysVde.Core.Switches;

/// <summary>
/// A VLAN request checked against its switch, changing nothing: the port's untagged VLAN and tagged VLANs to
/// be, and the plan that -WhatIf and `-n` show. Setting it reads the switch again, since it may have changed.
/// </summary>
public sealed record PreparedPortVlan(ResolvedSwitch Switch, PortVlanRequest Request, int Untagged, IReadOnlyList<int> Tagged, SwitchPlan Plan);
