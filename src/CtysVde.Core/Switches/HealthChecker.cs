using CtysVde.Core.Linux;
using CtysVde.Core.Model;
using CtysVde.Core.Vde;

namespace CtysVde.Core.Switches;

/// <summary>The end-to-end verdict: every link from the daemon to the bridge, each checked on its own.</summary>
public sealed class HealthChecker
{
    private readonly SwitchEnvironment _env;

    public HealthChecker(SwitchEnvironment env)
    {
        _env = env;
    }

    internal IReadOnlyList<VdeHealth> Check(SwitchArtifacts a, CancellationToken cancellation)
    {
        var r = a.Target;
        var results = new List<VdeHealth>();
        void Add(HealthCheck check, bool passed, string detail, string? remedy = null) =>
            results.Add(new VdeHealth { SwitchName = r.Name, Check = check.ToString(), Passed = passed, Detail = detail, Remedy = passed ? null : remedy, HostName = _env.HostName, HostId = _env.HostId });

        var tap = a.TapName;
        Add(HealthCheck.ProcessAlive, a.Process is not null,
            a.Process is { } p ? $"vde_switch pid {p.ProcessId} serves {r.SocketPath}" : $"no vde_switch process serves {r.SocketPath}",
            "run create: it clears the leftovers of a dead switch and starts a new one");

        IReadOnlyList<PortRecord>? ports = null;
        try
        {
            using var client = VdeManagementClient.Connect(r.ManagementSocket, _env.ManagementTimeout, cancellation);
            var info = ShowInfoParser.Parse(client.Send("showinfo").Data);
            ports = PortPrintParser.Parse(client.Send("port/print").Data);
            Add(HealthCheck.ManagementAnswers, true, $"{r.ManagementSocket} answers (vde_switch {client.Version}, pid {info.ProcessId})");
        }
        catch (Exception e) when (e is ManagementConnectException or TimeoutException or VdeProtocolException or System.Net.Sockets.SocketException)
        {
            Add(HealthCheck.ManagementAnswers, false, e.Message,
                a.Process is null ? "run create" : "the switch lost its management socket (another switch took the path?): cancel and create again");
        }

        var endpoint = ports?.SelectMany(p => p.Endpoints.Where(e => e.IsTap).Select(e => (p.Port, Tap: e.Description)))
            .Where(x => tap is null || x.Tap == tap).Select(x => $"TAP {x.Tap} is on port {x.Port}").FirstOrDefault();
        Add(HealthCheck.TapEndpoint, endpoint is not null,
            endpoint ?? (ports is null ? "the port table could not be read" : $"no TAP endpoint{(tap is null ? string.Empty : $" for {tap}")} on any port"),
            "vde_switch could not open its TAP (busy or owned by another user): cancel and create again");

        var tapExists = tap is not null && _env.Sysfs.Exists(tap);
        var up = tapExists && _env.Sysfs.IsUp(tap!);
        var carrier = tapExists && _env.Sysfs.Carrier(tap!) == true;
        Add(HealthCheck.TapUp, up && carrier,
            !tapExists ? $"TAP {tap ?? "(unknown)"} does not exist" : $"TAP {tap} is {(up ? "up" : "down")}, {(carrier ? "with" : "without")} carrier",
            !tapExists ? "run create" : !up ? $"bring it up: ip link set {tap} up" : "no process holds the TAP: cancel and create again");

        var bridge = tapExists ? _env.Sysfs.Master(tap!) : null;
        var state = tapExists ? _env.Sysfs.BridgePortState(tap!) : null;
        var forwarding = bridge is not null && _env.Sysfs.IsBridge(bridge) && state == 3;
        Add(HealthCheck.TapForwarding, forwarding,
            bridge is null ? $"TAP {tap ?? "(unknown)"} is on no bridge" : $"TAP {tap} is {PortStateName(state)} on bridge {bridge}",
            bridge is null ? "cancel and create again, or attach it: ip link set TAP master BRIDGE"
                : !_env.Sysfs.IsUp(bridge) ? $"bridge {bridge} is down: ip link set {bridge} up (or choose another bridge with -b)"
                : "wait for STP (forward delay) or check the bridge");

        var owner = tapExists ? _env.Sysfs.TunOwner(tap!) : null;
        var group = tapExists ? _env.Sysfs.TunGroup(tap!) : null;
        var ownerOk = owner == r.Owner.Uid && (group is null || group == r.Group.Gid);
        Add(HealthCheck.TapOwnership, tapExists && ownerOk,
            tapExists ? $"TAP {tap} belongs to {Name(owner, _env.Users.UserName)}:{Name(group, _env.Users.GroupName)}, wanted {r.Owner.Name}:{r.Group.Name}" : "no TAP to check",
            "cancel and create again with the intended -u user[.group]");

        var problems = SocketAccessProblems(r);
        Add(HealthCheck.SocketAccess, problems.Count == 0,
            problems.Count == 0 ? $"{r.Owner.Name} can use {r.SocketPath} and {r.ManagementSocket}" : string.Join("; ", problems),
            $"cancel and create again, or: chown -R {r.Owner.Name}:{r.Group.Name} {r.SocketPath} {r.ManagementSocket}");
        return results;
    }

    private List<string> SocketAccessProblems(ResolvedSwitch r)
    {
        var problems = new List<string>();
        void Need(string path, FileKind kind, uint ownerBits)
        {
            var s = _env.Files.Stat(path);
            if (s is null)
            {
                problems.Add($"{path} is missing");
            }
            else if (s.Kind != kind)
            {
                problems.Add($"{path} is not a {kind.ToString().ToLowerInvariant()}");
            }
            else if (r.Owner.Uid != 0 && (s.Uid != r.Owner.Uid || (s.Permissions & ownerBits) != ownerBits))
            {
                problems.Add($"{path} is {s.ModeString} {_env.Users.UserName(s.Uid)}, so {r.Owner.Name} cannot use it");
            }
            else if (r.SetgidGroup is { } g && (s.Gid != g.Gid || (s.Permissions & (ownerBits >> 3)) != ownerBits >> 3))
            {
                problems.Add($"{path} is {s.ModeString} group {_env.Users.GroupName(s.Gid)}, so group {g.Name} cannot use it");
            }
        }

        Need(r.SocketPath, FileKind.Directory, 0x1C0 /* rwx */);
        Need(Path.Combine(r.SocketPath, "ctl"), FileKind.Socket, 0x180 /* rw */);
        Need(r.ManagementSocket, FileKind.Socket, 0x180);
        return problems;
    }

    private static string Name(uint? id, Func<uint, string> lookup) => id is { } v ? lookup(v) : "(unset)";

    private static string PortStateName(int? state) => state switch
    {
        0 => "disabled",
        1 => "listening",
        2 => "learning",
        3 => "forwarding",
        4 => "blocking",
        _ => "in an unknown state",
    };
}
