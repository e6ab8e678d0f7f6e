using System.Buffers.Binary;

namespace CtysVde.Core.Vde;

/// <summary>
/// Keeps, of a pcap file of Ethernet frames, those a port sent or was sent: the frames whose source or destination
/// MAC address is one the switch learned on the port. vde_switch's pdump plugin dumps every frame the switch
/// forwards, with no port in it; this is what makes a capture of one port from it. Broadcasts other ports send are
/// left out (they are not the port's), and the file's header is kept as it is (snap length, link type, byte order).
/// </summary>
public static class PcapPortFilter
{
    private const int GlobalHeaderLength = 24;
    private const int RecordHeaderLength = 16;

    /// <summary>Copies the frames of <paramref name="macs"/> from <paramref name="input"/> to <paramref name="output"/>; returns (kept, read).</summary>
    public static (int Kept, int Read) Filter(Stream input, Stream output, IReadOnlyCollection<VdeMac> macs)
    {
        var header = new byte[GlobalHeaderLength];
        if (!ReadExactly(input, header))
        {
            throw new VdeProtocolException("the capture is not a pcap file: it has no header");
        }

        var littleEndian = BinaryPrimitives.ReadUInt32LittleEndian(header) switch
        {
            0xa1b2c3d4 or 0xa1b23c4d => true,
            0xd4c3b2a1 or 0x4d3cb2a1 => false,
            var magic => throw new VdeProtocolException($"the capture is not a pcap file (magic 0x{magic:x8})"),
        };
        var linkType = Read32(header.AsSpan(20), littleEndian) & 0x0fffffff;
        if (linkType != 1)
        {
            throw new VdeProtocolException($"the capture holds link type {linkType}, not Ethernet (1)");
        }

        output.Write(header);
        var (kept, read) = (0, 0);
        var recordHeader = new byte[RecordHeaderLength];
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
            if (frame.Length >= 12 && macs.Any(m => m.Matches(frame.AsSpan(0, 6)) || m.Matches(frame.AsSpan(6, 6))))
            {
                output.Write(recordHeader);
                output.Write(frame);
                kept++;
            }
        }

        return (kept, read);
    }

    private static uint Read32(ReadOnlySpan<byte> bytes, bool littleEndian) =>
        littleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(bytes) : BinaryPrimitives.ReadUInt32BigEndian(bytes);

    /// <summary>
    /// Fills the buffer; false at the end, or at a record cut off because the dump stopped while it was written:
    /// either ends the copy.
    /// </summary>
    private static bool ReadExactly(Stream s, byte[] buffer) =>
        s.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) == buffer.Length;
}
