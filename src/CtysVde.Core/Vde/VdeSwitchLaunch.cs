namespace CtysVde.Core.Vde;

/// <summary>What one vde_switch is started with: its sockets, pidfile and TAP, and the group that may use it.</summary>
/// <param name="Name">The switch's name, for messages and error targets.</param>
/// <param name="GroupName">With a group, sockets are 0660 and that group's (-m/-g, --mgmtmode/--mgmtgroup); null: 0600.</param>
public sealed record VdeSwitchLaunch(string Name, string SocketPath, string ManagementSocket, string PidFile, string Tap, string? GroupName)
{
    /// <summary>The daemon's command line after the program: daemonized, with every path explicit.</summary>
    public IReadOnlyList<string> Arguments
    {
        get
        {
            var args = new List<string> { "-d", "-t", Tap, "-s", SocketPath, "-M", ManagementSocket, "-p", PidFile };
            if (GroupName is { } g)
            {
                args.AddRange(["-m", "660", "-g", g, "--mgmtmode", "660", "--mgmtgroup", g]);
            }

            return args;
        }
    }
}
