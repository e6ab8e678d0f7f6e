using CtysVde.Core.Linux;
using CtysVde.Core.Vde;
using Xunit;

namespace CtysVde.Tests.Unit;

/// <summary>
/// A capture as a port mirror shows it, out of what vde_switch's pdump plugin wrote (fixture "capture.*": clients
/// a, b and c on ports 2, 3 and 4; a and c each open TCP connections to b, which refuses them). pdump writes each
/// frame as it enters the switch and again for each port it leaves by: a broadcast 4 times, a unicast twice.
/// </summary>
public class PdumpCompactionTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "vde_switch-2.3.2", name);

    private static VdeMac Mac(string client) => VdeMac.Parse(File.ReadAllText(Fixture($"capture.mac-{client}.txt")).Trim());

    [Fact]
    public void Each_frame_the_switch_forwarded_is_kept_once_with_the_dumps_header()
    {
        var dump = File.ReadAllBytes(Fixture("capture.dump.pcap"));
        var all = Frames(dump);
        using var output = new MemoryStream();
        var result = PdumpCompaction.Compact(new MemoryStream(dump), output, macs: null);

        // Independently: a record is a copy when it repeats the record before it byte for byte.
        var distinct = all.Where((f, i) => i == 0 || !f.AsSpan().SequenceEqual(all[i - 1])).ToList();
        Assert.Equal((distinct.Count, all.Count, all.Count - distinct.Count), (result.Kept, result.Read, result.Copies));
        Assert.True(result.Copies >= all.Count / 2, $"{result.Copies} copies of {all.Count}");
        Assert.Equal(dump[..24], output.ToArray()[..24]);
        Assert.Equal(distinct, Frames(output.ToArray()));
    }

    [Fact]
    public void With_a_ports_addresses_only_frames_from_or_to_them_are_kept_each_once()
    {
        var (a, b, c) = (Mac("a"), Mac("b"), Mac("c"));
        var all = Frames(File.ReadAllBytes(Fixture("capture.dump.pcap")));
        Assert.Contains(all, f => c.Matches(f.AsSpan(6, 6)));

        using var output = new MemoryStream();
        var result = PdumpCompaction.Compact(File.OpenRead(Fixture("capture.dump.pcap")), output, [a]);
        var frames = Frames(output.ToArray());
        Assert.Equal(result.Kept, frames.Count);
        Assert.All(frames, f => Assert.True(a.Matches(f.AsSpan(0, 6)) || a.Matches(f.AsSpan(6, 6))));
        Assert.Contains(frames, f => a.Matches(f.AsSpan(6, 6)) && b.Matches(f.AsSpan(0, 6)));
        Assert.Contains(frames, f => b.Matches(f.AsSpan(6, 6)) && a.Matches(f.AsSpan(0, 6)));
        Assert.DoesNotContain(frames, f => c.Matches(f.AsSpan(6, 6)) || c.Matches(f.AsSpan(0, 6)));
        Assert.Equal(frames.Count, frames.Select(Convert.ToHexString).Distinct().Count());
    }

    [Fact]
    public void The_same_frame_sent_again_later_is_a_frame_of_its_own()
    {
        var dump = File.ReadAllBytes(Fixture("capture.dump.pcap"));
        var first = dump[24..(24 + 16 + BitConverter.ToInt32(dump, 24 + 8))];
        var later = (byte[])first.Clone();
        BitConverter.GetBytes(BitConverter.ToUInt32(first, 0) + 1).CopyTo(later, 0); // one second on
        using var output = new MemoryStream();
        var result = PdumpCompaction.Compact(new MemoryStream([.. dump[..24], .. first, .. first, .. later]), output, null);
        Assert.Equal((2, 3, 1), (result.Kept, result.Read, result.Copies));
    }

    [Fact]
    public void A_file_is_rewritten_in_place_through_one_descriptor_and_cut_to_what_is_kept()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ctysvde-compact-{Environment.ProcessId}.pcap");
        File.WriteAllBytes(path, File.ReadAllBytes(Fixture("capture.dump.pcap")));
        try
        {
            var expected = new MemoryStream();
            PdumpCompaction.Compact(File.OpenRead(Fixture("capture.dump.pcap")), expected, [Mac("b")]);
            using (var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite))
            {
                var output = new PositionalFileStream(handle);
                PdumpCompaction.Compact(new PositionalFileStream(handle), output, [Mac("b")]);
                UnixFiles.Truncate(handle, output.Position, path);
            }

            Assert.Equal(expected.ToArray(), File.ReadAllBytes(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_dump_cut_off_inside_a_frame_ends_at_the_last_whole_one()
    {
        var bytes = File.ReadAllBytes(Fixture("capture.dump.pcap"));
        using var output = new MemoryStream();
        var result = PdumpCompaction.Compact(new MemoryStream(bytes[..^5]), output, null);
        Assert.Equal(Frames(bytes).Count - 1, result.Read);
    }

    [Fact]
    public void What_is_not_an_Ethernet_pcap_is_refused()
    {
        Assert.Throws<VdeProtocolException>(() => PdumpCompaction.Compact(new MemoryStream(new byte[10]), new MemoryStream(), []));
        Assert.Throws<VdeProtocolException>(() => PdumpCompaction.Compact(new MemoryStream(new byte[24]), new MemoryStream(), []));
        var header = File.ReadAllBytes(Fixture("capture.dump.pcap"))[..24];
        header[20] = 113; // Linux cooked capture
        Assert.Throws<VdeProtocolException>(() => PdumpCompaction.Compact(new MemoryStream(header), new MemoryStream(), []));
        Assert.Throws<FormatException>(() => VdeMac.Parse("da:0f:bf:c1:c7"));
    }

    /// <summary>The frames of a little-endian pcap file, read here independently of the compaction.</summary>
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
