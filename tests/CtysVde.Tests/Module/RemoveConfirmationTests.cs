using CtysVde.Core.Errors;
using CtysVde.Tests.Support;
using Xunit;

namespace CtysVde.Tests.Module;

/// <summary>
/// Remove-VdeSwitch and Remove-VdeBridge confirm like Hyper-V's Remove-VMSwitch (ConfirmImpact High, -Force asks
/// nothing), and in a session that cannot ask (this runspace has no host UI, as under -NonInteractive) each
/// object that would need an answer gets its own documented error while the others are removed.
/// </summary>
public sealed class RemoveConfirmationTests : ModuleTest
{
    public RemoveConfirmationTests(KernelFixture fixture, PowerShellSession session)
        : base(fixture, session)
    {
    }

    [KernelFact]
    public void A_switch_in_use_gets_its_own_error_and_the_others_are_removed()
    {
        Ok("New-VdeSwitch -Confirm:$false; New-VdeSwitch -Owner $args[0] -Confirm:$false; New-VdeSwitch -Owner $args[1] -Confirm:$false", KernelFixture.Alice, KernelFixture.Bob);
        var guest = PlugIn($"/var/tmp/vde_switch0.{KernelFixture.Alice}", "qemu-guest", "10.199.34.2/24");

        var result = Session.Run("Remove-VdeSwitch -Name vde_switch0.root, $args[0], $args[1] -Confirm:$false", $"vde_switch0.{KernelFixture.Alice}", $"vde_switch0.{KernelFixture.Bob}");

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal(("SwitchInUse,CtysVde.Commands.RemoveVdeSwitchCommand", $"vde_switch0.{KernelFixture.Alice}", "InvalidOperation"),
            (error.FullyQualifiedErrorId, (string)error.TargetObject, error.CategoryInfo.Category.ToString()));
        Assert.Contains("qemu-guest", error.Exception.Message, StringComparison.Ordinal);
        Assert.Contains("-Force", error.Exception.Message, StringComparison.Ordinal);
        Assert.Equal(new[] { $"vde_switch0.{KernelFixture.Alice}" }, Ok("(Get-VdeSwitch -IncludeStale).Name").Output.Select(o => (string)o.BaseObject));
        Assert.Equal(true, Ok("Test-VdeSwitch -Name $args[0]", $"vde_switch0.{KernelFixture.Alice}").Output.Single().BaseObject);
        Assert.True(Directory.Exists($"/proc/{guest.Pid}"), "the guest was not cut off");

        Ok("Remove-VdeSwitch -Name $args[0] -Force", $"vde_switch0.{KernelFixture.Alice}");
        Assert.Empty(Ok("Get-VdeSwitch -IncludeStale").Output);
    }

    [KernelFact]
    public void Without_Force_or_Confirm_false_each_removal_asks_and_a_session_that_cannot_ask_removes_nothing()
    {
        Ok("New-VdeSwitch -Confirm:$false; New-VdeSwitch -Owner $args[0] -Confirm:$false; New-VdeBridge -BridgeName br-ask -Confirm:$false", KernelFixture.Alice);
        var before = SystemSnapshot.Take();

        var result = Session.Run("Get-VdeSwitch | Remove-VdeSwitch; Remove-VdeBridge -BridgeName br-ask");

        Assert.Null(result.Terminating);
        Assert.Equal(
            new[] { "ConfirmationRequired,CtysVde.Commands.RemoveVdeSwitchCommand", "ConfirmationRequired,CtysVde.Commands.RemoveVdeSwitchCommand", "ConfirmationRequired,CtysVde.Commands.RemoveVdeBridgeCommand" },
            result.ErrorIds);
        Assert.Equal(new[] { "vde_switch0.root", $"vde_switch0.{KernelFixture.Alice}", "br-ask" }.Order(StringComparer.Ordinal), result.Errors.Select(e => (string)e.TargetObject).Order(StringComparer.Ordinal));
        AssertUnchanged(before, "nothing was confirmed, so nothing was removed");
    }

    [KernelFact]
    public void Force_asks_nothing_but_WhatIf_still_only_shows()
    {
        Ok("New-VdeSwitch -Confirm:$false; New-VdeBridge -BridgeName br-ask -Confirm:$false");
        PlugIn("/var/tmp/vde_switch0.root", "qemu-guest", "10.199.35.2/24");
        var before = SystemSnapshot.Take();

        var whatIf = Ok("Get-VdeSwitch | Remove-VdeSwitch -Force -WhatIf; Remove-VdeBridge -BridgeName br-ask -Force -WhatIf");
        Assert.Empty(whatIf.Output);
        AssertUnchanged(before, "-WhatIf with -Force changes nothing");

        Ok("Get-VdeSwitch | Remove-VdeSwitch -Force; Remove-VdeBridge -BridgeName br-ask -Force");
        Assert.Empty(Ok("Get-VdeSwitch -IncludeStale").Output);
        Assert.Empty(Ok("Get-VdeBridge -BridgeName br-ask -ErrorAction SilentlyContinue").Output);
    }

    [Theory]
    [InlineData("Remove-VdeSwitch")]
    [InlineData("Remove-VdeBridge")]
    public void Removals_have_high_impact_and_a_Force_switch_in_every_set(string cmdlet)
    {
        var impact = Session.Run("((Get-Command $args[0]).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)).ConfirmImpact.ToString()", cmdlet);
        Assert.Equal("High", impact.Output.Single().BaseObject);
        var sets = Session.Run("(Get-Command $args[0]).ParameterSets | ForEach-Object { $_.Parameters.Name -contains 'Force' }", cmdlet);
        Assert.All(sets.Output, o => Assert.True((bool)o.BaseObject));
    }
}
