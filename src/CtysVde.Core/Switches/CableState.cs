using System.Globalization;
using CtysVde.Core.Errors;
using CtysVde.Core.Model;
using CtysVde.Core.Vde;

namespace CtysVde.Core.Switches;

/// <summary>
/// What a cable is right now, read from the system: its tagged processes, its ends on the two switches' ports (the
/// plug's description and pid), and its wirefilter's settings. Up is both ends on their switches while dpipe runs.
/// </summary>
internal sealed class CableState
{
    private readonly SwitchEnvironment _env;
    private readonly CableProcessScanner _scanner;

    public CableState(SwitchEnvironment env, CableProcessScanner scanner)
    {
        _env = env;
        _scanner = scanner;
    }

    public VdeCable Describe(string name, CableRecord? record, CancellationToken cancellation)
    {
        var processes = _scanner.Scan(name);
        var plugs = processes.Where(p => p.Program == "vde_plug").ToArray();
        var (socketA, nameA, socketB, nameB) = record is not null
            ? (record.SocketPath, record.SwitchName, record.RemoteSocketPath, record.RemoteSwitchName)
            : Ends(name, processes);
        var switches = _env.Processes.Scan();
        var pids = processes.Select(p => p.ProcessId).ToHashSet();
        var portA = EndOn(switches, socketA, nameB, pids, cancellation);
        var portB = EndOn(switches, socketB, nameA, pids, cancellation);
        var dpipe = processes.FirstOrDefault(p => p.Program == "dpipe");
        var filter = processes.FirstOrDefault(p => p.Program == "wirefilter");
        var up = dpipe is not null && portA is not null && portB is not null;
        var impairment = (filter is not null ? ReadFilter(name, cancellation) : null) ?? record?.Impairment ?? new CableImpairment();
        return new VdeCable
        {
            Name = name,
            SwitchName = nameA,
            Port = portA?.Port ?? 0,
            RemoteSwitchName = nameB,
            RemotePort = portB?.Port ?? 0,
            State = up ? "Up" : "Down",
            Reason = up ? string.Empty : Reason(switches, socketA, nameA, socketB, nameB, dpipe, plugs),
            ProcessId = dpipe?.ProcessId,
            FilterProcessId = filter?.ProcessId,
            LossPercent = impairment.LossPercent ?? 0,
            DelayMs = impairment.DelayMs ?? 0,
            JitterMs = impairment.JitterMs ?? 0,
            BandwidthKbps = impairment.BandwidthKbps ?? 0,
            Mtu = impairment.Mtu ?? 0,
            InPackets = portA?.InPackets ?? 0,
            OutPackets = portA?.OutPackets ?? 0,
            HostName = _env.HostName,
            HostId = _env.HostId,
        };
    }

    /// <summary>The frames that came in from the cable on port <paramref name="port"/> of the switch serving <paramref name="socket"/>; null when it does not answer.</summary>
    public long? InPackets(string socket, int port, CancellationToken cancellation)
    {
        if (_env.Processes.Scan().FirstOrDefault(s => s.SocketPath?.TrimEnd('/') == socket && s.ManagementSocket is not null) is not { ManagementSocket: { } mgmt })
        {
            return null;
        }

        return ManagementSession.With(mgmt, socket, _env.ManagementTimeout, cancellation,
            client => PortPrintParser.Parse(ManagementSession.Ask(client, "port/print").Data), _env.Management).FirstOrDefault(p => p.Port == port)?.InPackets;
    }

    /// <summary>The cable once both ends are on their switches; null when <paramref name="timeout"/> passed first.</summary>
    public VdeCable? WaitUntilUp(CableRecord record, TimeSpan timeout, CancellationToken cancellation)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var cable = Describe(record.Name, record, cancellation);
            if (cable.State == "Up" && (!record.HasFilter || File.Exists(CableFiles.FilterSocket(record.Name))))
            {
                return cable;
            }

            if (DateTime.UtcNow >= deadline)
            {
                return null;
            }

            cancellation.WaitHandle.WaitOne(20);
            cancellation.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Sends the impairment to the cable's wirefilter, every value each way.</summary>
    public void ApplyImpairment(CableRecord record, CableImpairment impairment, CancellationToken cancellation) =>
        ManagementSession.With(CableFiles.FilterSocket(record.Name), record.Name, _env.ManagementTimeout, cancellation, client =>
        {
            foreach (var command in Wirefilter.Commands(impairment))
            {
                ManagementSession.Ask(client, command);
            }

            return 0;
        });

    public static string Words(CableImpairment i) =>
        string.Join(", ", new[]
        {
            i.LossPercent is { } l ? $"{l.ToString(CultureInfo.InvariantCulture)} % loss" : null,
            i.DelayMs is { } d ? $"{d} ms delay each way" : null,
            i.JitterMs is { } j ? $"{j} ms jitter" : null,
            i.BandwidthKbps is { } bw ? $"{bw} kbit/s" : null,
            i.Mtu is { } m ? $"MTU {m}" : null,
        }.OfType<string>());

    private CableImpairment? ReadFilter(string name, CancellationToken cancellation)
    {
        try
        {
            return ManagementSession.With(CableFiles.FilterSocket(name), name, _env.ManagementTimeout, cancellation,
                client => Wirefilter.ParseInfo(ManagementSession.Ask(client, "showinfo").Data));
        }
        catch (Exception e) when (e is VdeException or VdeProtocolException)
        {
            return null;
        }
    }

    /// <summary>The cable's port on the switch serving <paramref name="socket"/>: its end's description names the other switch, its pid is the cable's.</summary>
    private PortRecord? EndOn(IReadOnlyList<SwitchProcess> switches, string socket, string other, IReadOnlySet<int> pids, CancellationToken cancellation)
    {
        if (switches.FirstOrDefault(s => s.SocketPath?.TrimEnd('/') == socket && s.ManagementSocket is not null) is not { ManagementSocket: { } mgmt })
        {
            return null;
        }

        try
        {
            var ports = ManagementSession.With(mgmt, socket, _env.ManagementTimeout, cancellation,
                client => PortPrintParser.Parse(ManagementSession.Ask(client, "port/print").Data), _env.Management);
            return ports.FirstOrDefault(p => p.Endpoints.Any(e => e.Description.StartsWith(CableDaemon.Description(other) + " ", StringComparison.Ordinal) && PidOf(e.Description) is { } pid && pids.Contains(pid)));
        }
        catch (VdeException)
        {
            return null;
        }
    }

    /// <summary>The last `pid=N` of an endpoint's description: vde_plug appends it after whatever -D said.</summary>
    private static int? PidOf(string description)
    {
        var at = description.LastIndexOf(" pid=", StringComparison.Ordinal);
        return at >= 0 && int.TryParse(description.AsSpan(at + 5).ToString().Split(' ')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
    }

    /// <summary>A cable found by its processes alone (its record gone): its ends from the plugs' command lines.</summary>
    private static (string, string, string, string) Ends(string name, IReadOnlyList<CableProcess> processes)
    {
        var urls = processes.FirstOrDefault(p => p.Program == "dpipe")?.Arguments.Where(a => a.StartsWith("vde://", StringComparison.Ordinal)).ToArray()
            ?? processes.Where(p => p.Program == "vde_plug").SelectMany(p => p.Arguments.Where(a => a.StartsWith("vde://", StringComparison.Ordinal))).ToArray();
        var names = name.Split('~', 2);
        return (urls.ElementAtOrDefault(0)?["vde://".Length..] ?? string.Empty, names[0], urls.ElementAtOrDefault(1)?["vde://".Length..] ?? string.Empty, names.ElementAtOrDefault(1) ?? string.Empty);
    }

    private static string Reason(IReadOnlyList<SwitchProcess> switches, string socketA, string nameA, string socketB, string nameB, CableProcess? dpipe, IReadOnlyList<CableProcess> plugs)
    {
        bool Running(string socket) => switches.Any(s => s.SocketPath?.TrimEnd('/') == socket);
        return !Running(socketA) ? $"switch {nameA} is not running"
            : !Running(socketB) ? $"switch {nameB} is not running"
            : dpipe is null && plugs.Count > 0 ? "its dpipe was killed; its plugs still run"
            : dpipe is null ? "its processes ended"
            : "it is not on both switches yet";
    }
}
