using System.Globalization;
using System.Text.RegularExpressions;

namespace CtysVde.Core.Vde;

/// <summary>
/// Splits a client's description: vdeplug4 sends `descr user=name pid=N`, vde2's libvdeplug
/// `descr user=name PID=N [SSH=ip]`, newer vdeplug4 a numeric `user=uid`.
/// </summary>
public static partial class EndpointDescription
{
    public static (string? Client, string? User, int? ProcessId) Parse(string description)
    {
        var user = UserPart().Match(description);
        var pid = PidPart().Match(description);
        var cut = user.Success ? user.Index : pid.Success ? pid.Index : description.Length;
        var client = description[..cut].Trim();
        return (
            client.Length == 0 ? null : client,
            user.Success ? user.Groups[1].Value : null,
            pid.Success ? int.Parse(pid.Groups[1].Value, CultureInfo.InvariantCulture) : null);
    }

    [GeneratedRegex(@"(?:^|\s)user=(\S+)")]
    private static partial Regex UserPart();

    [GeneratedRegex(@"(?:^|\s)pid=(\d+)", RegexOptions.IgnoreCase)]
    private static partial Regex PidPart();
}
