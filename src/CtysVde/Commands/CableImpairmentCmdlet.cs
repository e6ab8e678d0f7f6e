using System.Management.Automation;
using CtysVde.Core.Model;

namespace CtysVde.Commands;

/// <summary>The impairment parameters New-VdeCable and Set-VdeCable share; only those given count.</summary>
public abstract class CableImpairmentCmdlet : VdeCmdlet
{
    /// <summary>Frames lost each way, 0 to 100 percent.</summary>
    [Parameter]
    public double LossPercent { get; set; }

    /// <summary>Delay added each way, 0 to 60000 ms (a ping's round trip grows by twice this).</summary>
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

    /// <summary>The impairment the caller gave: a value not given is null (left as it is).</summary>
    protected CableImpairment Impairment()
    {
        bool Given(string name) => MyInvocation.BoundParameters.ContainsKey(name);
        return new CableImpairment
        {
            LossPercent = Given(nameof(LossPercent)) ? LossPercent : null,
            DelayMs = Given(nameof(DelayMs)) ? DelayMs : null,
            JitterMs = Given(nameof(JitterMs)) ? JitterMs : null,
            BandwidthKbps = Given(nameof(BandwidthKbps)) ? BandwidthKbps : null,
            Mtu = Given(nameof(Mtu)) ? Mtu : null,
        };
    }
}
