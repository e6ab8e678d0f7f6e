using System.Globalization;
using System.Text.RegularExpressions;

namespace CtysVde.Core.Vde;

/// <summary>Parses the data block of `port/print` and `port/allprint` (vde_switch 2.3.x formats).</summary>
public static partial class PortPrintParser
{
    public static IReadOnlyList<PortRecord> Parse(IEnumerable<string> lines)
    {
        var ports = new List<PortRecord>();
        PortRecord? current = null;
        List<EndpointRecord>? endpoints = null;

        void Flush()
        {
            if (current is not null)
            {
                ports.Add(current with { Endpoints = endpoints!.ToArray() });
            }
        }

        foreach (var line in lines)
        {
            Match m;
            if ((m = PortLine().Match(line)).Success)
            {
                Flush();
                current = new PortRecord(Int(m, 1), Int(m, 2), m.Groups[3].Value.Length == 0, "NONE", "NONE", "NONE", 0, 0, 0, 0, Array.Empty<EndpointRecord>());
                endpoints = new List<EndpointRecord>();
            }
            else if (current is null)
            {
                continue;
            }
            else if ((m = UserLine().Match(line)).Success)
            {
                current = current with { CurrentUser = m.Groups[1].Value, AccessUser = m.Groups[2].Value, AccessGroup = m.Groups[3].Value };
            }
            else if ((m = CounterLine().Match(line)).Success)
            {
                var pkts = long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
                var bytes = long.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
                current = m.Groups[1].Value == "IN"
                    ? current with { InPackets = pkts, InBytes = bytes }
                    : current with { OutPackets = pkts, OutBytes = bytes };
            }
            else if ((m = EndpointLine().Match(line)).Success)
            {
                endpoints!.Add(new EndpointRecord(Int(m, 1), m.Groups[2].Value.TrimEnd(), m.Groups[3].Value));
            }
        }

        Flush();
        return ports;
    }

    private static int Int(Match m, int group) => int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^Port (\d+) untagged_vlan=(\d+) (IN)?ACTIVE - ")]
    private static partial Regex PortLine();

    [GeneratedRegex(@"^ Current User: (\S+) Access Control: \(User: (\S+) - Group: (\S+)\)")]
    private static partial Regex UserLine();

    [GeneratedRegex(@"^ (IN|OUT):\s+pkts\s+(\d+)\s+bytes\s+(\d+)")]
    private static partial Regex CounterLine();

    // The module is printed with %-12s, so it may contain a space ("unix prog") and trailing padding.
    [GeneratedRegex(@"^\s+-- endpoint ID (\d+) module (.{1,12}?)\s*: (.*)$")]
    private static partial Regex EndpointLine();
}
