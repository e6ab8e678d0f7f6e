using CtysVde.Core.Errors;
using CtysVde.Core.Model;
using CtysVde.Core.Switches;
using CtysVde.Core.Vde;
using CtysVde.Tests.Support;
using Xunit;

namespace CtysVde.Tests.Unit;

/// <summary>The VLAN table parser on vde_switch's real output, the steps a change takes, and the checks of a request.</summary>
public class VlanTests
{
    private static VlanTable Captured => VlanPrintParser.Parse(Captures.Reply("vlans.vlan-allprint.txt", "vlan/allprint").Data);

    [Fact]
    public void The_table_tells_each_ports_untagged_and_tagged_VLANs_and_the_empty_ones()
    {
        var t = Captured;
        Assert.Equal([0, 10, 20, 30, 99], t.Vlans);
        Assert.Equal([1, 3, 5, 31], t.Ports);
        Assert.Equal((0, "20"), (t.UntaggedOf(1), string.Join(',', t.TaggedOf(1))));
        Assert.Equal((10, string.Empty), (t.UntaggedOf(3), string.Join(',', t.TaggedOf(3))));
        Assert.Equal((30, "20"), (t.UntaggedOf(5), string.Join(',', t.TaggedOf(5))));
        Assert.True(t.IsActive(1));
        Assert.False(t.IsActive(31));
        Assert.False(t.HasPort(7));
        Assert.True(t.HasVlan(99));
        Assert.False(t.UsedByOtherThan(99, 0));
        Assert.True(t.UsedByOtherThan(20, 5));
    }

    [Fact]
    public void Vlan_print_shows_only_active_ports_and_the_number_of_ports_comes_from_port_showinfo()
    {
        var active = VlanPrintParser.Parse(Captures.Reply("vlans.vlan-print.txt", "vlan/print").Data);
        Assert.Equal([1], active.Ports);
        Assert.Equal(32, PortInfoParser.NumPorts(Captures.Reply("vlans.port-showinfo.txt", "port/showinfo").Data));
        Assert.Equal(4, PortInfoParser.NumPorts(Captures.Reply("numports.port-showinfo.txt", "port/showinfo").Data));
    }

    [Theory]
    [InlineData("vlans.vlan-create_0.txt", "vlan/create 0", 1022)]
    [InlineData("vlans.vlan-create_4094.txt", "vlan/create 4094", 1022)]
    [InlineData("vlans.vlan-create_10.txt", "vlan/create 10", 1017)]
    [InlineData("vlans.vlan-remove_10.txt", "vlan/remove 10", 1098)]
    [InlineData("vlans.port-setvlan_9_10.txt", "port/setvlan 9 10", 1006)]
    [InlineData("vlans.port-create_32.txt", "port/create 32", 1022)]
    public void The_switch_refuses_what_the_engine_checks_first(string capture, string command, int code)
    {
        // Each of these is why a request is checked before it is sent: vde_switch would refuse it half-way.
        Assert.Equal(code, Captures.Reply(capture, command).Code);
    }

    [Fact]
    public void A_line_that_is_not_the_table_is_a_protocol_error() =>
        Assert.Throws<VdeProtocolException>(() => VlanPrintParser.Parse(["VLAN 0000", "something else"]));

    [Fact]
    public void Steps_make_the_port_create_VLANs_drop_tags_set_untagged_add_tags_and_remove_unused_VLANs_in_that_order()
    {
        // Port 5: untagged 30, tagged 20 (shared with port 1). To: untagged 40, tagged 30 and 50.
        var steps = PortVlanChange.Steps(Captured, 5, 40, [30, 50]);
        Assert.Equal(
            ["vlan/create 40", "vlan/create 50", "vlan/delport 20 5", "port/setvlan 5 40", "vlan/addport 30 5", "vlan/addport 50 5"],
            steps.Select(s => s.Command));
        Assert.Equal(
            ["vlan/remove 40", "vlan/remove 50", "vlan/addport 20 5", "port/setvlan 5 30", "vlan/delport 30 5", "vlan/delport 50 5"],
            steps.Select(s => s.Undo));

        // Port 3 leaves VLAN 10, its only port: VLAN 10 goes. A port that does not exist is made ready first.
        Assert.Equal(["port/setvlan 3 0", "vlan/remove 10"], PortVlanChange.Steps(Captured, 3, 0, []).Select(s => s.Command));
        Assert.Equal(["port/create 7", "port/setvlan 7 99"], PortVlanChange.Steps(Captured, 7, 99, []).Select(s => s.Command));
        Assert.Empty(PortVlanChange.Steps(Captured, 3, 10, []));
    }

    [Fact]
    public void A_trunk_whose_native_VLAN_is_also_allowed_keeps_it_untagged()
    {
        var (untagged, tagged) = PortVlans.Validate(new PortVlanRequest { Port = 2, Mode = VdeVlanMode.Trunk, AllowedVlanIds = [30, 10, 20, 10], NativeVlanId = 10 });
        Assert.Equal((10, "20,30"), (untagged, string.Join(',', tagged)));
    }

    [Theory]
    [InlineData(VdeVlanMode.Access, 3, 0, "", 0, ErrorIds.InvalidVlanId, "0")]
    [InlineData(VdeVlanMode.Access, 3, 4094, "", 0, ErrorIds.InvalidVlanId, "4094")]
    [InlineData(VdeVlanMode.Access, 3, -5, "", 0, ErrorIds.InvalidVlanId, "-5")]
    [InlineData(VdeVlanMode.Trunk, 3, 0, "", 0, ErrorIds.InvalidVlanId, "allowed VLAN")]
    [InlineData(VdeVlanMode.Trunk, 3, 0, "20,0", 0, ErrorIds.InvalidVlanId, "0")]
    [InlineData(VdeVlanMode.Trunk, 3, 0, "20", 9999, ErrorIds.InvalidVlanId, "9999")]
    [InlineData(VdeVlanMode.Trunk, 3, 0, "20", 20, ErrorIds.InvalidVlanId, "native VLAN 20")]
    [InlineData(VdeVlanMode.Untagged, 0, 0, "", 0, ErrorIds.InvalidPort, "port 0")]
    [InlineData(VdeVlanMode.Access, -1, 10, "", 0, ErrorIds.InvalidPort, "port -1")]
    public void Bad_requests_are_refused_naming_the_value(VdeVlanMode mode, int port, int vlan, string allowed, int native, string id, string names)
    {
        var request = new PortVlanRequest
        {
            Port = port,
            Mode = mode,
            VlanId = vlan,
            AllowedVlanIds = allowed.Length == 0 ? [] : allowed.Split(',').Select(int.Parse).ToArray(),
            NativeVlanId = native,
        };
        var e = Assert.Throws<VdeException>(() => PortVlans.Validate(request));
        Assert.Equal((id, VdeErrorCategory.InvalidArgument), (e.ErrorId, e.Category));
        Assert.Contains(names, e.Message, StringComparison.Ordinal);
    }
}
