using System.Management.Automation;
using CtysVde.Core.Model;

namespace CtysVde.Commands;

/// <summary>Tests cables end to end: whether each is up and frames pass both ways.</summary>
/// <remarks>
/// Test-VdeCable sends test broadcasts (EtherType 0x88B5, which no stack answers) into each switch of the cable with a
/// short-lived vde_plug and watches the cable's port on the other switch count them in. It returns $true or $false
/// for each cable; with -Detailed one VdeHealth object per check (CableUp, FramesAcross, FramesBack) with what was seen.
/// </remarks>
/// <example>
/// <code>Test-VdeCable -Name vde_switch0.root~vde_switch0.carol</code>
/// <para>Returns $true when frames pass both ways through the cable between root's and carol's switches.</para>
/// </example>
/// <example>
/// <code>Get-VdeCable | Test-VdeCable -Detailed | Format-Table SwitchName, Check, Passed, Detail</code>
/// <para>Shows every check of every cable.</para>
/// </example>
/// <error id="CableNotFound"/>
/// <error id="ManagementFailed"/>
/// <error id="ForeignHost"/>
[Cmdlet(VerbsDiagnostic.Test, "VdeCable", HelpUri = "https://github.com/ctysvde/CtysVde/blob/main/README.md#test-vdecable")]
[OutputType(typeof(bool), typeof(VdeHealth))]
public sealed class TestVdeCableCommand : VdeCmdlet
{
    /// <summary>The cable's name, `SWITCH~OTHER` (`SWITCH~HOST:OTHER` to another host); a piped VdeCable binds its Name.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = string.Empty;

    /// <summary>Returns every check as a VdeHealth object instead of one verdict.</summary>
    [Parameter]
    public SwitchParameter Detailed { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (!IsThisHost("cable", Name))
        {
            return;
        }

        ForEachInput(() =>
        {
            var checks = Engine.TestCable(Name, Cancellation);
            if (Detailed)
            {
                WriteObject(checks, enumerateCollection: true);
            }
            else
            {
                WriteObject(checks.All(c => c.Passed));
            }
        });
    }
}
