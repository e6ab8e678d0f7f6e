using CtysVde.Tests.Support;
using Xunit;

namespace CtysVde.Tests.Module;

/// <summary>
/// Every pipeline the README shows, run in a real runspace: what it does, and how PowerShell's own binder bound the
/// piped objects (read from a ParameterBinding trace), by value or by property name, also for deserialized objects.
/// </summary>
public sealed class PipelineTests : ModuleTest
{
    private const string Deserialize = "[System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize(@($input), 2))";

    public PipelineTests(KernelFixture fixture, PowerShellSession session)
        : base(fixture, session)
    {
    }

    [KernelFact]
    public void Get_VdeSwitch_into_Remove_VdeSwitch_binds_the_object_and_removes_every_switch()
    {
        Ok("New-VdeSwitch -Confirm:$false; New-VdeSwitch -Owner $args[0] -Confirm:$false", KernelFixture.Alice);
        var (result, bindings) = Session.RunTracingBinding("Get-VdeSwitch | Remove-VdeSwitch -Force");
        Assert.True(result.Errors.Count == 0 && result.Terminating is null, result.ToString());
        Assert.Empty(result.Output);
        AssertBound(bindings, "Remove-VdeSwitch", ("InputObject", PipelineBinding.ByValue), ("HostId", PipelineBinding.ByPropertyName));
        Assert.Empty(Ok("Get-VdeSwitch -IncludeStale").Output);
    }

    [KernelFact]
    public void Switches_into_Test_Get_VdePort_Get_VdeEndpoint_and_Get_VdeMacAddress_bind_by_value()
    {
        Ok("New-VdeSwitch -Owner $args[0] -Confirm:$false", KernelFixture.Alice);
        var failing = Session.RunTracingBinding("Get-VdeSwitch | Test-VdeSwitch -Detailed | Where-Object { -not $_.Passed }");
        Assert.Empty(failing.Result.Output);
        AssertBound(failing.Bindings, "Test-VdeSwitch", ("InputObject", PipelineBinding.ByValue));

        var ports = Session.RunTracingBinding("Get-VdeSwitch -Owner $args[0] | Get-VdePort", KernelFixture.Alice);
        Assert.Equal($"vde_switch0.{KernelFixture.Alice}", Assert.Single(ports.Result.Output).Properties["SwitchName"].Value);
        AssertBound(ports.Bindings, "Get-VdePort", ("InputObject", PipelineBinding.ByValue));
        foreach (var cmdlet in new[] { "Get-VdeEndpoint", "Get-VdeMacAddress" })
        {
            AssertBound(Session.RunTracingBinding($"Get-VdeSwitch | {cmdlet}").Bindings, cmdlet, ("InputObject", PipelineBinding.ByValue));
        }
    }

    [KernelFact]
    public void Ports_taps_endpoints_and_checks_find_their_switch_by_its_SwitchName()
    {
        Ok("New-VdeSwitch -Confirm:$false");
        foreach (var source in new[] { "Get-VdePort", "Get-VdeTap", "Get-VdeEndpoint", "Test-VdeSwitch -Detailed" })
        {
            var (result, bindings) = Session.RunTracingBinding($"{source} | Get-VdeSwitch");
            Assert.Equal("vde_switch0.root", Assert.Single(result.Output).Properties["Name"].Value);
            AssertBound(bindings, "Get-VdeSwitch", ("Name", PipelineBinding.ByPropertyName));
        }
    }

    [KernelFact]
    public void Bridges_and_taps_find_each_other_by_BridgeName()
    {
        var tap = (string)Ok("(New-VdeSwitch -Confirm:$false).TapName").Output.Single().BaseObject;
        var taps = Session.RunTracingBinding("Get-VdeBridge ctysbr0 | Get-VdeTap");
        Assert.Equal(tap, Assert.Single(taps.Result.Output).Properties["TapName"].Value);
        AssertBound(taps.Bindings, "Get-VdeTap", ("BridgeName", PipelineBinding.ByPropertyName));

        var bridge = Session.RunTracingBinding("Get-VdeSwitch | Get-VdeBridge");
        Assert.Equal("ctysbr0", Assert.Single(bridge.Result.Output).Properties["BridgeName"].Value);
        AssertBound(bridge.Bindings, "Get-VdeBridge", ("BridgeName", PipelineBinding.ByPropertyName));
    }

    [KernelFact]
    public void A_csv_of_owners_makes_a_switch_per_row()
    {
        var csv = Path.Combine(Path.GetTempPath(), $"ctysvde-users-{Guid.NewGuid():N}.csv");
        File.WriteAllText(csv, $"Owner,Group\n{KernelFixture.Alice},{KernelFixture.Alice}\n{KernelFixture.Bob},{KernelFixture.LabGroup}\n");
        Defer("remove the CSV", () => File.Delete(csv));
        Ok("New-VdeBridge -BridgeName br-lab -Confirm:$false");

        var (result, bindings) = Session.RunTracingBinding("Import-Csv $args[0] | New-VdeSwitch -BridgeName br-lab -Confirm:$false", csv);

        Assert.True(result.Errors.Count == 0, result.ToString());
        Assert.Equal(new[] { (KernelFixture.Alice, KernelFixture.Alice), (KernelFixture.Bob, KernelFixture.LabGroup) },
            result.Output.Select(o => ((string)o.Properties["Owner"].Value, (string)o.Properties["Group"].Value)));
        Assert.All(result.Output, o => Assert.Equal("br-lab", o.Properties["BridgeName"].Value));
        AssertBound(bindings, "New-VdeSwitch", ("Owner", PipelineBinding.ByPropertyName), ("Group", PipelineBinding.ByPropertyName));
    }

    [KernelFact]
    public void Leftovers_of_a_killed_switch_are_removed_through_the_pipeline()
    {
        var pid = (int)Ok("(New-VdeSwitch -Confirm:$false).ProcessId").Output.Single().BaseObject;
        Sh.Ok("kill", "-9", pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Sh.WaitFor(() => Ok("Get-VdeSwitch").Output.Count == 0, "the killed switch to be gone");

        Ok("Get-VdeSwitch -IncludeStale | Where-Object State -EQ Stale | Remove-VdeSwitch -Force");
        Assert.Empty(Ok("Get-VdeSwitch -IncludeStale").Output);
    }

    [KernelFact]
    public void Deserialized_objects_bind_by_property_name_with_their_HostId()
    {
        Ok("New-VdeSwitch -Confirm:$false");
        foreach (var cmdlet in new[] { "Test-VdeSwitch", "Get-VdePort", "Get-VdeEndpoint", "Get-VdeMacAddress" })
        {
            var (result, bindings) = Session.RunTracingBinding($"Get-VdeSwitch | & {{ {Deserialize} }} | {cmdlet}");
            Assert.True(result.Errors.Count == 0 && result.Terminating is null, $"{cmdlet}: {result}");
            AssertBound(bindings, cmdlet, ("Name", PipelineBinding.ByPropertyName), ("HostId", PipelineBinding.ByPropertyName));
            Assert.DoesNotContain(bindings, b => b.Cmdlet == cmdlet && b.Parameter == "InputObject");
        }

        foreach (var (source, cmdlet, parameter) in new[] { ("Get-VdePort", "Get-VdeSwitch", "Name"), ("Get-VdeTap", "Get-VdeBridge", "BridgeName"), ("Get-VdeBridge", "Get-VdeTap", "BridgeName") })
        {
            var (result, bindings) = Session.RunTracingBinding($"{source} | & {{ {Deserialize} }} | {cmdlet}");
            Assert.True(result.Errors.Count == 0 && result.Output.Count > 0, $"{source} | {cmdlet}: {result}");
            AssertBound(bindings, cmdlet, (parameter, PipelineBinding.ByPropertyName), ("HostId", PipelineBinding.ByPropertyName));
        }

        var removed = Session.RunTracingBinding($"Get-VdeSwitch | & {{ {Deserialize} }} | Remove-VdeSwitch -Force");
        AssertBound(removed.Bindings, "Remove-VdeSwitch", ("Name", PipelineBinding.ByPropertyName), ("HostId", PipelineBinding.ByPropertyName));
        Assert.Empty(Ok("Get-VdeSwitch -IncludeStale").Output);
    }

    [Fact]
    public void A_string_piped_to_Remove_VdeSwitch_is_not_bound_by_coercion()
    {
        // A string ByValue -Name would swallow any object through ToString() (PSResourceGet #949).
        var result = Session.Run("'vde_switch0.nosuch' | Remove-VdeSwitch -Force -ErrorAction Stop");
        Assert.Equal("InputObjectNotBound,CtysVde.Commands.RemoveVdeSwitchCommand", result.TerminatingRecord?.FullyQualifiedErrorId);
    }

    private static void AssertBound(IReadOnlyList<PipelineBinding> bindings, string cmdlet, params (string Parameter, string How)[] expected)
    {
        foreach (var (parameter, how) in expected)
        {
            Assert.True(bindings.Contains(new PipelineBinding(cmdlet, parameter, how)),
                $"{cmdlet} -{parameter} was not bound {how}; bound: {string.Join(", ", bindings.Where(b => b.Cmdlet == cmdlet).Select(b => $"{b.Parameter} {b.How}"))}");
        }
    }
}
