using CtysVde.Core.Errors;
using CtysVde.Core.Model;
using CtysVde.Core.Vde;

namespace CtysVde.Core.Switches;

/// <summary>
/// What users ask of switches without changing them: check, info, find and list, ports, endpoints and clients,
/// MAC addresses; each running switch is asked over its management socket, all at once where there are many.
/// </summary>
internal sealed class SwitchQueries
{
    private static readonly string[] InfoCommands = ["showinfo"];

    private readonly SwitchEnvironment _env;
    private readonly Action<string> _log;
    private readonly SwitchInspector _inspector;
    private readonly SwitchDescriber _describer;
    private readonly HealthChecker _health;
    private readonly BridgeOperations _bridges;
    private readonly SwitchAccess _access;
    private readonly SwitchSurvey _survey;

    public SwitchQueries(SwitchEnvironment env, Action<string> log, SwitchParts parts)
    {
        _env = env;
        _log = log;
        _inspector = parts.Inspector;
        _describer = parts.Describer;
        _health = parts.Health;
        _bridges = parts.Bridges;
        _access = parts.Access;
        _survey = new SwitchSurvey(env, parts.Inspector, parts.Describer);
    }

    public IReadOnlyList<VdeHealth> Test(SwitchSpec spec, CancellationToken cancellation = default)
    {
        var r = _access.ResolveExisting(spec);
        var a = _access.InspectOwn(r, cancellation);
        if (a.IsEmpty)
        {
            throw SwitchAccess.NotFound(r);
        }

        return _health.Check(a, cancellation);
    }

    public VdeSwitch Info(SwitchSpec spec, CancellationToken cancellation = default)
    {
        var (r, a) = _access.RequireRunning(spec, cancellation);
        return WithClient(r, cancellation, client => WithShowInfo(_describer.Describe(a.Process!, r.SocketPath), client));
    }

    /// <summary>
    /// Switches by name (PowerShell wildcards; a literal is exact) and owner, with what `showinfo` tells for
    /// those whose management socket answers. Literal names that match nothing are reported, not thrown.
    /// </summary>
    public SwitchQueryResult Find(IReadOnlyList<string>? names, IReadOnlyList<string>? owners, bool includeStale, CancellationToken cancellation = default, IEnumerable<SwitchSpec>? alsoLookAt = null)
    {
        // Every switch is listed: they are asked while they are described. Otherwise only the ones that match.
        var everything = names is null && owners is null;
        ManagementSurvey? early = null;
        try
        {
            var all = Query(includeStale, alsoLookAt, everything ? processes => early = StartAsking(processes.Select(p => p.ManagementSocket)) : null);
            var (named, missing) = NamePattern.Select(all.Switches, names, s => s.Name);
            var found = WithManagementInfo(NamePattern.Select(named, owners, s => s.Owner).Matches, early, cancellation);
            return new SwitchQueryResult(found, missing) { Skipped = all.Skipped, Leftovers = includeStale ? [.. _bridges.Leftovers(), .. SwitchLock.Stale().Select(l => $"lock {l} (nobody holds it)")] : [] };
        }
        finally
        {
            early?.Dispose();
        }
    }

    /// <summary>Endpoints other than the switch's own TAP: QEMU guests, vde_plug cables, …</summary>
    public IReadOnlyList<VdeEndpoint> Clients(SwitchSpec spec, CancellationToken cancellation = default)
    {
        var r = _access.ResolveExisting(spec);
        var a = _access.InspectOwn(r, cancellation);
        return a.Process is null ? Array.Empty<VdeEndpoint>() : Endpoints(spec, cancellation).Where(e => e.TapName is null).ToArray();
    }

    public IReadOnlyList<VdeMacAddress> MacAddresses(SwitchSpec spec, CancellationToken cancellation = default)
    {
        var (r, _) = _access.RequireRunning(spec, cancellation);
        return WithClient(r, cancellation, client => HashPrintParser.Parse(Query(client, "hash/print").Data)
            .Select(h => new VdeMacAddress { SwitchName = r.Name, MacAddress = h.MacAddress, Port = h.Port, Vlan = h.Vlan, AgeSeconds = h.AgeSeconds, HostName = _env.HostName, HostId = _env.HostId })
            .ToArray());
    }

    public VdeSwitch TryShowInfo(VdeSwitch s, CancellationToken cancellation) => WithManagementInfo([s], null, cancellation)[0];

    private ManagementSurvey StartAsking(IEnumerable<string?> managementSockets) =>
        ManagementSurvey.Start(managementSockets.OfType<string>(), InfoCommands, _log);

    /// <summary>
    /// The running switches with what their management sockets tell (MAC address, uptime, version), all asked at
    /// once (the number of ports comes from the command line, so one question each is enough), or collected
    /// from a survey already under way; a switch that does not answer keeps what was found without it, and why
    /// goes to the log.
    /// </summary>
    private IReadOnlyList<VdeSwitch> WithManagementInfo(IReadOnlyList<VdeSwitch> switches, ManagementSurvey? asked, CancellationToken cancellation)
    {
        using var mine = asked is null ? StartAsking(switches.Where(s => s.State == nameof(SwitchState.Running)).Select(s => s.ManagementSocket)) : null;
        var answers = (asked ?? mine!).Finish(_env.ManagementTimeout, cancellation);
        return switches.Select(s =>
        {
            if (s.ManagementSocket is null || !answers.TryGetValue(s.ManagementSocket, out var replies))
            {
                return s;
            }

            if (replies.FirstOrDefault(r => !r.IsSuccess) is { } refused)
            {
                _log($"{s.ManagementSocket} answered '{refused.Command}' with {refused.Code} {refused.Message}");
                return s;
            }

            try
            {
                var info = ShowInfoParser.Parse(replies[0].Data);
                return s.WithManagementInfo(info.MacAddress, info.UptimeSeconds, info.Version);
            }
            catch (VdeProtocolException e)
            {
                _log($"{s.ManagementSocket}: {e.Message}");
                return s;
            }
        }).ToArray();
    }

    private static VdeSwitch WithShowInfo(VdeSwitch s, VdeManagementClient client)
    {
        var info = ShowInfoParser.Parse(Query(client, "showinfo").Data);
        return s.WithManagementInfo(info.MacAddress, info.UptimeSeconds, info.Version ?? client.Version);
    }

    public IReadOnlyList<VdePort> Ports(SwitchSpec spec, CancellationToken cancellation = default)
    {
        var (r, _) = _access.RequireRunning(spec, cancellation);
        var (ports, macs, vlans, addresses) = WithClient(r, cancellation, client =>
            (PortPrintParser.Parse(Query(client, "port/print").Data), HashPrintParser.Parse(Query(client, "hash/print").Data),
             VlanPrintParser.Parse(Query(client, "vlan/print").Data), Addresses(client)));
        return ports.Select(p => new VdePort
        {
            SwitchName = r.Name,
            Port = p.Port,
            HostName = _env.HostName,
            HostId = _env.HostId,
            Vlan = p.Vlan,
            TaggedVlans = [.. vlans.TaggedOf(p.Port)],
            Active = p.Active,
            CurrentUser = p.CurrentUser,
            AccessUser = p.AccessUser,
            AccessGroup = p.AccessGroup,
            InPackets = p.InPackets,
            InBytes = p.InBytes,
            OutPackets = p.OutPackets,
            OutBytes = p.OutBytes,
            Endpoints = p.Endpoints.Select(e => $"{e.Id} {e.Module}: {e.Description}").ToArray(),
            ClientProcessIds = p.Endpoints.Select(e => EndpointDescription.Parse(e.Description).ProcessId).OfType<int>().ToArray(),
            MacAddresses = macs.Where(m => m.Port == p.Port).Select(m => m.MacAddress).ToArray(),
            IPAddresses = AddressesOn(addresses, p.Port),
        }).ToArray();
    }

    public IReadOnlyList<VdeEndpoint> Endpoints(SwitchSpec spec, CancellationToken cancellation = default)
    {
        var (r, _) = _access.RequireRunning(spec, cancellation);
        var (ports, macs, addresses) = WithClient(r, cancellation, client =>
            (PortPrintParser.Parse(Query(client, "port/print").Data), HashPrintParser.Parse(Query(client, "hash/print").Data), Addresses(client)));
        return ports.SelectMany(p => p.Endpoints.Select(e =>
            {
                var (clientName, user, pid) = e.IsTap ? (null, null, null) : EndpointDescription.Parse(e.Description);
                return new VdeEndpoint
                {
                    SwitchName = r.Name,
                    Port = p.Port,
                    EndpointId = e.Id,
                    Module = e.Module,
                    Description = e.Description,
                    Client = clientName,
                    ClientUser = user,
                    ClientProcessId = pid,
                    TapName = e.TapName,
                    Vlan = p.Vlan,
                    MacAddresses = macs.Where(m => m.Port == p.Port).Select(m => m.MacAddress).ToArray(),
                    IPAddresses = AddressesOn(addresses, p.Port),
                    HostName = _env.HostName,
                    HostId = _env.HostId,
                };
            })).ToArray();
    }

    public IReadOnlyList<VdeSwitch> List(bool includeStale, IEnumerable<SwitchSpec>? alsoLookAt = null) => Query(includeStale, alsoLookAt).Switches;

    /// <summary>
    /// What <see cref="List"/> returns, and the daemons it left out because this caller cannot prove they are
    /// this host's (<see cref="SwitchQueryResult.Skipped"/>, summed up in <see cref="SwitchQueryResult.SkippedNote"/>).
    /// </summary>
    public SwitchQueryResult Query(bool includeStale, IEnumerable<SwitchSpec>? alsoLookAt = null, Action<IReadOnlyList<SwitchProcess>>? found = null)
    {
        var result = _survey.Survey(includeStale, (alsoLookAt ?? Array.Empty<SwitchSpec>()).Select(s => _access.ResolveExisting(s)).ToArray(), found);
        foreach (var skipped in result.Skipped)
        {
            _log($"not listed: vde_switch pid {skipped.ProcessId}: {skipped.Reason}");
        }

        return result;
    }

    /// <summary>A management session for one query on this switch (see <see cref="ManagementSession"/>).</summary>
    private T WithClient<T>(ResolvedSwitch r, CancellationToken cancellation, Func<VdeManagementClient, T> query) =>
        ManagementSession.With(r.ManagementSocket, r.Name, _env.ManagementTimeout, cancellation, query);

    private static VdeReply Query(VdeManagementClient client, string command) => ManagementSession.Ask(client, command);

    /// <summary>
    /// What the switch's iplog plugin learned; nothing for a switch without it (one started by another tool, or by
    /// an earlier CtysVde), which answers the command with an error code.
    /// </summary>
    private static IReadOnlyList<IpAddressRecord> Addresses(VdeManagementClient client) =>
        client.Send("iplog/iplist") is { IsSuccess: true } reply ? IpListParser.Parse(reply.Data) : [];

    /// <summary>The addresses that spoke on the port, IPv4 before IPv6, each family in order.</summary>
    private static string[] AddressesOn(IReadOnlyList<IpAddressRecord> addresses, int port) =>
        addresses.Where(a => a.Port == port).OrderBy(a => a.Family)
            .ThenBy(a => System.Net.IPAddress.Parse(a.Address).GetAddressBytes(), Comparer<byte[]>.Create((x, y) => x.AsSpan().SequenceCompareTo(y)))
            .Select(a => a.Address).Distinct().ToArray();
}
