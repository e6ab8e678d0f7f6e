using CtysVde.Core.Errors;
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
        void Add(HealthCheck check, bool passed, string detail, Remedy? remedy = null) =>
            results.Add(new VdeHealth { SwitchName = r.Name, Check = check.ToString(), Passed = passed, Detail = detail, Suggestion = passed ? null : remedy, HostName = _env.HostName, HostId = _env.HostId });

        var tap = a.TapName;
        Add(HealthCheck.ProcessAlive, a.Process is not null,
            a.Process is { } p ? $"vde_switch pid {p.ProcessId} serves {r.SocketPath}" : $"no vde_switch process serves {r.SocketPath}",
            new Remedy(RemedyAction.Create, "to clear the leftovers of the dead switch and start a new one"));

        IReadOnlyList<PortRecord>? ports = null;
        try
        {
            using var client = _env.Management.Connect(r.ManagementSocket, _env.ManagementTimeout, cancellation);
            var info = ShowInfoParser.Parse(client.Send("showinfo").Data);
            ports = PortPrintParser.Parse(client.Send("port/print").Data);
            Add(HealthCheck.ManagementAnswers, true, $"{r.ManagementSocket} answers (vde_switch {client.Version}, pid {info.ProcessId})");
        }
        catch (Exception e) when (e is ManagementConnectException or TimeoutException or VdeProtocolException or System.Net.Sockets.SocketException)
        {
            Add(HealthCheck.ManagementAnswers, false, e.Message,
                a.Process is null ? new Remedy(RemedyAction.Create) : new Remedy(RemedyAction.Recreate, "(the switch lost its management socket: did another switch take the path?)"));
        }

        var endpoint = ports?.SelectMany(p => p.Endpoints.Where(e => e.IsTap).Select(e => (p.Port, Tap: e.TapName!)))
            .Where(x => tap is null || x.Tap == tap).Select(x => $"TAP {x.Tap} is on port {x.Port}").FirstOrDefault();
        Add(HealthCheck.TapEndpoint, endpoint is not null,
            endpoint ?? (ports is null ? "the port table could not be read" : $"no TAP endpoint{(tap is null ? string.Empty : $" for {tap}")} on any port"),
            new Remedy(RemedyAction.Recreate, "(vde_switch could not open its TAP: busy, or owned by another user?)"));

        var tapExists = tap is not null && _env.Sysfs.Exists(tap);
        var up = tapExists && _env.Sysfs.IsUp(tap!);
        var carrier = tapExists && _env.Sysfs.Carrier(tap!) == true;
        Add(HealthCheck.TapUp, up && carrier,
            !tapExists ? $"TAP {tap ?? "(unknown)"} does not exist" : $"TAP {tap} is {(up ? "up" : "down")}, {(carrier ? "with" : "without")} carrier",
            !tapExists ? new Remedy(RemedyAction.Create) : !up ? Remedy.Run($"ip link set {tap} up", "to bring it up") : new Remedy(RemedyAction.Recreate, "(no process holds the TAP)"));

        var bridge = tapExists ? _env.Sysfs.Master(tap!) : null;
        var state = tapExists ? _env.Sysfs.BridgePortState(tap!) : null;
        var forwarding = bridge is not null && _env.Sysfs.IsBridge(bridge) && state == 3;
        Add(HealthCheck.TapForwarding, forwarding,
            bridge is null ? $"TAP {tap ?? "(unknown)"} is on no bridge" : $"TAP {tap} is {PortStateName(state)} on bridge {bridge}",
            bridge is null ? new Remedy(RemedyAction.Create, "to attach it again")
                : !_env.Sysfs.IsUp(bridge) ? Remedy.Run($"ip link set {bridge} up", $"(bridge {bridge} is down)")
                : Remedy.Run($"bridge link show dev {tap}", "to watch the port's state (STP's forward delay may still run)"));

        var owner = tapExists ? _env.Sysfs.TunOwner(tap!) : null;
        var group = tapExists ? _env.Sysfs.TunGroup(tap!) : null;
        var ownerOk = owner == r.Owner.Uid && (group is null || group == r.Group.Gid);
        Add(HealthCheck.TapOwnership, tapExists && ownerOk,
            tapExists ? $"TAP {tap} belongs to {Name(owner, _env.Users.UserName)}:{Name(group, _env.Users.GroupName)}, wanted {r.Owner.Name}:{r.Group.Name}" : "no TAP to check",
            new Remedy(RemedyAction.RecreateAsOwner));

        var problems = SocketAccessProblems(r);
        Add(HealthCheck.SocketAccess, problems.Count == 0,
            problems.Count == 0 ? $"{r.Owner.Name} can use {r.SocketPath} and {r.ManagementSocket}" : string.Join("; ", problems),
            new Remedy(RemedyAction.Create, "to hand the files to their owner again"));
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

        Need(r.SocketPath, FileKind.Directory, SocketModes.DirectoryNeeds);
        Need(Path.Combine(r.SocketPath, "ctl"), FileKind.Socket, SocketModes.SocketNeeds);
        Need(r.ManagementSocket, FileKind.Socket, SocketModes.SocketNeeds);
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
