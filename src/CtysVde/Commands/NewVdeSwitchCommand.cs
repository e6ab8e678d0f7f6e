using System.Management.Automation;
using CtysVde.Completion;
using CtysVde.Core.Model;
using CtysVde.Core.Switches;

namespace CtysVde.Commands;

/// <summary>Creates a user's VDE switch: a TAP owned by the user on a bridge, and the user's vde_switch.</summary>
/// <remarks>
/// New-VdeSwitch does what `ctys-setupvde create` does. It makes a persistent TAP owned by the user (and group),
/// brings it up and attaches it to the bridge: the first existing bridge, or a new `ctysbr0` with no uplink.
/// Then it starts vde_switch with the seed's sockets (/var/tmp/vde_switch0.USER and /var/tmp/vde_mgmt0.USER),
/// proves the switch healthy, and gives the sockets to the user. It is idempotent: on a healthy switch it
/// changes nothing and returns it. It is all or nothing: a failure undoes every step. -WhatIf shows the plan.
/// With -Interface it moves a host interface into the new bridge, giving the bridge the interface's MAC,
/// addresses and routes, and puts everything back by itself if the gateway stops answering; an interface that
/// carries your SSH session or the default route needs -Force, and one that NetworkManager manages needs
/// -Unmanage (it is refused otherwise, as is one that systemd-networkd manages).
/// It needs root or CAP_NET_ADMIN; without them it fails with PermissionDenied and never prompts for a password.
/// </remarks>
/// <example>
/// <code>New-VdeSwitch</code>
/// <para>Creates the caller's switch (vde_switch0.root for root) on the first existing bridge, or on a new bridge ctysbr0, and returns it.</para>
/// </example>
/// <example>
/// <code>New-VdeSwitch -Owner alice -WhatIf</code>
/// <para>Shows, step by step, what creating alice's switch would do, without doing it.</para>
/// </example>
/// <example>
/// <code>New-VdeSwitch -Owner alice -Group kvm -SetgidGroup kvm</code>
/// <para>Creates alice's switch whose TAP and sockets belong to the group kvm, so that guests that other members of kvm run can join it too.</para>
/// </example>
/// <example>
/// <code>New-VdeSwitch -BridgeName br0 -Interface eth0 -Force</code>
/// <para>Creates the caller's switch on a new bridge br0 that takes over the host's eth0 with its MAC, addresses and routes. Everything is put back if the default gateway stops answering.</para>
/// </example>
/// <example>
/// <code>Import-Csv lab-users.csv | New-VdeSwitch -BridgeName br-lab</code>
/// <para>Creates a switch for every user in the Owner column of lab-users.csv, all on the bridge br-lab (which is made if it does not exist).</para>
/// </example>
/// <error id="InvalidUser"/>
/// <error id="InvalidGroup"/>
/// <error id="InvalidSetgidGroup"/>
/// <error id="InvalidBridgeName"/>
/// <error id="NotABridge"/>
/// <error id="InvalidTapName"/>
/// <error id="TapExists"/>
/// <error id="SocketInUse"/>
/// <error id="InvalidSocketPath"/>
/// <error id="UnsafeSocketPath"/>
/// <error id="InvalidInterface"/>
/// <error id="BridgeExists"/>
/// <error id="InvalidProbeTarget"/>
/// <error id="UplinkInUse"/>
/// <error id="UplinkManaged"/>
/// <error id="UplinkLost"/>
/// <error id="SwitchUnhealthy"/>
/// <error id="SwitchStartFailed"/>
/// <error id="KernelOperationFailed"/>
/// <error id="PermissionDenied"/>
/// <error id="VdeSwitchNotInstalled"/>
/// <error id="LockTimeout"/>
/// <error id="UnsafeLockFile"/>
/// <error id="NoSpace"/>
[Cmdlet(VerbsCommon.New, "VdeSwitch", HelpUri = "https://github.com/ctysvde/CtysVde/blob/main/README.md#new-vdeswitch", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(VdeSwitch))]
public sealed class NewVdeSwitchCommand : UplinkCmdlet
{
    /// <summary>The user who owns the switch, its TAP and sockets. Default: the caller.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("User")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(UserNameCompleter))]
    public string? Owner { get; set; }

    /// <summary>The group of the TAP and sockets. Default: the owner's primary group.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(GroupNameCompleter))]
    public string? Group { get; set; }

    /// <summary>The bridge for the TAP. Default: the first existing bridge, else a new ctysbr0 without uplink.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Bridge")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(BridgeNameCompleter))]
    public string? BridgeName { get; set; }

    /// <summary>The data socket directory QEMU connects to. Default: /var/tmp/vde_switch0.OWNER.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? SocketPath { get; set; }

    /// <summary>The management socket. Default: /var/tmp/vde_mgmt0.OWNER.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? ManagementSocket { get; set; }

    /// <summary>The pidfile. Default: /var/run/ followed by the management socket's file name.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? PidFile { get; set; }

    /// <summary>Gives this group, which must be the switch's group, access to the sockets (setgid directory).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(GroupNameCompleter))]
    public string? SetgidGroup { get; set; }

    /// <summary>The TAP's name. Default: the first free tapN.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? TapName { get; set; }


    /// <inheritdoc/>
    protected override void ProcessRecord() => ForEachInput(() =>
    {
        if (!IsThisHost("switch of", Owner ?? "the caller"))
        {
            return;
        }

        var spec = new SwitchSpec
        {
            Owner = Owner,
            Group = Group,
            BridgeName = BridgeName,
            SocketPath = SocketPath,
            ManagementSocket = ManagementSocket,
            PidFile = PidFile,
            SetgidGroup = SetgidGroup,
            TapName = TapName,
            Force = Force,
            Uplink = RequestedUplink(),
        };
        // Resolved once: what -WhatIf and the confirmation show is what is done.
        var prepared = Engine.Prepare(spec);
        if (ShouldProcessPlan(Engine.PlanCreate(prepared), "Create VDE switch"))
        {
            var created = Engine.Create(prepared, Cancellation);
            if (created.Note is { } note)
            {
                WriteWarning(note);
            }

            WriteObject(created.Switch);
        }
    });
}
