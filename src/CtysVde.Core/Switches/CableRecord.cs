using System.Globalization;
using CtysVde.Core.Model;

namespace CtysVde.Core.Switches;

/// <summary>
/// What a cable is meant to be, kept while it exists (up or down) in the caller's own runtime directory: its ends
/// (data socket paths), whether a wirefilter sits in it and with what impairment. A cable whose processes ended is
/// down, and this is what `create` makes it from again.
/// </summary>
/// <param name="RemoteHost">`[user@]host` of the other switch for a cable across hosts (its socket path is the one there); empty on this host.</param>
/// <param name="RemoteHostId">That host's id as it gave it: what tells two names of one host apart (one cable per pair).</param>
internal sealed record CableRecord(string Name, string SwitchName, string SocketPath, string RemoteSwitchName, string RemoteSocketPath, CableImpairment? Impairment, DateTime Created, string RemoteHost = "", string RemoteHostId = "")
{
    public bool HasFilter => Impairment is not null;

    public bool IsAcrossHosts => RemoteHost.Length > 0;

    public string Format()
    {
        var i = Impairment;
        var impairment = i is null
            ? string.Empty
            : string.Create(CultureInfo.InvariantCulture, $"loss={i.LossPercent ?? 0}\ndelay={i.DelayMs ?? 0}\njitter={i.JitterMs ?? 0}\nbandwidth={i.BandwidthKbps ?? 0}\nmtu={i.Mtu ?? 0}\n");
        return $"name={Name}\nswitch={SwitchName}\nsocket={SocketPath}\nremote-switch={RemoteSwitchName}\nremote-socket={RemoteSocketPath}\nremote-host={RemoteHost}\nremote-host-id={RemoteHostId}\n"
            + impairment + string.Create(CultureInfo.InvariantCulture, $"created={Created.ToUniversalTime():O}\n");
    }

    public static CableRecord? Parse(string text)
    {
        var f = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        string? Get(string key) => f.GetValueOrDefault(key);
        int Int(string key) => int.TryParse(Get(key), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
        if (Get("name") is not { Length: > 0 } name || Get("socket") is not { } socket || Get("remote-socket") is not { } remote
            || !DateTime.TryParse(Get("created"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var created))
        {
            return null;
        }

        var impairment = Get("loss") is { } loss
            ? new CableImpairment
            {
                LossPercent = double.TryParse(loss, NumberStyles.Float, CultureInfo.InvariantCulture, out var l) ? l : 0,
                DelayMs = Int("delay"),
                JitterMs = Int("jitter"),
                BandwidthKbps = Int("bandwidth"),
                Mtu = Int("mtu"),
            }
            : null;
        return new CableRecord(name, Get("switch") ?? string.Empty, socket, Get("remote-switch") ?? string.Empty, remote, impairment, created.ToUniversalTime(), Get("remote-host") ?? string.Empty, Get("remote-host-id") ?? string.Empty);
    }
}
