using CtysVde.Core.Vde;
using CtysVde.Tests.Support;
using Xunit;

namespace CtysVde.Tests.Unit;

public class OtherParserTests
{
    [Fact]
    public void Hash_table_maps_macs_to_ports()
    {
        var entries = HashPrintParser.Parse(Captures.Reply("clients.hash-print.txt", "hash/print").Data);
        Assert.Equal(3, entries.Count);
        Assert.Equal(new HashRecord("72:28:1f:3d:36:a8", 0, 3, 0), entries[0]);
        Assert.Equal([3, 2, 1], entries.Select(e => e.Port));
    }

    [Fact]
    public void Qemu_guest_mac_is_learned()
    {
        var entries = HashPrintParser.Parse(Captures.Reply("qemu.hash-print.txt", "hash/print").Data);
        Assert.Contains(entries, e => e.MacAddress == "52:54:00:99:00:01" && e.Port == 2);
    }

    [Fact]
    public void Showinfo_gives_pid_mac_uptime_and_mgmt()
    {
        var info = ShowInfoParser.Parse(Captures.Reply("tap-only.showinfo.txt", "showinfo").Data);
        Assert.Equal(7442, info.ProcessId);
        Assert.Equal("00:ff:55:6e:b3:02", info.MacAddress);
        Assert.Equal(0, info.UptimeSeconds);
        Assert.EndsWith("/tap-only/mgmt", info.ManagementSocket, StringComparison.Ordinal);
        Assert.Equal("0600", info.ManagementMode);
        Assert.Equal("2.3.2", info.Version);
    }

    [Fact]
    public void Showinfo_without_pid_line_is_a_protocol_error() =>
        Assert.Throws<VdeProtocolException>(() => ShowInfoParser.Parse(Captures.Reply("tap-only.port-print.txt", "port/print").Data));

    [Theory]
    [InlineData("vde_switch -d -s /x -M /y", null)]
    [InlineData("vde_switch -d -n 4 -s /x", 4)]
    [InlineData("vde_switch --numports=8 -s /x", 8)]
    [InlineData("vde_switch -numports 16 -s /x", 16)]
    public void The_number_of_ports_comes_from_the_command_line(string commandLine, int? expected) =>
        Assert.Equal(expected, SwitchProcessScanner.FromArguments(1, 0, commandLine.Split(' ')).NumPorts);

    [Theory]
    [InlineData("QEMU user=root pid=4160", "QEMU", "root", 4160)]
    [InlineData("vde_plug2tap: user=root pid=16410", "vde_plug2tap:", "root", 16410)]
    [InlineData("vm1 user=alice PID=11134 SSH=10.0.0.1", "vm1", "alice", 11134)]
    [InlineData("user=1000 pid=7", null, "1000", 7)]
    [InlineData("just text", "just text", null, null)]
    public void Endpoint_descriptions_of_each_client_library(string text, string? client, string? user, int? pid) =>
        Assert.Equal((client, user, pid), EndpointDescription.Parse(text));
}
