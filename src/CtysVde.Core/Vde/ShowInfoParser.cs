using System.Globalization;
using System.Text.RegularExpressions;

namespace CtysVde.Core.Vde;

/// <summary>Parses `showinfo` (`pid %d MAC … uptime %d`, `mgmt %s perm 0%03o`, the version line).</summary>
public static partial class ShowInfoParser
{
    public static SwitchInfoRecord Parse(IEnumerable<string> lines)
    {
        int? pid = null;
        string? mac = null;
        long uptime = 0;
        string? mgmt = null;
        string? mode = null;
        string? version = null;
        foreach (var line in lines)
        {
            Match m;
            if ((m = PidLine().Match(line)).Success)
            {
                pid = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                mac = m.Groups[2].Value.ToLowerInvariant();
                uptime = long.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
            }
            else if ((m = MgmtLine().Match(line)).Success)
            {
                mgmt = m.Groups[1].Value;
                mode = m.Groups[2].Value;
            }
            else if ((m = VersionLine().Match(line)).Success)
            {
                version = m.Groups[1].Value;
            }
        }

        if (pid is null || mac is null)
        {
            throw new VdeProtocolException("showinfo did not report the switch's pid and MAC address");
        }

        return new SwitchInfoRecord(pid.Value, mac, uptime, mgmt, mode, version);
    }

    [GeneratedRegex(@"^pid (\d+) MAC ((?:[0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}) uptime (\d+)")]
    private static partial Regex PidLine();

    [GeneratedRegex(@"^mgmt (.+) perm (0[0-7]+)$")]
    private static partial Regex MgmtLine();

    [GeneratedRegex(@"^VDE switch V\.(\S+)")]
    private static partial Regex VersionLine();
}
