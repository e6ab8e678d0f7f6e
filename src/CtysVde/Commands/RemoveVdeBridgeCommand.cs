using System.Management.Automation;
using CtysVde.Completion;
using CtysVde.Core.Model;

namespace CtysVde.Commands;

/// <summary>Removes bridges that CtysVde created, giving a moved uplink its addresses and routes back.</summary>
/// <remarks>
/// Remove-VdeBridge deletes a bridge only if CtysVde created it (ForeignBridge otherwise) and nothing but its
/// uplink is attached (BridgeInUse otherwise: remove the switches on it first). An uplink that New-VdeBridge
/// or New-VdeSwitch -Interface moved in gets its addresses and routes back before the bridge goes. It asks
/// before it acts (ConfirmImpact High; -WhatIf shows what it would do); -Force asks nothing. It writes nothing
/// unless -PassThru is given. A bridge object from another host is refused (ForeignHost).
/// </remarks>
/// <example>
/// <code>Remove-VdeBridge -BridgeName br0 -Confirm:$false</code>
/// <para>Removes br0 without asking and gives eth0, which New-VdeBridge -Interface moved in, its addresses and routes back.</para>
/// </example>
/// <example>
/// <code>Get-VdeBridge | Where-Object { $_.CreatedByCtysVde -and $_.Switches.Count -eq 0 } | Remove-VdeBridge -Confirm:$false</code>
/// <para>Removes every bridge that CtysVde made and no switch uses any more.</para>
/// </example>
/// <example>
/// <code>Remove-VdeBridge -BridgeName br0 -WhatIf</code>
/// <para>Shows what removing br0 would do, without doing it.</para>
/// </example>
/// <error id="BridgeNotFound"/>
/// <error id="ForeignBridge"/>
/// <error id="BridgeInUse"/>
/// <error id="KernelOperationFailed"/>
/// <error id="PermissionDenied"/>
/// <error id="ForeignHost"/>
/// <error id="ConfirmationRequired"/>
[Cmdlet(VerbsCommon.Remove, "VdeBridge", HelpUri = "https://github.com/ctysvde/CtysVde/blob/main/README.md#remove-vdebridge", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = "Name")]
[OutputType(typeof(VdeBridge))]
public sealed class RemoveVdeBridgeCommand : VdeCmdlet
{
    /// <summary>Names of the bridges to remove.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = "Name")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(BridgeNameCompleter))]
    public string[]? BridgeName { get; set; }

    /// <summary>Bridge objects, e.g. from Get-VdeBridge.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = "InputObject")]
    [ValidateNotNull]
    public VdeBridge[]? InputObject { get; set; }

    /// <summary>Removes without asking for confirmation.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Writes each removed bridge, as it was before removal, to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var bridges = ParameterSetName == "InputObject"
            ? (InputObject ?? Array.Empty<VdeBridge>()).Select(b => (b.BridgeName, (string?)b.HostId, (string?)b.HostName))
            : (BridgeName ?? Array.Empty<string>()).Select(n => (n, (string?)null, (string?)null));
        foreach (var (name, hostId, hostName) in bridges)
        {
            if (!IsThisHost("bridge", name, hostId, hostName))
            {
                continue;
            }

            ForEachInput(() =>
            {
                if (ShouldRemove(name, "Remove bridge", Force))
                {
                    var removed = Engine.RemoveBridge(name, Cancellation);
                    if (PassThru)
                    {
                        WriteObject(removed);
                    }
                }
            });
        }
    }
}
