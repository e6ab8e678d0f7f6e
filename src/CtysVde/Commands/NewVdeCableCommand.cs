using System.Management.Automation;
using CtysVde.Completion;
using CtysVde.Core.Model;

namespace CtysVde.Commands;

/// <summary>Connects two switches with a cable, on this host or to a switch on another host over ssh, optionally impaired (loss, delay, jitter, bandwidth, MTU).</summary>
/// <remarks>
/// New-VdeCable starts `dpipe vde_plug vde://A = vde_plug vde://B` (vdeplug4), detached, as the caller: each end is an
/// endpoint on its switch whose description names the other switch. With -RemoteHost the other switch is on that
/// host: the cable's second stage is ssh (the system's, with the user's own config and keys, BatchMode and
/// keep-alives, as ctys-setupvde -r runs it), and ctys-setupvde there checks that the switch is the login user's (root:
/// anyone's) and becomes the plug into it; that host needs ctys-setupvde (ctys-setupvde -r HOST deploy). For
/// example, New-VdeCable -RemoteSwitchName vde_switch0.alice -RemoteHost alice@lab2 cables the caller's switch to alice's on lab2. With an
/// impairment parameter a wirefilter sits in the cable on this host, and Set-VdeCable changes it live; without one
/// the cable is the two plugs alone (and ssh). Both switches must be the caller's (root may cable any). It is
/// idempotent: an existing cable between the two switches (either way round) is returned as it is, or made again
/// when it is down (a cable whose ssh died, or whose far end a network partition left behind, which is ended
/// first). A second cable between the same pair is never made: it would loop frames.
/// </remarks>
/// <example>
/// <code>New-VdeCable -SwitchName vde_switch0.root -RemoteSwitchName vde_switch0.carol</code>
/// <para>Connects root's switch to carol's.</para>
/// </example>
/// <example>
/// <code>Get-VdeSwitch vde_switch0.root | New-VdeCable -RemoteSwitchName vde_switch0.carol -DelayMs 50 -LossPercent 1 -WhatIf</code>
/// <para>Shows what a cable with 50 ms of delay and 1 % loss each way would do, changing nothing.</para>
/// </example>
/// <error id="InvalidCable"/>
/// <error id="InvalidImpairment"/>
/// <error id="CableFailed"/>
/// <error id="NotSwitchOwner"/>
/// <error id="SwitchNotFound"/>
/// <error id="SwitchNotRunning"/>
/// <error id="ManagementFailed"/>
/// <error id="ForeignHost"/>
/// <error id="SwitchMismatch"/>
/// <error id="InvalidTarget"/>
/// <error id="HostUnreachable"/>
/// <error id="LoginRefused"/>
/// <error id="RemoteToolMissing"/>
/// <error id="RemoteFailed"/>
[Cmdlet(VerbsCommon.New, "VdeCable", SupportsShouldProcess = true, HelpUri = "https://github.com/ctysvde/CtysVde/blob/main/README.md#new-vdecable")]
[OutputType(typeof(VdeCable))]
public sealed class NewVdeCableCommand : CableImpairmentCmdlet
{
    /// <summary>The switch on this host. Default: the caller's own switch.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Name")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(SwitchNameCompleter))]
    public string? SwitchName { get; set; }

    /// <summary>The switch at the cable's other end.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(SwitchNameCompleter))]
    public string RemoteSwitchName { get; set; } = string.Empty;

    /// <summary>The other switch's host, [user@]host as ssh takes it (the user's ssh config applies). Default: this host.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? RemoteHost { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (!IsThisHost("switch", SwitchName ?? "the caller's switch"))
        {
            return;
        }

        ForEachInput(() =>
        {
            var prepared = Engine.PrepareCable(new CableRequest
            {
                Switch = SwitchSpecs.Named(Engine, SwitchName, Cancellation),
                RemoteSwitchName = RemoteSwitchName,
                RemoteHost = RemoteHost,
                Impairment = Impairment(),
            }, Cancellation);
            if (ShouldProcessPlan(prepared.Plan, "Make the cable"))
            {
                WriteObject(Engine.NewCable(prepared, Cancellation));
            }
        });
    }
}
