namespace CtysVde.Core.Vde;

/// <summary>What one vde_switch is started with: its sockets, pidfile and TAP, and the group that may use it.</summary>
/// <param name="Name">The switch's name, for messages and error targets.</param>
/// <param name="GroupName">With a group, sockets are 0660 and that group's (-m/-g, --mgmtmode/--mgmtgroup); null: 0600.</param>
public sealed record VdeSwitchLaunch(string Name, string SocketPath, string ManagementSocket, string PidFile, string Tap, string? GroupName)
{
    /// <summary>
    /// The user (and group) the daemon runs as when it is not root's: the switch's owner. Such a daemon opens no
    /// TAP (<see cref="TapPlug"/> joins it) and writes no pidfile (it could not write root's directory; the engine
    /// writes it); whatever reaches its management socket then acts as the owner, never as root.
    /// </summary>
    public (uint Uid, uint Gid)? RunAs { get; init; }

    /// <summary>The daemon's command line after the program: daemonized, with every path explicit.</summary>
    public IReadOnlyList<string> Arguments
    {
        get
        {
            var args = RunAs is null
                ? new List<string> { "-d", "-t", Tap, "-s", SocketPath, "-M", ManagementSocket, "-p", PidFile }
                : new List<string> { "-d", "-s", SocketPath, "-M", ManagementSocket };
            if (GroupName is { } g)
            {
                args.AddRange(["-m", "660", "-g", g, "--mgmtmode", "660", "--mgmtgroup", g]);
            }

            return args;
        }
    }
}
