using System.Globalization;
using System.Text.RegularExpressions;
using CtysVde.Core.Linux;
using CtysVde.Core.Model;
using CtysVde.Core.Vde;

namespace CtysVde.Core.Switches;

/// <summary>A switch as users see it (VdeSwitch), from its daemon or from what a dead one left.</summary>
internal sealed partial class SwitchDescriber
{
    private readonly SwitchEnvironment _env;

    public SwitchDescriber(SwitchEnvironment env)
    {
        _env = env;
    }

    public VdeSwitch Describe(SwitchProcess p, string sock)
    {
        var dir = _env.Files.Stat(sock);
        var mgmt = p.ManagementSocket;
        var entries = Entries(sock);
        // A switch that runs as its owner opens no TAP itself (its command line names none): its TAP carries its mark.
        var tap = p.TapName ?? MarkedTap(sock);
        return new VdeSwitch
        {
            Name = SwitchPaths.NameOf(sock),
            HostName = _env.HostName,
            HostId = _env.HostId,
            State = nameof(SwitchState.Running),
            Owner = _env.Users.UserName(dir?.Uid ?? p.Uid),
            Group = _env.Users.GroupName(dir?.Gid ?? 0),
            ProcessId = p.ProcessId,
            TapName = tap,
            BridgeName = tap is null ? null : _env.Sysfs.Master(tap),
            SocketPath = sock,
            ManagementSocket = mgmt,
            PidFile = p.EffectivePidFile,
            Access = dir?.ModeString,
            NumPorts = p.NumPorts ?? SwitchProcess.DefaultNumPorts,
            PortSockets = PortSockets(entries),
            Leftovers = DeadClientSockets(entries),
        };
    }

    /// <summary>The TAP whose alias marks it as the TAP of the switch with this data socket.</summary>
    private string? MarkedTap(string sock) =>
        _env.Sysfs.InterfaceNames().FirstOrDefault(n => _env.Sysfs.IsTap(n) && _env.Sysfs.Alias(n) == SwitchPaths.TapAliasPrefix + sock);

    public VdeSwitch DescribeStale(SwitchArtifacts a)
    {
        var r = a.Target;
        var dir = _env.Files.Stat(r.SocketPath);
        var leftovers = new List<string>();
        if (a.SocketDirectoryExists)
        {
            leftovers.Add(r.SocketPath);
            leftovers.AddRange(Entries(r.SocketPath));
        }

        if (a.ManagementSocketExists)
        {
            leftovers.Add(r.ManagementSocket);
        }

        if (a.PidFileExists)
        {
            leftovers.Add(r.PidFile);
        }

        if (a.AddressLogExists)
        {
            leftovers.Add(r.AddressLog);
        }

        if (a.TapName is not null)
        {
            leftovers.Add($"tap:{a.TapName}");
        }

        return new VdeSwitch
        {
            Name = r.Name,
            HostName = _env.HostName,
            HostId = _env.HostId,
            State = nameof(SwitchState.Stale),
            Owner = dir is null ? r.Owner.Name : _env.Users.UserName(dir.Uid),
            Group = dir is null ? r.Group.Name : _env.Users.GroupName(dir.Gid),
            ProcessId = null,
            TapName = a.TapName,
            BridgeName = a.TapName is null ? null : _env.Sysfs.Master(a.TapName),
            SocketPath = r.SocketPath,
            ManagementSocket = a.ManagementSocketExists ? r.ManagementSocket : null,
            PidFile = a.PidFileExists ? r.PidFile : null,
            Access = dir?.ModeString,
            PortSockets = a.SocketDirectoryExists ? PortSockets(Entries(r.SocketPath)) : Array.Empty<string>(),
            Leftovers = leftovers.ToArray(),
        };
    }

    public static string SocketOf(SwitchProcess p) => p.SocketPath is { } s ? (s.Length > 1 ? s.TrimEnd('/') : s) : SwitchPaths.DaemonDefaultSocket(p.Uid);

    /// <summary>The per-endpoint data sockets vde_switch creates: `NNN.FD`, among a socket directory's entries.</summary>
    public static string[] PortSockets(IEnumerable<string> entries) =>
        entries.Where(e => PortSocketName().IsMatch(Path.GetFileName(e))).ToArray();

    /// <summary>Client return sockets (`.PPPPP-NNNNN`) whose process is gone: a client killed mid-handshake leaves them.</summary>
    public string[] DeadClientSockets(IEnumerable<string> entries) =>
        entries.Where(e =>
        {
            var m = ClientSocketName().Match(Path.GetFileName(e));
            return m.Success && !_env.Processes.IsAlive(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
        }).ToArray();

    public static IEnumerable<string> Entries(string dir)
    {
        try
        {
            return Directory.EnumerateFileSystemEntries(dir).Order(StringComparer.Ordinal).ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Array.Empty<string>();
        }
    }

    [GeneratedRegex(@"^\d{3}\.\d+$")]
    private static partial Regex PortSocketName();

    [GeneratedRegex(@"^\.(\d+)-\d+$")]
    private static partial Regex ClientSocketName();
}
