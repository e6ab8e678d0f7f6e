using CtysVde.Core.Vde;
using CtysVde.Tests.Support;
using Xunit;

namespace CtysVde.Tests.Unit;

public class PortPrintParserTests
{
    [Fact]
    public void Tap_port_with_counters()
    {
        var ports = PortPrintParser.Parse(Captures.Reply("clients.port-print.txt", "port/print").Data);
        Assert.Equal([1, 2, 3], ports.Select(p => p.Port));
        var tap = ports[0];
        Assert.True(tap.Active);
        Assert.Equal(0, tap.Vlan);
        Assert.Equal("NONE", tap.CurrentUser);
        Assert.Equal((14L, 1004L, 17L, 1262L), (tap.InPackets, tap.InBytes, tap.OutPackets, tap.OutBytes));
        var endpoint = Assert.Single(tap.Endpoints);
        Assert.Equal((6, "tuntap", "tap0", true), (endpoint.Id, endpoint.Module, endpoint.Description, endpoint.IsTap));
    }

    [Fact]
    public void Client_endpoints_of_vdeplug4_and_vde2()
    {
        var ports = PortPrintParser.Parse(Captures.Reply("clients.port-print.txt", "port/print").Data);
        Assert.Equal("root", ports[1].CurrentUser);
        var plug = Assert.Single(ports[1].Endpoints);
        Assert.Equal((3, "unix prog"), (plug.Id, plug.Module));
        Assert.Equal($"ctysfix client A user=root pid={Captures.Pid("clients.plug-a.pid.txt")}", plug.Description);
        Assert.Equal($"vde_plug2tap: user=root pid={Captures.Pid("clients.plug-b.pid.txt")}", Assert.Single(ports[2].Endpoints).Description);
    }

    [Fact]
    public void Two_endpoints_on_one_port()
    {
        var ports = PortPrintParser.Parse(Captures.Reply("multi-endpoint.port-print.txt", "port/print").Data);
        var port5 = Assert.Single(ports, p => p.Port == 5);
        Assert.Equal(["ctysfix multi 2", "ctysfix multi 1"], port5.Endpoints.Select(e => EndpointDescription.Parse(e.Description).Client));
        Assert.Equal([8, 3], port5.Endpoints.Select(e => e.Id));
    }

    [Fact]
    public void Inactive_port_with_access_control_only_in_allprint()
    {
        var all = PortPrintParser.Parse(Captures.Reply("inactive.port-allprint.txt", "port/allprint").Data);
        var port7 = Assert.Single(all, p => p.Port == 7);
        Assert.False(port7.Active);
        Assert.Equal(("nobody", "nogroup"), (port7.AccessUser, port7.AccessGroup));
        Assert.Empty(port7.Endpoints);
        Assert.DoesNotContain(PortPrintParser.Parse(Captures.Reply("inactive.port-print.txt", "port/print").Data), p => p.Port == 7);
    }

    [Fact]
    public void Qemu_endpoint_names_its_pid()
    {
        var ports = PortPrintParser.Parse(Captures.Reply("qemu.port-print.txt", "port/print").Data);
        var (client, user, pid) = EndpointDescription.Parse(Assert.Single(ports[1].Endpoints).Description);
        Assert.Equal(("QEMU", "root", Captures.Pid("qemu.pid.txt")), (client, user, pid));
    }

    [Fact]
    public void Switch_without_its_tap_has_an_empty_port_table()
    {
        var reply = Captures.Reply("no-tap.port-print.txt", "port/print");
        Assert.True(reply.IsSuccess);
        Assert.Empty(PortPrintParser.Parse(reply.Data));
    }
}
