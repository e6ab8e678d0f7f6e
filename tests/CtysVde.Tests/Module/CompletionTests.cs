using CtysVde.Tests.Support;
using Xunit;

namespace CtysVde.Tests.Module;

/// <summary>Tab completion of names, through PowerShell's own TabExpansion2 as a terminal would ask for it.</summary>
public sealed class CompletionTests : ModuleTest
{
    public CompletionTests(KernelFixture fixture, PowerShellSession session)
        : base(fixture, session)
    {
    }

    [KernelFact]
    public void Names_of_switches_users_groups_bridges_taps_and_uplinks_complete()
    {
        var alice = $"vde_switch0.{KernelFixture.Alice}";
        Ok("New-VdeSwitch -Confirm:$false; New-VdeSwitch -Owner $args[0] -Confirm:$false; New-VdeBridge -BridgeName br-complete -Confirm:$false", KernelFixture.Alice);
        Sh.Ok("ip", "link", "add", "vethup0", "type", "veth", "peer", "name", "vethup1");
        Defer("delete vethup0", () => Sh.Run("ip", "link", "del", "vethup0"));
        Sh.Ok("ip", "link", "set", "vethup1", "master", "br-complete");
        var tap = (string)Ok("(Get-VdeSwitch -Name vde_switch0.root).TapName").Output.Single().BaseObject;

        Assert.Equal(new[] { alice, "vde_switch0.root" }, Complete("Get-VdeSwitch -Name vde_sw"));
        Assert.Equal(new[] { alice }, Complete($"Remove-VdeSwitch vde_switch0.{KernelFixture.Alice[..9]}"));
        Assert.Equal(new[] { "vde_switch0.root" }, Complete("Test-VdeSwitch -Name *.ro"));
        Assert.Equal(new[] { alice }, Complete("Get-VdePort -Name vde_switch0.ctys"));
        Assert.Equal(new[] { alice }, Complete("Get-VdeEndpoint -SwitchName vde_switch0.ctys"));
        Assert.Equal(new[] { KernelFixture.Alice }, Complete("New-VdeSwitch -Owner ctysvde-a"));
        Assert.Equal(new[] { KernelFixture.Alice }, Complete("Get-VdeSwitch -Owner ctysvde-a"));
        Assert.Contains(KernelFixture.LabGroup, Complete("New-VdeSwitch -Group ctysvde-"));
        Assert.Equal(new[] { KernelFixture.LabGroup }, Complete("New-VdeSwitch -SetgidGroup ctysvde-l"));
        Assert.Equal(new[] { "br-complete", "ctysbr0" }, Complete("New-VdeSwitch -BridgeName "));
        Assert.Equal(new[] { "ctysbr0" }, Complete("Get-VdeBridge -BridgeName ctys"));
        Assert.Equal(new[] { "br-complete" }, Complete("Remove-VdeBridge -BridgeName br-"));
        Assert.Equal(new[] { "br-complete" }, Complete("Get-VdeTap -BridgeName br-c"));
        Assert.Contains(tap, Complete("Get-VdeTap -TapName tap"));

        // Only what can become an uplink: vethup1 is a bridge member already, lo, bridges and TAPs never qualify.
        Assert.Equal(new[] { "vethup0" }, Complete("New-VdeBridge -BridgeName br-x -Interface vethup"));
        Assert.Empty(Complete("New-VdeSwitch -Interface lo"));
        Assert.Empty(Complete($"New-VdeSwitch -Interface {tap}"));
    }

    private string[] Complete(string input) =>
        Ok("(TabExpansion2 -inputScript $args[0] -cursorColumn $args[0].Length).CompletionMatches | ForEach-Object CompletionText", input).Output
            .Select(o => (string)o.BaseObject).ToArray();
}
