using System.Management.Automation;
using CtysVde.Completion;
using CtysVde.Core.Errors;
using CtysVde.Core.Model;
using CtysVde.Core.Switches;

namespace CtysVde.Commands;

/// <summary>Gets the TAP interfaces of this host, with owner, group, bridge, switch and state.</summary>
/// <remarks>
/// Every TAP the kernel has, whether CtysVde made it or not. SwitchName names the switch that holds the TAP
/// (from the daemon's command line) or, for an orphan, the switch it was made for (from its alias).
/// Interface names are case-sensitive: a literal name matches exactly; wildcards ignore case.
/// </remarks>
/// <example>
/// <code>Get-VdeTap</code>
/// <para>Lists every TAP of this host with its owner, group, bridge and switch.</para>
/// </example>
/// <example>
/// <code>Get-VdeBridge -BridgeName br-lab | Get-VdeTap</code>
/// <para>Lists the TAPs on the bridge br-lab (bound by the bridge's BridgeName property).</para>
/// </example>
/// <example>
/// <code>Get-VdeTap | Where-Object { -not $_.Carrier } | Get-VdeSwitch -IncludeStale</code>
/// <para>Finds the switches of TAPs that no process holds any more, i.e. of switches that crashed.</para>
/// </example>
/// <error id="TapNotFound"/>
[Cmdlet(VerbsCommon.Get, "VdeTap", HelpUri = "https://github.com/ctysvde/CtysVde/blob/main/README.md#get-vdetap")]
[OutputType(typeof(VdeTap))]
public sealed class GetVdeTapCommand : VdeCmdlet
{
    /// <summary>TAP names. Wildcards are allowed.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(TapNameCompleter))]
    public string[]? TapName { get; set; }

    /// <summary>Only TAPs on these bridges. Wildcards are allowed.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(BridgeNameCompleter))]
    public string[]? BridgeName { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (!IsThisHost("TAP", string.Join(", ", TapName ?? Array.Empty<string>())))
        {
            return;
        }

        var (found, missing) = NamePattern.Select(Inventory.Taps(), TapName, t => t.TapName);
        var onBridges = NamePattern.Select(found, BridgeName, t => t.BridgeName).Matches;
        WriteObject(onBridges, enumerateCollection: true);
        foreach (var name in missing)
        {
            WriteVdeError(new VdeException(ErrorIds.TapNotFound, VdeErrorCategory.ObjectNotFound, $"no TAP named '{name}' exists", name));
        }
    }
}
