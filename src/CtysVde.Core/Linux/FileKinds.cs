namespace CtysVde.Core.Linux;

/// <summary>File kinds in the words of messages ("a symbolic link", "a socket").</summary>
public static class FileKinds
{
    public static string Describe(FileKind kind) => kind switch
    {
        FileKind.Regular => "regular file",
        FileKind.Directory => "directory",
        FileKind.Socket => "socket",
        FileKind.SymbolicLink => "symbolic link",
        FileKind.CharacterDevice => "character device",
        FileKind.BlockDevice => "block device",
        FileKind.Fifo => "fifo",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
