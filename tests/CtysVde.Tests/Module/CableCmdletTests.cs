using CtysVde.Core.Errors;
using CtysVde.Core.Model;
using CtysVde.Tests.Support;
using Xunit;

namespace CtysVde.Tests.Module;

/// <summary>New-, Get-, Set- and Remove-VdeCable in a real runspace, piped as users would.</summary>
public sealed class CableCmdletTests : ModuleTest
{
    public CableCmdletTests(KernelFixture fixture, PowerShellSession session)
        : base(fixture, session)
    {
    }

    [KernelFact(Requires = "wirefilter")]
    public void A_cable_is_made_from_a_piped_switch_found_through_the_other_changed_live_and_removed_through_the_pipeline()
    {
        Ok("New-VdeSwitch -BridgeName br-cmdlet-a -Confirm:$false");
        Ok("New-VdeSwitch -Owner $args[0] -BridgeName br-cmdlet-b -Confirm:$false", KernelFixture.Alice);
        Defer("remove the switches", () => Session.Run("Get-VdeCable | Remove-VdeCable -Confirm:$false; Get-VdeSwitch | Remove-VdeSwitch -Force -Confirm:$false"));
        var other = $"vde_switch0.{KernelFixture.Alice}";

        Assert.Empty(Ok("Get-VdeSwitch vde_switch0.root | New-VdeCable -RemoteSwitchName $args[0] -DelayMs 5 -WhatIf", other).Output);
        Assert.Empty(Ok("Get-VdeCable").Output);
        var cable = Ok("Get-VdeSwitch vde_switch0.root | New-VdeCable -RemoteSwitchName $args[0] -DelayMs 5 -Confirm:$false", other).Objects<VdeCable>().Single();
        Assert.Equal(("Up", 5), (cable.State, cable.DelayMs));

        Assert.Equal([true], Ok("Get-VdeCable | Test-VdeCable").Output.Select(o => (bool)o.BaseObject));
        var seen = Ok("Get-VdeSwitch $args[0] | Get-VdeCable", other).Objects<VdeCable>().Single();
        Assert.Equal(cable.Name, seen.Name);
        var changed = Ok("Get-VdeCable | Set-VdeCable -LossPercent 20 -PassThru -Confirm:$false").Objects<VdeCable>().Single();
        Assert.Equal((20.0, 5, cable.ProcessId), (changed.LossPercent, changed.DelayMs, changed.ProcessId));

        var bad = Fails("Get-VdeCable | Set-VdeCable -LossPercent 101 -Confirm:$false", ErrorIds.InvalidImpairment, "Set-VdeCable");
        Assert.Equal(System.Management.Automation.ErrorCategory.InvalidArgument, bad.CategoryInfo.Category);
        Assert.Equal(20.0, Ok("Get-VdeCable").Objects<VdeCable>().Single().LossPercent);
        Fails("Remove-VdeCable -Name nothing~here -Confirm:$false", ErrorIds.CableNotFound, "Remove-VdeCable");

        // A far host that is no host name, and one no route leads to: refused before anything is started.
        var badHost = Fails("New-VdeCable -RemoteSwitchName $args[0] -RemoteHost 'alice@-oProxyCommand=x' -Confirm:$false", ErrorIds.InvalidTarget, "New-VdeCable", other);
        Assert.Equal((System.Management.Automation.ErrorCategory.InvalidArgument, "alice@-oProxyCommand=x"), (badHost.CategoryInfo.Category, badHost.TargetObject));
        var unreachable = Fails("New-VdeCable -RemoteSwitchName $args[0] -RemoteHost 192.0.2.1 -Confirm:$false", ErrorIds.HostUnreachable, "New-VdeCable", other);
        Assert.Equal(System.Management.Automation.ErrorCategory.ConnectionError, unreachable.CategoryInfo.Category);
        Assert.Equal(cable.ProcessId, Assert.Single(Ok("Get-VdeCable").Objects<VdeCable>()).ProcessId);

        Ok("Get-VdeCable | Remove-VdeCable -Confirm:$false");
        Assert.Empty(Ok("Get-VdeCable").Output);
    }
}
