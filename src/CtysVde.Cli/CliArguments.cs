namespace CtysVde.Cli;

/// <summary>A parsed command line.</summary>
public sealed record CliArguments
{
    public CliAction Action { get; init; } = CliAction.Info;

    public string? Bridge { get; init; }

    public int DebugLevel { get; init; }

    public bool Force { get; init; }

    public string? SetgidGroup { get; init; }

    public bool Help { get; init; }

    public string? Interface { get; init; }

    public string? SocketPath { get; init; }

    public string? ManagementSocket { get; init; }

    public string? User { get; init; }

    public string? TapName { get; init; }

    public string? ProbeTarget { get; init; }

    public int? ProbeTimeoutSeconds { get; init; }

    /// <summary>--unmanage: let CtysVde ask NetworkManager to leave the uplink alone while it is in the bridge.</summary>
    public bool Unmanage { get; init; }

    public bool DryRun { get; init; }

    /// <summary>--port: the port whose VLANs vlan shows or sets, or the one port capture keeps.</summary>
    public int? Port { get; init; }

    /// <summary>--access, --trunk or --untagged: what vlan makes of the port; null shows it.</summary>
    public Core.Model.VdeVlanMode? VlanMode { get; init; }

    /// <summary>--access V.</summary>
    public int VlanId { get; init; }

    /// <summary>--trunk V1,V2,...</summary>
    public IReadOnlyList<int> AllowedVlans { get; init; } = [];

    /// <summary>--native V: a trunk's untagged VLAN (default 0).</summary>
    public int? NativeVlan { get; init; }

    /// <summary>capture --file: the pcap file a new capture writes.</summary>
    public string? CaptureFile { get; init; }

    /// <summary>capture --stop: stop the switch's capture and complete its file.</summary>
    public bool StopCapture { get; init; }

    /// <summary>cable --to: the switch at the cable's other end.</summary>
    public string? CableTo { get; init; }

    /// <summary>cable --to-host: the other switch's host, `[user@]host`, reached over ssh.</summary>
    public string? CableToHost { get; init; }

    /// <summary>`cable-end VERB ...`: what another host's cable asks of this one over ssh (its words after the action).</summary>
    public IReadOnlyList<string> CableEnd { get; init; } = [];

    /// <summary>cable --test: whether frames pass both ways through the cable to --to.</summary>
    public bool TestCable { get; init; }

    /// <summary>cable --remove: remove the cable to --to.</summary>
    public bool RemoveCable { get; init; }

    /// <summary>cable --loss, --delay, --jitter, --bandwidth, --mtu: the cable's impairment (null: none given).</summary>
    public Core.Model.CableImpairment? Impairment { get; init; }

    public bool Version { get; init; }

    public OutputFormat Format { get; init; } = OutputFormat.Table;

    /// <summary>Targets as written (`host`, `user@host`, `host(-Z sudo)`), from -r lists and positional words.</summary>
    public IReadOnlyList<string> Hosts { get; init; } = [];

    /// <summary>-l: the login user on hosts that do not name one.</summary>
    public string? RemoteUser { get; init; }

    /// <summary>-Z: sudo or ksu for the privileged steps.</summary>
    public string? Elevation { get; init; }

    /// <summary>--timeout: ssh's connect timeout in seconds.</summary>
    public int? TimeoutSeconds { get; init; }

    /// <summary>deploy --module: the module folder (the one with CtysVde.psd1) to install too.</summary>
    public string? ModulePath { get; init; }

    /// <summary>deploy --prefix: where to install on the hosts (default /usr/local).</summary>
    public string? Prefix { get; init; }
}
