using CtysVde.Core.Errors;
using CtysVde.Tests.Support;
using Xunit;

namespace CtysVde.Tests.Module;

/// <summary>
/// A bad value for every parameter of every cmdlet, in a real runspace: the ErrorRecord's id, category and target
/// are the documented ones, and the host is left exactly as it was. A switch exists throughout, so that a wrong
/// match or a half-done step would show.
/// </summary>
public sealed class BadInputTests : ModuleTest
{
    private const string LongName = "averyveryverylongbridge";

    public BadInputTests(KernelFixture fixture, PowerShellSession session)
        : base(fixture, session)
    {
    }

    public static TheoryData<string, string, string, string> Cases => new()
    {
        // command, error id, category, target
        { "New-VdeSwitch -Owner nosuchuser", "InvalidUser", "InvalidArgument", "nosuchuser" },
        { "New-VdeSwitch -Owner ''", "ParameterArgumentValidationError", "InvalidData", "" },
        { "New-VdeSwitch -Owner root -Group nosuchgroup", "InvalidGroup", "InvalidArgument", "nosuchgroup" },
        { "New-VdeSwitch -Owner root -SetgidGroup nosuchgroup", "InvalidSetgidGroup", "InvalidArgument", "nosuchgroup" },
        { "New-VdeSwitch -Owner root -SetgidGroup daemon", "InvalidSetgidGroup", "InvalidArgument", "daemon" },
        { $"New-VdeSwitch -Owner root -BridgeName {LongName}", "InvalidBridgeName", "InvalidArgument", LongName },
        { "New-VdeSwitch -Owner root -BridgeName lo", "NotABridge", "InvalidArgument", "lo" },
        { "New-VdeSwitch -Owner root -SocketPath rel/sw", "InvalidSocketPath", "InvalidArgument", "rel/sw" },
        { "New-VdeSwitch -Owner root -ManagementSocket /nosuchdir/mgmt", "InvalidSocketPath", "InvalidArgument", "/nosuchdir/mgmt" },
        { "New-VdeSwitch -Owner root -PidFile pid", "InvalidSocketPath", "InvalidArgument", "pid" },
        { "New-VdeSwitch -Owner root -TapName 'a/b'", "InvalidTapName", "InvalidArgument", "a/b" },
        { "New-VdeSwitch -Owner root -TapName lo", "TapExists", "ResourceExists", "lo" },
        { "New-VdeSwitch -Owner root -BridgeName br-new -Interface nosuchif", "InvalidInterface", "InvalidArgument", "nosuchif" },
        { "New-VdeSwitch -Owner root -BridgeName br-new -Interface lo", "InvalidInterface", "InvalidArgument", "lo" },
        { "New-VdeSwitch -Owner root -Unmanage", "InvalidInterface", "InvalidArgument", "Unmanage" },
        { "New-VdeSwitch -Owner root -ProbeTimeoutSeconds 0", "ParameterArgumentValidationError", "InvalidData", "0" },
        { "New-VdeSwitch -Owner root -HostName elsewhere", "ForeignHost", "InvalidArgument", "root" },
        { "Get-VdeSwitch -Name nosuch", "SwitchNotFound", "ObjectNotFound", "nosuch" },
        { "Get-VdeSwitch -Owner ''", "ParameterArgumentValidationError", "InvalidData", "" },
        { "Get-VdeSwitch -HostName elsewhere", "ForeignHost", "InvalidArgument", "" },
        { "Remove-VdeSwitch -Name nosuch -Force", "SwitchNotFound", "ObjectNotFound", "nosuch" },
        { "Remove-VdeSwitch -InputObject $null -Force", "ParameterArgumentValidationError", "InvalidData", "" },
        { "Test-VdeSwitch -Name nosuch", "SwitchNotFound", "ObjectNotFound", "nosuch" },
        { "Get-VdePort -Name nosuch", "SwitchNotFound", "ObjectNotFound", "nosuch" },
        { "Get-VdePort -Port 0", "ParameterArgumentValidationError", "InvalidData", "0" },
        { "Get-VdeEndpoint -Name nosuch", "SwitchNotFound", "ObjectNotFound", "nosuch" },
        { "Get-VdePortVlan -Name nosuch", "SwitchNotFound", "ObjectNotFound", "nosuch" },
        { "Get-VdePortVlan -Port 0", "ParameterArgumentValidationError", "InvalidData", "0" },
        { "Set-VdePortVlan -Port 3 -Access -VlanId 0", "InvalidVlanId", "InvalidArgument", "0" },
        { "Set-VdePortVlan -Port 3 -Access -VlanId 4094", "InvalidVlanId", "InvalidArgument", "4094" },
        { "Set-VdePortVlan -Port 3 -Trunk -AllowedVlanIdList 20,5000", "InvalidVlanId", "InvalidArgument", "5000" },
        { "Set-VdePortVlan -Port 3 -Trunk -AllowedVlanIdList 20 -NativeVlanId -1", "InvalidVlanId", "InvalidArgument", "-1" },
        { "Set-VdePortVlan -Port 3 -Trunk -AllowedVlanIdList @()", "ParameterArgumentValidationError", "InvalidData", "" },
        { "Set-VdePortVlan -Port 0 -Untagged", "InvalidPort", "InvalidArgument", "0" },
        { "Set-VdePortVlan -Port 32 -Untagged", "InvalidPort", "InvalidArgument", "32" },
        { "Set-VdePortVlan -SwitchName nosuch -Port 3 -Untagged", "SwitchNotFound", "ObjectNotFound", "nosuch" },
        { "Set-VdePortVlan -SwitchName '' -Port 3 -Untagged", "ParameterArgumentValidationError", "InvalidData", "" },
        { "Set-VdePortVlan -Port 3 -Access -VlanId 10 -Trunk -AllowedVlanIdList 20", "AmbiguousParameterSet", "InvalidArgument", "" },
        { "Set-VdePortVlan -SwitchName vde_switch0.root -Port 3 -Untagged -HostName elsewhere", "ForeignHost", "InvalidArgument", "vde_switch0.root:3" },
        { "Get-VdeMacAddress -Name nosuch", "SwitchNotFound", "ObjectNotFound", "nosuch" },
        { "Get-VdeTap -TapName nosuchtap", "TapNotFound", "ObjectNotFound", "nosuchtap" },
        { "Get-VdeTap -BridgeName ''", "ParameterArgumentValidationError", "InvalidData", "" },
        { "Get-VdeBridge -BridgeName nosuchbr", "BridgeNotFound", "ObjectNotFound", "nosuchbr" },
        { $"New-VdeBridge -BridgeName {LongName}", "InvalidBridgeName", "InvalidArgument", LongName },
        { "New-VdeBridge -BridgeName lo", "NotABridge", "InvalidArgument", "lo" },
        { "New-VdeBridge -BridgeName br-new -Interface nosuchif", "InvalidInterface", "InvalidArgument", "nosuchif" },
        { "New-VdeBridge -BridgeName br-new -Interface lo -ProbeTarget not-an-ip", "InvalidInterface", "InvalidArgument", "lo" },
        { "New-VdeBridge -BridgeName br-new -ProbeTimeoutSeconds 301", "ParameterArgumentValidationError", "InvalidData", "301" },
        { "Remove-VdeBridge -BridgeName nosuchbr -Force", "BridgeNotFound", "ObjectNotFound", "nosuchbr" },
        { "Remove-VdeBridge -BridgeName br-foreign -Force", "ForeignBridge", "InvalidOperation", "br-foreign" },
        { "Remove-VdeBridge -BridgeName ctysbr0 -Force", "BridgeInUse", "InvalidOperation", "ctysbr0" },
    };

    [KernelTheory]
    [MemberData(nameof(Cases))]
    public void A_bad_value_gets_its_documented_error_and_changes_nothing(string command, string errorId, string category, string target)
    {
        Ok("New-VdeSwitch -Confirm:$false");
        Sh.Ok("ip", "link", "add", "br-foreign", "type", "bridge");
        Defer("delete br-foreign", () => Sh.Run("ip", "link", "del", "br-foreign"));
        var before = SystemSnapshot.Take();

        var confirm = command.StartsWith("New-", StringComparison.Ordinal) || command.StartsWith("Set-", StringComparison.Ordinal) ? " -Confirm:$false" : string.Empty;
        var record = Fails(command + confirm, errorId, command.Split(' ')[0]);

        Assert.Equal(category, record.CategoryInfo.Category.ToString());
        if (errorId == "ParameterArgumentValidationError")
        {
            // PowerShell's own validation: no target, a message that names the parameter and the value.
            Assert.Contains("Cannot validate argument on parameter", record.Exception.Message, StringComparison.Ordinal);
            Assert.Contains(target, record.Exception.Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(target, record.TargetObject?.ToString() ?? string.Empty);
            Assert.Contains(target, record.Exception.Message, StringComparison.Ordinal);
        }

        AssertUnchanged(before, $"{command} failed");
        Assert.Equal(true, Ok("Test-VdeSwitch -Name vde_switch0.root").Output.Single().BaseObject);
    }

    [KernelFact]
    public void A_name_that_matches_nothing_is_a_non_terminating_error_and_the_pipeline_goes_on()
    {
        Ok("New-VdeSwitch -Confirm:$false");
        foreach (var command in new[] { "Get-VdeSwitch", "Test-VdeSwitch", "Get-VdePort", "Get-VdePortVlan", "Get-VdeEndpoint", "Get-VdeMacAddress" })
        {
            var result = Session.Run($"{command} -Name nosuch, vde_switch0.root; 'after'");
            Assert.Null(result.Terminating);
            Assert.Equal(new[] { $"SwitchNotFound,CtysVde.Commands.{command.Replace("-", string.Empty, StringComparison.Ordinal)}Command" }, result.ErrorIds);
            Assert.True(result.Output.Count >= 2, $"{command}: {result}");
            Assert.Equal("after", result.Output[^1].BaseObject);
        }

        // A wildcard that matches nothing is silent.
        var silent = Session.Run("Get-VdeSwitch -Name nomatch*; Get-VdeTap -TapName nomatch*; Get-VdeBridge -BridgeName nomatch*");
        Assert.Empty(silent.Errors);
        Assert.Empty(silent.Output);
    }
}
