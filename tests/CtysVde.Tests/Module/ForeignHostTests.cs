using CtysVde.Core.Errors;
using CtysVde.Tests.Support;
using Xunit;

namespace CtysVde.Tests.Module;

/// <summary>
/// An object of another host is never acted on here, and never answered with a local namesake: every cmdlet that
/// takes objects refuses it with ForeignHost and changes nothing. Identity is the object's HostId, so a cloned
/// host with the same name is still another host.
/// </summary>
public sealed class ForeignHostTests : ModuleTest
{
    // A copy of a real object as it would come back from another host: deserialized, with that host's HostId
    // (and here the same HostName, as a cloned lab VM has).
    private const string ForeignCopy = """
        function ForeignCopy($object, [string] $hostId = '0123456789abcdef') {
            $bag = [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($object))
            $copy = [pscustomobject]@{}
            foreach ($p in $bag.PSObject.Properties) { $copy | Add-Member -NotePropertyName $p.Name -NotePropertyValue $p.Value }
            $copy.HostId = $hostId
            $copy.PSTypeNames.Insert(0, $bag.PSTypeNames[0])
            $copy
        }

        """;

    public ForeignHostTests(KernelFixture fixture, PowerShellSession session)
        : base(fixture, session)
    {
    }

    public static TheoryData<string, string> Cases => new()
    {
        { "Get-VdeSwitch -Name vde_switch0.root", "Remove-VdeSwitch -Force" },
        { "Get-VdeSwitch -Name vde_switch0.root", "Test-VdeSwitch" },
        { "Get-VdeSwitch -Name vde_switch0.root", "Get-VdePort" },
        { "Get-VdeSwitch -Name vde_switch0.root", "Get-VdeEndpoint" },
        { "Get-VdeSwitch -Name vde_switch0.root", "Get-VdeMacAddress" },
        { "Get-VdeSwitch -Name vde_switch0.root", "Get-VdeSwitch" },
        { "Get-VdeSwitch -Name vde_switch0.root", "Get-VdeBridge" },
        { "Get-VdeSwitch -Name vde_switch0.root", "Get-VdeTap" },
        { "Get-VdeSwitch -Name vde_switch0.root", "New-VdeSwitch -Confirm:$false" },
        { "Get-VdePort -Name vde_switch0.root", "Get-VdeSwitch" },
        { "Get-VdePort -Name vde_switch0.root", "Get-VdePort" },
        { "Get-VdePort -Name vde_switch0.root", "Set-VdePortVlan -Untagged" },
        { "Get-VdePortVlan -Name vde_switch0.root", "Set-VdePortVlan -Access -VlanId 10" },
        { "Get-VdeSwitch -Name vde_switch0.root", "Get-VdePortVlan" },
        { "Get-VdeEndpoint -Name vde_switch0.root", "Get-VdeSwitch" },
        { "Get-VdeTap", "Get-VdeSwitch" },
        { "Get-VdeTap", "Get-VdeBridge" },
        { "Get-VdeBridge -BridgeName ctysbr0", "Get-VdeTap" },
        { "Get-VdeBridge -BridgeName ctysbr0", "Get-VdeBridge" },
        { "Get-VdeBridge -BridgeName br-foreign", "Remove-VdeBridge -Force" },
        { "Get-VdeBridge -BridgeName br-foreign", "New-VdeBridge -Confirm:$false" },
        { "Test-VdeSwitch -Name vde_switch0.root -Detailed | Select-Object -First 1", "Get-VdeSwitch" },
        { "Get-VdeMacAddress -Name vde_switch0.root | Select-Object -First 1", "Get-VdeSwitch" },
    };

    [KernelTheory]
    [MemberData(nameof(Cases))]
    public void An_object_from_another_host_with_the_same_name_is_refused_and_nothing_changes(string source, string command)
    {
        Ok("New-VdeSwitch -Confirm:$false; New-VdeBridge -BridgeName br-foreign -Confirm:$false");
        var client = PlugIn("/var/tmp/vde_switch0.root", "guest", "10.199.33.2/24");
        Sh.Ok("ip", "addr", "add", "10.199.33.1/24", "dev", "ctysbr0");
        Sh.Run("ip", "netns", "exec", client.Namespace, "ping", "-c", "1", "-W", "2", "10.199.33.1");
        var before = SystemSnapshot.Take();
        var local = Ok(source).Output;
        Assert.NotEmpty(local);

        var result = Session.Run(ForeignCopy + $"{source} | ForEach-Object {{ ForeignCopy $_ }} | {command}");
        Assert.Empty(result.Output);
        Assert.Null(result.Terminating);
        var cmdlet = command.Split(' ')[0].Replace("-", string.Empty, StringComparison.Ordinal);
        Assert.Equal(new[] { $"ForeignHost,CtysVde.Commands.{cmdlet}Command" }, result.ErrorIds.Distinct());
        Assert.Contains("HostId 0123456789abcdef", result.Errors[0].Exception.Message, StringComparison.Ordinal);
        Assert.Equal("InvalidArgument", result.Errors[0].CategoryInfo.Category.ToString());
        AssertUnchanged(before, $"{command} refused a foreign object");
        Assert.True((bool)Ok("Test-VdeSwitch -Name vde_switch0.root").Output.Single().BaseObject);

        // The same copy with this host's HostId is taken (mutating cmdlets only show what they would do).
        var whatIf = command.StartsWith("Get-", StringComparison.Ordinal) || command.StartsWith("Test-", StringComparison.Ordinal) ? string.Empty : " -WhatIf";
        var taken = Session.Run(ForeignCopy + $"$id = (Get-VdeSwitch -Name vde_switch0.root).HostId; {source} | ForEach-Object {{ ForeignCopy $_ $id }} | {command}{whatIf}");
        Assert.DoesNotContain(taken.ErrorIds, id => id.StartsWith("ForeignHost", StringComparison.Ordinal));
        AssertUnchanged(before, $"{command}{whatIf} with this host's object");
    }

    [KernelFact]
    public void Objects_without_a_HostId_are_judged_by_the_host_remoting_or_their_owner_named()
    {
        Ok("New-VdeSwitch -Confirm:$false");
        var before = SystemSnapshot.Take();
        var refused = Session.Run("[pscustomobject]@{ Name = 'vde_switch0.root'; PSComputerName = 'lab9' } | Remove-VdeSwitch -Force");
        Assert.Equal(new[] { "ForeignHost,CtysVde.Commands.RemoveVdeSwitchCommand" }, refused.ErrorIds);
        refused = Session.Run("[pscustomobject]@{ Name = 'vde_switch0.root'; HostName = 'lab9' } | Test-VdeSwitch");
        Assert.Equal(new[] { "ForeignHost,CtysVde.Commands.TestVdeSwitchCommand" }, refused.ErrorIds);
        AssertUnchanged(before, "objects of lab9 were refused");

        // A local job's objects say localhost; a row naming this host is this host's.
        Assert.Equal(true, Ok("[pscustomobject]@{ Name = 'vde_switch0.root'; PSComputerName = 'localhost' } | Test-VdeSwitch").Output.Single().BaseObject);
        Assert.Equal(true, Ok("[pscustomobject]@{ Name = 'vde_switch0.root'; HostName = [System.Environment]::MachineName } | Test-VdeSwitch").Output.Single().BaseObject);
    }
}
