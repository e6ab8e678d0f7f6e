using CtysVde.Tests.Support;
using Xunit;

namespace CtysVde.Tests.Module;

/// <summary>Every natural pipeline binds to the intended parameter, by value or by property name (binder model).</summary>
public sealed class PipelineTests : IClassFixture<ModuleUnderTest>
{
    private readonly ModuleUnderTest _module;

    public PipelineTests(ModuleUnderTest module)
    {
        _module = module;
    }

    [Theory]
    [InlineData("VdeSwitch", "Remove-VdeSwitch", "InputObject", "InputObject=ByValue")]
    [InlineData("VdeSwitch", "Test-VdeSwitch", "InputObject", "InputObject=ByValue")]
    [InlineData("VdeSwitch", "Get-VdePort", "InputObject", "InputObject=ByValue")]
    [InlineData("VdeSwitch", "Get-VdeEndpoint", "InputObject", "InputObject=ByValue")]
    [InlineData("VdeSwitch", "Get-VdeMacAddress", "InputObject", "InputObject=ByValue")]
    [InlineData("VdePort", "Get-VdeSwitch", "Name", "Name=ByPropertyName SwitchName")]
    [InlineData("VdeTap", "Get-VdeSwitch", "Name", "Name=ByPropertyName SwitchName")]
    [InlineData("VdeEndpoint", "Get-VdeSwitch", "Name", "Name=ByPropertyName SwitchName")]
    [InlineData("VdeHealth", "Get-VdeSwitch", "Name", "Name=ByPropertyName SwitchName")]
    [InlineData("VdePort", "Get-VdePort", "Name", "Name=ByPropertyName SwitchName")]
    [InlineData("VdeBridge", "Get-VdeTap", null, "BridgeName=ByPropertyName BridgeName")]
    [InlineData("VdeSwitch", "Get-VdeTap", null, "TapName=ByPropertyName TapName", "BridgeName=ByPropertyName BridgeName")]
    [InlineData("VdeSwitch", "Get-VdeBridge", null, "BridgeName=ByPropertyName BridgeName")]
    [InlineData("VdeTap", "Get-VdeBridge", null, "BridgeName=ByPropertyName BridgeName")]
    [InlineData("VdeSwitch", "Get-VdeSwitch", "Name", "Name=ByPropertyName Name")]
    [InlineData("VdeBridge", "Remove-VdeBridge", "InputObject", "InputObject=ByValue")]
    public void Live_objects_bind_to_the_intended_parameter(string type, string cmdlet, string? set, params string[] expected)
    {
        var binding = PipelineBinderModel.Bind(_module[cmdlet], PipelineInput.Typed(_module.ModelType(type)));
        Assert.True(binding.Failure is null, binding.ToString());
        Assert.Equal(set ?? _module[cmdlet].ParameterSets.Single(), binding.ParameterSet);
        foreach (var e in expected)
        {
            var (param, how) = (e[..e.IndexOf('=', StringComparison.Ordinal)], e[(e.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            Assert.True(binding.Bound.TryGetValue(param, out var actual) && actual == how, $"{type} | {cmdlet}: expected {param} <- {how}; got {binding}");
        }
    }

    [Theory]
    [InlineData("Remove-VdeSwitch")]
    [InlineData("Test-VdeSwitch")]
    [InlineData("Get-VdePort")]
    [InlineData("Get-VdeEndpoint")]
    [InlineData("Get-VdeMacAddress")]
    public void Deserialized_switches_bind_by_property_name_with_their_host(string cmdlet)
    {
        // Invoke-Command -HostName h { Get-VdeSwitch } | Remove-VdeSwitch: the property bag is no VdeSwitch, so the
        // Name set binds Name and HostName from its properties, and the engine refuses a foreign host.
        var binding = PipelineBinderModel.Bind(_module[cmdlet], PipelineInput.Deserialized(_module.ModelType("VdeSwitch")));
        Assert.True(binding.Failure is null, binding.ToString());
        Assert.Equal("Name", binding.ParameterSet);
        Assert.Equal("ByPropertyName Name", binding.Bound["Name"]);
        Assert.Equal("ByPropertyName HostName", binding.Bound["HostName"]);
        Assert.False(binding.Bound.ContainsKey("InputObject"));
    }

    [Theory]
    [InlineData("VdePort", "Get-VdeSwitch")]
    [InlineData("VdeTap", "Get-VdeBridge")]
    [InlineData("VdeBridge", "Get-VdeTap")]
    [InlineData("VdeBridge", "Remove-VdeBridge")]
    public void Deserialized_related_objects_still_bind(string type, string cmdlet)
    {
        var binding = PipelineBinderModel.Bind(_module[cmdlet], PipelineInput.Deserialized(_module.ModelType(type)));
        Assert.True(binding.Failure is null, binding.ToString());
        Assert.DoesNotContain(binding.Bound.Values, v => v.Contains("coerced", StringComparison.Ordinal) && v.StartsWith("ByValue", StringComparison.Ordinal));
    }

    [Fact]
    public void The_name_path_of_Remove_binds_the_same_switch_as_the_object_path()
    {
        // PowerShell may settle on the default (Name) set before reading input (PowerShell#10188). That path must
        // reach the same switch: Name and HostName come from the object's own properties.
        var remove = _module["Remove-VdeSwitch"];
        Assert.Equal("Name", remove.DefaultParameterSetName);
        var nameSet = remove.InSet("Name").ToDictionary(x => x.Parameter.Name, x => x.Entry);
        Assert.True(nameSet["Name"].ValueFromPipelineByPropertyName && nameSet["HostName"].ValueFromPipelineByPropertyName);
        Assert.False(nameSet["Name"].ValueFromPipeline, "a string ByValue -Name would swallow objects through ToString() (PSResourceGet #949)");
    }

    [Fact]
    public void A_string_piped_to_Remove_is_not_bound_by_coercion()
    {
        var binding = PipelineBinderModel.Bind(_module["Remove-VdeSwitch"], PipelineInput.Typed(typeof(string)));
        Assert.NotNull(binding.Failure);
    }
}
