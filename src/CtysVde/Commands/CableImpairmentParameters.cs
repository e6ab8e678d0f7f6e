using System.Management.Automation;
using CtysVde.Core.Model;

namespace CtysVde.Commands;

/// <summary>How New-VdeCable and Set-VdeCable read their impairment parameters: only those given count.</summary>
internal static class CableImpairmentParameters
{
    public static CableImpairment From(InvocationInfo invocation, double lossPercent, int delayMs, int jitterMs, int bandwidthKbps, int mtu)
    {
        bool Given(string name) => invocation.BoundParameters.ContainsKey(name);
        return new CableImpairment
        {
            LossPercent = Given("LossPercent") ? lossPercent : null,
            DelayMs = Given("DelayMs") ? delayMs : null,
            JitterMs = Given("JitterMs") ? jitterMs : null,
            BandwidthKbps = Given("BandwidthKbps") ? bandwidthKbps : null,
            Mtu = Given("Mtu") ? mtu : null,
        };
    }
}
