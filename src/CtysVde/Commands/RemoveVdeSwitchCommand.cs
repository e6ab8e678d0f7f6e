using System.Management.Automation;
using CtysVde.Completion;
using CtysVde.Core.Errors;
using CtysVde.Core.Model;
using CtysVde.Core.Switches;

namespace CtysVde.Commands;

/// <summary>Removes VDE switches: stops the daemon, deletes its TAP, sockets and pidfile.</summary>
/// <remarks>
/// Remove-VdeSwitch does what `ctys-setupvde cancel` does. It shuts the switch down through its management
/// socket and deletes its TAP, sockets and pidfile. It also works on leftovers of a switch that died, and
/// deletes a bridge only if CtysVde created it and nothing else is attached. Like Hyper-V's Remove-VMSwitch it
/// asks before it acts (ConfirmImpact High; -WhatIf shows the plan), and a switch with connected clients (QEMU
/// guests, vde_plug cables) needs a second confirmation. -Force asks nothing and also kills a switch that will
/// not shut down. In a session that cannot ask (-NonInteractive), each switch that would need an answer gets its
/// own error (ConfirmationRequired, SwitchInUse) and the others are removed. It writes nothing unless -PassThru
/// is given. An object from another host is refused (ForeignHost).
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
/// <error id="SwitchMismatch"/>
/// <error id="SwitchStopFailed"/>
/// <error id="KernelOperationFailed"/>
/// <error id="PermissionDenied"/>
/// <error id="UnsafeSocketPath"/>
/// <error id="LockTimeout"/>
/// <error id="SwitchNotRemoved"/>
/// <error id="UnsafeLockFile"/>
/// <error id="NoSpace"/>
/// <error id="SwitchInUse"/>
/// <error id="ConfirmationRequired"/>
[Cmdlet(VerbsCommon.Remove, "VdeSwitch", HelpUri = "https://github.com/ctysvde/CtysVde/blob/main/README.md#remove-vdeswitch", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = "InputObject")]
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
    [ArgumentCompleter(typeof(SwitchNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Removes without asking, also a switch with connected clients, and kills a switch that will not shut down.</summary>
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
                if (!ShouldRemove(name, "Remove VDE switch", Force))
                {
                    return;
                }

                var clients = Engine.Clients(spec, Cancellation);
                if (clients.Count > 0 && !Force)
                {
                    var who = string.Join(", ", clients.Select(c => c.Description));
                    if (!Ask(() => ShouldContinue($"Switch {name} has {clients.Count} connected client(s): {who}. Remove it anyway?", "Remove VDE switch in use", ref _yesToAll, ref _noToAll),
                        ErrorIds.SwitchInUse, $"switch {name} has {clients.Count} connected client(s) ({who}) and this session cannot ask whether to cut them off; it was left alone: add -Force to remove it anyway", name))
                    {
                        return;
                    }
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
