using CtysVde.Cli;
using Xunit;

namespace CtysVde.Tests.Unit;

/// <summary>The parts of ctys-setupvde that touch nothing: help, version, and refusing bad command lines.</summary>
public class CommandLineTests
{
    [Theory]
    [InlineData("-h")]
    [InlineData("--help")]
    [InlineData("-H", "all")]
    public void Help_prints_the_syntax_on_stdout(params string[] args)
    {
        var (code, stdout, stderr) = Run(args);
        Assert.Equal(0, code);
        Assert.Contains("(cancel|check|create|info|ports|list|listall|vlan|capture|cable)", stdout, StringComparison.Ordinal);
        Assert.Contains("0 ok, 1 erroneous parameters, 2 a missing environment element", stdout, StringComparison.Ordinal);
        Assert.Equal(string.Empty, stderr);
    }

    [Fact]
    public void Version_names_the_program()
    {
        var (code, stdout, _) = Run("-V");
        Assert.Equal(0, code);
        Assert.Matches(@"^ctys-setupvde \d+\.\d+\.\d+ \(CtysVde\)\n$", stdout.Replace("\r", string.Empty, StringComparison.Ordinal));
    }

    [Fact]
    public void Usage_errors_exit_1_with_a_hint_and_no_output()
    {
        var (code, stdout, stderr) = Run("list", "create");
        Assert.Equal(1, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Equal("ctys-setupvde: only one action per call: 'list' and 'create'\nTry 'ctys-setupvde -h' for the syntax.\n", stderr.Replace("\r", string.Empty, StringComparison.Ordinal));
    }

    /// <summary>A repeated option, one the action does not use, and a contradiction are usage errors like any other: exit 1, the hint, nothing on stdout.</summary>
    [Theory]
    [InlineData("option '-u' given twice: 'root' and 'ctyst1'; give each option once", "-u", "root", "-u", "ctyst1", "create")]
    [InlineData("option '--module' does not apply to create; it is for deploy", "--module", "/opt/m", "create")]
    [InlineData("option '--probe' needs -i: it is about the uplink that create moves into the bridge", "--probe", "10.0.0.1", "create")]
    [InlineData("options '-X' and '--json' contradict each other: choose one output format", "-X", "--json", "list")]
    public void Dishonest_command_lines_are_usage_errors(string message, params string[] args)
    {
        var (code, stdout, stderr) = Run(args);
        Assert.Equal(1, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Equal($"ctys-setupvde: {message}\nTry 'ctys-setupvde -h' for the syntax.\n", stderr.Replace("\r", string.Empty, StringComparison.Ordinal));
    }

    private static (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = CommandLine.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
