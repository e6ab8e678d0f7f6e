using System.Management.Automation;
using CtysVde.Core.Model;

namespace CtysVde.Commands;

/// <summary>Removes VDE switches: stops the daemon, deletes its TAP, sockets and pidfile.</summary>
/// <remarks>
/// Remove-VdeSwitch does what `ctys-setupvde cancel` does. It shuts the switch down through its management
/// socket and deletes its TAP, sockets and pidfile. It also works on leftovers of a switch that died, and
/// deletes a bridge only if CtysVde created it and nothing else is attached. It asks before it acts
/// (-WhatIf, -Confirm). A switch with connected clients (QEMU guests, vde_plug cables) needs a second
/// confirmation, which -Force skips; -Force also kills a switch that will not shut down. It writes nothing
/// unless -PassThru is given. An object from another host is refused (ForeignHost).
/// </remarks>
/// <example>
/// <code>Remove-VdeSwitch -Name vde_switch0.alice -WhatIf</code>
/// <para>Shows what removing alice's switch would do, without doing it.</para>
/// </example>
/// <example>
/// <code>Remove-VdeSwitch -Name vde_switch0.alice -Force</code>
/// <para>Removes alice's switch without asking, although a QEMU guest is still plugged in (the guest loses its network).</para>
/// </example>
/// <example>
/// <code>Get-VdeSwitch | Remove-VdeSwitch -Force</code>
/// <para>Removes every switch of this host without asking, and with them the bridges CtysVde made that are then unused.</para>
/// </example>
/// <error id="SwitchNotFound"/>
/// <error id="ForeignHost"/>
/// <error id="SwitchStopFailed"/>
/// <error id="KernelOperationFailed"/>
/// <error id="PermissionDenied"/>
/// <error id="UnsafeSocketPath"/>
/// <error id="LockTimeout"/>
[Cmdlet(VerbsCommon.Remove, "VdeSwitch", HelpUri = "https://github.com/ctysvde/CtysVde/blob/main/README.md#remove-vdeswitch", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = "Name")]
[OutputType(typeof(VdeSwitch))]
public sealed class RemoveVdeSwitchCommand : SwitchTargetCmdlet
{
    private bool _yesToAll;
    private bool _noToAll;

    /// <summary>Names of the switches to remove. Wildcards are allowed.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = "Name")]
    [Alias("SwitchName")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    /// <summary>Skips the extra confirmation for a switch in use, and kills a switch that will not shut down.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Writes each removed switch, as it was before removal, to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc/>
    protected override string[]? Names => Name;

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        foreach (var (name, spec) in Targets(includeStale: true, TargetDefault.CallersSwitch))
        {
            ForEachInput(() =>
            {
                if (!ShouldProcess(name, "Remove VDE switch"))
                {
                    return;
                }

                var clients = Engine.Clients(spec, Cancellation);
                if (clients.Count > 0 && !Force
                    && !ShouldContinue($"Switch {name} has {clients.Count} connected client(s): {string.Join(", ", clients.Select(c => c.Description))}. Remove it anyway?", "Remove VDE switch in use", ref _yesToAll, ref _noToAll))
                {
                    return;
                }

                var removed = Engine.Remove(spec, Force, Cancellation);
                if (PassThru)
                {
                    WriteObject(removed.Switch);
                }
            });
        }
    }
}
