using CtysVde.Core.Linux;

namespace CtysVde.Core.Switches;

/// <summary>A switch request after validation: real accounts and absolute paths.</summary>
public sealed record ResolvedSwitch(
    UserAccount Owner,
    GroupAccount Group,
    string SocketPath,
    string ManagementSocket,
    string PidFile,
    GroupAccount? SetgidGroup)
{
    public string Name => SwitchPaths.NameOf(SocketPath);

    /// <summary>
    /// The log in which vde_switch's iplog plugin writes each address it sees, beside the pidfile: a directory only
    /// root (or the caller) can change, as <see cref="SwitchResolver.RequireTrustedDirectories"/> makes sure.
    /// </summary>
    public string AddressLog => PidFile + SwitchPaths.AddressLogSuffix;
}
