using System.Globalization;
using CtysVde.Core.Errors;
using CtysVde.Core.Model;

namespace CtysVde.Core.Switches;

/// <summary>
/// The impairments a cable takes. wirefilter itself checks nothing (`loss 150` and `delay -10` are accepted and
/// stored: docs/cables-research.md), so every value is checked here, before anything is started or changed.
/// </summary>
internal static class CableRules
{
    public const int MaxDelayMs = 60_000;
    public const int MaxBandwidthKbps = 10_000_000;
    public const int MinMtu = 576;

    /// <summary>vde_switch forwards frames of at most 1518 bytes: an IP MTU of 1500, which a cable can only lower.</summary>
    public const int MaxMtu = 1500;

    public static void Validate(CableImpairment? i)
    {
        if (i is null)
        {
            return;
        }

        Check(i.LossPercent is null or >= 0 and <= 100, "LossPercent", i.LossPercent, "a loss is 0 to 100 percent");
        Check(i.DelayMs is null or >= 0 and <= MaxDelayMs, "DelayMs", i.DelayMs, $"a delay is 0 to {MaxDelayMs} ms");
        Check(i.JitterMs is null or >= 0 and <= MaxDelayMs, "JitterMs", i.JitterMs, $"a jitter is 0 to {MaxDelayMs} ms");
        Check(i.JitterMs is null or 0 || (i.DelayMs ?? 0) >= i.JitterMs, "JitterMs", i.JitterMs, "a jitter varies the delay and is at most the delay (give DelayMs too)");
        Check(i.BandwidthKbps is null or >= 0 and <= MaxBandwidthKbps, "BandwidthKbps", i.BandwidthKbps, $"a bandwidth is 1 to {MaxBandwidthKbps} kbit/s, or 0 for no limit");
        Check(i.Mtu is null or 0 or >= MinMtu and <= MaxMtu, "Mtu", i.Mtu, $"an MTU is {MinMtu} to {MaxMtu} (vde_switch forwards no larger frames), or 0 for {MaxMtu}");
    }

    private static void Check(bool ok, string what, object? value, string rule)
    {
        if (!ok)
        {
            var text = Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
            throw new VdeException(ErrorIds.InvalidImpairment, VdeErrorCategory.InvalidArgument, $"{what} {text} is out of range: {rule}; nothing was changed", text);
        }
    }
}
