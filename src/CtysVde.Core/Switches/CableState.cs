using System.Globalization;
using CtysVde.Core.Errors;
using CtysVde.Core.Model;
using CtysVde.Core.Remote;
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
    private readonly CableFarEnd? _far;
    private readonly CableFiles _files;

    /// <param name="far">How cables across hosts reach their far end; null where only this host's ends are asked about.</param>
    public CableState(SwitchEnvironment env, CableProcessScanner scanner, CableFarEnd? far = null)
    {
        _env = env;
        _scanner = scanner;
        _far = far;
        _files = new CableFiles(env);
        Ports = new CablePorts(env);
        Filter = new CableFilter(env);
    }

    /// <summary>The switches' ports as the cable's ends are seen on them.</summary>
    public CablePorts Ports { get; }

    /// <summary>The cable's wirefilter, if it has one.</summary>
    public CableFilter Filter { get; }

    /// <summary>What the far end of cable <paramref name="name"/> is tagged with on the other host: this host's id and the name.</summary>
    public string EndId(string name) => $"{_env.HostId}/{name}";

    /// <summary>The cable's ends' description on this host's switch: the other switch, with its host when it is elsewhere.</summary>
    public static string FarName(CableRecord record) => record.IsAcrossHosts ? $"{record.RemoteHost}:{record.RemoteSwitchName}" : record.RemoteSwitchName;

    public VdeCable Describe(string name, CableRecord? record, CancellationToken cancellation)
    {
        var processes = _scanner.Scan(name);
        if (record is { IsAcrossHosts: true } && _far is not null)
        {
            return Across(record, processes, askFar: true, cancellation);
        }

        // Someone else's cable across hosts, seen by root through its processes alone (its record is in its owner's
        // runtime directory): its stages say which it is; the far host is not asked with root's ssh identity.
        if (record is null && _far is not null && AcrossFromProcesses(name, processes) is { } seen)
        {
            return Across(seen, processes, askFar: false, cancellation);
        }

        var plugs = processes.Where(p => p.Program == "vde_plug").ToArray();
        var (socketA, nameA, socketB, nameB) = record is not null
            ? (record.SocketPath, record.SwitchName, record.RemoteSocketPath, record.RemoteSwitchName)
            : Ends(name, processes);
        var switches = _env.Processes.Scan();
        var pids = processes.Select(p => p.ProcessId).ToHashSet();
        var portA = Ports.EndOn(switches, socketA, nameB, pids, cancellation);
        var portB = Ports.EndOn(switches, socketB, nameA, pids, cancellation);
        var dpipe = processes.FirstOrDefault(p => p.Program == "dpipe");
        var up = dpipe is not null && portA is not null && portB is not null;
        var reason = up ? string.Empty : Reason(switches, socketA, nameA, socketB, nameB, dpipe, plugs);
        var remotePid = up ? plugs.FirstOrDefault(p => p.Arguments.Contains($"vde://{socketB}"))?.ProcessId : null;
        return Cable(name, nameA, portA, nameB, string.Empty, (portB?.Port ?? 0, remotePid), reason, processes, record?.Impairment, cancellation);
    }

    /// <summary>The cable as its processes, its near port and what is known of its far end show it; Up when there is no reason.</summary>
    private VdeCable Cable(string name, string switchName, PortRecord? port, string remoteSwitch, string remoteHost, (int Port, int? ProcessId) remoteEnd, string reason,
        IReadOnlyList<CableProcess> processes, CableImpairment? recorded, CancellationToken cancellation)
    {
        var filter = processes.FirstOrDefault(p => p.Program == "wirefilter");
        var impairment = (filter is not null ? Filter.Read(name, cancellation) : null) ?? recorded ?? new CableImpairment();
        return new VdeCable
        {
            Name = name,
            SwitchName = switchName,
            Port = port?.Port ?? 0,
            RemoteSwitchName = remoteSwitch,
            RemoteHost = remoteHost,
            RemotePort = remoteEnd.Port,
            RemoteProcessId = remoteEnd.ProcessId,
            State = reason.Length == 0 ? "Up" : "Down",
            Reason = reason,
            ProcessId = processes.FirstOrDefault(p => p.Program == "dpipe")?.ProcessId,
            FilterProcessId = filter?.ProcessId,
            LossPercent = impairment.LossPercent ?? 0,
            DelayMs = impairment.DelayMs ?? 0,
            JitterMs = impairment.JitterMs ?? 0,
            BandwidthKbps = impairment.BandwidthKbps ?? 0,
            Mtu = impairment.Mtu ?? 0,
            InPackets = port?.InPackets ?? 0,
            OutPackets = port?.OutPackets ?? 0,
            HostName = _env.HostName,
            HostId = _env.HostId,
        };
    }

    /// <summary>
    /// A cable to a switch on another host: up when dpipe and ssh run, its end is on this host's switch and the far
    /// host says its end is on the other switch. Down says why, from what ssh and the far end wrote into the log.
    /// </summary>
    private VdeCable Across(CableRecord record, IReadOnlyList<CableProcess> processes, bool askFar, CancellationToken cancellation)
    {
        var host = RemoteTarget.Parse(record.RemoteHost);
        var switches = _env.Processes.Scan();
        var port = Ports.EndOn(switches, record.SocketPath, FarName(record), processes.Select(p => p.ProcessId).ToHashSet(), cancellation);
        var dpipe = processes.FirstOrDefault(p => p.Program == "dpipe");
        var ssh = processes.FirstOrDefault(p => p.Program is not ("dpipe" or "vde_plug" or "wirefilter" or "sh"));
        VdeCable? far = null;
        string reason;
        if (!switches.Any(s => s.SocketPath?.TrimEnd('/') == record.SocketPath))
        {
            reason = $"switch {record.SwitchName} is not running";
        }
        else if (dpipe is null && processes.Count > 0)
        {
            reason = "its dpipe was killed; its plugs still run";
        }
        else if (ssh is null || dpipe is null || port is null)
        {
            reason = askFar ? SessionEnded(record, host, cancellation) : "its processes ended";
        }
        else if (!askFar)
        {
            reason = string.Empty;
        }
        else
        {
            try
            {
                far = _far!.Status(host, EndId(record.Name), record.RemoteSwitchName, cancellation);
                reason = far.State == "Up" ? string.Empty : $"{host}: {far.Reason}";
            }
            catch (VdeException e)
            {
                reason = e.Message;
            }
        }

        return Cable(record.Name, record.SwitchName, port, record.RemoteSwitchName, record.RemoteHost, (far?.Port ?? 0, far?.ProcessId), reason, processes, record.Impairment, cancellation);
    }

    /// <summary>
    /// Why a cable's ssh session ended, from its log: ssh's own failure (exit 255, with its last message), a signal,
    /// or the far end ending, in which case the far host is asked what became of its switch.
    /// </summary>
    private string SessionEnded(CableRecord record, RemoteTarget host, CancellationToken cancellation)
    {
        var lines = _files.SshLogLines(record.Name);
        var exit = lines.LastOrDefault(l => l.StartsWith("exit ", StringComparison.Ordinal)) is { } e
            && int.TryParse(e.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? code : (int?)null;
        // ssh's notes about known hosts are no reason; its last other line is (Timeout, Connection refused...).
        var said = lines.LastOrDefault(l => !l.StartsWith("exit ", StringComparison.Ordinal) && !l.StartsWith("Warning: Permanently added", StringComparison.Ordinal));
        switch (exit)
        {
            case null:
                return $"its ssh session to {host} is not running";
            case 255:
                return $"its ssh session to {host} failed: {said ?? "ssh said nothing (its LogLevel may be quiet)"}";
            case > 128:
                return $"its ssh session to {host} was ended by signal {exit - 128}";
        }

        string farSays;
        try
        {
            var far = _far!.Status(host, EndId(record.Name), record.RemoteSwitchName, cancellation);
            farSays = far.Reason.Length > 0 ? far.Reason : $"its end is on switch {far.SwitchName} again";
        }
        catch (VdeException ex)
        {
            farSays = ex.Message;
        }

        return $"its end on {host} ended: {farSays}";
    }

    /// <summary>The cable once both ends are on their switches; null when <paramref name="timeout"/> passed first, with the cable as it was last seen.</summary>
    public VdeCable? WaitUntilUp(CableRecord record, TimeSpan timeout, CancellationToken cancellation, out VdeCable last)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            last = Describe(record.Name, record, cancellation);
            if (last.State == "Up" && (!record.HasFilter || File.Exists(CableFiles.FilterSocket(record.Name))))
            {
                return last;
            }

            // A cable across hosts whose ssh session ended will not come up: its log says why.
            if (DateTime.UtcNow >= deadline || (record.IsAcrossHosts && _files.SshLogLines(record.Name).Any(l => l.StartsWith("exit ", StringComparison.Ordinal))))
            {
                return null;
            }

            cancellation.WaitHandle.WaitOne(20);
            cancellation.ThrowIfCancellationRequested();
        }
    }

    /// <summary>
    /// Waits (at most <paramref name="timeout"/>) until this host's switches show no end of the cable: a switch frees
    /// the port, and its socket file, a moment after the plug on it ended.
    /// </summary>
    public void WaitUntilOff(CableRecord record, TimeSpan timeout, CancellationToken cancellation)
    {
        var ends = new List<(string Socket, string Other)> { (record.SocketPath, FarName(record)) };
        if (!record.IsAcrossHosts)
        {
            ends.Add((record.RemoteSocketPath, record.SwitchName));
        }

        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && ends.Any(e => Ports.HasEnd(e.Socket, e.Other, cancellation)))
        {
            cancellation.WaitHandle.WaitOne(20);
            cancellation.ThrowIfCancellationRequested();
        }
    }

    /// <summary>
    /// A cable across hosts found by its processes alone (`A~HOST:B`, with an ssh stage beside dpipe, its plug and a
    /// wirefilter): its near end from dpipe's command line; null for a cable on this host.
    /// </summary>
    private static CableRecord? AcrossFromProcesses(string name, IReadOnlyList<CableProcess> processes)
    {
        var parts = name.Split('~', 2);
        var colon = parts.Length == 2 ? parts[1].LastIndexOf(':') : -1;
        if (colon <= 0 || !processes.Any(p => p.Program is not ("dpipe" or "vde_plug" or "wirefilter")))
        {
            return null;
        }

        var socket = processes.SelectMany(p => p.Arguments).FirstOrDefault(a => a.StartsWith("vde://", StringComparison.Ordinal))?["vde://".Length..] ?? string.Empty;
        return new CableRecord(name, parts[0], socket, parts[1][(colon + 1)..], string.Empty, null, DateTime.UtcNow, parts[1][..colon]);
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
