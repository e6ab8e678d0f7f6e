using CtysVde.Core.Vde;
using CtysVde.Tests.Support;
using Xunit;

namespace CtysVde.Tests.Unit;

/// <summary>A capture's record and what vde_switch says about its pdump plugin (fixtures "capture.*", "tap-only.*").</summary>
public class CaptureRecordTests
{
    private static VdeReply Reply(string fixture) => Captures.Reply(fixture, fixture);

    private static string[] Data(string fixture) => Reply(fixture).Data.ToArray();

    [Fact]
    public void A_record_reads_back_as_it_was_written()
    {
        var record = new CaptureRecord("/var/tmp/lab one.pcap", 3, 1234567, 8, 1, new DateTime(2026, 12, 6, 8, 0, 0, 123, DateTimeKind.Utc));
        Assert.Equal(record, CaptureRecord.Parse(record.Format()));
        Assert.Contains("port=3\n", record.Format(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("path=relative.pcap\nport=0\nfile=1:2:3\nstarted=2026-12-06T08:00:00Z\n")]
    [InlineData("path=/a.pcap\nport=-1\nfile=1:2:3\nstarted=2026-12-06T08:00:00Z\n")]
    [InlineData("path=/a.pcap\nport=1\nfile=1:2\nstarted=2026-12-06T08:00:00Z\n")]
    [InlineData("path=/a.pcap\nport=1\nfile=1:2:3\n")]
    public void What_is_not_a_whole_record_is_none(string text) => Assert.Null(CaptureRecord.Parse(text));

    [Fact]
    public void The_plugin_list_tells_whether_pdump_is_loaded()
    {
        Assert.True(PdumpReplies.ListsPdump(Data("capture.plugin-list.txt")));
        Assert.False(PdumpReplies.ListsPdump(Data("addresses.plugin-list.txt")));
        Assert.False(PdumpReplies.ListsPdump(Data("capture.plugin-list-after-del.txt")));

        // With no plugin loaded the list is ENOENT; stopping a dump that is not running is ENOENT too.
        Assert.Equal(2, Reply("capture.plugin-list-after-del.txt").Errno);
        Assert.Equal(2, Reply("capture.pdump-active_0-again.txt").Errno);
        Assert.True(Reply("capture.plugin-del_pdump.txt").IsSuccess);
        Assert.Equal("/tmp/ctysfix.cgGrb8/capture/dump.pcap", PdumpReplies.FileName(Data("capture.pdump-filename.txt")));
        Assert.Null(PdumpReplies.FileName([]));
    }
}
