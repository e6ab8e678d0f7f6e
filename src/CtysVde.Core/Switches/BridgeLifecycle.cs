using CtysVde.Core.Errors;
using CtysVde.Core.Linux;
using CtysVde.Core.Model;

namespace CtysVde.Core.Switches;

/// <summary>New-VdeBridge and Remove-VdeBridge: a bridge made (and its uplink moved in) or removed on request.</summary>
internal sealed class BridgeLifecycle
{
    private readonly SwitchEnvironment _env;
    private readonly Action<string> _log;
    private readonly BridgeOperations _bridges;
    private readonly UplinkPlan _uplinkPlan;

    public BridgeLifecycle(SwitchEnvironment env, Action<string> log, BridgeOperations bridges, UplinkPlan uplinkPlan)
    {
        _env = env;
        _log = log;
        _bridges = bridges;
        _uplinkPlan = uplinkPlan;
    }

    /// <summary>Resolves and validates a bridge request once, changing nothing.</summary>
    public PreparedBridge Prepare(BridgeSpec spec)
    {
        var (exists, uplink) = Validate(spec);
        return new PreparedBridge(spec, exists, uplink);
    }

    /// <summary>Lists what creating the bridge would do, changing nothing.</summary>
    public SwitchPlan Plan(PreparedBridge prepared)
    {
        var (spec, exists, uplink) = prepared;
        if (exists)
        {
            return new SwitchPlan(spec.BridgeName, [$"bridge {spec.BridgeName} exists and is CtysVde's: nothing to do"]);
        }

        var steps = new List<string> { $"create bridge {spec.BridgeName} (STP off, forward delay 0) and mark it as CtysVde's" };
        if (uplink is not null)
        {
            steps.AddRange(UplinkPlan.Steps(uplink, spec.BridgeName));
        }

        return new SwitchPlan(spec.BridgeName, steps);
    }

    /// <summary>Creates a bridge (idempotent for CtysVde's own), moving the uplink in when one is given.</summary>
    public VdeBridge Create(PreparedBridge prepared, CancellationToken cancellation)
    {
        var (spec, exists, uplink) = prepared;
        if (exists)
        {
            return Describe(spec.BridgeName);
        }

        NetAdmin.Require("creating a bridge");
        return Rollback.Run(_log, spec.BridgeName, ErrorIds.KernelOperationFailed, rollback =>
        {
            _bridges.Create(spec.BridgeName, uplink is null ? SwitchPaths.BridgeAlias : SwitchPaths.BridgeAliasWithUplink(uplink.Snapshot.Interface, uplink.Snapshot.Manager), rollback);
            cancellation.ThrowIfCancellationRequested();
            if (uplink is not null)
            {
                _bridges.MoveUplink(uplink, spec.BridgeName, rollback, cancellation);
            }

            // Inside the transaction: a bridge that cannot be described is undone like any failed step, so a
            // failure is never reported for a move that stays.
            return Describe(spec.BridgeName);
        });
    }

    private VdeBridge Describe(string name) => new NetworkInventory(_env).Bridges().Single(b => b.BridgeName == name);

    /// <summary>
    /// Removes a bridge CtysVde created once nothing but its uplink is attached, giving the uplink its
    /// addresses and routes back. Returns the bridge as it was.
    /// </summary>
    public VdeBridge Remove(string name, CancellationToken cancellation)
    {
        var before = new NetworkInventory(_env).Bridges().SingleOrDefault(b => b.BridgeName == name)
            ?? throw new VdeException(ErrorIds.BridgeNotFound, VdeErrorCategory.ObjectNotFound, $"no bridge named '{name}' exists", name);
        if (!before.CreatedByCtysVde)
        {
            throw new VdeException(ErrorIds.ForeignBridge, VdeErrorCategory.InvalidOperation, $"bridge {name} was not created by CtysVde; it is left alone", name);
        }

        var attached = before.Members.Where(m => m != before.Uplink).ToArray();
        if (attached.Length > 0)
        {
            throw new VdeException(ErrorIds.BridgeInUse, VdeErrorCategory.InvalidOperation,
                $"bridge {name} still has {string.Join(", ", attached)} attached{(before.Switches.Length > 0 ? $" (switches {string.Join(", ", before.Switches)})" : string.Empty)}; remove those first", name);
        }

        NetAdmin.Require("removing a bridge");
        cancellation.ThrowIfCancellationRequested();
        _bridges.RemoveIfOursAndEmpty(name, new List<string>(), new List<string>());
        return before;
    }

    private (bool Exists, PreparedUplink? Uplink) Validate(BridgeSpec spec)
    {
        if (InterfaceName.Problem(spec.BridgeName) is { } problem)
        {
            throw new VdeException(ErrorIds.InvalidBridgeName, VdeErrorCategory.InvalidArgument, $"invalid bridge name: {problem}", spec.BridgeName);
        }

        if (_env.Sysfs.Exists(spec.BridgeName))
        {
            if (!_env.Sysfs.IsBridge(spec.BridgeName))
            {
                throw new VdeException(ErrorIds.NotABridge, VdeErrorCategory.InvalidArgument, $"'{spec.BridgeName}' exists but is not a bridge", spec.BridgeName);
            }

            var ours = _bridges.IsOurs(spec.BridgeName);
            if (ours && (spec.Uplink is null || _env.Sysfs.Master(spec.Uplink.Interface) == spec.BridgeName))
            {
                return (true, null);
            }

            throw new VdeException(ErrorIds.BridgeExists, VdeErrorCategory.ResourceExists,
                ours ? $"bridge {spec.BridgeName} exists without '{spec.Uplink?.Interface}'; an uplink is moved only into a bridge CtysVde creates"
                     : $"bridge {spec.BridgeName} already exists and was not created by CtysVde", spec.BridgeName);
        }

        return (false, spec.Uplink is null ? null : _uplinkPlan.Prepare(spec.Uplink, spec.BridgeName));
    }
}
