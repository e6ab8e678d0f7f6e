using CtysVde.Core.Vde;

namespace CtysVde.Core.Switches;

/// <summary>
/// Everything that exists of one switch right now: process, files and TAP. <see cref="Process"/> is the
/// vde_switch whose data socket and management socket are both the ones asked for (and, where its
/// management socket answers, the one answering there); <see cref="Conflicts"/> are the asked-for paths
/// that another switch holds, so the request does not name one switch.
/// </summary>
internal sealed record SwitchArtifacts(
    ResolvedSwitch Target,
    SwitchProcess? Process,
    int? PidFileProcessId,
    bool SocketDirectoryExists,
    bool ManagementSocketExists,
    bool PidFileExists,
    string? TapName)
{
    public IReadOnlyList<ForeignClaim> Conflicts { get; init; } = [];

    /// <summary>
    /// <see cref="TapName"/> carries this switch's mark and belongs to its owner: only then may it be deleted. The
    /// name in a daemon's command line proves nothing once that TAP was deleted and the kernel gave the name to
    /// another user's new TAP.
    /// </summary>
    public bool TapIsOurs { get; init; }

    /// <summary>The address log (<see cref="ResolvedSwitch.AddressLog"/>) exists: a leftover too once the daemon is gone.</summary>
    public bool AddressLogExists { get; init; }

    public bool IsEmpty => Process is null && !SocketDirectoryExists && !ManagementSocketExists && !PidFileExists && TapName is null && !AddressLogExists;
}
