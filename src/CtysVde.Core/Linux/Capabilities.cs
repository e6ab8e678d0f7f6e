using System.Globalization;

namespace CtysVde.Core.Linux;

/// <summary>The process's effective capabilities, read from /proc/self/status.</summary>
public static class Capabilities
{
    private const int CapNetAdmin = 12;

    public static bool HasNetAdmin()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("CapEff:", StringComparison.Ordinal)
                    && ulong.TryParse(line.AsSpan(7).Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var caps))
                {
                    return (caps & (1UL << CapNetAdmin)) != 0;
                }
            }
        }
        catch (IOException)
        {
        }

        return LibC.geteuid() == 0;
    }
}
