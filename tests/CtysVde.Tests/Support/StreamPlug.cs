using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;

namespace CtysVde.Tests.Support;

/// <summary>
/// A real VDE client with no network interface: `vde_plug vde://SOCKET[PORT]` with its frames on stdin and stdout,
/// each behind a two-byte big-endian length (vdeplug4's stream framing). Tests send hand-made Ethernet frames,
/// with or without an 802.1Q tag, and see exactly what the switch delivers to the port; this kernel has no 8021q
/// driver, so this is how tagged frames reach a trunk here. Stopped by pid when disposed.
/// </summary>
public sealed class StreamPlug : IDisposable
{
    /// <summary>An EtherType for local experiments (IEEE 802): no stack on the way answers or drops it.</summary>
    private const ushort LocalEtherType = 0x88B5;

    private readonly Process _process;
    private readonly BlockingCollection<byte[]> _frames = new();
    private readonly Thread _reader;

    public StreamPlug(string socketPath, int port, string description)
    {
        var info = new ProcessStartInfo("vde_plug", ["-D", description, $"vde://{socketPath}[{port}]"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _process = Process.Start(info)!;
        Pid = _process.Id;
        _reader = new Thread(Read) { IsBackground = true };
        _reader.Start();
    }

    public int Pid { get; }

    /// <summary>The source address of this plug's frames: locally administered, unique per port.</summary>
    public static byte[] MacFor(int port) => [0x02, 0xc7, 0x5d, 0x00, 0x00, (byte)port];

    /// <summary>Sends a broadcast frame carrying <paramref name="marker"/>, tagged with <paramref name="vlan"/> if given.</summary>
    public void SendBroadcast(int fromPort, string marker, int? vlan = null)
    {
        var payload = System.Text.Encoding.ASCII.GetBytes(marker.PadRight(46));
        var frame = new List<byte>();
        frame.AddRange(new byte[] { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff });
        frame.AddRange(MacFor(fromPort));
        if (vlan is { } v)
        {
            frame.AddRange(new byte[] { 0x81, 0x00, (byte)(v >> 8), (byte)(v & 0xff) });
        }

        frame.AddRange(new byte[] { LocalEtherType >> 8, LocalEtherType & 0xff });
        frame.AddRange(payload);
        var header = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(header, (ushort)frame.Count);
        var stdin = _process.StandardInput.BaseStream;
        stdin.Write([.. header, .. frame]);
        stdin.Flush();
    }

    /// <summary>
    /// Waits for the frame carrying <paramref name="marker"/>; returns its 802.1Q VLAN id (0 when untagged), or
    /// null when it does not come within <paramref name="timeoutMs"/> (a frame the switch kept from this port).
    /// </summary>
    public int? Receive(string marker, int timeoutMs)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        var wanted = System.Text.Encoding.ASCII.GetBytes(marker);
        while (DateTime.UtcNow < deadline)
        {
            if (!_frames.TryTake(out var frame, TimeSpan.FromMilliseconds(50)))
            {
                continue;
            }

            var tagged = frame.Length > 16 && frame[12] == 0x81 && frame[13] == 0x00;
            if (frame.AsSpan().IndexOf(wanted) >= 0)
            {
                return tagged ? ((frame[14] << 8) | frame[15]) & 0xfff : 0;
            }
        }

        return null;
    }

    public void Dispose()
    {
        try
        {
            _process.Kill();
            _process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }

    private void Read()
    {
        var stdout = _process.StandardOutput.BaseStream;
        var header = new byte[2];
        try
        {
            while (ReadExactly(stdout, header))
            {
                var frame = new byte[BinaryPrimitives.ReadUInt16BigEndian(header)];
                if (!ReadExactly(stdout, frame))
                {
                    break;
                }

                _frames.Add(frame);
            }
        }
        catch (IOException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private static bool ReadExactly(Stream s, byte[] buffer) =>
        s.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) == buffer.Length;
}
