using System.ComponentModel;
using System.Runtime.ExceptionServices;
using System.Text;
using CliWrap;

namespace CtysVde.Core.Processes;

/// <summary>
/// The one place that starts programs: argument lists (never a shell), a timeout, cancellation. CliWrap does
/// the plumbing (stdin fed while stdout and stderr drain, so no pipe fills up; the whole tree killed on
/// cancellation); this class keeps the engine's contract: exit codes are results, not exceptions, and a
/// timeout is a <see cref="TimeoutException"/> that names the program.
/// </summary>
public sealed class ProcessRunner : IProcessRunner
{
    // What System.Diagnostics.Process uses on Linux for its pipes; spelled out so CliWrap reads and writes the same.
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    public ProcessResult Run(string fileName, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellation = default) =>
        Run(fileName, arguments, null, timeout, cancellation);

    /// <summary>Runs a program with <paramref name="standardInput"/> as its whole input.</summary>
    public ProcessResult Run(string fileName, IReadOnlyList<string> arguments, string? standardInput, TimeSpan timeout, CancellationToken cancellation = default)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeoutSource.CancelAfter(timeout);
        var input = standardInput is null ? PipeSource.Null : PipeSource.FromString(standardInput, Utf8);
        try
        {
            return Execute(fileName, arguments, input, timeoutSource.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            // CliWrap has killed the whole tree and waited for it; the caller's own cancellation wins over the clock.
            cancellation.ThrowIfCancellationRequested();
            throw new TimeoutException($"{fileName} did not finish within {timeout.TotalSeconds:0.#} s");
        }
    }

    /// <summary>
    /// Runs a program to its end with <paramref name="standardInput"/> (bytes, e.g. an archive) as its input
    /// and no time limit but <paramref name="cancellation"/>; for programs that bound themselves, like ssh
    /// with its connect and keep-alive timeouts.
    /// </summary>
    public Task<ProcessResult> RunAsync(string fileName, IReadOnlyList<string> arguments, byte[]? standardInput, CancellationToken cancellation) =>
        // A program that ends without reading all of its input is not an error: CliWrap ignores the broken pipe,
        // and the exit code and stderr say why.
        Execute(fileName, arguments, standardInput is null ? PipeSource.Null : PipeSource.FromBytes(standardInput), cancellation);

    /// <summary>
    /// Runs a program on this process's own stdout and stderr and returns its exit code. Its stdin is empty,
    /// so nothing it runs can stop to ask a question.
    /// </summary>
    public int RunAttached(string fileName, IReadOnlyList<string> arguments)
    {
        // The program writes to our terminal itself (not through a pipe), so it sees the same terminal we do.
        var command = Command(fileName, arguments, PipeSource.Null);
        return Started(() => command.ExecuteAsync(info => info.RedirectStandardOutput = info.RedirectStandardError = false))
            .GetAwaiter().GetResult().ExitCode;
    }

    private static async Task<ProcessResult> Execute(string fileName, IReadOnlyList<string> arguments, PipeSource input, CancellationToken cancellation)
    {
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var command = Command(fileName, arguments, input)
            .WithStandardOutputPipe(PipeTarget.ToStringBuilder(stdout, Utf8))
            .WithStandardErrorPipe(PipeTarget.ToStringBuilder(stderr, Utf8));
        var result = await Started(() => command.ExecuteAsync(cancellation)).ConfigureAwait(false);
        return new ProcessResult(result.ExitCode, stdout.ToString(), stderr.ToString());
    }

    private static Command Command(string fileName, IReadOnlyList<string> arguments, PipeSource input) =>
        Cli.Wrap(fileName)
            .WithArguments(arguments)
            .WithStandardInputPipe(input)
            .WithValidation(CommandResultValidation.None);

    /// <summary>
    /// Starts the command and gives back the original <see cref="Win32Exception"/> when the program cannot be
    /// started: callers show its message ("No such file or directory"), not CliWrap's longer wrapping.
    /// </summary>
    private static CommandTask<CommandResult> Started(Func<CommandTask<CommandResult>> start)
    {
        try
        {
            return start();
        }
        catch (Win32Exception e) when (e.InnerException is Win32Exception inner)
        {
            ExceptionDispatchInfo.Capture(inner).Throw();
            throw;
        }
    }

    /// <summary>Finds a program on PATH, as a shell would.</summary>
    public static string? Which(string name)
    {
        if (name.Contains('/'))
        {
            return File.Exists(name) ? name : null;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        foreach (var dir in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
