using System.Text.RegularExpressions;
using System.Xml.Linq;
using CtysVde.Core.Errors;

namespace CtysVde.HelpBuilder;

/// <summary>The compiler's XML documentation file: summaries, remarks, examples and error tags by member id.</summary>
public sealed partial class XmlDocumentation
{
    private readonly Dictionary<string, XElement> _members;

    public XmlDocumentation(string path)
    {
        _members = XDocument.Load(path).Root!.Element("members")!.Elements("member")
            .ToDictionary(m => (string)m.Attribute("name")!, StringComparer.Ordinal);
    }

    public string? Summary(string id) => Text(Member(id)?.Element("summary"));

    public string? Remarks(string id) => Text(Member(id)?.Element("remarks"));

    public IReadOnlyList<(string Code, string Remarks)> Examples(string id) =>
        Member(id)?.Elements("example").Select(e => (Code(e.Element("code")), Text(e.Element("para")) ?? string.Empty)).ToArray() ?? [];

    /// <summary>The error ids a cmdlet documents with `&lt;error id="…"/&gt;`.</summary>
    public IReadOnlyList<string> ErrorIds(string id) =>
        Member(id)?.Elements("error").Select(e => (string)e.Attribute("id")!).ToArray() ?? [];

    private XElement? Member(string id) => _members.GetValueOrDefault(id);

    /// <summary>
    /// An example's code as written: its lines kept (a multi-line example must stay runnable when pasted) and
    /// the indentation the doc comment and the compiler added taken off.
    /// </summary>
    private static string Code(XElement? element)
    {
        var lines = (element?.Value ?? string.Empty).Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n')
            .Select(l => l.TrimEnd()).SkipWhile(l => l.Length == 0).Reverse().SkipWhile(l => l.Length == 0).Reverse().ToArray();
        var indent = lines.Where(l => l.Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return string.Join("\n", lines.Select(l => l.Length >= indent ? l[indent..] : l));
    }

    private static string? Text(XElement? element)
    {
        if (element is null)
        {
            return null;
        }

        var text = string.Concat(element.Nodes().Select(n => n switch
        {
            XText t => t.Value,
            XElement { Name.LocalName: "see" or "seealso" } e => ((string?)e.Attribute("cref") ?? (string?)e.Attribute("langword") ?? string.Empty).Split('.').Last(),
            XElement { Name.LocalName: "paramref" or "typeparamref" } e => (string?)e.Attribute("name") ?? string.Empty,
            XElement e => e.Value,
            _ => string.Empty,
        }));
        return Spaces().Replace(text, " ").Trim();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
