using System.Globalization;
using System.Text.RegularExpressions;

namespace CtysVde.Core.Vde;

/// <summary>Parses `hash/print`: `Hash: 0059 Addr: d6:99:0c:05:45:cc VLAN 0000 to port: 002  age 0 secs`.</summary>
public static partial class HashPrintParser
{
    public static IReadOnlyList<HashRecord> Parse(IEnumerable<string> lines)
    {
        var entries = new List<HashRecord>();
        foreach (var line in lines)
        {
            var m = HashLine().Match(line);
            if (m.Success)
            {
                entries.Add(new HashRecord(
                    m.Groups[1].Value.ToLowerInvariant(),
                    int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture),
                    int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture),
                    long.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture)));
            }
        }

        return entries;
    }

    [GeneratedRegex(@"^Hash: \d+ Addr: ((?:[0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}) VLAN (\d+) to port: (\d+)\s+age (-?\d+) secs")]
    private static partial Regex HashLine();
}
