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
}
