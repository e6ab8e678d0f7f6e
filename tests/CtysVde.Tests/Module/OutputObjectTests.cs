using System.Management.Automation;
using System.Text.Json;
using Microsoft.PowerShell.Commands;
using CtysVde.Tests.Support;
using Xunit;

namespace CtysVde.Tests.Module;

/// <summary>The objects behave as PowerShell users expect: read-only, one JSON for both front ends, no duplicates, readable checks.</summary>
public sealed class OutputObjectTests : ModuleTest
{
    public OutputObjectTests(KernelFixture fixture, PowerShellSession session)
        : base(fixture, session)
    {
    }

    [KernelFact]
    public void Every_output_object_is_read_only_to_PowerShell()
    {
        Ok("New-VdeSwitch -Confirm:$false");
        var client = PlugIn("/var/tmp/vde_switch0.root", "guest", "10.199.30.2/24");
        Sh.Ok("ip", "addr", "add", "10.199.30.1/24", "dev", "ctysbr0");
        Sh.Run("ip", "netns", "exec", client.Namespace, "ping", "-c", "1", "-W", "2", "10.199.30.1");

        foreach (var command in new[] { "Get-VdeSwitch", "Get-VdePort", "Get-VdeEndpoint", "Get-VdeMacAddress", "Get-VdeTap", "Get-VdeBridge", "Test-VdeSwitch -Detailed" })
        {
            var members = Ok($"{command} | Select-Object -First 1 | Get-Member").Output.Select(m => m.BaseObject).OfType<MemberDefinition>().ToArray();
            Assert.True(members.Length > 3, $"{command} wrote no object");
            Assert.All(members.Where(m => m.MemberType == PSMemberTypes.Property), m => Assert.EndsWith("{get;}", m.Definition, StringComparison.Ordinal));
            Assert.DoesNotContain(members, m => m.Name.Contains("Clone", StringComparison.Ordinal));
            var assign = Session.Run($"$o = {command} | Select-Object -First 1; $o.HostName = 'elsewhere'");
            Assert.Equal("PropertyAssignmentException", assign.TerminatingRecord?.FullyQualifiedErrorId ?? assign.Errors.FirstOrDefault()?.FullyQualifiedErrorId);
        }
    }

    [KernelFact]
    public void ConvertTo_Json_of_the_cmdlets_output_agrees_with_the_command_lines_json()
    {
        Ok("New-VdeSwitch -Confirm:$false");
        PlugIn("/var/tmp/vde_switch0.root", "guest", "10.199.31.2/24");

        // The same objects through both front ends; values that change between two calls (uptime, counters) aside.
        var volatileValues = new HashSet<string>(StringComparer.Ordinal) { "UptimeSeconds", "InPackets", "InBytes", "OutPackets", "OutBytes", "MacAddresses" };
        foreach (var (cmdlet, action) in new[] { ("Get-VdeSwitch", "list"), ("Get-VdePort", "ports"), ("Test-VdeSwitch -Detailed", "check") })
        {
            var fromPowerShell = (string)Ok($"ConvertTo-Json -InputObject @({cmdlet}) -Depth 3").Output.Single().BaseObject;
            var fromCli = Sh.Ok(TestHost.Cli, "--json", action);
            using var ps = JsonDocument.Parse(fromPowerShell);
            using var cli = JsonDocument.Parse(fromCli);
            var psItems = JsonCanonical.Items(ps);
            var cliItems = JsonCanonical.Items(cli);
            Assert.Equal(cliItems.Count, psItems.Count);
            foreach (var (p, c) in psItems.Zip(cliItems))
            {
                var pp = JsonCanonical.Properties(p);
                var cp = JsonCanonical.Properties(c);
                Assert.Equal(cp.Select(x => x.Name), pp.Select(x => x.Name));
                Assert.Equal(cp.Where(x => !volatileValues.Contains(x.Name)), pp.Where(x => !volatileValues.Contains(x.Name)));
            }

            Assert.DoesNotContain("\"State\": 0", fromPowerShell, StringComparison.Ordinal);
        }
    }

    [KernelFact]
    public void Piping_ports_or_endpoints_to_Get_VdeSwitch_returns_each_switch_once()
    {
        Ok("New-VdeSwitch -Confirm:$false");
        Ok("New-VdeSwitch -Owner $args[0] -Confirm:$false", KernelFixture.Alice);
        PlugIn("/var/tmp/vde_switch0.root", "guest-1", "10.199.32.2/24");
        PlugIn("/var/tmp/vde_switch0.root", "guest-2", "10.199.32.3/24");
        Assert.Equal(3, Ok("@(Get-VdePort -Name vde_switch0.root).Count").Output.Single().BaseObject);

        foreach (var source in new[] { "Get-VdePort", "Get-VdeEndpoint", "Get-VdeTap" })
        {
            var names = Ok($"{source} | Get-VdeSwitch").Output.Select(o => (string)o.Properties["Name"].Value).ToArray();
            Assert.Equal(new[] { "vde_switch0.root", $"vde_switch0.{KernelFixture.Alice}" }.Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
        }
    }

    [KernelFact]
    public void Test_VdeSwitch_Detailed_is_readable_at_120_columns()
    {
        var sw = Ok("New-VdeSwitch -Confirm:$false").Output.Single();
        Sh.Ok("ip", "link", "set", (string)sw.Properties["TapName"].Value, "down");

        var checks = Ok("Test-VdeSwitch -Detailed").Output;
        var text = (string)Ok("Test-VdeSwitch -Detailed | Out-String -Width 120").Output.Single().BaseObject;
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.All(lines, l => Assert.True(l.Length <= 120, $"longer than 120 columns: {l}"));
        foreach (var check in checks)
        {
            // Every detail and remedy is on one line, whole: no word is cut.
            var (name, passed, detail, remedy) = ((string)check.Properties["Check"].Value, (bool)check.Properties["Passed"].Value, (string)check.Properties["Detail"].Value, (string?)check.Properties["Remedy"].Value);
            Assert.Contains($"[{(passed ? "passed" : "FAILED")}] {name}: {detail}", lines);
            if (!passed)
            {
                Assert.Contains($"         remedy: {remedy}", lines);
            }
        }

        Assert.Contains(checks, c => !(bool)c.Properties["Passed"].Value);
    }
}
