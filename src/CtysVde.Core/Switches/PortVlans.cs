using System.Globalization;
using CtysVde.Core.Errors;
using CtysVde.Core.Linux;
using CtysVde.Core.Model;
using CtysVde.Core.Vde;

namespace CtysVde.Core.Switches;

/// <summary>
/// VLANs per port: reads every port's VLANs, and sets one port's as an access port, a trunk or untagged, through
/// the switch's management socket (which is why a switch's owner needs no root for it). VLANs are created when
/// a port first needs them and removed when the last port leaves them; a change that fails half-way is undone.
/// </summary>
internal sealed class PortVlans
{
    /// <summary>
    /// 802.1Q allows 4094, but vde_switch 2.3.2 refuses it (its NUMOFVLAN is 4095 and it keeps the last id for
    /// itself; tests/CtysVde.Tests/Fixtures/vde_switch-2.3.2/vlans.vlan-create_4094.txt): checked here, so that a
    /// request is refused whole instead of failing half-way.
    /// </summary>
    public const int MaxVlanId = 4093;

    private readonly SwitchEnvironment _env;
    private readonly Action<string> _log;
    private readonly SwitchAccess _access;

    public PortVlans(SwitchEnvironment env, Action<string> log, SwitchAccess access)
    {
        _env = env;
        _log = log;
        _access = access;
    }

    public IReadOnlyList<VdePortVlan> List(SwitchSpec spec, CancellationToken cancellation)
    {
        var (r, _) = _access.RequireRunning(spec, cancellation);
        var table = With(r, cancellation, client => ReadTable(client));
        return table.Ports.Select(p => Describe(r, table, p)).ToArray();
    }

    public PreparedPortVlan Prepare(SwitchSpec spec, PortVlanRequest request, CancellationToken cancellation)
    {
        var (untagged, tagged) = Validate(request);
        var (r, _) = _access.RequireRunning(spec, cancellation);
        SwitchAccess.RequireOwner(r, "change its VLANs");
        var (numPorts, table) = With(r, cancellation, client => (PortInfoParser.NumPorts(Ask(client, "port/showinfo").Data), ReadTable(client)));
        if (request.Port >= numPorts)
        {
            throw SwitchAccess.BadPort(r, request.Port, numPorts);
        }

        var steps = PortVlanChange.Steps(table, request.Port, untagged, tagged);
        var plan = new SwitchPlan(r.Name, steps.Count > 0
            ? steps.Select(s => s.Description).ToArray()
            : [$"nothing: port {request.Port} is already {Words(untagged, tagged)}"]);
        return new PreparedPortVlan(r, request, untagged, tagged, plan);
    }

    /// <summary>Sets the port's VLANs from what the switch has now; every command done is undone in reverse when one fails.</summary>
    public VdePortVlan Set(PreparedPortVlan prepared, CancellationToken cancellation)
    {
        var r = prepared.Switch;
        var port = prepared.Request.Port;
        // The session itself is not cancellable (each answer is still bounded by the management timeout): a
        // cancellation is honoured between steps, and the undo of the steps done must run to the end.
        return With(r, CancellationToken.None, client =>
        {
            var steps = PortVlanChange.Steps(ReadTable(client), port, prepared.Untagged, prepared.Tagged);
            return Rollback.Run(_log, r.Name, ErrorIds.ManagementFailed, rollback =>
            {
                foreach (var step in steps)
                {
                    _log($"{r.Name}: {step.Description} ({step.Command})");
                    cancellation.ThrowIfCancellationRequested();
                    Ask(client, step.Command);
                    rollback.Add(step.Undo, () => Ask(client, step.Undo));
                }

                return Describe(r, ReadTable(client), port);
            });
        });
    }

    /// <summary>The port's untagged VLAN and its tagged ones to be, or InvalidVlanId/InvalidPort naming the value.</summary>
    public static (int Untagged, IReadOnlyList<int> Tagged) Validate(PortVlanRequest request)
    {
        if (request.Port < 1)
        {
            throw new VdeException(ErrorIds.InvalidPort, VdeErrorCategory.InvalidArgument, $"port {Text(request.Port)} is not a port number: ports are numbered from 1", Text(request.Port));
        }

        switch (request.Mode)
        {
            case VdeVlanMode.Access:
                return (RequireVlanId(request.VlanId, "the access VLAN"), []);
            case VdeVlanMode.Trunk:
                if (request.AllowedVlanIds.Count == 0)
                {
                    throw new VdeException(ErrorIds.InvalidVlanId, VdeErrorCategory.InvalidArgument, "a trunk needs at least one allowed VLAN", "AllowedVlanIds");
                }

                var allowed = request.AllowedVlanIds.Select(v => RequireVlanId(v, "an allowed VLAN")).Distinct().Order().ToArray();
                var native = request.NativeVlanId == 0 ? 0 : RequireVlanId(request.NativeVlanId, "the native VLAN");
                var tagged = allowed.Where(v => v != native).ToArray();
                return tagged.Length > 0
                    ? (native, tagged)
                    : throw new VdeException(ErrorIds.InvalidVlanId, VdeErrorCategory.InvalidArgument,
                        $"a trunk needs a tagged VLAN besides its native VLAN {Text(native)}; for one untagged VLAN make the port an access port", Text(native));
            default:
                return (0, []);
        }
    }

    private static int RequireVlanId(int vlan, string what) =>
        vlan is >= 1 and <= MaxVlanId
            ? vlan
            : throw new VdeException(ErrorIds.InvalidVlanId, VdeErrorCategory.InvalidArgument,
                $"{what} {Text(vlan)} is not a VLAN id vde_switch takes: VLAN ids are 1 to {Text(MaxVlanId)}" + (vlan == 0 ? " (0 is the default VLAN, only a trunk's native VLAN may be 0)" : string.Empty), Text(vlan));

    private VdePortVlan Describe(ResolvedSwitch r, VlanTable table, int port)
    {
        var untagged = table.UntaggedOf(port);
        var tagged = table.TaggedOf(port);
        var mode = tagged.Count > 0 ? VdeVlanMode.Trunk : untagged != 0 ? VdeVlanMode.Access : VdeVlanMode.Untagged;
        return new VdePortVlan
        {
            SwitchName = r.Name,
            Port = port,
            OperationMode = mode.ToString(),
            AccessVlanId = mode == VdeVlanMode.Access ? untagged : 0,
            NativeVlanId = mode == VdeVlanMode.Trunk ? untagged : 0,
            AllowedVlanIdList = [.. tagged],
            Active = table.IsActive(port),
            HostName = _env.HostName,
            HostId = _env.HostId,
        };
    }

    private static string Words(int untagged, IReadOnlyList<int> tagged) =>
        tagged.Count > 0 ? $"a trunk of VLANs {string.Join(",", tagged)} (native {Text(untagged)})"
        : untagged != 0 ? $"an access port of VLAN {Text(untagged)}"
        : "untagged";

    private static VlanTable ReadTable(VdeManagementClient client) => VlanPrintParser.Parse(Ask(client, "vlan/allprint").Data);

    private static VdeReply Ask(VdeManagementClient client, string command) => ManagementSession.Ask(client, command);

    /// <summary>One management session through the environment's connector, so that tests can fail it.</summary>
    private T With<T>(ResolvedSwitch r, CancellationToken cancellation, Func<VdeManagementClient, T> work) =>
        ManagementSession.With(r.ManagementSocket, r.Name, _env.ManagementTimeout, cancellation, work, _env.Management);

    private static string Text(int n) => n.ToString(CultureInfo.InvariantCulture);
}
