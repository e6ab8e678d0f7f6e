using System.Globalization;
using CtysVde.Core.Model;

namespace CtysVde.Core.Vde;

/// <summary>
/// vde-wirefilter 2.3.2's management words, both ways: the commands that give a cable its impairment, and the
/// impairment its `showinfo` reports (tests/CtysVde.Tests/Fixtures/wirefilter-2.3.2, docs/cables-research.md).
/// Its values are per direction; CtysVde sets both alike and reads the left-to-right one.
/// </summary>
public static class Wirefilter
{
    /// <summary>wirefilter's prompt, where vde_switch says `vde$ `.</summary>
    public const string Prompt = "\nVDEwf$ ";

    /// <summary>
    /// wirefilter's MTU counts the Ethernet frame (14 bytes of header) and 2 more: an IP packet of M bytes passes
    /// when the setting is at least M + 16.
    /// </summary>
    public const int MtuOverhead = 16;

    /// <summary>The commands that make a wirefilter's impairment <paramref name="impairment"/> (null values: off).</summary>
    public static IReadOnlyList<string> Commands(CableImpairment impairment)
    {
        var delay = impairment.DelayMs ?? 0;
        var jitter = impairment.JitterMs ?? 0;
        return
        [
            $"loss {Text(impairment.LossPercent ?? 0)}",
            jitter > 0 ? $"delay {Text(delay)}+{Text(jitter)}" : $"delay {Text(delay)}",
            $"bandwidth {Text((impairment.BandwidthKbps ?? 0) * 125L)}",
            $"mtu {Text(impairment.Mtu is > 0 and var mtu ? mtu + MtuOverhead : 0)}",
        ];
    }

    /// <summary>The impairment in the data lines of `showinfo` (bidirectional or monodirectional).</summary>
    public static CableImpairment ParseInfo(IReadOnlyList<string> data)
    {
        string? Field(string name) =>
            data.FirstOrDefault(l => l.StartsWith(name + " ", StringComparison.Ordinal)) is { } line
                ? line[name.Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries) is var parts && parts.Length > 0
                    ? parts[0] == "L->R" && parts.Length > 1 ? parts[1] : parts[0]
                    : null
                : null;

        // A value is `VALUE+PLUS{U|N}` (MTU: a plain number); PLUS is the jitter of a delay.
        (double Value, double Plus) Pair(string name)
        {
            var text = Field(name) ?? throw new VdeProtocolException($"wirefilter's showinfo has no {name} line");
            // The last '+' starts PLUS, unless it is a large value's exponent (`1.04858e+06+0U`).
            var plus = text.LastIndexOf('+');
            plus = plus > 0 && text[plus - 1] is not ('e' or 'E') ? plus : -1;
            var value = plus < 0 ? text : text[..plus];
            var rest = plus < 0 ? "0" : text[(plus + 1)..].TrimEnd('U', 'N');
            return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
                && double.TryParse(rest, NumberStyles.Float, CultureInfo.InvariantCulture, out var p)
                    ? (v, p)
                    : throw new VdeProtocolException($"wirefilter's {name} is not a number: '{text}'");
        }

        var (delay, jitter) = Pair("Delay");
        var mtu = (int)Pair("MTU").Value;
        return new CableImpairment
        {
            LossPercent = Pair("Loss").Value,
            DelayMs = (int)Math.Round(delay),
            JitterMs = (int)Math.Round(jitter),
            BandwidthKbps = (int)Math.Round(Pair("Bandw").Value / 125),
            Mtu = mtu > MtuOverhead ? mtu - MtuOverhead : 0,
        };
    }

    private static string Text(double n) => n.ToString(CultureInfo.InvariantCulture);
}
