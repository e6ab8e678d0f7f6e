using System.Diagnostics;

namespace CtysVde.Core.Processes;

/// <summary>The one place that starts programs: argument lists (never a shell), a timeout, cancellation.</summary>
public sealed class ProcessRunner : IProcessRunner
{
    public ProcessResult Run(string fileName, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellation = default) =>
        Run(fileName, arguments, null, timeout, cancellation);

    /// <summary>Runs a program with <paramref name="standardInput"/> as its whole input.</summary>
    public ProcessResult Run(string fileName, IReadOnlyList<string> arguments, string? standardInput, TimeSpan timeout, CancellationToken cancellation = default)
    {
        using var process = Start(fileName, arguments, captureOutput: true);
        if (standardInput is not null)
        {
            process.StandardInput.Write(standardInput);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellation);
        var stderr = process.StandardError.ReadToEndAsync(cancellation);
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeoutSource.CancelAfter(timeout);
        try
        {
            process.WaitForExitAsync(timeoutSource.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            cancellation.ThrowIfCancellationRequested();
            throw new TimeoutException($"{fileName} did not finish within {timeout.TotalSeconds:0.#} s");
        }

        return new ProcessResult(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    /// <summary>
    /// Runs a program to its end with <paramref name="standardInput"/> (bytes, e.g. an archive) as its input
    /// and no time limit but <paramref name="cancellation"/>; for programs that bound themselves, like ssh
    /// with its connect and keep-alive timeouts.
    /// </summary>
    public async Task<ProcessResult> RunAsync(string fileName, IReadOnlyList<string> arguments, byte[]? standardInput, CancellationToken cancellation)
    {
        using var process = Start(fileName, arguments, captureOutput: true);
        var stdout = process.StandardOutput.ReadToEndAsync(cancellation);
        var stderr = process.StandardError.ReadToEndAsync(cancellation);
        try
        {
            if (standardInput is not null)
            {
                await process.StandardInput.BaseStream.WriteAsync(standardInput, cancellation).ConfigureAwait(false);
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The program ended without reading all of its input; its exit code and stderr say why.
        }

        try
        {
            await process.WaitForExitAsync(cancellation).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw;
        }

        return new ProcessResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    /// <summary>
    /// Runs a program on this process's own stdout and stderr and returns its exit code. Its stdin is empty,
    /// so nothing it runs can stop to ask a question.
    /// </summary>
    public int RunAttached(string fileName, IReadOnlyList<string> arguments)
    {
        using var process = Start(fileName, arguments, captureOutput: false);
        process.StandardInput.Close();
        process.WaitForExit();
        return process.ExitCode;
    }

    /// <summary>Starts a program with its own stdin pipe (never the terminal), and pipes for stdout and stderr when <paramref name="captureOutput"/>.</summary>
    private static Process Start(string fileName, IReadOnlyList<string> arguments, bool captureOutput)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = captureOutput,
            RedirectStandardError = captureOutput,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        return Process.Start(info) ?? throw new InvalidOperationException($"could not start {fileName}");
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
