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

    /// <summary>Creates a new regular file holding <paramref name="content"/> (O_CREAT|O_EXCL|O_NOFOLLOW): anything already at the name, a link too, is EEXIST.</summary>
    void CreateFile(string path, uint mode, string content = "");

    /// <summary>Opens the directory at <paramref name="path"/> without following a link (O_DIRECTORY|O_NOFOLLOW); null when nothing is there.</summary>
    DirectoryHandle? OpenDirectory(string path);

    /// <summary>Gives the entry <paramref name="name"/> of <paramref name="directory"/> to uid:gid with <paramref name="mode"/>, opened at the directory's descriptor without following a link.</summary>
    void SetOwnerAndMode(DirectoryHandle directory, string name, FileKind expected, uint uid, uint gid, uint mode);

    /// <summary>Gives the directory itself to uid:gid with <paramref name="mode"/>, through its descriptor (fchown, fchmod).</summary>
    void SetOwnerAndMode(DirectoryHandle directory, uint uid, uint gid, uint mode);

    /// <summary>unlinkat(2) at the directory's descriptor: removes the entry, never what a link there points to; one gone already counts as removed.</summary>
    void RemoveEntry(DirectoryHandle directory, string name);

    bool RemoveEmptyDirectory(string path);

    /// <summary>Creates the new regular file <paramref name="name"/> in <paramref name="directory"/> holding <paramref name="content"/>, at the directory's descriptor (O_CREAT|O_EXCL|O_NOFOLLOW).</summary>
    void CreateEntry(DirectoryHandle directory, string name, uint mode, string content);

    /// <summary>
    /// The text of the regular file <paramref name="name"/> in <paramref name="directory"/>, at most <paramref name="limit"/>
    /// bytes; null when nothing is there. A link, a fifo or a device there is refused (ELOOP, EINVAL) without being followed or waited on.
    /// </summary>
    string? ReadEntry(DirectoryHandle directory, string name, int limit);

    /// <summary>
    /// Creates a new, empty regular file as uid:gid would (O_CREAT|O_EXCL|O_NOFOLLOW with their file-system
    /// identity, <see cref="FileSystemIdentity"/>): anything at the name, a link too, is EEXIST, and a place they may
    /// not write is EACCES. Returns the file's identity.
    /// </summary>
    (ulong Inode, uint DevMajor, uint DevMinor) CreateFileAs(string path, uint uid, uint gid, uint mode);

    /// <summary>Opens a file for reading and writing as uid:gid would, never following a link at the name (ELOOP).</summary>
    Microsoft.Win32.SafeHandles.SafeFileHandle OpenFileAs(string path, uint uid, uint gid);

    /// <summary>Removes the name as uid:gid would (unlink never follows a link); false when nothing was there.</summary>
    bool RemoveFileAs(string path, uint uid, uint gid);

    bool RemoveFile(string path);

    /// <summary>The first directory from <paramref name="directory"/> up that a user other than root and <paramref name="caller"/> can change.</summary>
    FileStatus? UntrustedAncestor(string directory, uint caller);
}
