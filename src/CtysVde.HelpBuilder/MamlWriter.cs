using System.Xml.Linq;
using CtysVde.Core.Errors;
using CtysVde.Core.Switches;

namespace CtysVde.HelpBuilder;

/// <summary>
/// Writes MAML (`CtysVde.dll-Help.xml`) from the cmdlets' attributes and XML documentation, so syntax,
/// pipeline input, positions and wildcards in the help cannot drift from what the binder does.
/// </summary>
public static class MamlWriter
{
    private static readonly XNamespace Msh = "http://msh";
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    private static readonly (string Name, string Description)[] ShouldProcessParameters =
    [
        ("WhatIf", "Shows what would happen if the cmdlet runs. The cmdlet is not run."),
        ("Confirm", "Prompts you for confirmation before running the cmdlet."),
    ];

    public static XDocument Write(IEnumerable<CmdletDescription> cmdlets, XmlDocumentation docs) =>
        new(new XDeclaration("1.0", "utf-8", null),
            new XElement(Msh + "helpItems", new XAttribute("schema", "maml"), cmdlets.Select(c => CommandElement(c, docs))));

    /// <summary>A documented error id that the catalog does not know is a build error, not a silent gap.</summary>
    public static IEnumerable<string> UnknownErrorIds(IEnumerable<CmdletDescription> cmdlets, XmlDocumentation docs) =>
        cmdlets.SelectMany(c => docs.ErrorIds(TypeId(c))).Where(id => ErrorCatalog.All.All(e => e.Id != id)).Distinct();

    public static string TypeId(CmdletDescription c) => $"T:{c.Type.FullName}";

    private static XElement CommandElement(CmdletDescription c, XmlDocumentation docs)
    {
        var id = TypeId(c);
        return new XElement(Command + "command",
            new XAttribute(XNamespace.Xmlns + "maml", Maml),
            new XAttribute(XNamespace.Xmlns + "command", Command),
            new XAttribute(XNamespace.Xmlns + "dev", Dev),
            new XElement(Command + "details",
                new XElement(Command + "name", c.Name),
                Description(docs.Summary(id)),
                new XElement(Command + "verb", c.Verb),
                new XElement(Command + "noun", c.Noun)),
            Description(docs.Remarks(id)),
            new XElement(Command + "syntax", c.ParameterSets.Select(set => SyntaxItem(c, set))),
            new XElement(Command + "parameters",
                c.Parameters.Select(p => ParameterElement(p, p.Sets[0], docs.Summary(p.DocumentationId)))
                    .Concat(c.SupportsShouldProcess ? ShouldProcessParameters.Select(s => SwitchElement(s.Name, s.Description)) : [])),
            new XElement(Command + "inputTypes", InputTypes(c).Select(t => new XElement(Command + "inputType",
                TypeElement(t.Type), Description(t.Description)))),
            new XElement(Command + "returnValues", c.OutputTypes.Select(o => new XElement(Command + "returnValue",
                TypeElement(o.Type.FullName!), Description(ReturnDescription(o.Type))))),
            new XElement(Maml + "alertSet", new XElement(Maml + "alert",
                Para("Errors this cmdlet reports (FullyQualifiedErrorId starts with the id):"),
                docs.ErrorIds(id).Select(e => ErrorCatalog.Get(e)).Select(e => Para($"{e.Id} ({e.Category}): {e.Meaning}")))),
            new XElement(Command + "examples", docs.Examples(id).Select((e, i) => new XElement(Command + "example",
                new XElement(Maml + "title", $"-------------------------- Example {i + 1} --------------------------"),
                new XElement(Dev + "code", e.Code),
                // The empty paragraph is the blank line Get-Help shows between one example and the next.
                new XElement(Dev + "remarks", Para(e.Remarks), Para(string.Empty))))),
            new XElement(Command + "relatedLinks",
                // Get-Help -Online opens the first related link that has a uri: the same page as the cmdlet's HelpUri.
                c.HelpUri is null ? null : new XElement(Maml + "navigationLink",
                    new XElement(Maml + "linkText", "Online version:"),
                    new XElement(Maml + "uri", c.HelpUri)),
                new XElement(Maml + "navigationLink",
                    new XElement(Maml + "linkText", "about_CtysVde"),
                    new XElement(Maml + "uri"))));
    }

    private static XElement SyntaxItem(CmdletDescription c, string set) =>
        new(Command + "syntaxItem",
            new XElement(Maml + "name", c.Name),
            c.InSet(set).OrderBy(p => p.Entry.Position ?? int.MaxValue).Select(p => ParameterElement(p.Parameter, p.Entry, null)),
            c.SupportsShouldProcess ? ShouldProcessParameters.Select(s => SwitchElement(s.Name, null)) : []);

    private static XElement ParameterElement(CmdletParameter p, ParameterSetEntry entry, string? description) =>
        new(Command + "parameter",
            new XAttribute("required", entry.Mandatory ? "true" : "false"),
            new XAttribute("variableLength", p.Type.IsArray ? "true" : "false"),
            new XAttribute("globbing", p.SupportsWildcards ? "true" : "false"),
            new XAttribute("pipelineInput", PipelineInput(p)),
            new XAttribute("position", entry.Position?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "named"),
            new XAttribute("aliases", p.Aliases.Count == 0 ? "none" : string.Join(", ", p.Aliases)),
            new XElement(Maml + "name", p.Name),
            description is null ? null : Description(description),
            p.IsSwitch ? null : new XElement(Command + "parameterValue", new XAttribute("required", "true"), new XAttribute("variableLength", p.Type.IsArray ? "true" : "false"), ShortName(p.Type)),
            TypeElement(p.Type.FullName!),
            new XElement(Dev + "defaultValue", p.IsSwitch ? "False" : "None"));

    private static XElement SwitchElement(string name, string? description) =>
        new(Command + "parameter",
            new XAttribute("required", "false"), new XAttribute("variableLength", "false"), new XAttribute("globbing", "false"),
            new XAttribute("pipelineInput", "False"), new XAttribute("position", "named"), new XAttribute("aliases", name == "WhatIf" ? "wi" : "cf"),
            new XElement(Maml + "name", name),
            description is null ? null : Description(description),
            TypeElement("System.Management.Automation.SwitchParameter"),
            new XElement(Dev + "defaultValue", "False"));

    private static string PipelineInput(CmdletParameter p)
    {
        var kinds = new List<string>();
        if (p.Sets.Any(s => s.ValueFromPipeline))
        {
            kinds.Add("ByValue");
        }

        if (p.Sets.Any(s => s.ValueFromPipelineByPropertyName))
        {
            kinds.Add("ByPropertyName");
        }

        return kinds.Count == 0 ? "False" : $"True ({string.Join(", ", kinds)})";
    }

    private static IEnumerable<(string Type, string Description)> InputTypes(CmdletDescription c)
    {
        foreach (var p in c.Parameters.Where(p => p.Sets.Any(s => s.ValueFromPipeline)))
        {
            yield return (p.ElementType.FullName!, $"You can pipe {ShortName(p.ElementType)} objects to the {p.Name} parameter.");
        }

        var byName = c.Parameters.Where(p => p.Sets.Any(s => s.ValueFromPipelineByPropertyName)).ToArray();
        if (byName.Length > 0)
        {
            yield return ("System.Management.Automation.PSObject",
                "Any object whose properties are named like these parameters or their aliases binds by property name: "
                + string.Join(", ", byName.Select(p => p.Aliases.Count == 0 ? p.Name : $"{p.Name} ({string.Join(", ", p.Aliases)})"))
                + ". That includes objects deserialized from remote sessions.");
        }
    }

    private static string ReturnDescription(Type type) => type.FullName switch
    {
        "System.Boolean" => "$true when every check passes, else $false; one per switch.",
        _ => $"{ShortName(type)}: a flat object (strings, numbers, Booleans, string arrays) that survives remoting.",
    };

    private static string ShortName(Type type) =>
        type.FullName == "System.Management.Automation.SwitchParameter" ? "SwitchParameter" : type.IsArray ? ShortName(type.GetElementType()!) + "[]" : type.Name;

    private static XElement TypeElement(string fullName) => new(Dev + "type", new XElement(Maml + "name", fullName));

    private static XElement Description(string? text) => new(Maml + "description", Para(text ?? string.Empty));

    private static XElement Para(string text) => new(Maml + "para", text);
}
