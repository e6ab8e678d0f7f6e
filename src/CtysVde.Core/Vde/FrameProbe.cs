using System.Buffers.Binary;
using CtysVde.Core.Processes;

namespace CtysVde.Core.Vde;

/// <summary>
/// Sends test frames into a switch: `vde_plug vde://SOCKET` with the frames on its standard input, each behind a
/// two-byte big-endian length (vdeplug4's stream framing). They are broadcasts from a locally administered address
/// with the EtherType for local experiments (0x88B5), which no stack answers; the switch floods them to every port.
/// </summary>
public sealed class FrameProbe
{
    private const ushort LocalEtherType = 0x88B5;

    private readonly IProcessRunner _runner;

    public FrameProbe(IProcessRunner runner)
    {
        _runner = runner;
    }

    /// <summary>Sends <paramref name="count"/> broadcast frames into the switch at <paramref name="socket"/>.</summary>
    public void Send(string socket, int count, TimeSpan timeout, CancellationToken cancellation)
    {
        var input = new List<byte>();
        for (var i = 0; i < count; i++)
        {
            var frame = new List<byte>();
            frame.AddRange(new byte[] { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0xc7, 0x5d, 0xca, 0xb1, (byte)i });
            frame.AddRange(new byte[] { LocalEtherType >> 8, LocalEtherType & 0xff });
            frame.AddRange(System.Text.Encoding.ASCII.GetBytes("ctysvde cable test".PadRight(46)));
            var header = new byte[2];
            BinaryPrimitives.WriteUInt16BigEndian(header, (ushort)frame.Count);
            input.AddRange(header);
            input.AddRange(frame);
        }

        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        bounded.CancelAfter(timeout);
        // The plug stays on the switch a second after its frames: a plug that leaves at once races them, as the
        // switch may close its port before it has read the frames still queued on the data socket.
        _runner.RunAsync("sh", ["-c", "{ cat; sleep 1; } | exec vde_plug \"$@\"", "sh", "-D", "ctysvde cable test", $"vde://{socket}"], input.ToArray(), bounded.Token).GetAwaiter().GetResult();
    }
}
