namespace CtysVde.Core.Linux;

/// <summary>
/// The file calls the engine makes on switch files, none of which follows a link at the name it is given. An
/// interface so that tests can fail any one of them and prove the undo (see <see cref="UnixFiles"/>).
/// </summary>
public interface IUnixFiles
{
    /// <summary>lstat(2); null when the path does not exist.</summary>
    FileStatus? Stat(string path);

    FileStatus StatDescriptor(int fd, string path);

    (ulong Inode, uint DevMajor, uint DevMinor)? Identity(string path);

    (ulong Inode, uint DevMajor, uint DevMinor) Identity(int fd);

    /// <summary>Gives the file to uid:gid with <paramref name="mode"/> through a descriptor that did not follow a link.</summary>
    void SetOwnerAndMode(string path, FileKind expected, uint uid, uint gid, uint mode);

    void CreateDirectory(string path, uint mode);

    bool RemoveEmptyDirectory(string path);

    bool RemoveFile(string path);

    /// <summary>The first directory from <paramref name="directory"/> up that a user other than root and <paramref name="caller"/> can change.</summary>
    FileStatus? UntrustedAncestor(string directory, uint caller);
}
