using System.Globalization;
using System.Text.RegularExpressions;

namespace CtysVde.Core.Vde;

/// <summary>Parses the data block of `vlan/print` and `vlan/allprint` (vde_switch 2.3.x: VLAN numbers are decimal, zero-padded).</summary>
public static partial class VlanPrintParser
{
    public static VlanTable Parse(IEnumerable<string> lines)
    {
        var vlans = new List<int>();
        var members = new List<VlanMemberRecord>();
        int? current = null;
        foreach (var line in lines)
        {
            Match m;
            if ((m = VlanLine().Match(line)).Success)
            {
                current = Int(m, 1);
                vlans.Add(current.Value);
            }
            else if (current is { } vlan && (m = MemberLine().Match(line)).Success)
            {
                members.Add(new VlanMemberRecord(vlan, Int(m, 1), m.Groups[2].Value == "1", m.Groups[3].Value == "1"));
            }
            else if (line.Trim().Length > 0)
            {
                throw new VdeProtocolException($"unexpected line in the VLAN table: '{line}'");
            }
        }

        return new VlanTable(vlans, members);
    }

    private static int Int(Match m, int group) => int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^VLAN (\d+)\s*$")]
    private static partial Regex VlanLine();

    [GeneratedRegex(@"^ -- Port (\d+) tagged=([01]) active=([01]) ")]
    private static partial Regex MemberLine();
}
