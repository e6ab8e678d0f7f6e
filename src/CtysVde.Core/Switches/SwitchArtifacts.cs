using CtysVde.Core.Vde;

namespace CtysVde.Core.Switches;

/// <summary>Everything that exists of one switch right now: process, files and TAP.</summary>
internal sealed record SwitchArtifacts(
    ResolvedSwitch Target,
    SwitchProcess? Process,
    int? PidFileProcessId,
    bool SocketDirectoryExists,
    bool ManagementSocketExists,
    bool PidFileExists,
    string? TapName)
{
    public bool IsEmpty => Process is null && !SocketDirectoryExists && !ManagementSocketExists && !PidFileExists && TapName is null;
}
