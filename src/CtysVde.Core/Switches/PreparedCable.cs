using CtysVde.Core.Model;
using CtysVde.Core.Remote;

namespace CtysVde.Core.Switches;

/// <summary>
/// A cable request checked against both switches, changing nothing: its name, its impairment (null: no wirefilter)
/// and the plan. The other switch is on this host, or on <see cref="RemoteHost"/> (where <see cref="RemoteSocketPath"/> is its socket,
/// and <see cref="RemoteHostId"/> the id that host gave).
/// </summary>
public sealed record PreparedCable(ResolvedSwitch Switch, string RemoteSwitchName, string RemoteSocketPath, RemoteTarget? RemoteHost, string Name, CableImpairment? Impairment, SwitchPlan Plan, string RemoteHostId = "");
