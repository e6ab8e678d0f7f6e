using System.Xml.Linq;
using CtysVde.Core.Switches;
using CtysVde.Tests.Support;
using Xunit;

namespace CtysVde.Tests.Module;

/// <summary>The MAML help covers every cmdlet, parameter, input, output, error id and example.</summary>
public sealed class HelpTests : IClassFixture<ModuleUnderTest>
{
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";
    private readonly ModuleUnderTest _module;
    private readonly Dictionary<string, XElement> _help;

    public HelpTests(ModuleUnderTest module)
    {
        _module = module;
        // PowerShell looks for help beside the assembly, in a culture folder, named after the dll.
        var path = Path.Combine(module.Root, "en-US", "CtysVde.dll-Help.xml");
        _help = XDocument.Load(path).Root!.Elements(Command + "command")
            .ToDictionary(c => (string)c.Element(Command + "details")!.Element(Command + "name")!);
    }

    public static TheoryData<string> Cmdlets => new(["Get-VdeBridge", "Get-VdeEndpoint", "Get-VdeMacAddress", "Get-VdePort", "Get-VdeSwitch", "Get-VdeTap", "New-VdeBridge", "New-VdeSwitch", "Remove-VdeBridge", "Remove-VdeSwitch", "Test-VdeSwitch"]);

    [Fact]
    public void Help_has_exactly_the_cmdlets() =>
        Assert.Equal(_module.Catalog.Cmdlets.Select(c => c.Name), _help.Keys.Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Every_cmdlet_has_synopsis_description_and_examples(string name)
    {
        var help = _help[name];
        Assert.False(string.IsNullOrWhiteSpace(Para(help.Element(Command + "details")!.Element(Maml + "description"))));
        Assert.True(Para(help.Element(Maml + "description")).Length > 40, $"{name} needs a description");
        var examples = help.Element(Command + "examples")!.Elements(Command + "example").ToArray();
        Assert.NotEmpty(examples);
        Assert.All(examples, e =>
        {
            Assert.Contains(name, (string)e.Element(Dev + "code")!, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(Para(e.Element(Dev + "remarks"))));
        });
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Every_parameter_is_described_as_the_binder_sees_it(string name)
    {
        var cmdlet = _module[name];
        var documented = _help[name].Element(Command + "parameters")!.Elements(Command + "parameter")
            .ToDictionary(p => (string)p.Element(Maml + "name")!);
        foreach (var p in cmdlet.Parameters)
        {
            Assert.True(documented.TryGetValue(p.Name, out var doc), $"{name} -{p.Name} is not in the help");
            Assert.True(Para(doc!.Element(Maml + "description")).Length > 10, $"{name} -{p.Name} has no description");
            Assert.Equal(p.SupportsWildcards ? "true" : "false", (string)doc.Attribute("globbing")!);
            var byValue = p.Sets.Any(s => s.ValueFromPipeline);
            var byName = p.Sets.Any(s => s.ValueFromPipelineByPropertyName);
            Assert.Equal(byValue || byName, ((string)doc.Attribute("pipelineInput")!).StartsWith("True", StringComparison.Ordinal));
        }

        if (cmdlet.SupportsShouldProcess)
        {
            Assert.Contains("WhatIf", documented.Keys);
            Assert.Contains("Confirm", documented.Keys);
        }

        Assert.Equal(cmdlet.ParameterSets.Count, _help[name].Element(Command + "syntax")!.Elements(Command + "syntaxItem").Count());
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Inputs_outputs_and_error_ids_are_documented(string name)
    {
        var cmdlet = _module[name];
        var help = _help[name];
        var returns = help.Element(Command + "returnValues")!.Descendants(Dev + "type").Select(t => (string)t.Element(Maml + "name")!);
        Assert.Equal(cmdlet.OutputTypes.Select(o => o.Type.FullName!), returns);
        Assert.NotEmpty(help.Element(Command + "inputTypes")!.Elements());
        var errors = help.Element(Maml + "alertSet")!.Descendants(Maml + "para").Skip(1).Select(p => p.Value.Split(' ')[0]).ToArray();
        Assert.NotEmpty(errors);
        Assert.All(errors, id => Assert.Contains(ErrorCatalog.All, e => e.Id == id));
    }

    [Fact]
    public void Every_error_id_is_documented_in_some_cmdlet_and_in_the_readme()
    {
        var documented = _help.Values.SelectMany(h => h.Element(Maml + "alertSet")!.Descendants(Maml + "para").Skip(1)).Select(p => p.Value.Split(' ')[0]).ToHashSet();
        var readme = File.ReadAllText(Path.Combine(_module.Root, "README.md"));
        foreach (var e in ErrorCatalog.All)
        {
            Assert.True(e.CommandLineOnly || documented.Contains(e.Id), $"{e.Id} is in no cmdlet's help");
            Assert.Contains($"`{e.Id}`", readme, StringComparison.Ordinal);
        }

        Assert.Equal(typeof(ErrorIds).GetFields().Select(f => (string)f.GetRawConstantValue()!).Order(StringComparer.Ordinal), ErrorCatalog.All.Select(e => e.Id).Order(StringComparer.Ordinal));
    }

    private static string Para(XElement? element) => string.Join(" ", element?.Elements(Maml + "para").Select(p => p.Value) ?? []);
}
