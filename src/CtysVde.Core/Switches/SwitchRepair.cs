using CtysVde.Core.Linux;
using CtysVde.Core.Model;

namespace CtysVde.Core.Switches;

/// <summary>
/// What create does for a running switch that fails a health check: it mends what can be mended while the daemon
/// keeps its clients (a TAP that is down or off its bridge, files not handed to the owner or with the wrong modes)
/// and names what only a new daemon can mend (a lost socket or TAP, a TAP of the wrong owner).
/// </summary>
internal sealed class SwitchRepair
{
    private readonly SwitchEnvironment _env;
    private readonly SocketFiles _files;
    private readonly Vde.TapPlug _tapPlug;
    private readonly Action<string> _log;

    public SwitchRepair(SwitchEnvironment env, SocketFiles files, Vde.TapPlug tapPlug, Action<string> log)
    {
        _env = env;
        _files = files;
        _tapPlug = tapPlug;
        _log = log;
    }

    /// <summary>Mends what it can; returns what was done and the failed checks that need the switch replaced.</summary>
    public (IReadOnlyList<string> Done, IReadOnlyList<VdeHealth> NeedReplacement) Repair(SwitchArtifacts a, IReadOnlyList<VdeHealth> failed, string bridge)
    {
        var done = new List<string>();
        var remaining = new List<VdeHealth>();
        foreach (var check in failed)
        {
            var mended = Enum.Parse<HealthCheck>(check.Check) switch
            {
                // Only through a management socket that answers: without one, only a new daemon mends the switch.
                HealthCheck.TapEndpoint => failed.Any(f => f.Check == nameof(HealthCheck.ManagementAnswers)) ? null : Rejoin(a),
                HealthCheck.TapUp => BringUp(a),
                HealthCheck.TapForwarding => Attach(a, bridge),
                HealthCheck.SocketAccess => GiveBack(a),
                _ => null,
            };
            if (mended is null)
            {
                remaining.Add(check);
            }
            else
            {
                _log($"repaired {check.Check}: {mended}");
                done.Add($"{check.Check}: {mended}");
            }
        }

        return (done, remaining);
    }

    /// <summary>
    /// A user's switch whose TAP left it (root's plug ended: killed, or its half of the pipe died) gets the TAP back
    /// through a new pair of plugs; its clients stay. Root's own switch opens its TAP itself: only a new daemon mends that.
    /// </summary>
    private string? Rejoin(SwitchArtifacts a)
    {
        var r = a.Target;
        if (a.Process is not { Uid: not 0 } || a.TapName is not { } tap || !a.TapIsOurs || !_env.Sysfs.Exists(tap))
        {
            return null;
        }

        _tapPlug.Stop(tap, r.Owner.Uid, CancellationToken.None);
        try
        {
            _tapPlug.Start(tap, r.SocketPath, r.ManagementSocket, r.Owner.Uid, r.Group.Gid, r.Name, CancellationToken.None);
        }
        catch (Errors.VdeException e)
        {
            // E.g. its data socket is gone, so the owner's plug cannot connect: then only a new daemon mends it.
            _log($"TAP {tap} could not join the switch again: {e.Message}");
            _tapPlug.Stop(tap, r.Owner.Uid, CancellationToken.None);
            return null;
        }

        return $"joined TAP {tap} to the switch again";
    }

    /// <summary>A TAP that someone set down comes up again (carrier comes back by itself while vde_switch holds it).</summary>
    private string? BringUp(SwitchArtifacts a)
    {
        if (a.TapName is not { } tap || !a.TapIsOurs || !_env.Sysfs.Exists(tap) || _env.Sysfs.IsUp(tap))
        {
            return null;
        }

        KernelCalls.Kernel(() => _env.Kernel.SetUp(tap, true), "bring TAP up", tap);
        return $"brought TAP {tap} up";
    }

    /// <summary>A TAP someone detached goes back on the bridge (only when it is on none: another is someone's choice).</summary>
    private string? Attach(SwitchArtifacts a, string bridge)
    {
        if (a.TapName is not { } tap || !a.TapIsOurs || !_env.Sysfs.Exists(tap) || _env.Sysfs.Master(tap) is not null || !_env.Sysfs.IsBridge(bridge))
        {
            return null;
        }

        KernelCalls.Kernel(() => _env.Kernel.AddToBridge(bridge, tap), "attach TAP", tap);
        return $"attached TAP {tap} to bridge {bridge} again";
    }

    /// <summary>Ownership and modes handed over again, through descriptors; a socket that is gone or replaced by a link cannot be.</summary>
    private string? GiveBack(SwitchArtifacts a)
    {
        var r = a.Target;
        var ctl = _env.Files.Stat(Path.Combine(r.SocketPath, "ctl"));
        if (_env.Files.Stat(r.SocketPath) is not { Kind: FileKind.Directory } || ctl is not { Kind: FileKind.Socket }
            || _env.Files.Stat(r.ManagementSocket) is not { Kind: FileKind.Socket })
        {
            return null;
        }

        _files.GiveToOwner(r);
        return $"gave {r.SocketPath}, its ctl and {r.ManagementSocket} to {r.Owner.Name}:{r.Group.Name} again";
    }
}
