using System.Text.Json.Serialization;
using CtysVde.Core.Model;
using CtysVde.Core.Switches;

namespace CtysVde.Cli;

/// <summary>Source-generated JSON (Native AOT has no reflection); property names equal the cmdlets' objects.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, UseStringEnumConverter = true)]
[JsonSerializable(typeof(VdeSwitch))]
[JsonSerializable(typeof(VdeSwitch[]))]
[JsonSerializable(typeof(VdePort[]))]
[JsonSerializable(typeof(VdeHealth[]))]
[JsonSerializable(typeof(SwitchPlan))]
[JsonSerializable(typeof(RemoveResult))]
[JsonSerializable(typeof(RemoveResult[]))]
[JsonSerializable(typeof(SwitchPlan[]))]
internal sealed partial class CliJsonContext : JsonSerializerContext
{
}
