using System.Globalization;

namespace CtysVde.Core.Vde;

/// <summary>A MAC address as six bytes, parsed from vde_switch's `aa:bb:cc:dd:ee:ff`.</summary>
public sealed record VdeMac(byte[] Bytes)
{
    public static VdeMac Parse(string text)
    {
        var parts = text.Split(':');
        return parts.Length == 6 && parts.All(p => p.Length == 2)
            ? new VdeMac(parts.Select(p => byte.Parse(p, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray())
            : throw new FormatException($"'{text}' is not a MAC address");
    }

    public bool Matches(ReadOnlySpan<byte> address) => address.SequenceEqual(Bytes);
}
