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

    public bool IsEmpty => Process is null && !SocketDirectoryExists && !ManagementSocketExists && !PidFileExists && TapName is null;
}
