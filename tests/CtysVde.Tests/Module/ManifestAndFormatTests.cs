using System.Xml.Linq;
using CtysVde.Tests.Support;
using Xunit;

namespace CtysVde.Tests.Module;

/// <summary>The manifest exports what the assembly has; the format views show real properties only.</summary>
public sealed class ManifestAndFormatTests : IClassFixture<ModuleUnderTest>
{
    private readonly ModuleUnderTest _module;
    private readonly Dictionary<string, object?> _manifest;

    public ManifestAndFormatTests(ModuleUnderTest module)
    {
        _module = module;
        _manifest = Psd1Reader.Read(Path.Combine(module.Root, "CtysVde.psd1"));
    }

    [Fact]
    public void Manifest_exports_exactly_the_cmdlets_of_the_assembly()
    {
        var exported = ((List<object?>)_manifest["CmdletsToExport"]!).Cast<string>().Order(StringComparer.Ordinal);
        Assert.Equal(_module.Catalog.Cmdlets.Select(c => c.Name), exported);
        foreach (var key in new[] { "FunctionsToExport", "VariablesToExport", "AliasesToExport" })
        {
            Assert.Empty((List<object?>)_manifest[key]!);
        }
    }

    [Fact]
    public void Manifest_targets_PowerShell_7_4_core_and_points_at_real_files()
    {
        Assert.Equal("7.4", _manifest["PowerShellVersion"]);
        Assert.Equal(["Core"], ((List<object?>)_manifest["CompatiblePSEditions"]!).Cast<string>());
        Assert.True(File.Exists(Path.Combine(_module.Root, (string)_manifest["RootModule"]!)));
        Assert.True(Guid.TryParse((string)_manifest["GUID"]!, out _));
        Assert.Matches(@"^\d+\.\d+\.\d+$", (string)_manifest["ModuleVersion"]!);
        foreach (var format in ((List<object?>)_manifest["FormatsToProcess"]!).Cast<string>())
        {
            Assert.True(File.Exists(Path.Combine(_module.Root, format)), format);
        }
    }

    [Fact]
    public void Manifest_version_is_the_assembly_version()
    {
        var version = _module.Catalog.Module.GetName().Version!;
        Assert.Equal((string)_manifest["ModuleVersion"]!, $"{version.Major}.{version.Minor}.{version.Build}");
    }

    [Fact]
    public void One_table_view_per_output_type_also_for_remote_objects_with_at_most_six_real_columns()
    {
        var views = XDocument.Load(Path.Combine(_module.Root, "module", "CtysVde.Format.ps1xml")).Descendants("View").ToArray();
        var outputTypes = _module.Catalog.Cmdlets.SelectMany(c => c.OutputTypes).Select(o => o.Type.FullName!).Where(n => n.StartsWith("CtysVde.", StringComparison.Ordinal)).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(outputTypes, views.Select(v => (string)v.Element("ViewSelectedBy")!.Element("TypeName")!).Order(StringComparer.Ordinal));
        foreach (var view in views)
        {
            var typeName = (string)view.Element("ViewSelectedBy")!.Element("TypeName")!;

            // What Invoke-Command -HostName returns is a property bag named Deserialized.<type>.
            Assert.Equal([typeName, $"Deserialized.{typeName}"], view.Element("ViewSelectedBy")!.Elements("TypeName").Select(t => (string)t));
            var properties = _module.Catalog.FindType(typeName).GetProperties().Select(p => p.Name).ToHashSet();
            var columns = view.Descendants("TableColumnItem").ToArray();
            Assert.InRange(columns.Length, 1, 6);
            Assert.Equal(columns.Length, view.Descendants("TableColumnHeader").Count());
            Assert.Empty(view.Descendants("ScriptBlock"));
            Assert.All(columns, c => Assert.Contains((string)c.Element("PropertyName")!, properties));
        }
    }
}
