using System.Management.Automation;
using CtysVde.Core.Errors;
using CtysVde.Core.Switches;
using CtysVde.Tests.Support;
using Xunit;

namespace CtysVde.Tests.Module;

/// <summary>
/// The help as Get-Help shows it agrees with what the binder does: wildcards, pipeline input, input and output
/// types, and the documented error ids (every one of the catalog, each in the README's table). The Pester suite
/// (Help.Tests.ps1) checks the text a reader sees and runs every example.
/// </summary>
public sealed class HelpTests : IClassFixture<PowerShellSession>
{
    private readonly PowerShellSession _session;

    public HelpTests(PowerShellSession session)
    {
        _session = session;
    }

    private static readonly string[] Names = ModuleShapeTests.Expected;

    public static TheoryData<string> Cmdlets => new(Names);

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Every_parameter_is_described_as_the_binder_sees_it(string name)
    {
        // name|wildcards per Get-Help|pipeline input per Get-Help|wildcards per the binder|pipeline input per the binder
        var rows = Strings("""
            $command = Get-Command $args[0]
            $help = Get-Help $args[0] -Full
            foreach ($p in $command.Parameters.Values | Where-Object { $_.Name -notin [System.Management.Automation.PSCmdlet]::CommonParameters -and $_.Name -notin [System.Management.Automation.PSCmdlet]::OptionalCommonParameters }) {
                $doc = $help.parameters.parameter | Where-Object name -EQ $p.Name
                $wild = [bool]($p.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
                $piped = [bool]($p.ParameterSets.Values | Where-Object { $_.ValueFromPipeline -or $_.ValueFromPipelineByPropertyName })
                "$($p.Name)|$($doc.globbing)|$($doc.pipelineInput)|$wild|$piped|$(($doc.description.Text -join ' ').Length)"
            }
            """, name);
        Assert.NotEmpty(rows);
        foreach (var row in rows.Select(r => r.Split('|')))
        {
            Assert.True(row[1].Length > 0, $"{name} -{row[0]} is not in the help");
            Assert.Equal(row[3].ToLowerInvariant(), row[1].ToLowerInvariant());
            Assert.Equal(row[4] == "True", row[2].StartsWith("True", StringComparison.Ordinal));
            Assert.True(int.Parse(row[5], System.Globalization.CultureInfo.InvariantCulture) > 10, $"{name} -{row[0]} has no description");
        }
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Inputs_outputs_and_error_ids_are_documented(string name)
    {
        var outputs = Strings("((Get-Help $args[0] -Full).returnValues.returnValue.type.name | ForEach-Object { $_.Trim() }) -join ','", name).Single();
        var declared = Strings("(Get-Command $args[0]).OutputType.Type.FullName -join ','", name).Single();
        Assert.Equal(declared, outputs);
        Assert.NotEmpty(Strings("(Get-Help $args[0] -Full).inputTypes.inputType.type.name | Where-Object { $_ }", name));
        var errors = DocumentedErrorIds(name);
        Assert.NotEmpty(errors);
        Assert.All(errors, id => Assert.Contains(ErrorCatalog.All, e => e.Id == id));
    }

    [Fact]
    public void Every_error_id_is_documented_in_some_cmdlet_and_in_the_readme()
    {
        var documented = Names.SelectMany(DocumentedErrorIds).ToHashSet();
        var readme = File.ReadAllText(Path.Combine(PowerShellSession.RepositoryRoot, "README.md"));
        foreach (var e in ErrorCatalog.All)
        {
            Assert.True(e.CommandLineOnly || documented.Contains(e.Id), $"{e.Id} is in no cmdlet's help");
            Assert.Contains($"`{e.Id}`", readme, StringComparison.Ordinal);
        }

        Assert.Equal(typeof(ErrorIds).GetFields().Select(f => (string)f.GetRawConstantValue()!).Order(StringComparer.Ordinal), ErrorCatalog.All.Select(e => e.Id).Order(StringComparer.Ordinal));
    }

    /// <summary>The ids in the help's NOTES (alertSet): one paragraph per id, "Id (Category): meaning".</summary>
    private string[] DocumentedErrorIds(string name) =>
        Strings("(Get-Help $args[0] -Full).alertSet.alert.Text -split \"`n\" | Where-Object { $_ -match '^\\w+ \\(\\w+\\):' } | ForEach-Object { ($_ -split ' ')[0] }", name);

    private string[] Strings(string script, params object?[] args)
    {
        var result = _session.Run(script, args);
        Assert.True(result.Errors.Count == 0 && result.Terminating is null, $"{script}: {result}");
        return result.Output.Where(o => o is not null).Select(o => o.ToString()).ToArray();
    }
}
