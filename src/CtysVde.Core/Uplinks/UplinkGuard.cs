using CtysVde.Core.Errors;
using CtysVde.Core.Linux;
using CtysVde.Core.Processes;

namespace CtysVde.Core.Uplinks;

/// <summary>
/// What may be moved into a bridge, decided before any side effect: a real, free interface with nothing stacked on
/// it that bridging would break; never the caller's own session or the default route without force; never one a
/// connection manager would take back.
/// </summary>
public sealed class UplinkGuard
{
    private readonly SysfsNet _sysfs;
    private readonly IProcessRunner _runner;
    private readonly IpTool _ip;

    public UplinkGuard(SysfsNet sysfs, IProcessRunner runner)
    {
        _sysfs = sysfs;
        _runner = runner;
        _ip = new IpTool(runner);
    }

    /// <summary>Refuses what cannot be an uplink, before any side effect.</summary>
    public void Validate(string iface, string bridge)
    {
        if (InterfaceName.Problem(iface) is { } problem)
        {
            throw Bad(ErrorIds.InvalidInterface, $"invalid interface name: {problem}", iface);
        }

        if (!_sysfs.Exists(iface))
        {
            throw Bad(ErrorIds.InvalidInterface, $"no interface named '{iface}' exists", iface);
        }

        if (_sysfs.IsLoopback(iface))
        {
            throw Bad(ErrorIds.InvalidInterface, $"'{iface}' is a loopback interface and cannot be an uplink", iface);
        }

        if (_sysfs.IsBridge(iface))
        {
            throw Bad(ErrorIds.InvalidInterface, $"'{iface}' is a bridge; an uplink must be a NIC, a bond or a VLAN interface", iface);
        }

        if (_sysfs.Master(iface) is { } master)
        {
            var kind = _sysfs.DeviceType(master) switch
            {
                "bridge" => " (a bridge)",
                "bond" => " (a bond: bridge the bond itself)",
                { } other => $" (a {other})",
                null => string.Empty,
            };
            throw Bad(ErrorIds.InvalidInterface, $"'{iface}' is already enslaved to '{master}'{kind}", iface);
        }

        // macvlan/ipvlan/macvtap hold the device's receive hook, which a bridge port needs too; the kernel
        // would refuse the enslave half-way through the move with "Device or resource busy".
        var blocking = StackedDevicesThatBlockBridging(iface);
        if (blocking.Count > 0)
        {
            throw Bad(ErrorIds.InvalidInterface, $"'{iface}' carries {string.Join(", ", blocking)}; the kernel cannot bridge an interface with macvlan or ipvlan devices on it: remove them or bridge another interface", iface);
        }

        if (iface == bridge)
        {
            throw Bad(ErrorIds.InvalidInterface, $"the uplink and the bridge cannot both be '{iface}'", iface);
        }
    }

    /// <summary>
    /// Never cut the branch you sit on: an uplink that carries the caller's SSH session or the default route
    /// is only moved with force; one that NetworkManager or systemd-networkd manages is never fought: it is
    /// refused, or with <paramref name="unmanage"/> NetworkManager is asked to let go of it. Returns the
    /// manager to ask, if any.
    /// </summary>
    public string? Guard(UplinkSnapshot uplink, bool force, bool unmanage)
    {
        var manager = new ConnectionManagerDetector(_sysfs, _runner).ManagerOf(uplink.Interface);
        if (manager is not null && !(unmanage && manager == ConnectionManagerDetector.NetworkManager))
        {
            var remedy = ConnectionManagerDetector.Remedy(manager, uplink.Interface);
            throw unmanage
                ? new VdeException(ErrorIds.UplinkManaged, VdeErrorCategory.InvalidOperation,
                    $"{manager} manages '{uplink.Interface}', and CtysVde asks only NetworkManager to let go: make the device unmanaged yourself ({remedy}) or let {manager} build the bridge", uplink.Interface)
                : new VdeException(ErrorIds.UplinkManaged, VdeErrorCategory.InvalidOperation,
                    $"{manager} manages '{uplink.Interface}' and would undo the move; let {manager} build the bridge, or make the device unmanaged first ({remedy})", uplink.Interface, null,
                    manager == ConnectionManagerDetector.NetworkManager ? [new Remedy(RemedyAction.Unmanage, "to let CtysVde do it for as long as the bridge exists")] : []);
        }

        GuardCaller(uplink, force);
        return manager;
    }

    private static readonly IReadOnlyList<Remedy> ProceedAnyway = [new Remedy(RemedyAction.Force, "to proceed")];

    private static void GuardCaller(UplinkSnapshot uplink, bool force)
    {
        if (force)
        {
            return;
        }

        var ssh = Environment.GetEnvironmentVariable("SSH_CONNECTION")?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (ssh is { Length: 4 } && uplink.AddressValues.Contains(ssh[2]))
        {
            throw new VdeException(ErrorIds.UplinkInUse, VdeErrorCategory.InvalidOperation,
                $"'{uplink.Interface}' carries your SSH session ({ssh[0]} -> {ssh[2]}); moving it into a bridge interrupts the network for a moment and may cut you off, though the move is rolled back by itself if connectivity is lost", uplink.Interface, null, ProceedAnyway);
        }

        if (uplink.CarriesDefaultRoute)
        {
            throw new VdeException(ErrorIds.UplinkInUse, VdeErrorCategory.InvalidOperation,
                $"'{uplink.Interface}' carries the default route; moving it into a bridge interrupts the network for a moment, though the move is rolled back by itself if connectivity is lost", uplink.Interface, null, ProceedAnyway);
        }
    }

    private List<string> StackedDevicesThatBlockBridging(string iface)
    {
        var blocking = new List<string>();
        foreach (var upper in _sysfs.UpperDevices(iface))
        {
            using var link = _ip.Json("-details", "link", "show", "dev", upper);
            var kind = link.RootElement.EnumerateArray().Select(l => l.TryGetProperty("linkinfo", out var info) && info.TryGetProperty("info_kind", out var k) ? k.GetString() : null).FirstOrDefault();
            if (kind is "macvlan" or "macvtap" or "ipvlan" or "ipvtap")
            {
                blocking.Add($"{kind} '{upper}'");
            }
        }

        return blocking;
    }

    private static VdeException Bad(string id, string message, string target) => new(id, VdeErrorCategory.InvalidArgument, message, target);
}
