using CtysVde.Core.Errors;
using CtysVde.Core.Linux;
using CtysVde.Core.Vde;

namespace CtysVde.Core.Switches;

/// <summary>
/// The switch's socket directory and files: made by root before vde_switch starts, handed to the owner through
/// descriptors that never follow a link (the directory last), and removed, as links where they are links, once
/// the switch is gone.
/// </summary>
internal sealed class SocketFiles
{
    private readonly SwitchEnvironment _env;
    private readonly Action<string> _log;

    public SocketFiles(SwitchEnvironment env, Action<string> log)
    {
        _env = env;
        _log = log;
    }

    /// <summary>
    /// The socket directory is made here, by root, before vde_switch is started: it never exists before (a name
    /// found there is refused), and in a directory no one else can change (see <see cref="SwitchResolver.RequireTrustedDirectories"/>)
    /// no one can swap it for a link before vde_switch chmods it.
    /// </summary>
    public void CreateSocketDirectory(ResolvedSwitch r)
    {
        try
        {
            _env.Files.CreateDirectory(r.SocketPath, 0x1C0 /* 0700 */);
        }
        catch (PosixException e) when (e.Errno == LibC.EEXIST)
        {
            var found = _env.Files.Stat(r.SocketPath);
            throw new VdeException(ErrorIds.UnsafeSocketPath, VdeErrorCategory.InvalidArgument,
                $"the data socket directory {r.SocketPath} appeared while the switch was being created ({(found is null ? "gone again" : $"a {FileKinds.Describe(found.Kind)} of {_env.Users.UserName(found.Uid)}")}); it is left alone", r.SocketPath);
        }
        catch (PosixException e)
        {
            throw KernelCalls.KernelError(e, r.SocketPath);
        }

        _log($"created {r.SocketPath} (root's until the switch is up)");
    }

    /// <summary>
    /// Hands the (empty) socket directory to the owner before a daemon that runs as the owner starts in it: root
    /// made it (so it is nobody else's), and from now on only the owner's own processes work inside it.
    /// </summary>
    public void GiveDirectoryToOwner(ResolvedSwitch r)
    {
        var modes = SocketModes.For(r);
        KernelCalls.Kernel(() =>
        {
            using var dir = _env.Files.OpenDirectory(r.SocketPath) ?? throw new PosixException($"open {r.SocketPath}", LibC.ENOENT);
            _env.Files.SetOwnerAndMode(dir, r.Owner.Uid, r.Group.Gid, modes.Directory);
        }, "set ownership", r.SocketPath);
    }

    /// <summary>
    /// Hands the switch's files to its owner through descriptors that never follow a link, the socket directory
    /// last: until then only root can change anything inside it.
    /// </summary>
    public void GiveToOwner(ResolvedSwitch r)
    {
        var modes = SocketModes.For(r);
        KernelCalls.Kernel(() =>
        {
            using var dir = _env.Files.OpenDirectory(r.SocketPath) ?? throw new PosixException($"open {r.SocketPath}", LibC.ENOENT);
            var status = dir.Status();
            if (status.Uid != 0 && status.Uid != r.Owner.Uid)
            {
                throw new UnexpectedFileException(status, FileKind.Directory);
            }

            _env.Files.SetOwnerAndMode(dir, "ctl", FileKind.Socket, r.Owner.Uid, r.Group.Gid, modes.Socket);
            _env.Files.SetOwnerAndMode(r.ManagementSocket, FileKind.Socket, r.Owner.Uid, r.Group.Gid, modes.Socket);
            if (_env.Files.Stat(r.PidFile) is not null)
            {
                _env.Files.SetOwnerAndMode(r.PidFile, FileKind.Regular, r.Owner.Uid, r.Group.Gid, modes.PidFile);
            }
            _env.Files.SetOwnerAndMode(dir, r.Owner.Uid, r.Group.Gid, modes.Directory);
        }, "set ownership", r.SocketPath);

        _log($"gave {r.SocketPath}, {r.ManagementSocket} and {r.PidFile} to {r.Owner.Name}:{r.Group.Name}");
    }

    /// <summary>
    /// Removes what a dead switch left: sockets in its directory, the directory, the management socket, the
    /// pidfile and the address log; except <paramref name="leaveAlone"/>, paths another switch holds. Inside the directory (its
    /// owner's, who may swap it for a link at any moment) everything goes through a descriptor of the directory
    /// opened without following a link; the other names are removed with unlink, which never follows one.
    /// </summary>
    public IReadOnlyList<string> RemoveFiles(ResolvedSwitch r, IList<string> kept, IReadOnlySet<string>? leaveAlone = null)
    {
        var removed = new List<string>();
        bool Ours(string path) => leaveAlone is null || !leaveAlone.Contains(path);
        if (Ours(r.SocketPath) && _env.Files.Stat(r.SocketPath) is { Kind: FileKind.Directory })
        {
            RemoveSocketDirectory(r, removed, kept);
        }

        if (Ours(r.ManagementSocket) && _env.Files.Stat(r.ManagementSocket) is { Kind: FileKind.Socket })
        {
            if (SocketProbe.IsListening(r.ManagementSocket))
            {
                kept.Add(r.ManagementSocket);
            }
            else if (TryRemove(r.ManagementSocket, () => _env.Files.RemoveFile(r.ManagementSocket), kept))
            {
                removed.Add(r.ManagementSocket);
            }
        }

        if (Ours(r.PidFile) && _env.Files.Stat(r.PidFile) is { Kind: FileKind.Regular } && TryRemove(r.PidFile, () => _env.Files.RemoveFile(r.PidFile), kept))
        {
            removed.Add(r.PidFile);
        }

        // The address log goes with the pidfile it is named after, if it is root's (vde_switch writes it) or the owner's.
        if (Ours(r.PidFile) && _env.Files.Stat(r.AddressLog) is { Kind: FileKind.Regular } log && (log.Uid == 0 || log.Uid == r.Owner.Uid)
            && TryRemove(r.AddressLog, () => _env.Files.RemoveFile(r.AddressLog), kept))
        {
            removed.Add(r.AddressLog);
        }

        // Links root or the owner left at the switch's names go as links (unlink never follows one).
        foreach (var path in new[] { r.SocketPath, r.ManagementSocket, r.PidFile, r.AddressLog })
        {
            if (Ours(path == r.AddressLog ? r.PidFile : path) && _env.Files.Stat(path) is { Kind: FileKind.SymbolicLink } link && (link.Uid == 0 || link.Uid == r.Owner.Uid) && TryRemove(path, () => _env.Files.RemoveFile(path), kept))
            {
                removed.Add(path);
            }
        }

        foreach (var path in removed)
        {
            _log($"removed {path}");
        }

        return removed;
    }

    private void RemoveSocketDirectory(ResolvedSwitch r, List<string> removed, IList<string> kept)
    {
        DirectoryHandle? dir;
        try
        {
            dir = _env.Files.OpenDirectory(r.SocketPath);
        }
        catch (PosixException e)
        {
            _log($"keeping {r.SocketPath}: {e.Message}");
            kept.Add(r.SocketPath);
            return;
        }

        if (dir is null)
        {
            return;
        }

        using (dir)
        {
            var status = dir.Status();
            if (status.Uid != 0 && status.Uid != r.Owner.Uid)
            {
                _log($"keeping {r.SocketPath}: it belongs to {_env.Users.UserName(status.Uid)} now");
                kept.Add(r.SocketPath);
                return;
            }

            foreach (var name in dir.EntryNames())
            {
                var shown = Path.Combine(r.SocketPath, name);
                var listening = name == "ctl" && SocketProbe.IsListening(Path.Combine(dir.DescriptorPath, name));
                // A link planted in the switch's own directory is removed as a link (unlinkat never follows it).
                // So is a capture's record (CaptureFiles), a file CtysVde writes there.
                if ((dir.StatEntry(name) is { Kind: FileKind.Socket or FileKind.SymbolicLink } || (name == CaptureFiles.RecordName && dir.StatEntry(name) is { Kind: FileKind.Regular })) && !listening)
                {
                    if (TryRemove(shown, () => { _env.Files.RemoveEntry(dir, name); return true; }, kept))
                    {
                        removed.Add(shown);
                    }
                }
                else
                {
                    kept.Add(shown);
                }
            }

            if (dir.EntryNames().Count == 0 && TryRemove(r.SocketPath, () => _env.Files.RemoveEmptyDirectory(r.SocketPath), kept))
            {
                removed.Add(r.SocketPath);
            }
            else if (!kept.Contains(r.SocketPath))
            {
                kept.Add(r.SocketPath);
            }
        }
    }

    /// <summary>
    /// Removes one file of a dead switch. One that cannot be removed is kept, and said so, and the removal goes on:
    /// a cancel that has begun finishes what it can, and the next one finds what is left by its name.
    /// </summary>
    private bool TryRemove(string path, Func<bool> remove, IList<string> kept)
    {
        try
        {
            return remove();
        }
        catch (PosixException e)
        {
            _log($"keeping {path}: {e.Message}");
            kept.Add(path);
            return false;
        }
    }
}
