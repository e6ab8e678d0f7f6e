using CtysVde.Core.Vde;
using CtysVde.Tests.Support;
using Xunit;

namespace CtysVde.Tests.Unit;

/// <summary>The iplog plugin's address list, parsed from vde_switch's real answers (fixtures "addresses.*").</summary>
public class AddressListTests
{
    [Fact]
    public void Each_address_has_its_family_port_and_user_and_the_unspecified_one_is_left_out()
    {
        var list = IpListParser.Parse(Captures.Reply("addresses.iplog-iplist.txt", "iplog/iplist").Data);
        var clientPort = PortPrintParser.Parse(Captures.Reply("addresses.port-print.txt", "port/print").Data)
            .Single(p => p.Endpoints.Any(e => e.Description.StartsWith("ctysfix client A", StringComparison.Ordinal))).Port;
        Assert.Contains(new IpAddressRecord(4, "10.199.78.1", clientPort, "root"), list);
        Assert.Contains(new IpAddressRecord(4, "10.199.78.254", 1, "(none)"), list);
        Assert.Contains(list, a => a.Family == 6 && a.Port == clientPort && a.Address.StartsWith("fe80::", StringComparison.Ordinal));
        Assert.DoesNotContain(list, a => a.Address is "::" or "0.0.0.0");
        Assert.Equal(5, list.Count);

        // The log line of the same address says the same, with the MAC and the client's description.
        var logged = Captures.Raw("addresses.logfile.txt").Split('\n').Single(l => l.Contains(" ipv4 10.199.78.1 ", StringComparison.Ordinal));
        Assert.Contains($"port={clientPort} vlan=0 user=root \"ctysfix client A user=root pid={Captures.Pid("addresses.plug-a.pid.txt")}\"", logged, StringComparison.Ordinal);
    }

    [Fact]
    public void A_ports_list_and_the_list_after_its_client_left_and_an_empty_one()
    {
        Assert.All(IpListParser.Parse(Captures.Reply("addresses.iplog-ipport_client.txt", "iplog/ipport 2").Data), a => Assert.Equal(2, a.Port));
        Assert.Empty(IpListParser.Parse(Captures.Reply("addresses.iplog-ipport_unused.txt", "iplog/ipport 30").Data));
        Assert.Empty(IpListParser.Parse(Captures.Reply("addresses.iplog-iplist_empty.txt", "iplog/iplist").Data));

        // The plugin forgets a port's addresses when the port closes.
        Assert.All(IpListParser.Parse(Captures.Reply("addresses.iplog-iplist_after-client-left.txt", "iplog/iplist").Data), a => Assert.Equal(1, a.Port));
    }

    [Fact]
    public void Setting_up_the_plugin_is_answered_as_the_engine_expects()
    {
        Assert.True(Captures.Reply("addresses.plugin-add_iplog.txt", "plugin/add").IsSuccess);
        Assert.True(Captures.Reply("addresses.iplog-logfile.txt", "iplog/logfile").IsSuccess);
        Assert.True(Captures.Reply("addresses.iplog-setexpire_86400.txt", "iplog/setexpire 86400").IsSuccess);
        Assert.Equal(["  ipv4: 0.0.0.0/0", "  ipv6: ::/0"], Captures.Reply("addresses.iplog-list.txt", "iplog/list").Data);
    }

    [Theory]
    [InlineData("ipv4 10.1.1.1 port=x user=root")]
    [InlineData("ipv4 not-an-address port=2 user=root")]
    [InlineData("something else")]
    public void A_line_that_is_not_an_address_is_a_protocol_error(string line) =>
        Assert.Throws<VdeProtocolException>(() => IpListParser.Parse([line]));
}
