using CtysVde.Core.Vde;
using CtysVde.Tests.Support;
using Xunit;

namespace CtysVde.Tests.Unit;

public class ReplyParserTests
{
    [Fact]
    public void Success_with_data_block()
    {
        var reply = Captures.Reply("tap-only.port-print.txt", "port/print");
        Assert.True(reply.IsSuccess);
        Assert.Equal("Success", reply.Message);
        Assert.StartsWith("Port 0001 untagged_vlan=0000 ACTIVE", reply.Data[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("errors.port-print_99.txt", 1022, "Invalid argument")]
    [InlineData("errors.port-print_5.txt", 1006, "No such device or address")]
    [InlineData("errors.hash-find_00-11-22-33-44-55.txt", 1019, "No such device")]
    public void Error_replies_keep_their_empty_data_block(string capture, int code, string message)
    {
        var reply = Captures.Reply(capture, "x");
        Assert.False(reply.IsSuccess);
        Assert.Equal(code, reply.Code);
        Assert.Equal(code - 1000, reply.Errno);
        Assert.Equal(message, reply.Message);
        Assert.Empty(reply.Data);
    }

    [Theory]
    [InlineData("errors.nosuchcmd.txt", 1038)]
    [InlineData("errors.port-create_1.txt", 1017)]
    [InlineData("errors.port-remove_1.txt", 1098)]
    public void Action_errors_have_no_data_block(string capture, int code)
    {
        Assert.DoesNotContain("0000 DATA", Captures.ReplyText(capture), StringComparison.Ordinal);
        Assert.Equal(code, Captures.Reply(capture, "x").Code);
    }

    [Fact]
    public void Prefix_matched_command_runs_showinfo()
    {
        var reply = Captures.Reply("errors.showinfoXX.txt", "showinfoXX");
        Assert.True(reply.IsSuccess);
        Assert.Contains(reply.Data, l => l.StartsWith("pid ", StringComparison.Ordinal));
    }

    [Fact]
    public void Empty_line_gets_only_a_prompt_so_it_has_no_reply()
    {
        Assert.Equal(string.Empty, Captures.ReplyText("errors.empty-line.txt"));
        Assert.Throws<VdeProtocolException>(() => VdeReplyParser.Parse(string.Empty, Captures.ReplyText("errors.empty-line.txt")));
    }

    [Theory]
    [InlineData("shutdown.shutdown.txt")]
    [InlineData("shutdown.logout.txt")]
    public void Shutdown_and_logout_end_the_session_without_prompt(string capture)
    {
        var raw = Captures.Raw(capture);
        Assert.EndsWith(VdeReplyParser.EndOfSession, raw, StringComparison.Ordinal);
        Assert.Equal(9999, VdeReplyParser.Parse("shutdown", Captures.ReplyText(capture)).Code);
    }

    [Fact]
    public void Banner_ends_in_the_prompt()
    {
        var raw = Captures.Raw("tap-only.showinfo.txt");
        Assert.StartsWith("VDE switch V.2.3.2\n(C) Virtual Square Team", raw, StringComparison.Ordinal);
        Assert.Contains("GPLv2\n" + VdeReplyParser.Prompt, raw, StringComparison.Ordinal);
    }
}
