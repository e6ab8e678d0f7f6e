namespace CtysVde.Core.Linux;

/// <summary>
/// Root opening a file as another user would: setfsuid(2) and setfsgid(2) change the file-system identity of the
/// calling thread only (the kernel keeps credentials per thread, and glibc does not spread these two), and while
/// it is not 0 the kernel drops the capabilities that bypass file permissions. What is created or opened in
/// between is exactly what that user could create or open, wherever a path leads; nothing else in the process
/// changes. Disposing gives the thread root's identity back.
/// </summary>
internal sealed class FileSystemIdentity : IDisposable
{
    private readonly uint _uid;
    private readonly uint _gid;
    private bool _restored;

    private FileSystemIdentity(uint uid, uint gid)
    {
        _uid = uid;
        _gid = gid;
    }

    /// <summary>
    /// Takes on uid:gid for file access on this thread; null when there is nothing to change (the caller is that
    /// user already, or not root, in which case it can act only as itself anyway).
    /// </summary>
    public static FileSystemIdentity? Become(uint uid, uint gid)
    {
        var euid = LibC.geteuid();
        if (euid != 0 || uid == 0)
        {
            return null;
        }

        var previousGid = LibC.setfsgid(gid);
        var previousUid = LibC.setfsuid(uid);
        var identity = new FileSystemIdentity((uint)previousUid, (uint)previousGid);
        // Neither call reports failure; a second call with an invalid id returns the current one.
        if (LibC.setfsuid(uint.MaxValue) != (int)uid || LibC.setfsgid(uint.MaxValue) != (int)gid)
        {
            identity.Dispose();
            throw new PosixException($"take on uid {uid} and gid {gid} for file access", LibC.EPERM);
        }

        return identity;
    }

    public void Dispose()
    {
        if (!_restored)
        {
            LibC.setfsuid(_uid);
            LibC.setfsgid(_gid);
            _restored = true;
        }
    }
}
