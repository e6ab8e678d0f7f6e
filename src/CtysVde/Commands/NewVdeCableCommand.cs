using System.Management.Automation;
using CtysVde.Completion;
using CtysVde.Core.Model;

namespace CtysVde.Commands;

/// <summary>Connects two switches of this host with a cable, optionally impaired (loss, delay, jitter, bandwidth, MTU).</summary>
/// <remarks>
/// New-VdeCable starts `dpipe vde_plug vde://A = vde_plug vde://B` (vdeplug4), detached, as the caller: each end is an
/// endpoint on its switch whose description names the other switch. With an impairment parameter a wirefilter sits in
/// the cable, and Set-VdeCable changes it live; without one the cable is the two plugs alone. Both switches must be
/// the caller's (root may cable any). It is idempotent: an existing cable between the two switches (either way round)
/// is returned as it is, or made again when it is down. A second cable between the same pair is never made: it would
/// loop frames. Cables to switches on other hosts (-RemoteHost) are not built yet.
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

    /// <summary>The other switch's host, [user@]host; not built yet (InvalidCable, NotImplemented).</summary>
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
