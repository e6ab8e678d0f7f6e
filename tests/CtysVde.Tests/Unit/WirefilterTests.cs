using CtysVde.Core.Model;
using CtysVde.Core.Vde;
using Xunit;

namespace CtysVde.Tests.Unit;

/// <summary>
/// vde-wirefilter 2.3.2's management words (fixtures captured by tests/fixtures-capture/capture-wirefilter-mgmt.sh:
/// a wirefilter between two switches in a dpipe cable; "dpipe.showinfo_after-set" follows `loss LR20.5`,
/// `loss RL10`, `delay LR30`, `dup 5`, `bandwidth 1M`, `speed 1M`, `noise 100`, `mtu 1516`, `lostburst 3`, ...).
/// </summary>
public class WirefilterTests
{
    /// <summary>What the client reads for the command: the text between wirefilter's first and second prompt.</summary>
    private static VdeReply Reply(string name)
    {
        var raw = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "wirefilter-2.3.2", name));
        var first = raw.IndexOf(Wirefilter.Prompt, StringComparison.Ordinal) + Wirefilter.Prompt.Length;
        var second = raw.IndexOf(Wirefilter.Prompt, first, StringComparison.Ordinal);
        return VdeReplyParser.Parse(name, second < 0 ? raw[first..] : raw[first..second]);
    }

    [Fact]
    public void A_fresh_wirefilter_impairs_nothing()
    {
        Assert.Equal(new CableImpairment { LossPercent = 0, DelayMs = 0, JitterMs = 0, BandwidthKbps = 0, Mtu = 0 }, Wirefilter.ParseInfo(Reply("mono.showinfo.txt").Data));
    }

    [Fact]
    public void Values_given_on_wirefilters_command_line_read_back_with_their_jitter()
    {
        // wirefilter -l 10 -d 50+10N -D 2 -b 1M -m 1516
        Assert.Equal(new CableImpairment { LossPercent = 10, DelayMs = 50, JitterMs = 10, BandwidthKbps = 8389, Mtu = 1500 }, Wirefilter.ParseInfo(Reply("startup.showinfo.txt").Data));
    }

    [Fact]
    public void Showinfo_after_settings_reads_the_left_to_right_values_in_the_cables_units()
    {
        var set = Wirefilter.ParseInfo(Reply("dpipe.showinfo_after-set.txt").Data);
        Assert.Equal(20.5, set.LossPercent);
        Assert.Equal((30, 0), (set.DelayMs, set.JitterMs));
        Assert.Equal(8389, set.BandwidthKbps); // 1M = 1048576 bytes/s, shown as 1.04858e+06
        Assert.Equal(1500, set.Mtu); // mtu 1516 passes IP packets of 1500 bytes
    }

    [Fact]
    public void The_commands_set_every_impairment_each_way_in_wirefilters_units()
    {
        Assert.Equal(
            ["loss 12.5", "delay 50+10", "bandwidth 125000", "mtu 1016"],
            Wirefilter.Commands(new CableImpairment { LossPercent = 12.5, DelayMs = 50, JitterMs = 10, BandwidthKbps = 1000, Mtu = 1000 }));
        Assert.Equal(["loss 0", "delay 0", "bandwidth 0", "mtu 0"], Wirefilter.Commands(new CableImpairment()));
        Assert.True(Reply("dpipe.delay_50+10.txt").IsSuccess);
        Assert.True(Reply("dpipe.bandwidth_125000.txt").IsSuccess);
        Assert.True(Reply("dpipe.mtu_1516.txt").IsSuccess);
        Assert.Equal(38, Reply("dpipe.nosuchcmd.txt").Errno);
    }

    [Fact]
    public void A_request_keeps_the_values_it_does_not_name()
    {
        var current = new CableImpairment { LossPercent = 5, DelayMs = 20, JitterMs = 0, BandwidthKbps = 0, Mtu = 0 };
        Assert.Equal(current with { DelayMs = 50 }, new CableImpairment { DelayMs = 50 }.Over(current));
        Assert.True(new CableImpairment().IsEmpty);
        Assert.False(new CableImpairment { Mtu = 0 }.IsEmpty);
    }
}
