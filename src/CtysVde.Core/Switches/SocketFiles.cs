using CtysVde.Core.Errors;
using CtysVde.Core.Linux;

namespace CtysVde.Core.Switches;

/// <summary>
/// The switch's socket directory and files: made by root before vde_switch starts, and handed to the owner
/// through descriptors that never follow a link, the directory last.
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
    /// Hands the switch's files to its owner through descriptors that never follow a link, the socket directory
    /// last: until then only root can change anything inside it.
    /// </summary>
    public void GiveToOwner(ResolvedSwitch r)
    {
        var (dirMode, sockMode) = r.SetgidGroup is null ? (0x1C0u /* 0700 */, 0x180u /* 0600 */) : (0x5F8u /* 2770 */, 0x1B0u /* 0660 */);
        KernelCalls.Kernel(() =>
        {
            using var dir = DirectoryHandle.Open(r.SocketPath) ?? throw new PosixException($"open {r.SocketPath}", LibC.ENOENT);
            var status = dir.Status();
            if (status.Uid != 0 && status.Uid != r.Owner.Uid)
            {
                throw new UnexpectedFileException(status, FileKind.Directory);
            }

            dir.SetOwnerAndMode("ctl", FileKind.Socket, r.Owner.Uid, r.Group.Gid, sockMode);
            _env.Files.SetOwnerAndMode(r.ManagementSocket, FileKind.Socket, r.Owner.Uid, r.Group.Gid, sockMode);
            if (_env.Files.Stat(r.PidFile) is not null)
            {
                _env.Files.SetOwnerAndMode(r.PidFile, FileKind.Regular, r.Owner.Uid, r.Group.Gid, 0x1A4 /* 0644 */);
            }
            dir.SetOwnerAndMode(r.Owner.Uid, r.Group.Gid, dirMode);
        }, "set ownership", r.SocketPath);

        _log($"gave {r.SocketPath}, {r.ManagementSocket} and {r.PidFile} to {r.Owner.Name}:{r.Group.Name}");
    }
}
