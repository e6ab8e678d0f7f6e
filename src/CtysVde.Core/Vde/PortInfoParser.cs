using System.Globalization;

namespace CtysVde.Core.Vde;

/// <summary>Parses the data block of `port/showinfo` (`Numports=32`, `HUB=false`, `counters=true`).</summary>
public static class PortInfoParser
{
    public static int NumPorts(IEnumerable<string> lines) =>
        lines.Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("Numports=", StringComparison.Ordinal)) is { } line
        && int.TryParse(line.AsSpan("Numports=".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new VdeProtocolException("port/showinfo did not say the number of ports");
}
