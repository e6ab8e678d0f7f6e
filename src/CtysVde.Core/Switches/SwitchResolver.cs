using System.Text;
using CtysVde.Core.Errors;
using CtysVde.Core.Linux;
using CtysVde.Core.Model;

namespace CtysVde.Core.Switches;

/// <summary>Turns a request into a validated <see cref="ResolvedSwitch"/>; every check here happens before any side effect.</summary>
public sealed class SwitchResolver
{
    // sun_path holds 108 bytes with the NUL; clients put `.PPPPP-NNNNN` sockets inside the data directory.
    private const int MaxSocketDirectoryBytes = 107 - 14;
    private const int MaxSocketBytes = 107;

    private readonly SwitchEnvironment _env;

    public SwitchResolver(SwitchEnvironment env)
    {
        _env = env;
    }

    public ResolvedSwitch Resolve(SwitchSpec spec)
    {
        var owner = ResolveOwner(spec.Owner);
        var group = spec.Group is null
            ? _env.Users.FindGroup(owner.Gid) ?? new GroupAccount(owner.Gid.ToString(System.Globalization.CultureInfo.InvariantCulture), owner.Gid)
            : ResolveGroup(spec.Group, ErrorIds.InvalidGroup, "group");

        GroupAccount? setgid = null;
        if (spec.SetgidGroup is not null)
        {
            setgid = ResolveGroup(spec.SetgidGroup, ErrorIds.InvalidSetgidGroup, "setgid group");
            if (setgid.Gid != group.Gid)
            {
                throw new VdeException(
                    ErrorIds.InvalidSetgidGroup,
                    VdeErrorCategory.InvalidArgument,
                    $"the setgid group '{setgid.Name}' must be the switch's group '{group.Name}' (the owner's group, or the group given with user.group)",
                    setgid.Name);
            }
        }

        var socketPath = CheckPath(spec.SocketPath ?? SwitchPaths.DefaultSocketPath(owner.Name), "data socket directory", MaxSocketDirectoryBytes);
        var mgmt = CheckPath(spec.ManagementSocket ?? SwitchPaths.DefaultManagementSocket(owner.Name), "management socket", MaxSocketBytes);
        var pidFile = CheckPath(spec.PidFile ?? SwitchPaths.DefaultPidFile(mgmt), "pidfile", 4095);
        if (socketPath == mgmt || socketPath == pidFile || mgmt == pidFile)
        {
            throw new VdeException(ErrorIds.InvalidSocketPath, VdeErrorCategory.InvalidArgument, $"the data socket, management socket and pidfile must be three different paths", socketPath);
        }

        return new ResolvedSwitch(owner, group, socketPath, mgmt, pidFile, setgid);
    }

    /// <summary>Checks what exists at the switch's paths: no symlinks, nothing of another user's, the right kinds.</summary>
    /// <remarks>
    /// With <paramref name="removing"/> a link of root's or the owner's passes: cancel removes it as a link and never
    /// follows it, so a switch whose owner planted links can still be removed.
    /// </remarks>
    public void CheckExistingPaths(ResolvedSwitch r, bool removing = false)
    {
        CheckExisting(r.SocketPath, "data socket directory", FileKind.Directory, r.Owner, removing);
        CheckExisting(r.ManagementSocket, "management socket", FileKind.Socket, r.Owner, removing);
        CheckExisting(r.PidFile, "pidfile", FileKind.Regular, r.Owner, removing);
    }

    /// <summary>
    /// Refuses a switch whose files would lie where someone other than root (or the caller) can rename or replace
    /// a name: vde_switch runs as root and chmods its socket directory by name, so the directories on the way must
    /// be such that a name root created there stays root's (root's own, or sticky like /var/tmp).
    /// </summary>
    public void RequireTrustedDirectories(ResolvedSwitch r)
    {
        var caller = LibC.geteuid();
        foreach (var (path, what) in new[] { (r.SocketPath, "data socket directory"), (r.ManagementSocket, "management socket"), (r.PidFile, "pidfile") })
        {
            if (_env.Files.UntrustedAncestor(Path.GetDirectoryName(path)!, caller) is { } untrusted)
            {
                throw new VdeException(ErrorIds.UnsafeSocketPath, VdeErrorCategory.InvalidArgument,
                    $"the {what} '{path}' lies below {untrusted.Path} ({untrusted.ModeString} {_env.Users.UserName(untrusted.Uid)}), which someone other than root can change: root's vde_switch would follow a name they can redirect; choose a directory only root can change, such as {SwitchPaths.SocketBase}",
                    path);
            }
        }
    }

    public UserAccount ResolveOwner(string? name)
    {
        if (name is null)
        {
            return _env.Users.CurrentUser();
        }

        return _env.Users.FindUser(name)
            ?? throw new VdeException(ErrorIds.InvalidUser, VdeErrorCategory.InvalidArgument, $"no such user: '{name}'", name);
    }

    /// <summary>Validates a bridge name and says whether it must be created; null name picks the seed's default.</summary>
    public (string Name, bool Exists) ResolveBridge(string? requested)
    {
        if (requested is not null)
        {
            if (InterfaceName.Problem(requested) is { } problem)
            {
                throw new VdeException(ErrorIds.InvalidBridgeName, VdeErrorCategory.InvalidArgument, $"invalid bridge name: {problem}", requested);
            }

            if (_env.Sysfs.Exists(requested))
            {
                if (!_env.Sysfs.IsBridge(requested))
                {
                    throw new VdeException(ErrorIds.NotABridge, VdeErrorCategory.InvalidArgument, $"'{requested}' exists but is not a bridge", requested);
                }

                return (requested, true);
            }

            return (requested, false);
        }

        var first = _env.Sysfs.InterfaceNames().FirstOrDefault(_env.Sysfs.IsBridge);
        return first is null ? (SwitchPaths.DefaultBridge, false) : (first, true);
    }

    public string? ValidateTapName(string? tap)
    {
        if (tap is null)
        {
            return null;
        }

        if (InterfaceName.Problem(tap) is { } problem)
        {
            throw new VdeException(ErrorIds.InvalidTapName, VdeErrorCategory.InvalidArgument, $"invalid TAP name: {problem}", tap);
        }

        if (tap.Contains('%', StringComparison.Ordinal))
        {
            throw new VdeException(ErrorIds.InvalidTapName, VdeErrorCategory.InvalidArgument, $"invalid TAP name '{tap}': '%' is reserved for the kernel's name templates", tap);
        }

        if (_env.Sysfs.Exists(tap))
        {
            throw new VdeException(ErrorIds.TapExists, VdeErrorCategory.ResourceExists, $"an interface named '{tap}' already exists", tap);
        }

        return tap;
    }

    private GroupAccount ResolveGroup(string name, string errorId, string what) =>
        (name.Length > 0 ? _env.Users.FindGroup(name) : null)
        ?? throw new VdeException(errorId, VdeErrorCategory.InvalidArgument, $"no such {what}: '{name}'", name);

    private static string CheckPath(string path, string what, int maxBytes)
    {
        if (path.Length == 0)
        {
            throw new VdeException(ErrorIds.InvalidSocketPath, VdeErrorCategory.InvalidArgument, $"the {what} path is empty", path);
        }

        if (path.IndexOfAny(['\0', '\n', '\r']) >= 0)
        {
            throw new VdeException(ErrorIds.InvalidSocketPath, VdeErrorCategory.InvalidArgument, $"the {what} path contains a control character", path);
        }

        if (!Path.IsPathFullyQualified(path))
        {
            throw new VdeException(ErrorIds.InvalidSocketPath, VdeErrorCategory.InvalidArgument, $"the {what} '{path}' is not an absolute path (vde_switch changes to / when it daemonizes)", path);
        }

        var normalized = path.Length > 1 ? path.TrimEnd('/') : path;
        if (normalized == "/" || normalized.Split('/').Any(part => part is "." or ".."))
        {
            throw new VdeException(ErrorIds.InvalidSocketPath, VdeErrorCategory.InvalidArgument, $"the {what} '{path}' must name a file below a directory, without '.' or '..'", path);
        }

        if (Encoding.UTF8.GetByteCount(normalized) > maxBytes)
        {
            throw new VdeException(ErrorIds.InvalidSocketPath, VdeErrorCategory.InvalidArgument, $"the {what} '{path}' is longer than the {maxBytes} bytes a UNIX socket path allows here", path);
        }

        var parent = Path.GetDirectoryName(normalized)!;
        if (!Directory.Exists(parent))
        {
            throw new VdeException(ErrorIds.InvalidSocketPath, VdeErrorCategory.InvalidArgument, $"the directory of the {what} '{path}' does not exist: {parent}", path);
        }

        return normalized;
    }

    private void CheckExisting(string path, string what, FileKind expected, UserAccount owner, bool removing)
    {
        var status = _env.Files.Stat(path);
        if (status is null || (removing && status.Kind == FileKind.SymbolicLink && (status.Uid == 0 || status.Uid == owner.Uid)))
        {
            return;
        }

        if (status.Kind == FileKind.SymbolicLink)
        {
            throw new VdeException(ErrorIds.UnsafeSocketPath, VdeErrorCategory.InvalidArgument, $"the {what} '{path}' is a symbolic link; refusing to follow it", path);
        }

        if (status.Uid != 0 && status.Uid != owner.Uid)
        {
            throw new VdeException(ErrorIds.UnsafeSocketPath, VdeErrorCategory.InvalidArgument, $"the {what} '{path}' belongs to {_env.Users.UserName(status.Uid)}, not to {owner.Name} or root", path);
        }

        if (status.Kind != expected)
        {
            throw new VdeException(ErrorIds.InvalidSocketPath, VdeErrorCategory.InvalidArgument, $"the {what} '{path}' exists and is a {FileKinds.Describe(status.Kind)}, not a {FileKinds.Describe(expected)}", path);
        }
    }
}
