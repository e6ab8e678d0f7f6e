using System.Management.Automation;
using CtysVde.Core.Model;

namespace CtysVde.Commands;

/// <summary>Gets the ports of VDE switches, with counters, learned MAC addresses and endpoints.</summary>
/// <remarks>
/// Get-VdePort reads `port/print` and `hash/print` on the switch's management socket. Each port object has
/// its VLAN, whether it is active, the user of its client, its IN and OUT packet and byte counters, the MAC
/// addresses learned on it, and its endpoints: the switch's TAP (`tuntap`) or clients such as a QEMU guest
/// (`unix prog: QEMU user=root pid=4160`), with their process ids. Without a name it reads every running switch.
/// </remarks>
/// <example>
/// <code>Get-VdeSwitch -Owner alice | Get-VdePort</code>
/// <para>Gets the ports of alice's switches.</para>
/// </example>
/// <example>
/// <code>Get-VdePort | Where-Object ClientProcessIds -contains $vm.Id</code>
/// <para>Finds the port a QEMU process is plugged into.</para>
/// </example>
/// <error id="SwitchNotFound"/>
/// <error id="SwitchNotRunning"/>
/// <error id="ManagementFailed"/>
/// <error id="ForeignHost"/>
/// <error id="SwitchMismatch"/>
[Cmdlet(VerbsCommon.Get, "VdePort", DefaultParameterSetName = "Name")]
[OutputType(typeof(VdePort))]
public sealed class GetVdePortCommand : SwitchDataCmdlet<VdePort>
{
    /// <summary>Only these port numbers.</summary>
    [Parameter]
    [ValidateRange(1, 65535)]
    public int[]? Port { get; set; }

    /// <inheritdoc/>
    protected override IEnumerable<VdePort> Read(SwitchSpec spec) => Engine.Ports(spec, Cancellation);

    /// <inheritdoc/>
    protected override bool Keep(VdePort item) => Port is null || Port.Contains(item.Port);
}
