using System.Globalization;

namespace CtysVde.Core.Linux;

/// <summary>
/// Reads interfaces from /sys/class/net. sysfs shows the network namespace of whoever mounted it, which is
/// why the test harness remounts it inside its private namespace.
/// </summary>
public sealed class SysfsNet
{
    private readonly string _root;

    public SysfsNet(string root = "/sys/class/net")
    {
        _root = root;
    }

    public IReadOnlyList<string> InterfaceNames()
    {
        try
        {
            return Directory.EnumerateFileSystemEntries(_root).Select(Path.GetFileName).OfType<string>()
                .Order(StringComparer.Ordinal).ToArray();
        }
        catch (DirectoryNotFoundException)
        {
            return Array.Empty<string>();
        }
    }

    public bool Exists(string name) => Directory.Exists(Path.Combine(_root, name));

    public bool IsBridge(string name) => Directory.Exists(Path.Combine(_root, name, "bridge"));

    /// <summary>The TUN/TAP flags (IFF_TAP, IFF_PERSIST, …) or null for interfaces that are not TUN/TAP.</summary>
    public int? TunFlags(string name)
    {
        var text = Read(name, "tun_flags");
        return text is not null && text.StartsWith("0x", StringComparison.Ordinal)
            && int.TryParse(text.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var flags)
            ? flags
            : null;
    }

    public bool IsTap(string name) => TunFlags(name) is { } f && (f & NetworkKernel.IFF_TAP) != 0;

    /// <summary>The TAP's owner uid, or null when unset (sysfs says -1).</summary>
    public uint? TunOwner(string name) => ReadId(name, "owner");

    public uint? TunGroup(string name) => ReadId(name, "group");

    public bool IsUp(string name) => ReadHex(name, "flags") is { } f && (f & 0x1) != 0;

    public bool IsLoopback(string name) => ReadHex(name, "flags") is { } f && (f & 0x8) != 0;

    /// <summary>Carrier, or null while the interface is administratively down (sysfs then raises EINVAL).</summary>
    public bool? Carrier(string name) => Read(name, "carrier") switch
    {
        "1" => true,
        "0" => false,
        _ => null,
    };

    public string? MacAddress(string name) => Read(name, "address");

    public string? Alias(string name)
    {
        var alias = Read(name, "ifalias");
        return string.IsNullOrEmpty(alias) ? null : alias;
    }

    /// <summary>The bridge (or other master) this interface is enslaved to.</summary>
    public string? Master(string name)
    {
        try
        {
            var target = new FileInfo(Path.Combine(_root, name, "master")).LinkTarget;
            return target is null ? null : Path.GetFileName(target);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The kernel's device type (DEVTYPE in uevent: bridge, bond, vlan, macvlan, …), null for plain NICs.</summary>
    public string? DeviceType(string name) =>
        Read(name, "uevent")?.Split('\n').FirstOrDefault(l => l.StartsWith("DEVTYPE=", StringComparison.Ordinal))?["DEVTYPE=".Length..];

    /// <summary>Devices stacked on this one (macvlan, VLAN, its master, …): the upper_* links in sysfs.</summary>
    public IReadOnlyList<string> UpperDevices(string name)
    {
        try
        {
            return Directory.EnumerateFileSystemEntries(Path.Combine(_root, name), "upper_*")
                .Select(p => Path.GetFileName(p)["upper_".Length..]).Order(StringComparer.Ordinal).ToArray();
        }
        catch (DirectoryNotFoundException)
        {
            return Array.Empty<string>();
        }
    }

    /// <summary>The STP port state of a bridge member: 0 disabled, 1 listening, 2 learning, 3 forwarding, 4 blocking.</summary>
    public int? BridgePortState(string name) =>
        int.TryParse(Read(name, "brport/state"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

    public IReadOnlyList<string> BridgeMembers(string bridge)
    {
        try
        {
            return Directory.EnumerateFileSystemEntries(Path.Combine(_root, bridge, "brif"))
                .Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToArray();
        }
        catch (DirectoryNotFoundException)
        {
            return Array.Empty<string>();
        }
    }

    public bool? StpEnabled(string bridge) => Read(bridge, "bridge/stp_state") switch
    {
        "0" => false,
        null => null,
        _ => true,
    };

    public void Write(string name, string attribute, string value) =>
        File.WriteAllText(Path.Combine(_root, name, attribute), value + "\n");

    /// <summary>
    /// An attribute, or null where it cannot be read. Three system calls (SmallFile): File.ReadAllText would also
    /// take and drop an advisory flock on every attribute, which .NET does to emulate FileShare.
    /// </summary>
    public string? Read(string name, string attribute) => SmallFile.ReadText(Path.Combine(_root, name, attribute))?.TrimEnd('\n');

    private uint? ReadId(string name, string attribute) =>
        long.TryParse(Read(name, attribute), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= 0 ? (uint)v : null;

    private int? ReadHex(string name, string attribute)
    {
        var text = Read(name, attribute);
        return text is not null && text.StartsWith("0x", StringComparison.Ordinal)
            && int.TryParse(text.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var v)
            ? v
            : null;
    }
}
