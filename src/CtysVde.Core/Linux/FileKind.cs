namespace CtysVde.Core.Linux;

/// <summary>The file type bits of st_mode.</summary>
public enum FileKind
{
    Regular,
    Directory,
    SymbolicLink,
    Socket,
    CharacterDevice,
    BlockDevice,
    Fifo,
}
