using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace CtysVde.Core.Vde;

/// <summary>
/// Parses the data block of `iplog/iplist` and `iplog/ipport` (`ipv4 10.199.78.1 port=2 user=root`). The
/// unspecified addresses (`::` of duplicate address detection, `0.0.0.0` of a DHCP request) name no guest and are
/// left out.
/// </summary>
public static partial class IpListParser
{
    public static IReadOnlyList<IpAddressRecord> Parse(IEnumerable<string> lines)
    {
        var records = new List<IpAddressRecord>();
        foreach (var line in lines)
        {
            var m = Line().Match(line);
            if (!m.Success)
            {
                if (line.Trim().Length > 0)
                {
                    throw new VdeProtocolException($"unexpected line in the address list: '{line}'");
                }

                continue;
            }

            if (!IPAddress.TryParse(m.Groups[2].Value, out var address))
            {
                throw new VdeProtocolException($"not an address in the address list: '{line}'");
            }

            if (!address.Equals(IPAddress.Any) && !address.Equals(IPAddress.IPv6Any))
            {
                records.Add(new IpAddressRecord(m.Groups[1].Value == "4" ? 4 : 6, address.ToString(), int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture), m.Groups[4].Value));
            }
        }

        return records;
    }

    [GeneratedRegex(@"^ipv([46]) (\S+) port=(\d+) user=(.*)$")]
    private static partial Regex Line();
}
