using System.Text.Json;

namespace CtysVde.Tests.Support;

/// <summary>JSON written by different serialisers (PowerShell's ConvertTo-Json, System.Text.Json) in one canonical text per value.</summary>
public static class JsonCanonical
{
    /// <summary>Each top-level property of an object with its canonical value, in document order.</summary>
    public static IReadOnlyList<(string Name, string Value)> Properties(JsonElement obj) =>
        obj.EnumerateObject().Select(p => (p.Name, Of(p.Value))).ToArray();

    /// <summary>The value as canonical JSON: no white space, strings re-escaped the same way, numbers as written.</summary>
    public static string Of(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "{" + string.Join(",", value.EnumerateObject().Select(p => $"{JsonSerializer.Serialize(p.Name)}:{Of(p.Value)}")) + "}",
        JsonValueKind.Array => "[" + string.Join(",", value.EnumerateArray().Select(Of)) + "]",
        JsonValueKind.String => JsonSerializer.Serialize(value.GetString()),
        _ => value.GetRawText(),
    };

    /// <summary>A JSON document's elements: the array's items, or the single object as a one-item list.</summary>
    public static IReadOnlyList<JsonElement> Items(JsonDocument doc) =>
        doc.RootElement.ValueKind == JsonValueKind.Array ? doc.RootElement.EnumerateArray().ToArray() : [doc.RootElement];
}
