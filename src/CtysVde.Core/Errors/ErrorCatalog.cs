namespace CtysVde.Core.Errors;

/// <summary>
/// Every error id with its category and meaning: the one source for the module help, the README's table
/// (checked by a test) and the CLI's exit codes (InvalidArgument, NotImplemented, ResourceExists: 1; others: 2).
/// </summary>
public static class ErrorCatalog
{
    public static IReadOnlyList<ErrorDescription> All { get; } =
    [
        new(ErrorIds.InvalidUser, VdeErrorCategory.InvalidArgument, "The owner does not exist."),
        new(ErrorIds.InvalidGroup, VdeErrorCategory.InvalidArgument, "The group does not exist."),
        new(ErrorIds.InvalidSetgidGroup, VdeErrorCategory.InvalidArgument, "The setgid group does not exist or is not the switch's group."),
        new(ErrorIds.InvalidBridgeName, VdeErrorCategory.InvalidArgument, "The bridge name breaks the kernel's rules (at most 15 bytes, no '/', ':' or white space)."),
        new(ErrorIds.NotABridge, VdeErrorCategory.InvalidArgument, "The bridge name belongs to an interface that is not a bridge."),
        new(ErrorIds.InvalidTapName, VdeErrorCategory.InvalidArgument, "The TAP name breaks the kernel's rules."),
        new(ErrorIds.TapExists, VdeErrorCategory.ResourceExists, "An interface with the TAP's name already exists."),
        new(ErrorIds.SocketInUse, VdeErrorCategory.ResourceExists, "Another process listens on the management or data socket path, or another switch holds one of the new switch's paths (either socket or the pidfile); the message names it and its pid."),
        new(ErrorIds.SwitchMismatch, VdeErrorCategory.InvalidArgument, "The data socket and management socket asked for are not one switch's (they belong to two switches, or one to a switch and the other to none), or the pidfile is another switch's; the message says which switch holds which, and nothing is done."),
        new(ErrorIds.InvalidSocketPath, VdeErrorCategory.InvalidArgument, "A socket path or pidfile is relative, too long, of the wrong kind, or in a missing directory."),
        new(ErrorIds.UnsafeSocketPath, VdeErrorCategory.InvalidArgument, "A socket path is a symbolic link, belongs to another user, or lies in a directory another user can change (so root's vde_switch would follow a name someone else can redirect)."),
        new(ErrorIds.InvalidInterface, VdeErrorCategory.InvalidArgument, "The uplink does not exist, is the loopback or a bridge, is already enslaved, or carries macvlan/ipvlan devices."),
        new(ErrorIds.BridgeExists, VdeErrorCategory.ResourceExists, "The bridge exists already; an uplink is moved only into a bridge CtysVde creates."),
        new(ErrorIds.ForeignBridge, VdeErrorCategory.InvalidOperation, "CtysVde did not create this bridge, so it leaves it alone."),
        new(ErrorIds.BridgeInUse, VdeErrorCategory.InvalidOperation, "Other interfaces (TAPs of switches) are still attached to the bridge; remove their switches first."),
        new(ErrorIds.InvalidProbeTarget, VdeErrorCategory.InvalidArgument, "The probe target is not an IP address."),
        new(ErrorIds.UplinkInUse, VdeErrorCategory.InvalidOperation, "The uplink carries the caller's SSH session or the default route; moving it needs a forced request."),
        new(ErrorIds.UplinkManaged, VdeErrorCategory.InvalidOperation, "NetworkManager or systemd-networkd manages the uplink; CtysVde does not fight it."),
        new(ErrorIds.UplinkLost, VdeErrorCategory.ResourceUnavailable, "After the move the probe target did not answer; the uplink was put back as it was."),
        new(ErrorIds.ForeignHost, VdeErrorCategory.InvalidArgument, "The object (switch, bridge, TAP, port) came from another host, told apart by its HostId; nothing was done here: run the command on that host."),
        new(ErrorIds.InvalidVlanId, VdeErrorCategory.InvalidArgument, "A VLAN id is outside 1-4093 (vde_switch 2.3.2 refuses 4094; 0, the default VLAN, only as a trunk's native VLAN), or a trunk has no tagged VLAN; nothing was changed."),
        new(ErrorIds.InvalidPort, VdeErrorCategory.InvalidArgument, "The port number is not one of the switch's ports (1 to its number of ports less one); nothing was changed."),
        new(ErrorIds.NotSwitchOwner, VdeErrorCategory.PermissionDenied, "The switch belongs to another user; only its owner or root may change it; nothing was changed."),
        new(ErrorIds.InvalidCapturePath, VdeErrorCategory.InvalidArgument, "The capture path is not an absolute path of a file (relative, a directory's name, control characters); nothing was changed."),
        new(ErrorIds.CapturePathUnsafe, VdeErrorCategory.InvalidArgument, "The capture path is a symbolic link, or lies in a directory someone other than root and the switch's owner can change (not sticky); it is never followed, and nothing was changed."),
        new(ErrorIds.CaptureDirectoryNotFound, VdeErrorCategory.ObjectNotFound, "The capture file's directory does not exist; nothing was changed."),
        new(ErrorIds.CaptureFileExists, VdeErrorCategory.ResourceExists, "A file is already at the capture path (another capture may be writing it); a capture never writes into an existing file; nothing was changed."),
        new(ErrorIds.CaptureNotWritable, VdeErrorCategory.PermissionDenied, "The switch's owner may not create a file in the capture's directory (the file is the owner's, made with the owner's rights); nothing was changed."),
        new(ErrorIds.CaptureRunning, VdeErrorCategory.ResourceExists, "The switch captures already (vde_switch writes one capture at a time); stop that one first; nothing was changed."),
        new(ErrorIds.CaptureNotFound, VdeErrorCategory.ObjectNotFound, "The switch has no capture running."),
        new(ErrorIds.InvalidCable, VdeErrorCategory.InvalidArgument, "The cable would connect a switch to itself, or an impairment is asked of a cable made without one (no wirefilter is in it); nothing was changed."),
        new(ErrorIds.InvalidImpairment, VdeErrorCategory.InvalidArgument, "An impairment is out of range (loss 0-100 %, delay and jitter 0-60000 ms with the jitter at most the delay, bandwidth 0-10000000 kbit/s, MTU 576-1500 or 0); nothing was changed."),
        new(ErrorIds.CableNotFound, VdeErrorCategory.ObjectNotFound, "No cable of the caller's has this name (or ends on this switch)."),
        new(ErrorIds.CableFailed, VdeErrorCategory.ResourceUnavailable, "The cable's processes did not come up on both switches in time; what was started was stopped."),
        new(ErrorIds.SwitchNotFound, VdeErrorCategory.ObjectNotFound, "No such switch, and nothing of it is left."),
        new(ErrorIds.TapNotFound, VdeErrorCategory.ObjectNotFound, "No TAP has this name."),
        new(ErrorIds.BridgeNotFound, VdeErrorCategory.ObjectNotFound, "No bridge has this name."),
        new(ErrorIds.SwitchNotRunning, VdeErrorCategory.ResourceUnavailable, "Only leftovers of the switch remain."),
        new(ErrorIds.SwitchUnhealthy, VdeErrorCategory.InvalidOperation, "A running switch fails a health check that only a new daemon mends (a lost socket or TAP, a TAP of another owner); creating it again repairs the rest by itself, and a forced create replaces the switch."),
        new(ErrorIds.SwitchStartFailed, VdeErrorCategory.ResourceUnavailable, "vde_switch did not come up healthy; everything the create did was undone."),
        new(ErrorIds.SwitchStopFailed, VdeErrorCategory.ResourceUnavailable, "vde_switch would not stop; a forced removal kills it."),
        new(ErrorIds.SwitchNotRemoved, VdeErrorCategory.ResourceUnavailable, "Cancel found parts of the switch but none of them was its to remove (a socket another process listens on, a daemon that serves none of its sockets); the message names each."),
        new(ErrorIds.ManagementFailed, VdeErrorCategory.ResourceUnavailable, "The management socket did not answer properly."),
        new(ErrorIds.KernelOperationFailed, VdeErrorCategory.ResourceUnavailable, "The kernel refused a step."),
        new(ErrorIds.PermissionDenied, VdeErrorCategory.PermissionDenied, "Root or CAP_NET_ADMIN is needed (run as root or through sudo); nothing was changed."),
        new(ErrorIds.VdeSwitchNotInstalled, VdeErrorCategory.NotInstalled, "vde_switch, or the vde2 plugin the operation needs (pdump for captures), is not installed (Debian: apt-get install vde-switch vde2)."),
        new(ErrorIds.LockTimeout, VdeErrorCategory.OperationTimeout, "Another call held the switch's lock for more than 30 seconds."),
        new(ErrorIds.UnsafeLockFile, VdeErrorCategory.InvalidArgument, "The lock file or its directory (/run/ctysvde for root) is a symbolic link, or belongs to or is open to another user; it is never followed."),
        new(ErrorIds.NoSpace, VdeErrorCategory.ResourceUnavailable, "The file system that holds the sockets, the pidfile or the lock is full (ENOSPC, EDQUOT); nothing was changed."),
        new(ErrorIds.InvalidTarget, VdeErrorCategory.InvalidArgument, "A remote host (a host to run on, or a cable's far host) is not [user@]host with a valid name, or its per-host options name no known elevation (sudo, ksu)."),
        new(ErrorIds.HostUnreachable, VdeErrorCategory.ConnectionError, "ssh could not reach the host (a host to run on, or a cable's far host), or the connection was lost during the run (or ssh is not installed)."),
        new(ErrorIds.LoginRefused, VdeErrorCategory.PermissionDenied, "The host refused the SSH login (key, user, host key); no password is ever asked for."),
        new(ErrorIds.RemoteToolMissing, VdeErrorCategory.NotInstalled, "ctys-setupvde is not on the host's PATH (a cable's far host needs it too); deploy it there first."),
        new(ErrorIds.RemoteFailed, VdeErrorCategory.InvalidOperation, "The remote program failed without a CtysVde error (it crashed or printed something unexpected)."),
        new(ErrorIds.ElevationRefused, VdeErrorCategory.PermissionDenied, "sudo (or ksu) refused to run ctys-setupvde as root without a password; the message names the sudoers rule to add.", CommandLineOnly: true),
        new(ErrorIds.ElevationUnavailable, VdeErrorCategory.NotInstalled, "-Z names sudo or ksu, but it is not installed.", CommandLineOnly: true),
        new(ErrorIds.SwitchInUse, VdeErrorCategory.InvalidOperation, "The switch has connected clients and nobody could confirm its removal (a non-interactive session); it was left alone. -Force removes it anyway.", ModuleOnly: true),
        new(ErrorIds.ConfirmationRequired, VdeErrorCategory.InvalidOperation, "The removal needs a confirmation that this session cannot ask for (-NonInteractive); nothing was removed. Add -Force, or -Confirm:$false.", ModuleOnly: true),
    ];

    public static ErrorDescription Get(string id) => All.Single(e => e.Id == id);
}
