namespace CtysVde.Tests.Support;

/// <summary>An object arriving in the pipeline: its .NET type (null for a property bag) and its properties.</summary>
public sealed record PipelineInput(Type? Type, IReadOnlyDictionary<string, string> PropertyTypes, string Description)
{
    /// <summary>A live object of <paramref name="type"/>, as a local cmdlet emits it.</summary>
    public static PipelineInput Typed(Type type) =>
        new(type, type.GetProperties().ToDictionary(p => p.Name, p => p.PropertyType.FullName!, StringComparer.OrdinalIgnoreCase), type.Name);

    /// <summary>
    /// The same object after remoting serialization (Invoke-Command -HostName): a PSObject property bag typed
    /// `Deserialized.…`. Primitive values keep their type, arrays become ArrayList, and PSComputerName,
    /// RunspaceId and PSShowComputerName are added.
    /// </summary>
    public static PipelineInput Deserialized(Type type)
    {
        var props = type.GetProperties().ToDictionary(
            p => p.Name,
            p => p.PropertyType.IsArray ? "System.Collections.ArrayList" : p.PropertyType.FullName!,
            StringComparer.OrdinalIgnoreCase);
        props["PSComputerName"] = "System.String";
        props["RunspaceId"] = "System.Guid";
        props["PSShowComputerName"] = "System.Boolean";
        return new PipelineInput(null, props, $"Deserialized.{type.FullName}");
    }
}
