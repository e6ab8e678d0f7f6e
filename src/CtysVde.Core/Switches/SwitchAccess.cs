using CtysVde.Core.Errors;
using CtysVde.Core.Model;

namespace CtysVde.Core.Switches;

/// <summary>
/// How every action but create reaches an existing switch: the request resolved and its paths checked, what
/// exists of it (refused when its sockets are not one switch's), and the errors for a switch that is not there
/// or not running.
/// </summary>
internal sealed class SwitchAccess
{
    private readonly SwitchResolver _resolver;
    private readonly SwitchInspector _inspector;
    private readonly SwitchDescriber _describer;

    public SwitchAccess(SwitchResolver resolver, SwitchInspector inspector, SwitchDescriber describer)
    {
        _resolver = resolver;
        _inspector = inspector;
        _describer = describer;
    }

    public ResolvedSwitch ResolveExisting(SwitchSpec spec, bool removing = false)
    {
        var r = _resolver.Resolve(spec);
        _resolver.CheckExistingPaths(r, removing);
        return r;
    }

    public (ResolvedSwitch, SwitchArtifacts) RequireRunning(SwitchSpec spec, CancellationToken cancellation)
    {
        var r = ResolveExisting(spec);
        var a = InspectOwn(r, cancellation);
        if (a.IsEmpty)
        {
            throw NotFound(r);
        }

        if (a.Process is null)
        {
            throw new VdeException(ErrorIds.SwitchNotRunning, VdeErrorCategory.ResourceUnavailable,
                $"switch {r.Name} is not running; only leftovers remain ({string.Join(", ", _describer.DescribeStale(a).Leftovers)})", r.Name, null,
                [new Remedy(RemedyAction.Remove, "to remove them"), new Remedy(RemedyAction.Create, "to start it again")]);
        }

        return (r, a);
    }

    /// <summary>
    /// What exists of the switch, refused (SwitchMismatch) when its data socket, management socket or pidfile
    /// belong to another switch, or one socket to a switch and the other to none: acting on it would act on
    /// another switch (stop it, read it, remove its files).
    /// </summary>
    public SwitchArtifacts InspectOwn(ResolvedSwitch r, CancellationToken cancellation)
    {
        var a = _inspector.Inspect(r, cancellation: cancellation);
        if (a.Conflicts.Count == 0)
        {
            return a;
        }

        var data = a.Conflicts.FirstOrDefault(c => c.What == ForeignClaim.DataSocket) is { } d
            ? $"{r.SocketPath} is the data socket of {d.HolderText}"
            : a.Process is { } p ? $"{r.SocketPath} is the data socket of {ForeignClaim.Describe(p.ProcessId, p)}" : $"no switch serves {r.SocketPath}";
        var mgmt = a.Conflicts.FirstOrDefault(c => c.What == ForeignClaim.ManagementSocket) is { } m
            ? $"{r.ManagementSocket} is the management socket of {m.HolderText}"
            : a.Process is not null ? $"{r.ManagementSocket} is its management socket" : $"{r.ManagementSocket} is no switch's management socket";
        var described = a.Conflicts.Where(c => c.What != ForeignClaim.PidFile).Select(c => c.ProcessId).ToHashSet();
        var pidFile = a.Conflicts.FirstOrDefault(c => c.What == ForeignClaim.PidFile) is { } f
            ? described.Contains(f.ProcessId) || f.ProcessId == a.Process?.ProcessId
                ? $"; the pidfile {r.PidFile} is vde_switch pid {f.ProcessId}'s too"
                : $"; the pidfile {r.PidFile} is that of {f.HolderText}"
            : string.Empty;
        throw new VdeException(ErrorIds.SwitchMismatch, VdeErrorCategory.InvalidArgument,
            $"the data socket {r.SocketPath} and the management socket {r.ManagementSocket} are not the sockets of one switch: {data}; {mgmt}{pidFile}; nothing was changed", r.Name);
    }

    /// <summary>Only the switch's owner or root may change it (<paramref name="what"/>); its management socket may be open to a group too.</summary>
    public static void RequireOwner(ResolvedSwitch r, string what)
    {
        var caller = Linux.LibC.geteuid();
        if (caller != 0 && caller != r.Owner.Uid)
        {
            throw new VdeException(ErrorIds.NotSwitchOwner, VdeErrorCategory.PermissionDenied,
                $"switch {r.Name} belongs to {r.Owner.Name}; only its owner or root may {what}; nothing was changed", r.Name);
        }
    }

    public static VdeException BadPort(ResolvedSwitch r, int port, int numPorts) =>
        new(ErrorIds.InvalidPort, VdeErrorCategory.InvalidArgument,
            $"port {port.ToString(System.Globalization.CultureInfo.InvariantCulture)} is beyond the ports of switch {r.Name}, 1 to {(numPorts - 1).ToString(System.Globalization.CultureInfo.InvariantCulture)}; nothing was changed",
            port.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static VdeException NotFound(ResolvedSwitch r, IReadOnlyList<string>? sweptLeftovers = null) =>
        new(ErrorIds.SwitchNotFound, VdeErrorCategory.ObjectNotFound,
            $"no switch {r.Name} for {r.Owner.Name}: no vde_switch serves {r.SocketPath} and nothing of it is left"
            + (sweptLeftovers is { Count: > 0 } ? $"; removed what an interrupted call had left: {string.Join(", ", sweptLeftovers)}" : string.Empty),
            r.Name);
}
