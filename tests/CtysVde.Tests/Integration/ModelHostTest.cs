using System.Text.Json;
using CtysVde.Tests.Support;

namespace CtysVde.Tests.Integration;

/// <summary>
/// A model host: a "host" namespace whose eth0 is one end of a veth pair, with IPv4 and IPv6 addresses, a
/// default route and a static route, to a "router" namespace holding the gateway. The CLI runs inside the
/// host namespace, as an admin would run it on the host.
/// </summary>
public abstract class ModelHostTest : KernelTest
{
    protected const string HostAddress = "10.199.20.10";
    protected const string Router = "10.199.20.1";

    protected ModelHostTest(KernelFixture fixture)
        : base(fixture)
    {
    }

    protected static Core.Processes.ProcessResult InHost(string host, params string[] args) =>
        Sh.Run("ip", ["netns", "exec", host, TestHost.Cli, .. args]);

    /// <summary>host:eth0 (10.199.20.10/24, fd00:20::10/64) -- router:up0 (10.199.20.1, fd00:20::1).</summary>
    protected (string Host, string Router) ModelHost()
    {
        var router = NewNamespace();
        var host = NewNamespace();
        Sh.Ok("ip", "-n", router, "link", "add", "up0", "type", "veth", "peer", "name", "eth0", "netns", host);
        Sh.Ok("ip", "-n", router, "addr", "add", $"{Router}/24", "dev", "up0");
        Sh.Ok("ip", "-n", router, "addr", "add", "fd00:20::1/64", "dev", "up0", "nodad");
        Sh.Ok("ip", "-n", router, "link", "set", "up0", "up");
        Sh.Ok("ip", "-n", host, "addr", "add", $"{HostAddress}/24", "dev", "eth0");
        Sh.Ok("ip", "-n", host, "addr", "add", "fd00:20::10/64", "dev", "eth0", "nodad");
        Sh.Ok("ip", "-n", host, "link", "set", "eth0", "up");
        Sh.Ok("ip", "-n", host, "route", "add", "default", "via", Router, "metric", "100");
        Sh.Ok("ip", "-n", host, "-6", "route", "add", "default", "via", "fd00:20::1", "metric", "1024");
        Sh.Ok("ip", "-n", host, "route", "add", "192.0.2.0/24", "via", Router, "proto", "static");
        Defer("cancel in the host", () => InHost(host, "cancel"));
        return (host, router);
    }

    /// <summary>
    /// The same model host with this test's own namespace as the host (its eth0 goes to a router namespace), for
    /// code that runs in this process, such as cmdlets in a runspace.
    /// </summary>
    protected string ModelHostHere()
    {
        var router = NewNamespace();
        Sh.Ok("ip", "-n", router, "link", "add", "up0", "type", "veth", "peer", "name", "eth0", "netns", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));

        // A namespace goes away asynchronously, and its veth peer here with it: deleted here at once instead.
        Defer("delete eth0", () => Sh.Run("ip", "link", "del", "eth0"));
        Sh.Ok("ip", "-n", router, "addr", "add", $"{Router}/24", "dev", "up0");
        Sh.Ok("ip", "-n", router, "addr", "add", "fd00:20::1/64", "dev", "up0", "nodad");
        Sh.Ok("ip", "-n", router, "link", "set", "up0", "up");
        Sh.Ok("ip", "addr", "add", $"{HostAddress}/24", "dev", "eth0");
        Sh.Ok("ip", "addr", "add", "fd00:20::10/64", "dev", "eth0", "nodad");
        Sh.Ok("ip", "link", "set", "eth0", "up");
        Sh.Ok("ip", "route", "add", "default", "via", Router, "metric", "100");
        Sh.Ok("ip", "-6", "route", "add", "default", "via", "fd00:20::1", "metric", "1024");
        Sh.Ok("ip", "route", "add", "192.0.2.0/24", "via", Router, "proto", "static");
        return router;
    }

    /// <summary>eth0 field by field: MAC, MTU, state, master, addresses, and every route of the host (null: this namespace).</summary>
    protected static HostSnapshot HostState(string? host)
    {
        var eth0 = Link(host, "eth0");
        using var link = JsonDocument.Parse(Sh.Ok("ip", In(host, "-json", "link", "show", "dev", "eth0")));
        var l = link.RootElement[0];
        var routes = string.Join(" | ", new[] { "-4", "-6" }.SelectMany(f => Sh.Ok("ip", In(host, f, "route", "show", "table", "all")).Split('\n', StringSplitOptions.RemoveEmptyEntries)).Where(r => !r.Contains("fe80::", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        return new HostSnapshot(eth0.Mac, l.GetProperty("mtu").GetInt32(), string.Join(",", l.GetProperty("flags").EnumerateArray().Select(f => f.GetString())),
            l.TryGetProperty("master", out var m) ? m.GetString() : null, eth0.Addresses, routes);
    }

    protected static (string Mac, string Addresses) Link(string? host, string dev)
    {
        using var doc = JsonDocument.Parse(Sh.Ok("ip", In(host, "-json", "addr", "show", "dev", dev)));
        var e = doc.RootElement[0];
        var addresses = e.GetProperty("addr_info").EnumerateArray().Where(a => a.GetProperty("scope").GetString() != "link")
            .Select(a => $"{a.GetProperty("local").GetString()}/{a.GetProperty("prefixlen").GetInt32()}").Order(StringComparer.Ordinal);
        return (e.GetProperty("address").GetString()!, string.Join(",", addresses));
    }

    protected static string Routes(string host, string dev) =>
        Sh.Ok("ip", "-n", host, "-4", "route", "show", "dev", dev).Replace("default", "0.0.0.0/0", StringComparison.Ordinal)
        + Sh.Ok("ip", "-n", host, "-6", "route", "show", "dev", dev).Replace("default", "::/0", StringComparison.Ordinal);

    /// <summary>`ip` arguments for the host's namespace, or for this one when <paramref name="host"/> is null.</summary>
    private static string[] In(string? host, params string[] args) => host is null ? args : ["-n", host, .. args];

    protected sealed record HostSnapshot(string Mac, int Mtu, string Flags, string? Master, string Addresses, string Routes);
}
