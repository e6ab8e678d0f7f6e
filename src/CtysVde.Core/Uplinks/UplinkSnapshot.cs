namespace CtysVde.Core.Uplinks;

/// <summary>
/// An interface's layer-3 identity as `ip` can recreate it: its addresses and the routes through it, each as
/// the arguments of `ip addr add` / `ip route replace` without the device (a default route as 0.0.0.0/0 or ::/0). Flat, so a report can show it and
/// a test can compare it field by field.
/// </summary>
public sealed record UplinkSnapshot(string Interface, string MacAddress, int Mtu, bool Up, IReadOnlyList<string> Addresses, IReadOnlyList<string> Routes)
{
    /// <summary>The default gateways (IPv4 first, then IPv6): what the connectivity probe pings by default.</summary>
    public IReadOnlyList<string> DefaultGateways =>
        Routes.Select(r => r.Split(' ')).Where(p => p is ["0.0.0.0/0" or "::/0", "via", _, ..]).OrderBy(p => p[0] == "::/0").Select(p => p[2]).Distinct().ToArray();

    /// <summary>The connection manager that is asked to let go of the interface while it is in the bridge (only with Unmanage).</summary>
    public string? Manager { get; init; }

    public bool CarriesDefaultRoute => Routes.Any(r => r.Split(' ')[0] is "0.0.0.0/0" or "::/0");

    /// <summary>The bare addresses (without prefix length).</summary>
    public IEnumerable<string> AddressValues => Addresses.Select(a => a.Split(' ')[0].Split('/')[0]);
}
