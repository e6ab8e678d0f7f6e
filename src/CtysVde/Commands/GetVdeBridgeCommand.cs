using System.Management.Automation;
using CtysVde.Completion;
using CtysVde.Core.Errors;
using CtysVde.Core.Model;
using CtysVde.Core.Switches;

namespace CtysVde.Commands;

/// <summary>Gets the Linux bridges of this host, with their members and the VDE switches on them.</summary>
/// <remarks>
/// Every bridge the kernel has. CreatedByCtysVde says whether CtysVde made it, and so may remove it once
/// nothing is attached. Switches names the VDE switches whose TAPs are members.
/// </remarks>
/// <example>
/// <code>Get-VdeBridge</code>
/// <para>Lists the bridges of this host with their members, whether CtysVde made them, and the switches on them.</para>
/// </example>
/// <example>
/// <code>Get-VdeSwitch -Owner alice | Get-VdeBridge</code>
/// <para>Gets the bridge that alice's switch hangs off (bound by its BridgeName property): the network her guests are on.</para>
/// </example>
/// <example>
/// <code>Get-VdeBridge | Where-Object Uplink | Format-List BridgeName, Uplink, Addresses, Members</code>
/// <para>Shows the bridges that hold a host interface moved in with -Interface, and the addresses they took over from it.</para>
/// </example>
/// <error id="BridgeNotFound"/>
[Cmdlet(VerbsCommon.Get, "VdeBridge", HelpUri = "https://github.com/ctysvde/CtysVde/blob/main/README.md#get-vdebridge")]
[OutputType(typeof(VdeBridge))]
public sealed class GetVdeBridgeCommand : VdeCmdlet
{
    /// <summary>Bridge names. Wildcards are allowed.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(BridgeNameCompleter))]
    public string[]? BridgeName { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (!IsThisHost("bridge", string.Join(", ", BridgeName ?? Array.Empty<string>())))
        {
            return;
        }

        var (found, missing) = NamePattern.Select(Inventory.Bridges(), BridgeName, b => b.BridgeName);
        WriteObject(found, enumerateCollection: true);
        foreach (var name in missing)
        {
            WriteVdeError(new VdeException(ErrorIds.BridgeNotFound, VdeErrorCategory.ObjectNotFound, $"no bridge named '{name}' exists", name));
        }
    }
}
