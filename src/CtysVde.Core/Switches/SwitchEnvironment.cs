using CtysVde.Core.Linux;
using CtysVde.Core.Processes;
using CtysVde.Core.Uplinks;
using CtysVde.Core.Vde;

namespace CtysVde.Core.Switches;

/// <summary>The machine as the engine sees it: kernel, files, users, processes, the network it probes, and the timeouts it waits for.</summary>
public sealed record SwitchEnvironment
{
    public required SysfsNet Sysfs { get; init; }

    public required INetworkKernel Kernel { get; init; }

    public required UserDatabase Users { get; init; }

    public required IUnixFiles Files { get; init; }

    public required SwitchProcessScanner Processes { get; init; }

    public required IProcessRunner Runner { get; init; }

    /// <summary>How management sockets are reached; the real connector unless a test fails connections.</summary>
    public IManagementConnector Management { get; init; } = new ManagementConnector();

    /// <summary>How the probe after an uplink move asks the network; ICMP echo unless a test makes every target silent.</summary>
    public IReachabilityProbe Reachability { get; init; } = new IcmpProbe();

    public required string HostName { get; init; }

    /// <summary>What tells this host apart from every other (see <see cref="HostIdentity"/>); every object carries it.</summary>
    public required string HostId { get; init; }

    public string VdeSwitchProgram { get; init; } = "vde_switch";

    public TimeSpan ManagementTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(3);

    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public static SwitchEnvironment Default()
    {
        var sysfs = new SysfsNet();
        return new SwitchEnvironment
        {
            Sysfs = sysfs,
            Kernel = new NetworkKernel(sysfs),
            Users = new UserDatabase(),
            Files = new UnixFiles(),
            Processes = new SwitchProcessScanner(),
            Runner = new ProcessRunner(),
            HostName = Environment.MachineName,
            HostId = HostIdentity.Current(),
        };
    }
}
