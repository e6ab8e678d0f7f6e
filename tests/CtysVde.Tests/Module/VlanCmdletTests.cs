using CtysVde.Core.Model;
using CtysVde.Tests.Support;
using Xunit;

namespace CtysVde.Tests.Module;

/// <summary>Set-VdePortVlan and Get-VdePortVlan in a real runspace, as Hyper-V users would pipe them.</summary>
public sealed class VlanCmdletTests : ModuleTest
{
    public VlanCmdletTests(KernelFixture fixture, PowerShellSession session)
        : base(fixture, session)
    {
    }

    [KernelFact]
    public void Ports_get_access_and_trunk_VLANs_from_parameters_and_from_the_pipeline()
    {
        Ok("New-VdeSwitch -Confirm:$false");
        var guest = PlugIn("/var/tmp/vde_switch0.root", "vlan-guest", "10.199.36.2/24");

        var access = Ok("Get-VdePort | Where-Object ClientProcessIds -Contains $args[0] | Set-VdePortVlan -Access -VlanId 10 -PassThru -Confirm:$false", guest.Pid).Objects<VdePortVlan>().Single();
        Assert.Equal(("vde_switch0.root", "Access", 10, true), (access.SwitchName, access.OperationMode, access.AccessVlanId, access.Active));
        Assert.Equal(10, Ok("Get-VdePort | Where-Object ClientProcessIds -Contains $args[0]", guest.Pid).Objects<VdePort>().Single().Vlan);

        var trunk = Ok("Set-VdePortVlan -SwitchName vde_switch0.root -Port 9 -Trunk -AllowedVlanIdList 30,20 -NativeVlanId 10 -PassThru -Confirm:$false").Objects<VdePortVlan>().Single();
        Assert.Equal(("Trunk", 10, "20,30", false), (trunk.OperationMode, trunk.NativeVlanId, string.Join(',', trunk.AllowedVlanIdList), trunk.Active));
        var listed = Ok("Get-VdeSwitch | Get-VdePortVlan | Where-Object OperationMode -ne Untagged | Sort-Object Port").Objects<VdePortVlan>();
        Assert.Equal([access.Port, 9], listed.Select(v => v.Port));

        // -WhatIf shows and changes nothing; without it the pipeline takes every port back, and the VLANs go.
        var before = Ok("Get-VdePortVlan | ConvertTo-Json").Output.Single().BaseObject;
        Assert.Empty(Ok("Get-VdePortVlan | Set-VdePortVlan -Untagged -WhatIf").Output);
        Assert.Equal(before, Ok("Get-VdePortVlan | ConvertTo-Json").Output.Single().BaseObject);
        Ok("Get-VdePortVlan | Where-Object OperationMode -ne Untagged | Set-VdePortVlan -Untagged -Confirm:$false");
        Assert.All(Ok("Get-VdePortVlan").Objects<VdePortVlan>(), v => Assert.Equal("Untagged", v.OperationMode));
        Assert.Empty(Ok("Get-VdePort").Objects<VdePort>().SelectMany(p => p.TaggedVlans));
    }
}
