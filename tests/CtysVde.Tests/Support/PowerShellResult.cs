using System.Management.Automation;
using CtysVde.Core.Errors;

namespace CtysVde.Tests.Support;

/// <summary>What a pipeline produced: output, the error, verbose and warning streams, and a terminating error.</summary>
public sealed record PowerShellResult(IReadOnlyList<PSObject> Output, IReadOnlyList<ErrorRecord> Errors, IReadOnlyList<string> Verbose, IReadOnlyList<string> Warnings, Exception? Terminating)
{
    /// <summary>The FullyQualifiedErrorIds of the non-terminating errors, e.g. `SwitchNotFound,CtysVde.Commands.GetVdeSwitchCommand`.</summary>
    public IEnumerable<string> ErrorIds => Errors.Select(e => e.FullyQualifiedErrorId);

    /// <summary>The terminating error's record, when it carries one.</summary>
    public ErrorRecord? TerminatingRecord => (Terminating as IContainsErrorRecord)?.ErrorRecord;

    /// <summary>The output's base objects of type <typeparamref name="T"/>.</summary>
    public IReadOnlyList<T> Objects<T>() => Output.Select(o => o.BaseObject).OfType<T>().ToArray();

    /// <summary>
    /// The pipeline's result; a pipeline that was stopped (Ctrl+C) reports PipelineStoppedException as its
    /// terminating error, whether Invoke() threw it or returned with the invocation state Stopped.
    /// </summary>
    public static PowerShellResult From(PowerShell ps, IEnumerable<PSObject> output, Exception? terminating)
    {
        if (terminating is null && ps.InvocationStateInfo.State == PSInvocationState.Stopped)
        {
            terminating = ps.InvocationStateInfo.Reason as PipelineStoppedException ?? new PipelineStoppedException();
        }

        return new(output.ToArray(), ps.Streams.Error.ToArray(), ps.Streams.Verbose.Select(v => v.Message).ToArray(), ps.Streams.Warning.Select(w => w.Message).ToArray(), terminating);
    }

    public override string ToString() =>
        $"{Output.Count} objects; errors: [{string.Join("; ", Errors.Select(e => $"{e.FullyQualifiedErrorId}: {e.Exception.Message}"))}]; terminating: {Terminating?.Message ?? "none"}";
}
