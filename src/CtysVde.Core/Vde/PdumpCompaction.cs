using System.Buffers.Binary;

namespace CtysVde.Core.Vde;

/// <summary>
/// Turns what vde_switch's pdump plugin wrote into a capture as a port mirror would give it. pdump writes each frame
/// when it enters the switch and again for every port it leaves by (its "packet" events, in and out), with nothing
/// that says which port: the copies that follow a frame at once, byte for byte, are dropped. Given MAC addresses,
/// only the frames sent from or to one of them are kept (one port's: the addresses the switch learned on it;
/// broadcasts other ports send are not the port's). The file's header is kept as it is (snap length, link type,
/// byte order). The output may be the input's own file behind it: it never writes past what it has read.
/// </summary>
public static class PdumpCompaction
{
    private const int GlobalHeaderLength = 24;
    private const int RecordHeaderLength = 16;

    /// <summary>
    /// Copies of one frame follow it within microseconds (the switch forwards a frame before it reads the next); an
    /// identical frame sent again comes later than this (ARP and TCP retries wait a second or more).
    /// </summary>
    private static readonly TimeSpan CopyWindow = TimeSpan.FromMilliseconds(10);

    /// <summary>Copies the frames of <paramref name="macs"/> (every frame when null), each once, from <paramref name="input"/> to <paramref name="output"/>.</summary>
    public static PdumpCompactionResult Compact(Stream input, Stream output, IReadOnlyCollection<VdeMac>? macs)
    {
        var header = new byte[GlobalHeaderLength];
        if (!ReadExactly(input, header))
        {
            throw new VdeProtocolException("the capture is not a pcap file: it has no header");
        }

        var (littleEndian, ticksPerSecond) = BinaryPrimitives.ReadUInt32LittleEndian(header) switch
        {
            0xa1b2c3d4 => (true, 1_000_000L),
            0xa1b23c4d => (true, 1_000_000_000L),
            0xd4c3b2a1 => (false, 1_000_000L),
            0x4d3cb2a1 => (false, 1_000_000_000L),
            var magic => throw new VdeProtocolException($"the capture is not a pcap file (magic 0x{magic:x8})"),
        };
        var linkType = Read32(header.AsSpan(20), littleEndian) & 0x0fffffff;
        if (linkType != 1)
        {
            throw new VdeProtocolException($"the capture holds link type {linkType}, not Ethernet (1)");
        }

        output.Write(header);
        var window = CopyWindow.Ticks * ticksPerSecond / TimeSpan.TicksPerSecond;
        var (kept, read, copies) = (0, 0, 0);
        var recordHeader = new byte[RecordHeaderLength];
        byte[] previous = [];
        var previousTime = long.MinValue;
        while (ReadExactly(input, recordHeader))
        {
            var length = Read32(recordHeader.AsSpan(8), littleEndian);
            if (length > 262_144)
            {
                throw new VdeProtocolException($"frame {read + 1} of the capture claims {length} bytes");
            }

            var frame = new byte[length];
            if (!ReadExactly(input, frame))
            {
                break;
            }

            read++;
            var time = (Read32(recordHeader, littleEndian) * ticksPerSecond) + Read32(recordHeader.AsSpan(4), littleEndian);
            if (time - previousTime <= window && frame.AsSpan().SequenceEqual(previous))
            {
                copies++;
                continue;
            }

            (previous, previousTime) = (frame, time);
            if (macs is null || (frame.Length >= 12 && macs.Any(m => m.Matches(frame.AsSpan(0, 6)) || m.Matches(frame.AsSpan(6, 6)))))
            {
                output.Write(recordHeader);
                output.Write(frame);
                kept++;
            }
        }

        return new PdumpCompactionResult(kept, read, copies);
    }

    private static long Read32(ReadOnlySpan<byte> bytes, bool littleEndian) =>
        littleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(bytes) : BinaryPrimitives.ReadUInt32BigEndian(bytes);

    /// <summary>
    /// Fills the buffer; false at the end, or at a record cut off because the dump stopped while it was written:
    /// either ends the copy.
    /// </summary>
    private static bool ReadExactly(Stream s, byte[] buffer) =>
        s.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) == buffer.Length;
}
