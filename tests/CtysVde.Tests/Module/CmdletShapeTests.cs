using CtysVde.HelpBuilder;
using CtysVde.Tests.Support;
using Xunit;

namespace CtysVde.Tests.Module;

/// <summary>What PowerShell would enforce or users would trip over, checked on the compiled CtysVde.dll.</summary>
public sealed class CmdletShapeTests : IClassFixture<ModuleUnderTest>
{
    private static readonly string[] Expected =
        ["Get-VdeBridge", "Get-VdeEndpoint", "Get-VdeMacAddress", "Get-VdePort", "Get-VdeSwitch", "Get-VdeTap", "New-VdeBridge", "New-VdeSwitch", "Remove-VdeBridge", "Remove-VdeSwitch", "Test-VdeSwitch"];

    private static readonly string[] MutatingVerbs = ["New", "Remove", "Set", "Add", "Clear", "Reset", "Start", "Stop", "Restart", "Enable", "Disable", "Rename", "Move", "Connect", "Disconnect"];

    private readonly ModuleUnderTest _module;

    public CmdletShapeTests(ModuleUnderTest module)
    {
        _module = module;
    }

    public static TheoryData<string> Cmdlets => new(Expected);

    [Fact]
    public void The_module_has_exactly_the_documented_cmdlets() =>
        Assert.Equal(Expected, _module.Catalog.Cmdlets.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Verbs_are_approved(string name)
    {
        var approved = _module.Catalog.SmaAssembly.GetTypes()
            .Where(t => t.Namespace == "System.Management.Automation" && t.Name.StartsWith("Verbs", StringComparison.Ordinal))
            .SelectMany(t => t.GetFields()).Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToHashSet();
        Assert.True(approved.Count > 90, "the approved verbs were not found in the reference assembly");
        Assert.Contains(_module[name].Verb, approved);
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Every_cmdlet_declares_its_output_types(string name) =>
        Assert.NotEmpty(_module[name].OutputTypes);

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Mutating_cmdlets_support_ShouldProcess_and_others_do_not(string name)
    {
        var c = _module[name];
        Assert.Equal(MutatingVerbs.Contains(c.Verb), c.SupportsShouldProcess);
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Parameter_sets_are_valid(string name)
    {
        var c = _module[name];
        if (c.ParameterSets.Count > 1)
        {
            Assert.Contains(c.DefaultParameterSetName, c.ParameterSets);
        }

        foreach (var set in c.ParameterSets)
        {
            var members = c.InSet(set).ToArray();
            Assert.True(members.Count(m => m.Entry.ValueFromPipeline) <= 1, $"{name} set {set}: more than one ByValue parameter");
            var positions = members.Where(m => m.Entry.Position is not null).GroupBy(m => m.Entry.Position).Where(g => g.Count() > 1).ToArray();
            Assert.True(positions.Length == 0, $"{name} set {set}: two parameters at position {positions.FirstOrDefault()?.Key}");
            Assert.Contains(members, m => m.Entry.ValueFromPipeline || m.Entry.ValueFromPipelineByPropertyName);
        }

        // Each non-default set must be told apart from the default one by a mandatory parameter of its own.
        foreach (var set in c.ParameterSets.Where(s => s != c.DefaultParameterSetName && c.ParameterSets.Count > 1))
        {
            var own = c.InSet(set).Where(m => m.Entry.Mandatory && !c.InSet(c.DefaultParameterSetName!).Any(d => d.Parameter.Name == m.Parameter.Name));
            Assert.True(own.Any(), $"{name}: set {set} has no mandatory parameter of its own");
        }
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Every_switch_parameter_is_in_every_set(string name)
    {
        var c = _module[name];
        foreach (var p in c.Parameters.Where(p => p.IsSwitch))
        {
            Assert.True(p.Sets.Any(s => s.SetName == ParameterSetEntry.AllSets) || c.ParameterSets.All(set => p.Sets.Any(s => s.SetName == set)),
                $"{name}: switch -{p.Name} is missing from a parameter set");
        }
    }

    [Fact]
    public void Switch_commands_share_one_name_parameter_contract()
    {
        foreach (var c in _module.Catalog.Cmdlets.Where(c => c.Noun is "VdeSwitch" or "VdePort" or "VdeEndpoint" or "VdeMacAddress" && c.Verb != "New"))
        {
            var name = c.Parameters.Single(p => p.Name == "Name");
            Assert.Equal("System.String[]", name.Type.FullName);
            Assert.Contains("SwitchName", name.Aliases);
            Assert.True(name.SupportsWildcards, $"{c.Name} -Name takes wildcards");
            Assert.All(name.Sets, s => Assert.Equal((0, true), (s.Position, s.ValueFromPipelineByPropertyName)));
        }
    }

    [Theory]
    [InlineData("VdeSwitch", "Name")]
    [InlineData("VdePort", "SwitchName")]
    [InlineData("VdeEndpoint", "SwitchName")]
    [InlineData("VdeMacAddress", "SwitchName")]
    [InlineData("VdeHealth", "SwitchName")]
    [InlineData("VdeTap", "TapName")]
    [InlineData("VdeBridge", "BridgeName")]
    public void Output_objects_are_flat_with_identity_first_and_no_generic_name(string type, string identity)
    {
        var t = _module.ModelType(type);
        var props = t.GetProperties();
        Assert.Equal(identity, props[0].Name);
        Assert.True(type == "VdeSwitch" || props.All(p => p.Name != "Name"), $"{type} must not have a generic Name");
        Assert.DoesNotContain(props, p => p.Name is "ComputerName" or "PSComputerName");
        foreach (var p in props)
        {
            var pt = p.PropertyType.IsGenericType && p.PropertyType.GetGenericTypeDefinition().FullName == "System.Nullable`1" ? p.PropertyType.GetGenericArguments()[0] : p.PropertyType;
            var flat = pt.IsEnum || pt.FullName is "System.String" or "System.Boolean" or "System.Int32" or "System.Int64" or "System.DateTime" or "System.String[]" or "System.Int32[]";
            Assert.True(flat, $"{type}.{p.Name} is {pt.FullName}: not flat, it would arrive as a string after remoting");
        }
    }

    [Fact]
    public void Switch_objects_carry_the_properties_the_cmdlets_bind()
    {
        var props = _module.ModelType("VdeSwitch").GetProperties().Select(p => p.Name).ToArray();
        Assert.Contains("Name", props);
        Assert.Contains("HostName", props);
        Assert.Contains("TapName", props);
        Assert.Contains("BridgeName", props);
    }

    [Fact]
    public void System_Management_Automation_never_ships()
    {
        Assert.False(File.Exists(Path.Combine(_module.Root, "module", "System.Management.Automation.dll")));
        Assert.DoesNotContain(Directory.GetFiles(Path.Combine(_module.Root, "module"), "*.dll", SearchOption.AllDirectories), f => f.EndsWith("System.Management.Automation.dll", StringComparison.Ordinal));
        Assert.Equal(["CtysVde.Core.dll", "CtysVde.dll"], Directory.GetFiles(Path.Combine(_module.Root, "module"), "*.dll").Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }
}
