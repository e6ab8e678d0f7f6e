using System.Management.Automation;
using CtysVde.Completion;
using CtysVde.Core.Model;

namespace CtysVde.Commands;

/// <summary>Tests VDE switches end to end: one verdict per switch, or every check with -Detailed.</summary>
/// <remarks>
/// Test-VdeSwitch runs the checks of `ctys-setupvde check`:
/// the process is alive, the management socket answers, the TAP is on a port, the TAP is up with carrier
/// and forwarding on a bridge, its owner and group are as intended, and the sockets let the owner in.
/// It returns $true or $false for each switch; with -Detailed it returns one VdeHealth object per check,
/// with what was seen and a remedy for a failure. Without a name it tests the caller's own switch.
/// </remarks>
/// <example>
/// <code>Test-VdeSwitch</code>
/// <para>Returns $true when the caller's own switch is healthy, as ctys-setupvde check does.</para>
/// </example>
/// <example>
/// <code>Test-VdeSwitch -Name vde_switch0.alice -Detailed | Format-Table Check, Passed, Detail</code>
/// <para>Shows every check of alice's switch with what was seen.</para>
/// </example>
/// <example>
/// <code>Get-VdeSwitch -IncludeStale | Test-VdeSwitch -Detailed | Where-Object Passed -eq $false | Format-List SwitchName, Check, Detail, Remedy</code>
/// <para>Lists every failing check of every switch, crashed ones included, with what was seen and what to do about it.</para>
/// </example>
/// <error id="SwitchNotFound"/>
/// <error id="ForeignHost"/>
/// <error id="SwitchMismatch"/>
[Cmdlet(VerbsDiagnostic.Test, "VdeSwitch", HelpUri = "https://github.com/ctysvde/CtysVde/blob/main/README.md#test-vdeswitch", DefaultParameterSetName = "Name")]
[OutputType(typeof(bool), typeof(VdeHealth))]
public sealed class TestVdeSwitchCommand : SwitchTargetCmdlet
{
    /// <summary>Names of the switches to test. Wildcards are allowed. Default: the caller's switch.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = "Name")]
    [Alias("SwitchName")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(SwitchNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Returns every check as a VdeHealth object instead of one Boolean per switch.</summary>
    [Parameter]
    public SwitchParameter Detailed { get; set; }

    /// <inheritdoc/>
    protected override string[]? Names => Name;

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        foreach (var (_, spec) in Targets(includeStale: true, TargetDefault.CallersSwitch))
        {
            ForEachInput(() =>
            {
                var checks = Engine.Test(spec, Cancellation);
                if (Detailed)
                {
                    WriteObject(checks.Select(c => VdeHealth.InWords(c, PowerShellWords.Instance)), enumerateCollection: true);
                }
                else
                {
                    WriteObject(checks.All(c => c.Passed));
                }
            });
        }
    }
}
