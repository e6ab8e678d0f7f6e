using System.Management.Automation;
using Xunit;

namespace CtysVde.Tests.Support;

/// <summary>
/// A kernel test that drives the module through a real PowerShell runspace (<see cref="PowerShellSession"/>):
/// the namespace is snapshotted before and checked after, as for every kernel test.
/// </summary>
public abstract class ModuleTest : KernelTest, IClassFixture<PowerShellSession>
{
    protected ModuleTest(KernelFixture fixture, PowerShellSession session)
        : base(fixture)
    {
        Session = session;
        Defer("remove every switch and bridge the test left", () => Session.Run("Get-VdeSwitch -IncludeStale | Remove-VdeSwitch -Force; Get-VdeBridge | Where-Object CreatedByCtysVde | Remove-VdeBridge -Force"));
    }

    protected PowerShellSession Session { get; }

    /// <summary>Runs a script and fails the test on any error, terminating or not.</summary>
    protected PowerShellResult Ok(string script, params object?[] args)
    {
        var result = Session.Run(script, args);
        Assert.True(result.Terminating is null && result.Errors.Count == 0, $"{script}: {result}");
        return result;
    }

    /// <summary>Runs a script that must fail with exactly one error of <paramref name="errorId"/> from <paramref name="cmdlet"/>.</summary>
    protected ErrorRecord Fails(string script, string errorId, string cmdlet, params object?[] args)
    {
        var result = Session.Run(script, args);
        var record = result.TerminatingRecord ?? result.Errors.FirstOrDefault();
        Assert.True(record is not null, $"{script} did not fail: {result}");
        Assert.Equal($"{errorId},CtysVde.Commands.{cmdlet.Replace("-", string.Empty, StringComparison.Ordinal)}Command", record.FullyQualifiedErrorId);
        return record;
    }
}
