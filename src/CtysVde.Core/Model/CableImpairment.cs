namespace CtysVde.Core.Model;

/// <summary>
/// What a cable's wirefilter does to the frames it carries, the same in each direction. In a request a null value
/// is left as it is; 0 turns that impairment off.
/// </summary>
public sealed record CableImpairment
{
    /// <summary>Frames lost, in percent (0-100), each way.</summary>
    public double? LossPercent { get; init; }

    /// <summary>Delay added each way, in milliseconds: a ping's round trip grows by twice this.</summary>
    public int? DelayMs { get; init; }

    /// <summary>How much the delay varies each way (uniformly, plus or minus), in milliseconds; at most the delay.</summary>
    public int? JitterMs { get; init; }

    /// <summary>The cable's bandwidth each way, in kilobits per second; 0 for no limit.</summary>
    public int? BandwidthKbps { get; init; }

    /// <summary>The largest IP packet the cable carries (576-1500); 0 for vde_switch's own 1500.</summary>
    public int? Mtu { get; init; }

    public bool IsEmpty => LossPercent is null && DelayMs is null && JitterMs is null && BandwidthKbps is null && Mtu is null;

    /// <summary>This request's values over <paramref name="current"/>'s.</summary>
    public CableImpairment Over(CableImpairment current) => new()
    {
        LossPercent = LossPercent ?? current.LossPercent,
        DelayMs = DelayMs ?? current.DelayMs,
        JitterMs = JitterMs ?? current.JitterMs,
        BandwidthKbps = BandwidthKbps ?? current.BandwidthKbps,
        Mtu = Mtu ?? current.Mtu,
    };
}
