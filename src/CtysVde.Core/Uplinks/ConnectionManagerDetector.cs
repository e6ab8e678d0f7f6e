using CtysVde.Core.Errors;
using CtysVde.Core.Linux;
using CtysVde.Core.Processes;

namespace CtysVde.Core.Uplinks;

/// <summary>
/// Finds out whether NetworkManager or systemd-networkd manages an interface. A manager that manages the
/// uplink would notice its addresses moving to the bridge and put them back (or tear the bridge down), so
/// a move is refused rather than fought. Only a manager running in this network namespace counts: the
/// state files of one that has stopped stay in /run, but nobody acts on them. Both are found by their
/// process, not a pidfile: NetworkManager writes none when systemd runs it with --no-daemon.
/// </summary>
public sealed class ConnectionManagerDetector
{
    public const string NetworkManager = "NetworkManager";
    public const string SystemdNetworkd = "systemd-networkd";

    private const string NetworkdLinks = "/run/systemd/netif/links";

    private readonly SysfsNet _sysfs;
    private readonly IProcessRunner _runner;

    public ConnectionManagerDetector(SysfsNet sysfs, IProcessRunner runner)
    {
        _sysfs = sysfs;
        _runner = runner;
    }

    /// <summary>The name of the manager that manages <paramref name="iface"/>, or null when none does.</summary>
    public string? ManagerOf(string iface)
    {
        if (NetworkManagerManages(iface))
        {
            return NetworkManager;
        }

        return NetworkdManages(iface) ? SystemdNetworkd : null;
    }

    /// <summary>
    /// Asks NetworkManager to leave <paramref name="iface"/> alone (until it restarts, or <see cref="GiveBack"/>);
    /// it keeps the addresses and routes in place. nmcli can say yes without it happening, so the state decides.
    /// </summary>
    public void Release(string iface)
    {
        SetManaged(iface, false);
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (NetworkManagerManages(iface))
        {
            if (DateTime.UtcNow >= deadline)
            {
                throw new VdeException(ErrorIds.UplinkManaged, VdeErrorCategory.InvalidOperation,
                    $"NetworkManager still manages '{iface}' after 'nmcli device set {iface} managed no' (is nmcli allowed to change devices?)", iface);
            }

            Thread.Sleep(20);
        }
    }

    /// <summary>
    /// Hands <paramref name="iface"/> back to NetworkManager, which then applies its own profile to it again.
    /// A NetworkManager that has stopped meanwhile forgot the request, so there is nothing to give back.
    /// </summary>
    public void GiveBack(string iface)
    {
        if (RunsHere(NetworkManager))
        {
            SetManaged(iface, true);
        }
    }

    private void SetManaged(string iface, bool managed)
    {
        var nmcli = Processes.ProcessRunner.Which("nmcli")
            ?? throw new VdeException(ErrorIds.UplinkManaged, VdeErrorCategory.InvalidOperation, "nmcli is not installed, so NetworkManager cannot be asked about the uplink", iface);
        var result = _runner.Run(nmcli, ["device", "set", iface, "managed", managed ? "yes" : "no"], TimeSpan.FromSeconds(10));
        if (result.ExitCode != 0)
        {
            throw new VdeException(ErrorIds.UplinkManaged, VdeErrorCategory.InvalidOperation,
                $"nmcli device set {iface} managed {(managed ? "yes" : "no")} failed: {result.StandardError.Trim()}", iface);
        }
    }

    /// <summary>The command that makes the manager leave the device alone, for the refusal's remedy.</summary>
    public static string Remedy(string manager, string iface) => manager == NetworkManager
        ? $"nmcli device set {iface} managed no"
        : $"a .network file for {iface} with [Link] Unmanaged=yes, then networkctl reload";

    private bool NetworkManagerManages(string iface)
    {
        if (!RunsHere("NetworkManager") || Processes.ProcessRunner.Which("nmcli") is not { } nmcli)
        {
            return false;
        }

        // "100 (connected)", "30 (disconnected)", … but "10 (unmanaged)" when it keeps its hands off.
        var state = _runner.Run(nmcli, ["-g", "GENERAL.STATE", "device", "show", iface], TimeSpan.FromSeconds(5));
        return state.ExitCode == 0 && !state.StandardOutput.Contains("unmanaged", StringComparison.Ordinal);
    }

    private bool NetworkdManages(string iface)
    {
        if (_sysfs.Read(iface, "ifindex") is not { } index || !RunsHere("systemd-network"))
        {
            return false;
        }

        var state = Path.Combine(NetworkdLinks, index);
        if (!File.Exists(state))
        {
            return false;
        }

        // A link networkd has a .network file for, unless that file says Unmanaged=yes.
        var lines = File.ReadAllLines(state);
        return lines.Any(l => l.StartsWith("NETWORK_FILE=", StringComparison.Ordinal) && l.Length > "NETWORK_FILE=".Length)
            && !lines.Contains("ADMIN_STATE=unmanaged", StringComparer.Ordinal);
    }

    /// <summary>A process named <paramref name="comm"/> (cut to 15 characters, as the kernel does) in this network namespace.</summary>
    private static bool RunsHere(string comm)
    {
        var ours = ProcessNamespaces.Of("self");
        foreach (var (pid, dir) in ProcessDirectories.Under())
        {
            // SmallFile: no flock per process (File.ReadAllText takes one), and null for a process that just ended.
            if (SmallFile.ReadText(Path.Combine(dir, "comm"))?.TrimEnd('\n') == comm && ProcessNamespaces.Of(pid.ToString(System.Globalization.CultureInfo.InvariantCulture)) == ours)
            {
                return true;
            }
        }

        return false;
    }
}
