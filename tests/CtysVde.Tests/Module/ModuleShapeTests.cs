using System.Management.Automation;
using System.Reflection;
using CtysVde.Core.Model;
using CtysVde.Tests.Support;
using Xunit;

namespace CtysVde.Tests.Module;

/// <summary>
/// What PowerShell shows of the imported module and users rely on: its commands, verbs, parameter sets, output
/// types, manifest and format views, read from PowerShell itself (Get-Command, Get-FormatData, Test-ModuleManifest).
/// </summary>
public sealed class ModuleShapeTests : IClassFixture<PowerShellSession>
{
    /// <summary>The module's cmdlets; the help tests read the same list.</summary>
    internal static readonly string[] Expected =
        ["Get-VdeBridge", "Get-VdeCable", "Get-VdeCapture", "Get-VdeEndpoint", "Get-VdeMacAddress", "Get-VdePort", "Get-VdePortVlan", "Get-VdeSwitch", "Get-VdeTap", "New-VdeBridge", "New-VdeCable", "New-VdeSwitch", "Remove-VdeBridge", "Remove-VdeCable", "Remove-VdeSwitch", "Set-VdeCable", "Set-VdePortVlan", "Start-VdeCapture", "Stop-VdeCapture", "Test-VdeCable", "Test-VdeSwitch"];

    private static readonly string[] MutatingVerbs = ["New", "Remove", "Set", "Add", "Clear", "Reset", "Start", "Stop", "Restart", "Enable", "Disable", "Rename", "Move", "Connect", "Disconnect"];

    private readonly PowerShellSession _session;

    public ModuleShapeTests(PowerShellSession session)
    {
        _session = session;
    }

    public static TheoryData<string> Cmdlets => new(Expected);

    [Fact]
    public void The_module_exports_exactly_its_cmdlets_and_nothing_else()
    {
        Assert.Equal(Expected, Strings("(Get-Command -Module CtysVde).Name | Sort-Object"));
        Assert.Equal(Expected, Strings("(Get-Module CtysVde).ImplementingAssembly.GetTypes() | Where-Object { $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false) } | ForEach-Object { $a = $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]; \"$($a.VerbName)-$($a.NounName)\" } | Sort-Object"));
        Assert.Equal(["0", "0", "0"], Strings("$m = Get-Module CtysVde; $m.ExportedFunctions.Count; $m.ExportedAliases.Count; $m.ExportedVariables.Count"));
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Verbs_are_approved_output_types_declared_and_only_mutating_cmdlets_support_ShouldProcess(string name)
    {
        var verb = name.Split('-')[0];
        Assert.Contains(verb, Strings("(Get-Verb).Verb"));
        Assert.NotEmpty(Strings("(Get-Command $args[0]).OutputType.Name", name));
        var shouldProcess = Strings("(Get-Command $args[0]).Parameters.ContainsKey('WhatIf')", name).Single() == "True";
        Assert.Equal(MutatingVerbs.Contains(verb), shouldProcess);
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Parameter_sets_are_unambiguous_and_every_switch_is_in_every_set(string name)
    {
        // One line per set: name|default|parameter:position:mandatory:byValue:byName:isSwitch;…
        var sets = Strings("""
            (Get-Command $args[0]).ParameterSets | ForEach-Object {
                $own = $_.Parameters | Where-Object { $_.Name -notin [System.Management.Automation.PSCmdlet]::CommonParameters -and $_.Name -notin [System.Management.Automation.PSCmdlet]::OptionalCommonParameters }
                "$($_.Name)|$($_.IsDefault)|" + (($own | ForEach-Object { "$($_.Name):$($_.Position):$($_.IsMandatory):$($_.ValueFromPipeline):$($_.ValueFromPipelineByPropertyName):$($_.ParameterType -eq [switch])" }) -join ';')
            }
            """, name).Select(ParameterSet.Parse).ToArray();
        Assert.Single(sets, s => s.IsDefault || sets.Length == 1);
        foreach (var set in sets)
        {
            Assert.True(set.Parameters.Count(p => p.ByValue) <= 1, $"{name} set {set.Name}: more than one ByValue parameter");
            Assert.True(set.Parameters.Where(p => p.Position >= 0).GroupBy(p => p.Position).All(g => g.Count() == 1), $"{name} set {set.Name}: two parameters at one position");
            Assert.Contains(set.Parameters, p => p.ByValue || p.ByName);
        }

        var byDefault = sets.Single(s => s.IsDefault || sets.Length == 1);
        foreach (var set in sets.Where(s => s != byDefault))
        {
            Assert.True(set.Parameters.Any(p => p.Mandatory && byDefault.Parameters.All(d => d.Name != p.Name)), $"{name}: set {set.Name} has no mandatory parameter of its own");
        }

        // A switch that selects its set (mandatory there, as Set-VMNetworkAdapterVlan's -Access and -Trunk) is the
        // set's own; every other switch (-Force, -PassThru) must be in every set.
        var selectors = sets.SelectMany(s => s.Parameters).Where(p => p.IsSwitch && p.Mandatory).Select(p => p.Name).ToHashSet();
        foreach (var switchName in sets.SelectMany(s => s.Parameters).Where(p => p.IsSwitch && !selectors.Contains(p.Name)).Select(p => p.Name).Distinct())
        {
            Assert.All(sets, s => Assert.Contains(s.Parameters, p => p.Name == switchName));
        }
    }

    [Fact]
    public void Switch_commands_share_one_name_parameter_contract()
    {
        foreach (var cmdlet in new[] { "Get-VdeSwitch", "Remove-VdeSwitch", "Test-VdeSwitch", "Get-VdePort", "Get-VdePortVlan", "Get-VdeEndpoint", "Get-VdeMacAddress" })
        {
            var facts = Strings("""
                $p = (Get-Command $args[0]).Parameters['Name']
                $p.ParameterType.FullName
                $p.Aliases -contains 'SwitchName'
                [bool]($p.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
                ($p.ParameterSets.Values | ForEach-Object { "$($_.Position):$($_.ValueFromPipelineByPropertyName)" }) -join ','
                """, cmdlet);
            Assert.Equal(["System.String[]", "True", "True", "0:True"], facts);
        }
    }

    [Theory]
    [InlineData(typeof(VdeSwitch), "Name")]
    [InlineData(typeof(VdePort), "SwitchName")]
    [InlineData(typeof(VdePortVlan), "SwitchName")]
    [InlineData(typeof(VdeEndpoint), "SwitchName")]
    [InlineData(typeof(VdeMacAddress), "SwitchName")]
    [InlineData(typeof(VdeHealth), "SwitchName")]
    [InlineData(typeof(VdeTap), "TapName")]
    [InlineData(typeof(VdeBridge), "BridgeName")]
    public void Output_objects_are_flat_with_identity_first_host_identity_and_no_generic_name(Type type, string identity)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance);
        Assert.Equal(identity, properties[0].Name);
        Assert.True(type == typeof(VdeSwitch) || properties.All(p => p.Name != "Name"), $"{type.Name} must not have a generic Name");
        Assert.Contains(properties, p => p.Name == "HostId");
        Assert.Contains(properties, p => p.Name == "HostName");
        Assert.DoesNotContain(properties, p => p.Name is "ComputerName" or "PSComputerName");
        foreach (var p in properties)
        {
            var t = Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType;
            Assert.True(t == typeof(string) || t == typeof(bool) || t == typeof(int) || t == typeof(long) || t == typeof(DateTime) || t == typeof(string[]) || t == typeof(int[]),
                $"{type.Name}.{p.Name} is {t}: not flat, it would arrive as a string after remoting");
        }
    }

    [Fact]
    public void The_manifest_is_valid_targets_PowerShell_7_4_and_carries_the_assemblys_version_and_links()
    {
        var facts = Strings("""
            $m = Test-ModuleManifest -Path $args[0] -ErrorAction Stop
            $m.PowerShellVersion.ToString(2)
            $m.CompatiblePSEditions -join ','
            $m.Version.ToString(3)
            (Get-Module CtysVde).ImplementingAssembly.GetName().Version.ToString(3)
            [string]$m.LicenseUri
            [string]$m.ProjectUri
            [bool]$m.ReleaseNotes
            """, PowerShellSession.ManifestPath);
        Assert.Equal("7.4", facts[0]);
        Assert.Equal("Core", facts[1]);
        Assert.Equal(facts[3], facts[2]);
        Assert.StartsWith("https://", facts[4], StringComparison.Ordinal);
        Assert.StartsWith("https://", facts[5], StringComparison.Ordinal);
        Assert.Equal("True", facts[6]);
    }

    [Fact]
    public void Every_output_type_has_one_view_also_for_remote_objects_that_names_real_properties_only()
    {
        foreach (var type in new[] { typeof(VdeSwitch), typeof(VdePort), typeof(VdeEndpoint), typeof(VdeMacAddress), typeof(VdeHealth), typeof(VdeTap), typeof(VdeBridge) })
        {
            var properties = type.GetProperties().Select(p => p.Name).ToHashSet();
            foreach (var name in new[] { type.FullName!, $"Deserialized.{type.FullName}" })
            {
                var views = _session.Run("Get-FormatData -TypeName $args[0] -PowerShellVersion $PSVersionTable.PSVersion", name).Output
                    .Select(o => (ExtendedTypeDefinition)o.BaseObject).SelectMany(d => d.FormatViewDefinition).ToArray();
                var view = Assert.Single(views);
                var referenced = view.Control switch
                {
                    TableControl table => table.Rows.Single().Columns.Select(c => c.DisplayEntry).ToArray(),
                    CustomControl custom => custom.Entries.SelectMany(e => e.CustomItems).OfType<CustomItemExpression>().Select(i => i.Expression).ToArray(),
                    _ => throw new InvalidOperationException($"{name}: a {view.Control.GetType().Name} view"),
                };
                if (view.Control is TableControl t)
                {
                    Assert.InRange(t.Rows.Single().Columns.Count, 1, 6);
                }

                Assert.NotEmpty(referenced);
                Assert.All(referenced, e => Assert.Equal(DisplayEntryValueType.Property, e.ValueType));
                Assert.All(referenced, e => Assert.Contains(e.Value, properties));
            }
        }
    }

    [Fact]
    public void System_Management_Automation_never_ships_with_the_module()
    {
        var module = Path.Combine(PowerShellSession.RepositoryRoot, "module");
        Assert.Equal(["CliWrap.dll", "CtysVde.Core.dll", "CtysVde.dll"], Directory.GetFiles(module, "*.dll", SearchOption.AllDirectories).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    private string[] Strings(string script, params object?[] args)
    {
        var result = _session.Run(script, args);
        Assert.True(result.Errors.Count == 0 && result.Terminating is null, $"{script}: {result}");
        return result.Output.Select(o => o?.ToString() ?? string.Empty).ToArray();
    }

    private sealed record ParameterSet(string Name, bool IsDefault, IReadOnlyList<SetParameter> Parameters)
    {
        public static ParameterSet Parse(string line)
        {
            var parts = line.Split('|');
            var parameters = parts[2].Split(';', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split(':'))
                .Select(f => new SetParameter(f[0], int.Parse(f[1], System.Globalization.CultureInfo.InvariantCulture), f[2] == "True", f[3] == "True", f[4] == "True", f[5] == "True")).ToArray();
            return new ParameterSet(parts[0], parts[1] == "True", parameters);
        }
    }

    private sealed record SetParameter(string Name, int Position, bool Mandatory, bool ByValue, bool ByName, bool IsSwitch);
}
