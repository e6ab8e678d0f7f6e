using System.Globalization;
using System.Text.Json;
using CtysVde.Core.Model;
using CtysVde.Core.Switches;

namespace CtysVde.Cli;

/// <summary>Prints engine results in the chosen format; it formats and never decides anything.</summary>
public sealed class ResultWriter
{
    private readonly TextWriter _out;
    private readonly OutputFormat _format;

    public ResultWriter(TextWriter output, OutputFormat format)
    {
        _out = output;
        _format = format;
    }

    public void Switch(VdeSwitch s)
    {
        switch (_format)
        {
            case OutputFormat.Json:
                _out.WriteLine(JsonSerializer.Serialize(s, VdeJsonContext.Default.VdeSwitch));
                break;
            case OutputFormat.Terse:
                _out.WriteLine(Terse(s));
                break;
            default:
                var rows = new (string, string?)[]
                {
                    ("Name", s.Name), ("HostName", s.HostName), ("State", s.State.ToString()), ("Owner", s.Owner), ("Group", s.Group),
                    ("ProcessId", Num(s.ProcessId)), ("TapName", s.TapName), ("BridgeName", s.BridgeName), ("SocketPath", s.SocketPath),
                    ("ManagementSocket", s.ManagementSocket), ("PidFile", s.PidFile), ("Access", s.Access), ("MacAddress", s.MacAddress),
                    ("UptimeSeconds", Num(s.UptimeSeconds)), ("Version", s.Version), ("NumPorts", Num(s.NumPorts)),
                    ("PortSockets", s.PortSockets.Length == 0 ? null : string.Join(' ', s.PortSockets)),
                    ("Leftovers", s.Leftovers.Length == 0 ? null : string.Join(' ', s.Leftovers)),
                };
                foreach (var (key, value) in rows.Where(r => r.Item2 is not null))
                {
                    _out.WriteLine($"{key,-16} : {value}");
                }

                break;
        }
    }

    /// <summary>The seed's list layout (`switch|UID|GID|access|machine-address`), extended by state, pid, TAP and bridge.</summary>
    public void Switches(IReadOnlyList<VdeSwitch> switches, bool withArtefacts)
    {
        if (_format == OutputFormat.Json)
        {
            _out.WriteLine(JsonSerializer.Serialize(switches.ToArray(), VdeJsonContext.Default.VdeSwitchArray));
            return;
        }

        if (_format == OutputFormat.Terse)
        {
            foreach (var s in switches)
            {
                _out.WriteLine(Terse(s));
            }

            return;
        }

        _out.WriteLine();
        _out.WriteLine($"{"switch",-30}|{"UID",-12}|{"GID",-12}|{"access",-12}|{"machine-address",-25}|{"state",-8}|{"pid",-8}|{"tap",-16}|bridge");
        _out.WriteLine($"{new string('-', 30)}+{new string('-', 12)}+{new string('-', 12)}+{new string('-', 12)}+{new string('-', 25)}+{new string('-', 8)}+{new string('-', 8)}+{new string('-', 16)}+{new string('-', 15)}");
        foreach (var s in switches)
        {
            _out.WriteLine($"{s.Name,-30}|{s.Owner,-12}|{s.Group,-12}|{s.Access ?? "-",-12}|{s.HostName,-25}|{s.State.ToString().ToLowerInvariant(),-8}|{Num(s.ProcessId) ?? "-",-8}|{s.TapName ?? "-",-16}|{s.BridgeName ?? "-"}");
        }

        var artefacts = switches.SelectMany(s => s.PortSockets.Select(p => (s.Name, Kind: "port socket", Path: p))
            .Concat(s.Leftovers.Select(l => (s.Name, Kind: "leftover", Path: l)))).ToArray();
        if (withArtefacts && artefacts.Length > 0)
        {
            _out.WriteLine();
            var table = new TextTable("SWITCH", "KIND", "ARTEFACT");
            foreach (var a in artefacts)
            {
                table.Add(a.Name, a.Kind, a.Path);
            }

            table.Write(_out);
        }
    }

    /// <summary>Ports; <paramref name="withHost"/> adds a HOST column when they come from several hosts.</summary>
    public void Ports(IReadOnlyList<VdePort> ports, bool withHost = false)
    {
        if (_format == OutputFormat.Json)
        {
            _out.WriteLine(JsonSerializer.Serialize(ports.ToArray(), VdeJsonContext.Default.VdePortArray));
            return;
        }

        if (_format == OutputFormat.Terse)
        {
            foreach (var p in ports)
            {
                _out.WriteLine((withHost ? p.HostName + ";" : string.Empty) + string.Join(';', p.SwitchName, Num(p.Port), Num(p.Vlan), p.Active ? "active" : "inactive", p.CurrentUser,
                    Num(p.InPackets), Num(p.InBytes), Num(p.OutPackets), Num(p.OutBytes), string.Join(',', p.MacAddresses), string.Join(',', p.Endpoints), string.Join(',', p.TaggedVlans), string.Join(',', p.IPAddresses)));
            }

            return;
        }

        var table = new TextTable(WithHost(withHost, "PORT", "VLAN", "TAGGED", "ACTIVE", "USER", "IN PKTS", "IN BYTES", "OUT PKTS", "OUT BYTES", "MACS", "ADDRESSES", "ENDPOINT"));
        foreach (var p in ports)
        {
            var endpoints = p.Endpoints.Length == 0 ? new[] { "-" } : p.Endpoints;
            table.Add(WithHost(withHost ? p.HostName : null, Num(p.Port), Num(p.Vlan), p.TaggedVlans.Length == 0 ? "-" : string.Join(',', p.TaggedVlans), p.Active ? "yes" : "no", p.CurrentUser, Num(p.InPackets), Num(p.InBytes), Num(p.OutPackets), Num(p.OutBytes),
                p.MacAddresses.Length == 0 ? "-" : string.Join(',', p.MacAddresses), p.IPAddresses.Length == 0 ? "-" : string.Join(',', p.IPAddresses), endpoints[0]));
            foreach (var extra in endpoints.Skip(1))
            {
                table.Add(WithHost(withHost ? string.Empty : null, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, extra));
            }
        }

        table.Write(_out);
    }

    /// <summary>Each port's VLANs, as Get-VdePortVlan shows them.</summary>
    public void PortVlans(IReadOnlyList<VdePortVlan> vlans, bool withHost = false)
    {
        if (_format == OutputFormat.Json)
        {
            _out.WriteLine(JsonSerializer.Serialize(vlans.ToArray(), VdeJsonContext.Default.VdePortVlanArray));
            return;
        }

        if (_format == OutputFormat.Terse)
        {
            foreach (var v in vlans)
            {
                _out.WriteLine((withHost ? v.HostName + ";" : string.Empty) + string.Join(';', v.SwitchName, Num(v.Port), v.OperationMode.ToLowerInvariant(),
                    Num(v.AccessVlanId), Num(v.NativeVlanId), string.Join(',', v.AllowedVlanIdList), v.Active ? "active" : "inactive"));
            }

            return;
        }

        var table = new TextTable(WithHost(withHost, "SWITCH", "PORT", "MODE", "ACCESS", "NATIVE", "ALLOWED", "ACTIVE"));
        foreach (var v in vlans)
        {
            table.Add(WithHost(withHost ? v.HostName : null, v.SwitchName, Num(v.Port), v.OperationMode.ToLowerInvariant(),
                v.OperationMode == nameof(VdeVlanMode.Access) ? Num(v.AccessVlanId) : "-", v.OperationMode == nameof(VdeVlanMode.Trunk) ? Num(v.NativeVlanId) : "-",
                v.AllowedVlanIdList.Length == 0 ? "-" : string.Join(',', v.AllowedVlanIdList), v.Active ? "yes" : "no"));
        }

        table.Write(_out);
    }

    /// <summary>One cable as JSON: the answer of `cable-end status` to the host whose cable it is.</summary>
    public void Cable(VdeCable cable) => _out.WriteLine(JsonSerializer.Serialize(cable, VdeJsonContext.Default.VdeCable));

    /// <summary>Cables, as Get-VdeCable shows them.</summary>
    public void Cables(IReadOnlyList<VdeCable> cables, bool withHost = false)
    {
        if (_format == OutputFormat.Json)
        {
            _out.WriteLine(JsonSerializer.Serialize(cables.ToArray(), VdeJsonContext.Default.VdeCableArray));
            return;
        }

        if (_format == OutputFormat.Terse)
        {
            foreach (var c in cables)
            {
                _out.WriteLine((withHost ? c.HostName + ";" : string.Empty) + string.Join(';', c.Name, c.SwitchName, Num(c.Port), c.RemoteHost, c.RemoteSwitchName, Num(c.RemotePort),
                    c.State.ToLowerInvariant(), Num(c.ProcessId) ?? string.Empty, c.LossPercent.ToString(CultureInfo.InvariantCulture), Num(c.DelayMs), Num(c.JitterMs), Num(c.BandwidthKbps), Num(c.Mtu), c.Reason));
            }

            return;
        }

        var table = new TextTable(WithHost(withHost, "CABLE", "STATE", "PORT", "REMOTE PORT", "IMPAIRMENT", "REASON"));
        foreach (var c in cables)
        {
            var impairment = c.FilterProcessId is null && c.LossPercent == 0 && c.DelayMs == 0 && c.BandwidthKbps == 0 && c.Mtu == 0
                ? "-"
                : $"loss {c.LossPercent.ToString(CultureInfo.InvariantCulture)}%, delay {Num(c.DelayMs)}+{Num(c.JitterMs)} ms, {(c.BandwidthKbps == 0 ? "no limit" : Num(c.BandwidthKbps) + " kbit/s")}, MTU {(c.Mtu == 0 ? "1500" : Num(c.Mtu))}";
            table.Add(WithHost(withHost ? c.HostName : null, c.Name, c.State.ToLowerInvariant(), Num(c.Port), Num(c.RemotePort), impairment, c.Reason.Length == 0 ? "-" : c.Reason));
        }

        table.Write(_out);
    }

    /// <summary>Captures, as Get-VdeCapture shows them; FRAMES is known once a capture is stopped.</summary>
    public void Captures(IReadOnlyList<VdeCapture> captures, bool withHost = false)
    {
        if (_format == OutputFormat.Json)
        {
            _out.WriteLine(JsonSerializer.Serialize(captures.ToArray(), VdeJsonContext.Default.VdeCaptureArray));
            return;
        }

        string Frames(VdeCapture c) => c.FrameCount?.ToString(CultureInfo.InvariantCulture) ?? "-";
        if (_format == OutputFormat.Terse)
        {
            foreach (var c in captures)
            {
                _out.WriteLine((withHost ? c.HostName + ";" : string.Empty) + string.Join(';', c.SwitchName, Num(c.Port), c.State.ToLowerInvariant(),
                    c.Length.ToString(CultureInfo.InvariantCulture), Frames(c), c.StartTime.ToString("O", CultureInfo.InvariantCulture), c.Path));
            }

            return;
        }

        var table = new TextTable(WithHost(withHost, "SWITCH", "PORT", "STATE", "BYTES", "FRAMES", "PATH"));
        foreach (var c in captures)
        {
            table.Add(WithHost(withHost ? c.HostName : null, c.SwitchName, c.Port == 0 ? "all" : Num(c.Port), c.State.ToLowerInvariant(),
                c.Length.ToString(CultureInfo.InvariantCulture), Frames(c), c.Path));
        }

        table.Write(_out);
    }

    public void Health(IReadOnlyList<VdeHealth> checks, bool withHost = false)
    {
        // This host's checks name their remedies as data; another host's arrive in words already.
        checks = checks.Select(c => VdeHealth.InWords(c, CommandLineWords.Instance)).ToArray();
        switch (_format)
        {
            case OutputFormat.Json:
                _out.WriteLine(JsonSerializer.Serialize(checks.ToArray(), VdeJsonContext.Default.VdeHealthArray));
                break;
            case OutputFormat.Terse:
                // The seed's `-X check` is a pure exit code (the QEMU plugin relies on it): print nothing.
                break;
            default:
                var table = new TextTable(WithHost(withHost, "CHECK", "RESULT", "DETAIL"));
                foreach (var h in checks)
                {
                    table.Add(WithHost(withHost ? h.HostName : null, h.Check.ToString(), h.Passed ? "ok" : "FAILED", h.Passed ? h.Detail : $"{h.Detail} -> {h.Remedy}"));
                }

                table.Write(_out);
                break;
        }
    }

    public void Plan(SwitchPlan plan, string? host = null)
    {
        if (_format == OutputFormat.Json)
        {
            _out.WriteLine(JsonSerializer.Serialize(plan, VdeJsonContext.Default.SwitchPlan));
            return;
        }

        if (_format == OutputFormat.Table)
        {
            _out.WriteLine($"plan for {plan.SwitchName}{(host is null ? string.Empty : $" on {host}")} (nothing is changed):");
        }

        for (var i = 0; i < plan.Steps.Count; i++)
        {
            _out.WriteLine(_format == OutputFormat.Terse ? plan.Steps[i] : $"  {i + 1}. {plan.Steps[i]}");
        }
    }

    public void Removed(RemoveResult result)
    {
        if (_format == OutputFormat.Json)
        {
            _out.WriteLine(JsonSerializer.Serialize(result, VdeJsonContext.Default.RemoveResult));
        }
    }

    /// <summary>The results of cancel on several hosts: one JSON array; the table form is the stderr summary.</summary>
    public void Removed(IReadOnlyList<RemoveResult> results)
    {
        if (_format == OutputFormat.Json)
        {
            _out.WriteLine(JsonSerializer.Serialize(results.ToArray(), VdeJsonContext.Default.RemoveResultArray));
        }
    }

    /// <summary>The plans of several hosts: one JSON array, or each plan under its host.</summary>
    public void Plans(IReadOnlyList<(string Host, SwitchPlan Plan)> plans)
    {
        if (_format == OutputFormat.Json)
        {
            _out.WriteLine(JsonSerializer.Serialize(plans.Select(p => p.Plan).ToArray(), VdeJsonContext.Default.SwitchPlanArray));
            return;
        }

        foreach (var (host, plan) in plans)
        {
            Plan(plan, host);
        }
    }

    /// <summary>One line per host for `deploy`.</summary>
    public void Deployed(IReadOnlyList<(string Host, string Version, string Location)> installs)
    {
        var table = new TextTable("HOST", "VERSION", "INSTALLED");
        foreach (var (host, version, location) in installs)
        {
            table.Add(host, version, location);
        }

        table.Write(_out);
    }

    private static string?[] WithHost(string? host, params string?[] cells) => host is null ? cells : [host, .. cells];

    private static string[] WithHost(bool withHost, params string[] headers) => withHost ? ["HOST", .. headers] : headers;

    private static string Terse(VdeSwitch s) => string.Join(';', s.Name, s.Owner, s.Group, s.Access ?? string.Empty, s.HostName,
        s.State.ToString().ToLowerInvariant(), Num(s.ProcessId) ?? string.Empty, s.TapName ?? string.Empty, s.BridgeName ?? string.Empty,
        s.SocketPath, s.ManagementSocket ?? string.Empty);

    private static string? Num(long? value) => value?.ToString(CultureInfo.InvariantCulture);
}
