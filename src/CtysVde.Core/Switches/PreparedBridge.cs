using CtysVde.Core.Model;

namespace CtysVde.Core.Switches;

/// <summary>
/// A New-VdeBridge request resolved once (<see cref="SwitchManager.PrepareBridge"/>): the name checked, whether
/// CtysVde's bridge exists already, the uplink's snapshot taken. Plan and create both use it.
/// </summary>
public sealed record PreparedBridge(BridgeSpec Spec, bool Exists, PreparedUplink? Uplink);
