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
/// <para>Gets the ports of alice's switches, with their endpoints and learned MAC addresses.</para>
/// </example>
/// <example>
/// <code>
/// $vm = Get-Process -Name qemu-system-x86_64 | Where-Object CommandLine -Match '-name alice-vm1'
/// Get-VdePort -Name vde_switch0.alice | Where-Object ClientProcessIds -Contains $vm.Id
/// </code>
/// <para>Finds the port that the QEMU guest started with -name alice-vm1 is plugged into.</para>
/// </example>
/// <example>
/// <code>Get-VdePort | Sort-Object InBytes -Descending | Select-Object -First 3 SwitchName, Port, InBytes, Endpoints</code>
/// <para>Shows the three ports that sent the most bytes into their switches: the busiest guests.</para>
/// </example>
/// <error id="SwitchNotFound"/>
/// <error id="SwitchNotRunning"/>
/// <error id="ManagementFailed"/>
/// <error id="ForeignHost"/>
/// <error id="SwitchMismatch"/>
[Cmdlet(VerbsCommon.Get, "VdePort", HelpUri = "https://github.com/ctysvde/CtysVde/blob/main/README.md#get-vdeport", DefaultParameterSetName = "Name")]
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
