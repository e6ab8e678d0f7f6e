using CtysVde.Core.Errors;
using CtysVde.Core.Linux;
using CtysVde.Core.Vde;

namespace CtysVde.Core.Switches;

/// <summary>
/// A capture's files. The pcap file is created, and rewritten when the capture stops, with the switch owner's own
/// rights (<see cref="IUnixFiles.CreateFileAs"/>): vde_switch opens it by name, following links, so the name must
/// be the owner's new file in a directory no one else can redirect, and root never writes where the owner could not.
/// The capture's record (<see cref="CaptureRecord"/>) lives in the switch's socket directory, where the owner can
/// write it without root, and goes with the directory.
/// </summary>
internal sealed class CaptureFiles
{
    /// <summary>The record's name in the socket directory, beside vde_switch's own sockets.</summary>
    public const string RecordName = "ctysvde.capture";

    private readonly SwitchEnvironment _env;
    private readonly Action<string> _log;

    public CaptureFiles(SwitchEnvironment env, Action<string> log)
    {
        _env = env;
        _log = log;
    }

    /// <summary>The absolute, normalised path of a new capture file for <paramref name="r"/>, or the error that says why not; changes nothing.</summary>
    public string Check(ResolvedSwitch r, string path)
    {
        if (!path.StartsWith('/'))
        {
            throw Invalid(path, "is not an absolute path");
        }

        if (path.Any(char.IsControl))
        {
            throw Invalid(path, "holds control characters");
        }

        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full);
        if (path.EndsWith('/') || directory is null || Path.GetFileName(full) is "" or "." or "..")
        {
            throw Invalid(path, "names a directory, not a file");
        }

        if (!Directory.Exists(directory))
        {
            throw new VdeException(ErrorIds.CaptureDirectoryNotFound, VdeErrorCategory.ObjectNotFound,
                $"the directory of the capture file {path} does not exist ({directory}); nothing was changed", path);
        }

        if (_env.Files.UntrustedAncestor(directory, r.Owner.Uid) is { } untrusted)
        {
            throw new VdeException(ErrorIds.CapturePathUnsafe, VdeErrorCategory.InvalidArgument,
                $"the capture file {full} lies below {untrusted.Path} ({untrusted.ModeString} {_env.Users.UserName(untrusted.Uid)}), which someone other than root and {r.Owner.Name} can change: switch {r.Name}'s vde_switch would open a name they can redirect; nothing was changed",
                path);
        }

        RequireFree(r, full, path);
        return full;
    }

    /// <summary>Creates the empty capture file as the switch's owner (0600) and returns its identity.</summary>
    public (ulong Inode, uint DevMajor, uint DevMinor) Create(ResolvedSwitch r, string path)
    {
        try
        {
            var identity = _env.Files.CreateFileAs(path, r.Owner.Uid, r.Group.Gid, 0x180);
            _log($"created {path} as {r.Owner.Name}'s (0600)");
            return identity;
        }
        catch (PosixException e) when (e.Errno == LibC.EEXIST)
        {
            RequireFree(r, path, path);
            throw KernelCalls.KernelError(e, path);
        }
        catch (PosixException e) when (e.Errno is LibC.EACCES or LibC.EPERM)
        {
            throw new VdeException(ErrorIds.CaptureNotWritable, VdeErrorCategory.PermissionDenied,
                $"{r.Owner.Name}, switch {r.Name}'s owner, may not create {path} ({e.Message}); nothing was changed", path, e);
        }
        catch (PosixException e) when (e.Errno == LibC.ENOENT)
        {
            throw new VdeException(ErrorIds.CaptureDirectoryNotFound, VdeErrorCategory.ObjectNotFound,
                $"the directory of the capture file {path} does not exist ({Path.GetDirectoryName(path)}); nothing was changed", path, e);
        }
        catch (PosixException e)
        {
            throw KernelCalls.KernelError(e, path);
        }
    }

    /// <summary>Removes a capture file this call created, if the name still holds that very file (the undo of a start).</summary>
    public void Remove(ResolvedSwitch r, CaptureRecord record)
    {
        if (_env.Files.Identity(record.Path) == (record.Inode, record.DevMajor, record.DevMinor))
        {
            KernelCalls.Kernel(() => _env.Files.RemoveFileAs(record.Path, r.Owner.Uid, r.Group.Gid), "remove", record.Path);
            _log($"removed {record.Path}");
        }
    }

    /// <summary>
    /// Rewrites the stopped capture's file in place as the switch's owner: each frame once, and only
    /// <paramref name="macs"/>' frames when given. Returns the frames kept and the file's new length.
    /// </summary>
    public (PdumpCompactionResult Result, long Length) Compact(ResolvedSwitch r, CaptureRecord record, IReadOnlyCollection<VdeMac>? macs) =>
        KernelCalls.Kernel(() =>
        {
            using var handle = _env.Files.OpenFileAs(record.Path, r.Owner.Uid, r.Group.Gid);
            var fd = (int)handle.DangerousGetHandle();
            var status = _env.Files.StatDescriptor(fd, record.Path);
            if (status.Kind != FileKind.Regular || status.Uid != r.Owner.Uid || _env.Files.Identity(fd) != (record.Inode, record.DevMajor, record.DevMinor))
            {
                throw new VdeException(ErrorIds.CapturePathUnsafe, VdeErrorCategory.InvalidArgument,
                    $"{record.Path} is no longer the file the capture wrote (a {FileKinds.Describe(status.Kind)} of {_env.Users.UserName(status.Uid)}); it is left as it is", record.Path);
            }

            var output = new PositionalFileStream(handle);
            var result = PdumpCompaction.Compact(new PositionalFileStream(handle), output, macs);
            UnixFiles.Truncate(handle, output.Position, record.Path);
            _log($"{record.Path}: {result.Kept} frames kept of {result.Read} (the switch's copies of forwarded frames: {result.Copies})");
            return (result, output.Position);
        }, "rewrite the capture", record.Path);

    /// <summary>The capture record in the switch's socket directory; null when there is none or it is not one.</summary>
    public CaptureRecord? ReadRecord(ResolvedSwitch r)
    {
        try
        {
            using var dir = _env.Files.OpenDirectory(r.SocketPath);
            return dir is null ? null : _env.Files.ReadEntry(dir, RecordName, 4096) is { } text ? CaptureRecord.Parse(text) : null;
        }
        catch (PosixException e)
        {
            _log($"ignoring {Path.Combine(r.SocketPath, RecordName)}: {e.Message}");
            return null;
        }
    }

    /// <summary>Writes the record in place of any earlier one, through the socket directory's descriptor.</summary>
    public void WriteRecord(ResolvedSwitch r, CaptureRecord record) => InSocketDirectory(r, "write", dir =>
    {
        _env.Files.RemoveEntry(dir, RecordName);
        _env.Files.CreateEntry(dir, RecordName, 0x180, record.Format());
    });

    public void RemoveRecord(ResolvedSwitch r) => InSocketDirectory(r, "remove", dir => _env.Files.RemoveEntry(dir, RecordName));

    private void InSocketDirectory(ResolvedSwitch r, string what, Action<DirectoryHandle> action) =>
        KernelCalls.Kernel(() =>
        {
            using var dir = _env.Files.OpenDirectory(r.SocketPath) ?? throw new PosixException($"open {r.SocketPath}", LibC.ENOENT);
            action(dir);
        }, what, Path.Combine(r.SocketPath, RecordName));

    private void RequireFree(ResolvedSwitch r, string full, string asked)
    {
        switch (_env.Files.Stat(full))
        {
            case null:
                return;
            case { Kind: FileKind.SymbolicLink } link:
                throw new VdeException(ErrorIds.CapturePathUnsafe, VdeErrorCategory.InvalidArgument,
                    $"the capture path {full} is a symbolic link of {_env.Users.UserName(link.Uid)}; it is never followed; nothing was changed", asked);
            case var found:
                throw new VdeException(ErrorIds.CaptureFileExists, VdeErrorCategory.ResourceExists,
                    $"{full} exists already (a {FileKinds.Describe(found.Kind)} of {_env.Users.UserName(found.Uid)}); switch {r.Name}'s capture writes only a new file; nothing was changed", asked);
        }
    }

    private static VdeException Invalid(string path, string problem) =>
        new(ErrorIds.InvalidCapturePath, VdeErrorCategory.InvalidArgument, $"the capture path '{path}' {problem}; nothing was changed", path);
}
