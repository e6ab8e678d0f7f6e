using CtysVde.Core.Errors;

namespace CtysVde.Core.Switches;

/// <summary>
/// Refuses objects of another host, so that a switch or bridge listed on one host (over remoting, in a job, in a
/// saved variable) is never matched to a local namesake. The object's HostId decides; an object without one (a
/// hand-made object, a CSV row) is judged by the host it names.
/// </summary>
public sealed class HostGuard
{
    private readonly SwitchEnvironment _env;

    public HostGuard(SwitchEnvironment env)
    {
        _env = env;
    }

    /// <summary>
    /// Throws ForeignHost unless the claims name this host. <paramref name="computerName"/> is what remoting
    /// stamps on objects (PSComputerName); `localhost` is what a local job stamps.
    /// </summary>
    public void RequireThisHost(string? hostId, string? hostName, string? computerName, string kind, string target)
    {
        if (!string.IsNullOrEmpty(hostId))
        {
            if (!string.Equals(hostId, _env.HostId, StringComparison.OrdinalIgnoreCase))
            {
                throw Foreign(kind, target, $"{NameOf(hostName, computerName)} (HostId {hostId})");
            }

            return;
        }

        foreach (var name in new[] { computerName, hostName })
        {
            if (!string.IsNullOrEmpty(name) && !IsThisHostsName(name))
            {
                throw Foreign(kind, target, name);
            }
        }
    }

    private bool IsThisHostsName(string name) =>
        string.Equals(name, _env.HostName, StringComparison.OrdinalIgnoreCase) || string.Equals(name, "localhost", StringComparison.OrdinalIgnoreCase);

    private static string NameOf(string? hostName, string? computerName) =>
        !string.IsNullOrEmpty(computerName) ? computerName : !string.IsNullOrEmpty(hostName) ? hostName : "another host";

    private VdeException Foreign(string kind, string target, string owner) =>
        new(ErrorIds.ForeignHost, VdeErrorCategory.InvalidArgument,
            $"{kind} {target} belongs to {owner}, not to this host ({_env.HostName}, HostId {_env.HostId}); nothing was done here: run the command on that host", target);
}
