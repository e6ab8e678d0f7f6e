using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace CtysVde.Tests.Support;

/// <summary>
/// A real PowerShell (Microsoft.PowerShell.SDK) in this process with CtysVde imported from the checkout, the way a
/// user imports it: `Import-Module ./CtysVde.psd1`. Binding, validation, ErrorRecords and ShouldProcess are
/// PowerShell's own. One runspace per test class; every call gets a fresh pipeline on it.
/// </summary>
public sealed class PowerShellSession : IDisposable
{
    public PowerShellSession()
    {
        var state = InitialSessionState.CreateDefault2();
        Runspace = RunspaceFactory.CreateRunspace(state);
        Runspace.Open();
        var import = Run("Import-Module -Name $args[0] -PassThru -ErrorAction Stop", ManifestPath);
        if (import.Terminating is not null || import.Errors.Count > 0)
        {
            throw new InvalidOperationException($"Import-Module {ManifestPath} failed: {import}");
        }
    }

    /// <summary>The repository root: the module base, where CtysVde.psd1 is.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string ManifestPath => Path.Combine(RepositoryRoot, "CtysVde.psd1");

    public Runspace Runspace { get; }

    /// <summary>Runs a script; <paramref name="args"/> are its $args. A terminating error is returned, not thrown.</summary>
    public PowerShellResult Run(string script, params object?[] args)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = Runspace;
        ps.AddScript(script);
        foreach (var a in args)
        {
            ps.AddArgument(a);
        }

        Collection<PSObject> output;
        Exception? terminating = null;
        try
        {
            output = ps.Invoke();
        }
        catch (RuntimeException e)
        {
            output = new Collection<PSObject>();
            terminating = e;
        }

        return PowerShellResult.From(ps, output, terminating);
    }

    /// <summary>
    /// Runs a script with -Verbose messages watched, and presses Ctrl+C (PowerShell.Stop, which calls the
    /// cmdlet's StopProcessing) as soon as a message matches <paramref name="stopWhen"/>, or that long after it.
    /// Says at which message it stopped.
    /// </summary>
    public (PowerShellResult Result, string? StoppedAt) RunAndStop(string script, Func<string, bool> stopWhen, TimeSpan after = default)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = Runspace;
        ps.AddScript(script);
        string? stoppedAt = null;
        ps.Streams.Verbose.DataAdded += (sender, e) =>
        {
            var message = ((PSDataCollection<VerboseRecord>)sender!)[e.Index].Message;
            if (stoppedAt is null && stopWhen(message))
            {
                stoppedAt = message;
                if (after > TimeSpan.Zero)
                {
                    _ = Task.Delay(after).ContinueWith(_ => ps.BeginStop(null, null), TaskScheduler.Default);
                    return;
                }

                // The message arrives on the pipeline's own thread, which a synchronous Stop() would wait for. So the
                // stop is begun, and this thread is held briefly, right after the side effect the message names,
                // so that StopProcessing (on another thread) lands here rather than a few steps later.
                ps.BeginStop(null, null);
                Thread.Sleep(StopSettle);
            }
        };

        Collection<PSObject> output = new();
        Exception? terminating = null;
        try
        {
            output = ps.Invoke();
        }
        catch (Exception e) when (e is RuntimeException or PipelineStoppedException)
        {
            terminating = e;
        }

        return (PowerShellResult.From(ps, output, terminating), stoppedAt);
    }

    /// <summary>
    /// Runs a pipeline under Trace-Command ParameterBinding and returns how PowerShell's own binder bound the piped
    /// objects: for each cmdlet, each parameter that took pipeline input and whether by value or by property name.
    /// </summary>
    public (PowerShellResult Result, IReadOnlyList<PipelineBinding> Bindings) RunTracingBinding(string script, params object?[] args)
    {
        var trace = Path.Combine(Path.GetTempPath(), $"ctysvde-binding-{Guid.NewGuid():N}.txt");
        try
        {
            var result = Run("$pipeline = [scriptblock]::Create($args[1]); $rest = @($args | Select-Object -Skip 2); Trace-Command -Name ParameterBinding -FilePath $args[0] -Expression { & $pipeline @rest }", [trace, script, .. args]);
            return (result, PipelineBinding.Parse(File.ReadAllLines(trace)));
        }
        finally
        {
            File.Delete(trace);
        }
    }

    public void Dispose() => Runspace.Dispose();

    /// <summary>How long the pipeline thread is held after a stop was begun; either outcome is checked, so this only aims the stop.</summary>
    private static readonly TimeSpan StopSettle = TimeSpan.FromMilliseconds(300);

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CtysVde.psd1")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("CtysVde.psd1 not found above the test directory");
    }
}
