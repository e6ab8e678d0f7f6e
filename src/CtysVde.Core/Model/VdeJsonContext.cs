using System.Text.Json.Serialization;

namespace CtysVde.Core.Model;

/// <summary>
/// Source-generated JSON of the objects (Native AOT has no reflection), with the property names the cmdlets'
/// objects have. It lives beside the model because only code in this assembly may use the models' internal
/// init accessors, which the command line needs to read another host's answer back.
/// </summary>
[JsonSourceGenerationOptions(WriteIndented = true, UseStringEnumConverter = true)]
[JsonSerializable(typeof(VdeSwitch))]
[JsonSerializable(typeof(VdeSwitch[]))]
[JsonSerializable(typeof(VdePort[]))]
[JsonSerializable(typeof(VdePortVlan[]))]
[JsonSerializable(typeof(VdeCapture[]))]
[JsonSerializable(typeof(VdeCapture))]
[JsonSerializable(typeof(VdeCable[]))]
[JsonSerializable(typeof(VdeCable))]
[JsonSerializable(typeof(VdePortVlan))]
[JsonSerializable(typeof(VdeHealth[]))]
[JsonSerializable(typeof(SwitchPlan))]
[JsonSerializable(typeof(RemoveResult))]
[JsonSerializable(typeof(RemoveResult[]))]
[JsonSerializable(typeof(SwitchPlan[]))]
public sealed partial class VdeJsonContext : JsonSerializerContext
{
}
