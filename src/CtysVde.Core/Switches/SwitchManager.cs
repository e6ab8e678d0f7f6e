using CtysVde.Core.Linux;
using CtysVde.Core.Model;
using CtysVde.Core.Vde;

namespace CtysVde.Core.Switches;

/// <summary>
/// What users do with switches: create, cancel, check, info, ports, list, and bridges. Both front ends (cmdlets
/// and `ctys-setupvde`) call exactly these operations; each is carried out by the type of its use case
/// (<see cref="SwitchCreation"/>, <see cref="SwitchRemoval"/>, <see cref="SwitchQueries"/>, <see cref="BridgeLifecycle"/>).
/// </summary>
public sealed class SwitchManager
{
    private readonly SwitchEnvironment _env;
    private readonly SwitchResolver _resolver;
    private readonly SwitchCreation _creation;
    private readonly SwitchRemoval _removal;
    private readonly SwitchQueries _queries;
    private readonly BridgeLifecycle _bridgeLifecycle;
    private readonly PortVlans _portVlans;
    private readonly PacketCaptures _captures;
    private readonly Cables _cables;
    private readonly CableEnds _cableEnds;

    public SwitchManager(SwitchEnvironment env, Action<string>? verbose = null)
    {
        var log = verbose ?? (_ => { });
        var parts = SwitchParts.For(env, log);
        _env = env;
        _resolver = parts.Resolver;
        _queries = new SwitchQueries(env, log, parts);
        _removal = new SwitchRemoval(env, log, parts);
        _creation = new SwitchCreation(env, log, parts, _queries, _removal);
        _bridgeLifecycle = new BridgeLifecycle(env, log, parts.Bridges, parts.UplinkPlan);
        _portVlans = new PortVlans(env, log, parts.Access);
        _captures = parts.Captures;
        _cableEnds = new CableEnds(env, log, parts.Access, _queries);
        _cables = new Cables(env, log, parts.Access, _cableEnds);
    }

    public ResolvedSwitch Resolve(SwitchSpec spec) => _resolver.Resolve(spec);

    /// <summary>
    /// Resolves and validates a create request once, changing nothing; <see cref="PlanCreate(PreparedSwitch)"/>
    /// and <see cref="Create(PreparedSwitch, CancellationToken)"/> then work from what it found.
    /// </summary>
    public PreparedSwitch Prepare(SwitchSpec spec) => _creation.Prepare(spec);

    /// <summary>Lists the steps create would take, changing nothing.</summary>
    public SwitchPlan PlanCreate(PreparedSwitch prepared) => _creation.Plan(prepared);

    /// <summary>Validates everything and lists the steps create would take, changing nothing.</summary>
    public SwitchPlan PlanCreate(SwitchSpec spec) => _creation.Plan(_creation.Prepare(spec));

    /// <summary>
    /// Starts the switch, or leaves a healthy one alone, mends a broken one while it keeps its clients, or (forced)
    /// replaces it; everything done is undone when a step fails or the call is cancelled.
    /// </summary>
    public CreateResult Create(PreparedSwitch prepared, CancellationToken cancellation = default) => _creation.Create(prepared, cancellation);

    public CreateResult Create(SwitchSpec spec, CancellationToken cancellation = default) => _creation.Create(_creation.Prepare(spec), cancellation);

    public SwitchPlan PlanRemove(SwitchSpec spec) => _removal.PlanRemove(spec);

    /// <summary>Removes the switch entirely (daemon, files, TAP, and its bridge once empty); once begun, it finishes.</summary>
    public RemoveResult Remove(SwitchSpec spec, bool force, CancellationToken cancellation = default) => _removal.Remove(spec, force, cancellation);

    public IReadOnlyList<VdeHealth> Test(SwitchSpec spec, CancellationToken cancellation = default) => _queries.Test(spec, cancellation);

    public VdeSwitch Info(SwitchSpec spec, CancellationToken cancellation = default) => _queries.Info(spec, cancellation);

    /// <summary>
    /// Switches by name (PowerShell wildcards; a literal is exact) and owner, with what `showinfo` tells for
    /// those whose management socket answers. Literal names that match nothing are reported, not thrown.
    /// </summary>
    public SwitchQueryResult Find(IReadOnlyList<string>? names, IReadOnlyList<string>? owners, bool includeStale, CancellationToken cancellation = default, IEnumerable<SwitchSpec>? alsoLookAt = null) =>
        _queries.Find(names, owners, includeStale, cancellation, alsoLookAt);

    /// <summary>Endpoints other than the switch's own TAP: QEMU guests, vde_plug cables, …</summary>
    public IReadOnlyList<VdeEndpoint> Clients(SwitchSpec spec, CancellationToken cancellation = default) => _queries.Clients(spec, cancellation);

    public IReadOnlyList<VdeMacAddress> MacAddresses(SwitchSpec spec, CancellationToken cancellation = default) => _queries.MacAddresses(spec, cancellation);

    public IReadOnlyList<VdePort> Ports(SwitchSpec spec, CancellationToken cancellation = default) => _queries.Ports(spec, cancellation);

    public IReadOnlyList<VdeEndpoint> Endpoints(SwitchSpec spec, CancellationToken cancellation = default) => _queries.Endpoints(spec, cancellation);

    /// <summary>The VLANs of every port of the switch, ports made ready for a client included.</summary>
    public IReadOnlyList<VdePortVlan> PortVlans(SwitchSpec spec, CancellationToken cancellation = default) => _portVlans.List(spec, cancellation);

    /// <summary>Checks a VLAN request against the switch (owner, port range, VLAN ids) and plans it, changing nothing.</summary>
    public PreparedPortVlan PreparePortVlan(SwitchSpec spec, PortVlanRequest request, CancellationToken cancellation = default) =>
        _portVlans.Prepare(spec, request, cancellation);

    /// <summary>Sets one port's VLANs (creating and removing VLANs as ports need them); a failure undoes every step.</summary>
    public VdePortVlan SetPortVlan(PreparedPortVlan prepared, CancellationToken cancellation = default) => _portVlans.Set(prepared, cancellation);

    /// <summary>The switch's running capture (none or one: vde_switch writes one at a time).</summary>
    public IReadOnlyList<VdeCapture> Captures(SwitchSpec spec, CancellationToken cancellation = default) => _captures.List(spec, cancellation);

    /// <summary>Checks a capture request against the switch (owner, port, path, a capture running) and plans it, changing nothing.</summary>
    public PreparedCapture PrepareCapture(SwitchSpec spec, CaptureRequest request, CancellationToken cancellation = default) =>
        _captures.Prepare(spec, request, cancellation);

    /// <summary>Starts a capture into a new pcap file, the switch owner's; a failure undoes every step.</summary>
    public VdeCapture StartCapture(PreparedCapture prepared, CancellationToken cancellation = default) => _captures.Start(prepared, cancellation);

    /// <summary>Stops the switch's capture and completes its file (each frame once; one port's only, if asked).</summary>
    public VdeCapture StopCapture(SwitchSpec spec, CancellationToken cancellation = default) => _captures.Stop(spec, cancellation);

    /// <summary>The caller's cables, or those with an end on <paramref name="switchName"/>.</summary>
    public IReadOnlyList<VdeCable> Cables(string? switchName = null, CancellationToken cancellation = default) => _cables.List(switchName, cancellation);

    /// <summary>The cable named <paramref name="name"/> (`SWITCH~OTHER`, or `SWITCH~HOST:OTHER` to another host), or CableNotFound.</summary>
    public VdeCable GetCable(string name, CancellationToken cancellation = default) => _cables.Get(name, cancellation);

    /// <summary>
    /// The cable between the switch of <paramref name="spec"/> and the switch named <paramref name="other"/> (on
    /// <paramref name="remoteHost"/>, `[user@]host`, when given), or CableNotFound.
    /// </summary>
    public VdeCable CableBetween(SwitchSpec spec, string other, string? remoteHost = null, CancellationToken cancellation = default) =>
        _cables.Between(spec, other, remoteHost, cancellation);

    /// <summary>Checks a cable request against both switches and plans it, changing nothing.</summary>
    public PreparedCable PrepareCable(CableRequest request, CancellationToken cancellation = default) => _cables.Prepare(request, cancellation);

    /// <summary>Makes the cable (idempotent: an up cable is left as it is, a down one made again).</summary>
    public VdeCable NewCable(PreparedCable prepared, CancellationToken cancellation = default) => _cables.Create(prepared, cancellation);

    /// <summary>Changes a live cable's impairment; values not given stay as they are.</summary>
    public VdeCable SetCable(string name, CableImpairment impairment, CancellationToken cancellation = default) => _cables.SetImpairment(name, impairment, cancellation);

    /// <summary>Whether the cable is up and frames pass both ways (<see cref="CableCheck"/>).</summary>
    public IReadOnlyList<VdeHealth> TestCable(string name, CancellationToken cancellation = default) => _cables.Test(name, cancellation);

    /// <summary>Stops the cable's processes (and its far end on another host) and removes its files; returns the cable as it was.</summary>
    public VdeCable RemoveCable(string name, CancellationToken cancellation = default) => _cables.Remove(name, cancellation);

    /// <summary>
    /// For a cable from another host (<paramref name="originHostId"/>, its switch <paramref name="originSwitch"/>): the
    /// running switch named <paramref name="switchName"/>, if it is the caller's and not cabled to that switch from here.
    /// </summary>
    public VdeSwitch CheckCableEnd(string switchName, string originHostId, string originSwitch, CancellationToken cancellation = default) =>
        _cableEnds.Check(switchName, originHostId, originSwitch, cancellation);

    /// <summary>For a cable from another host: this process becomes its plug into the caller's switch; returns only by throwing.</summary>
    public void PlugCableEnd(string endId, string switchName, string origin, CancellationToken cancellation = default) => _cableEnds.Plug(endId, switchName, origin, cancellation);

    /// <summary>For a cable from another host: its end here as a cable (port, plug, counters).</summary>
    public VdeCable CableEndStatus(string endId, string switchName, CancellationToken cancellation = default) => _cableEnds.Status(endId, switchName, cancellation);

    /// <summary>For a cable from another host: ends its plug here, a stale one too.</summary>
    public void RemoveCableEnd(string endId) => _cableEnds.Remove(endId);

    /// <summary>For a cable from another host: sends test frames into the caller's switch here.</summary>
    public void ProbeCableEnd(string switchName, CancellationToken cancellation = default) => _cableEnds.Probe(switchName, cancellation);

    public IReadOnlyList<VdeSwitch> List(bool includeStale, IEnumerable<SwitchSpec>? alsoLookAt = null) => _queries.Query(includeStale, alsoLookAt).Switches;

    /// <summary>
    /// What <see cref="List"/> returns, and the daemons it left out because this caller cannot prove they are
    /// this host's (<see cref="SwitchQueryResult.Skipped"/>, summed up in <see cref="SwitchQueryResult.SkippedNote"/>).
    /// </summary>
    public SwitchQueryResult Query(bool includeStale, IEnumerable<SwitchSpec>? alsoLookAt = null, Action<IReadOnlyList<SwitchProcess>>? found = null) =>
        _queries.Query(includeStale, alsoLookAt, found);

    /// <summary>Resolves and validates a bridge request once (the uplink's snapshot included), changing nothing.</summary>
    public PreparedBridge PrepareBridge(BridgeSpec spec) => _bridgeLifecycle.Prepare(spec);

    /// <summary>Lists what creating the bridge would do, changing nothing.</summary>
    public SwitchPlan PlanNewBridge(PreparedBridge prepared) => _bridgeLifecycle.Plan(prepared);

    /// <summary>Validates a bridge request and lists what creating it would do, changing nothing.</summary>
    public SwitchPlan PlanNewBridge(BridgeSpec spec) => _bridgeLifecycle.Plan(_bridgeLifecycle.Prepare(spec));

    /// <summary>Creates a bridge (idempotent for CtysVde's own), moving the uplink in when one is given.</summary>
    public VdeBridge NewBridge(PreparedBridge prepared, CancellationToken cancellation = default) => _bridgeLifecycle.Create(prepared, cancellation);

    /// <summary>Creates a bridge (idempotent for CtysVde's own), moving the uplink in when one is given.</summary>
    public VdeBridge NewBridge(BridgeSpec spec, CancellationToken cancellation = default) => _bridgeLifecycle.Create(_bridgeLifecycle.Prepare(spec), cancellation);

    /// <summary>Removes a bridge CtysVde created once nothing but its uplink is attached; returns the bridge as it was.</summary>
    public VdeBridge RemoveBridge(string name, CancellationToken cancellation = default) => _bridgeLifecycle.Remove(name, cancellation);

    /// <summary>
    /// The spec that addresses <paramref name="existing"/>, refusing a switch of another host: a piped object
    /// that came back from a remote session must never be acted on here by mistake.
    /// </summary>
    public SwitchSpec SpecFor(VdeSwitch existing)
    {
        new HostGuard(_env).RequireThisHost(existing.HostId, existing.HostName, null, "switch", existing.Name);
        return SwitchSpec.For(existing);
    }
}
