using CtysVde.Core.Vde;
using Xunit;

namespace CtysVde.Tests.Unit;

/// <summary>
/// One port's frames out of vde_switch's switch-wide pdump capture (fixture "capture.*": clients a, b and c on
/// ports 2, 3 and 4; a and c each open TCP connections to b, which refuses them).
/// </summary>
public class PcapPortFilterTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "vde_switch-2.3.2", name);

    private static VdeMac Mac(string client) => VdeMac.Parse(File.ReadAllText(Fixture($"capture.mac-{client}.txt")).Trim());

    [Fact]
    public void Only_frames_from_or_to_the_ports_addresses_are_kept_with_the_dumps_header()
    {
        var (a, b, c) = (Mac("a"), Mac("b"), Mac("c"));
        var all = Frames(File.ReadAllBytes(Fixture("capture.dump.pcap")));
        Assert.Contains(all, f => c.Matches(f.AsSpan(6, 6)));

        using var input = File.OpenRead(Fixture("capture.dump.pcap"));
        using var output = new MemoryStream();
        var (kept, read) = PcapPortFilter.Filter(input, output, [a]);
        Assert.Equal(all.Count, read);

        var filtered = output.ToArray();
        Assert.Equal(File.ReadAllBytes(Fixture("capture.dump.pcap"))[..24], filtered[..24]);
        var frames = Frames(filtered);
        Assert.Equal(kept, frames.Count);
        Assert.All(frames, f => Assert.True(a.Matches(f.AsSpan(0, 6)) || a.Matches(f.AsSpan(6, 6))));
        Assert.Contains(frames, f => a.Matches(f.AsSpan(6, 6)) && b.Matches(f.AsSpan(0, 6)));
        Assert.Contains(frames, f => b.Matches(f.AsSpan(6, 6)) && a.Matches(f.AsSpan(0, 6)));
        Assert.DoesNotContain(frames, f => c.Matches(f.AsSpan(6, 6)) || c.Matches(f.AsSpan(0, 6)));
        Assert.True(kept < read);
    }

    [Fact]
    public void A_dump_cut_off_inside_a_frame_ends_at_the_last_whole_one()
    {
        var bytes = File.ReadAllBytes(Fixture("capture.dump.pcap"));
        using var output = new MemoryStream();
        var (_, read) = PcapPortFilter.Filter(new MemoryStream(bytes[..^5]), output, [Mac("a")]);
        Assert.Equal(Frames(bytes).Count - 1, read);
    }

    [Fact]
    public void What_is_not_an_Ethernet_pcap_is_refused()
    {
        Assert.Throws<VdeProtocolException>(() => PcapPortFilter.Filter(new MemoryStream(new byte[10]), new MemoryStream(), []));
        var header = File.ReadAllBytes(Fixture("capture.dump.pcap"))[..24];
        header[20] = 113; // Linux cooked capture
        Assert.Throws<VdeProtocolException>(() => PcapPortFilter.Filter(new MemoryStream(header), new MemoryStream(), []));
        Assert.Throws<FormatException>(() => VdeMac.Parse("da:0f:bf:c1:c7"));
    }

    /// <summary>The frames of a little-endian pcap file, read here independently of the filter.</summary>
    private static List<byte[]> Frames(byte[] pcap)
    {
        var frames = new List<byte[]>();
        for (var at = 24; at + 16 <= pcap.Length;)
        {
            var length = BitConverter.ToInt32(pcap, at + 8);
            if (at + 16 + length > pcap.Length)
            {
                break;
            }

            frames.Add(pcap[(at + 16)..(at + 16 + length)]);
            at += 16 + length;
        }

        return frames;
    }
}
