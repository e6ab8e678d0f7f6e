using CtysVde.Core.Model;

namespace CtysVde.Core.Switches;

/// <summary>A capture request checked against its switch, changing nothing: its absolute path, and the plan -WhatIf and `-n` show.</summary>
public sealed record PreparedCapture(ResolvedSwitch Switch, CaptureRequest Request, SwitchPlan Plan);
