using System.Globalization;

namespace CtysVde.Core.Vde;

/// <summary>
/// What a capture CtysVde started needs beyond what pdump itself tells (its file name): the port it is limited to
/// (0: every port), the identity of the file CtysVde created for it (so that stopping it rewrites that very file and
/// no other put at its name), and when it started. Kept as `key=value` lines beside the switch's pidfile.
/// </summary>
public sealed record CaptureRecord(string Path, int Port, ulong Inode, uint DevMajor, uint DevMinor, DateTime StartTime)
{
    public string Format() => string.Create(CultureInfo.InvariantCulture,
        $"path={Path}\nport={Port}\nfile={Inode}:{DevMajor}:{DevMinor}\nstarted={StartTime.ToUniversalTime():O}\n");

    /// <summary>The record in <paramref name="text"/>; null when it is not one (a file cut short, or not ours).</summary>
    public static CaptureRecord? Parse(string text)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var at = line.IndexOf('=', StringComparison.Ordinal);
            if (at > 0)
            {
                fields[line[..at]] = line[(at + 1)..];
            }
        }

        var file = fields.GetValueOrDefault("file", string.Empty).Split(':');
        return fields.TryGetValue("path", out var path) && path.StartsWith('/')
            && int.TryParse(fields.GetValueOrDefault("port"), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            && file.Length == 3
            && ulong.TryParse(file[0], NumberStyles.None, CultureInfo.InvariantCulture, out var inode)
            && uint.TryParse(file[1], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            && uint.TryParse(file[2], NumberStyles.None, CultureInfo.InvariantCulture, out var minor)
            && DateTime.TryParse(fields.GetValueOrDefault("started"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var started)
            ? new CaptureRecord(path, port, inode, major, minor, started.ToUniversalTime())
            : null;
    }
}
