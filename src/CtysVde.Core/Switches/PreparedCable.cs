using CtysVde.Core.Model;

namespace CtysVde.Core.Switches;

/// <summary>A cable request checked against both switches, changing nothing: its name, its impairment (null: no wirefilter) and the plan.</summary>
public sealed record PreparedCable(ResolvedSwitch Switch, ResolvedSwitch RemoteSwitch, string Name, CableImpairment? Impairment, SwitchPlan Plan);
