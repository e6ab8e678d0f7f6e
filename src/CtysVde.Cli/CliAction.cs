namespace CtysVde.Cli;

/// <summary>The seed's seven actions, `vlan` (a port's VLANs), `capture` (packet captures), `cable` (cables between switches), and `deploy`, which installs this program on remote hosts.</summary>
public enum CliAction
{
    Info,
    Create,
    Cancel,
    Check,
    Ports,
    List,
    ListAll,
    Vlan,
    Capture,
    Cable,
    Deploy,

    /// <summary>`cable-end`: not for people; the far end of a cable from another host (its ssh runs it here).</summary>
    CableEnd,
}
