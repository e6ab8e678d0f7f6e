using System.Management.Automation;
using CtysVde.Core.Model;

namespace CtysVde.Commands;

/// <summary>Changes a live cable's impairment through its wirefilter; the cable stays up.</summary>
/// <remarks>
/// Set-VdeCable sends the new values to the wirefilter in the cable (one made with an impairment parameter); values
/// not given stay as they are, and 0 turns one off. Every value is checked first (wirefilter itself accepts `loss 150`).
/// -PassThru returns the cable.
/// </remarks>
/// <example>
/// <code>Set-VdeCable -Name vde_switch0.root~vde_switch0.carol -LossPercent 100</code>
/// <para>Cuts the cable (every frame lost) without removing it; -LossPercent 0 restores it.</para>
/// </example>
/// <example>
/// <code>Get-VdeCable | Where-Object FilterProcessId | Set-VdeCable -DelayMs 50 -JitterMs 10 -PassThru</code>
/// <para>Gives every impaired cable 50 ms of delay with 10 ms of jitter each way.</para>
/// </example>
/// <error id="CableNotFound"/>
/// <error id="InvalidCable"/>
/// <error id="InvalidImpairment"/>
/// <error id="ManagementFailed"/>
/// <error id="ForeignHost"/>
[Cmdlet(VerbsCommon.Set, "VdeCable", SupportsShouldProcess = true, HelpUri = "https://github.com/ctysvde/CtysVde/blob/main/README.md#set-vdecable")]
[OutputType(typeof(VdeCable))]
public sealed class SetVdeCableCommand : VdeCmdlet
{
    /// <summary>The cable's name, `SWITCH~OTHER`; a piped VdeCable binds its Name.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = string.Empty;

    /// <summary>Frames lost each way, 0 to 100 percent.</summary>
    [Parameter]
    public double LossPercent { get; set; }

    /// <summary>Delay added each way, 0 to 60000 ms.</summary>
    [Parameter]
    public int DelayMs { get; set; }

    /// <summary>How much the delay varies each way, 0 to the delay, in ms.</summary>
    [Parameter]
    public int JitterMs { get; set; }

    /// <summary>Bandwidth each way, 1 to 10000000 kbit/s; 0 for no limit.</summary>
    [Parameter]
    public int BandwidthKbps { get; set; }

    /// <summary>The largest IP packet the cable carries, 576 to 1500; 0 for 1500.</summary>
    [Parameter]
    public int Mtu { get; set; }

    /// <summary>Returns the cable after the change.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (!IsThisHost("cable", Name))
        {
            return;
        }

        ForEachInput(() =>
        {
            var impairment = CableImpairmentParameters.From(MyInvocation, LossPercent, DelayMs, JitterMs, BandwidthKbps, Mtu);
            if (ShouldProcess(Name, "Change the cable's impairment"))
            {
                var cable = Engine.SetCable(Name, impairment, Cancellation);
                if (PassThru)
                {
                    WriteObject(cable);
                }
            }
        });
    }
}
