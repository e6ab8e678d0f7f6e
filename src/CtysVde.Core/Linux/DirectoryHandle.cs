using System.Globalization;
using System.Runtime.InteropServices;

namespace CtysVde.Core.Linux;

/// <summary>
/// A directory held by a descriptor opened without following a link (O_DIRECTORY|O_NOFOLLOW). Everything done
/// inside it goes through that descriptor: whoever can rename or replace the directory by its name (its owner,
/// in a sticky /var/tmp) cannot redirect what root does in it to another place. It only looks; what changes the
/// directory or its entries is <see cref="IUnixFiles"/>'s, so that tests can fail those steps like any other.
/// </summary>
public sealed class DirectoryHandle : IDisposable
{
    private int _fd;

    private DirectoryHandle(string path, int fd)
    {
        Path = path;
        _fd = fd;
    }

    /// <summary>The name it was opened by, for messages only; never used to reach it again.</summary>
    public string Path { get; }

    internal int Descriptor => _fd;

    /// <summary>A path that reaches this very directory through the descriptor (for programs and sockets that need a path).</summary>
    public string DescriptorPath => $"/proc/self/fd/{_fd.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Opens the directory at <paramref name="path"/>; null when nothing is there. A link or a non-directory is an error (ELOOP, ENOTDIR).</summary>
    public static DirectoryHandle? Open(string path)
    {
        var fd = LibC.open(path, LibC.O_RDONLY | LibC.O_DIRECTORY | LibC.O_NOFOLLOW | LibC.O_CLOEXEC, 0);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno == LibC.ENOENT)
            {
                return null;
            }

            throw new PosixException($"open directory {path}", errno);
        }

        return new DirectoryHandle(path, fd);
    }

    /// <summary>The name it was opened by, so that a test's record of the engine's calls says which directory.</summary>
    public override string ToString() => Path;

    public FileStatus Status() => UnixFiles.StatAt(_fd, string.Empty, Path, LibC.AT_EMPTY_PATH)!;

    /// <summary>lstat of an entry; null when it does not exist.</summary>
    public FileStatus? StatEntry(string name) => UnixFiles.StatAt(_fd, name, System.IO.Path.Combine(Path, name), LibC.AT_SYMLINK_NOFOLLOW);

    public IReadOnlyList<string> EntryNames() =>
        Directory.EnumerateFileSystemEntries(DescriptorPath).Select(System.IO.Path.GetFileName).OfType<string>().ToArray();

    public void Dispose()
    {
        if (_fd >= 0)
        {
            LibC.close(_fd);
            _fd = -1;
        }
    }
}
