using System.Diagnostics;
using CtysVde.Core.Errors;
using CtysVde.Core.Processes;

namespace CtysVde.Core.Remote;

/// <summary>
/// Runs one command on many hosts at once over ssh, so N hosts take about as long as the slowest; one host
/// failing never stops the others, and each failure is turned into an error that says what happened there.
/// </summary>
public sealed class SshFanOut
{
    /// <summary>The name the remote program goes by; ssh's login shell finds it on the remote PATH.</summary>
    public const string RemoteProgram = "ctys-setupvde";

    private const int SshOwnError = 255;
    private const int CommandNotFound = 127;

    private readonly SshSettings _settings;
    private readonly IProcessRunner _runner;

    public SshFanOut(SshSettings settings, IProcessRunner runner)
    {
        _settings = settings;
        _runner = runner;
    }

    /// <summary>
    /// The remote shell command that runs the program with <paramref name="arguments"/>. Non-interactive ssh
    /// sessions get a short PATH, so the usual install places are added.
    /// </summary>
    public static string ProgramCommand(IEnumerable<string> arguments) =>
        "PATH=\"$PATH:/usr/local/sbin:/usr/local/bin:$HOME/.local/bin\" " + ShellQuote.Join([RemoteProgram, .. arguments]);

    /// <summary>Runs <paramref name="remoteCommand"/> for every target in parallel; the replies keep the targets' order.</summary>
    public IReadOnlyList<RemoteReply> Run(IReadOnlyList<RemoteTarget> targets, Func<RemoteTarget, string> remoteCommand, byte[]? standardInput, CancellationToken cancellation)
    {
        var runs = targets.Select(t => Task.Run(() => RunOne(t, remoteCommand(t), standardInput, cancellation), cancellation)).ToArray();
        return Task.WhenAll(runs).GetAwaiter().GetResult();
    }

    private async Task<RemoteReply> RunOne(RemoteTarget target, string remoteCommand, byte[]? standardInput, CancellationToken cancellation)
    {
        var watch = Stopwatch.StartNew();
        ProcessResult result;
        try
        {
            result = await _runner.RunAsync(_settings.Command[0], _settings.Arguments(target, remoteCommand), standardInput, cancellation).ConfigureAwait(false);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            var missing = new VdeException(ErrorIds.HostUnreachable, VdeErrorCategory.ConnectionError, $"cannot start '{_settings.Command[0]}': {e.Message}; install openssh-client", target.ToString(), e);
            return new RemoteReply(target, SshOwnError, string.Empty, string.Empty, watch.Elapsed, missing);
        }

        return new RemoteReply(target, result.ExitCode, result.StandardOutput, result.StandardError, watch.Elapsed, Classify(target, result));
    }

    /// <summary>Why a host's run failed, or null when the program ran and answered (check's exit 2 with its result included).</summary>
    public static VdeException? Classify(RemoteTarget target, ProcessResult result)
    {
        if (result.ExitCode == 0)
        {
            return null;
        }

        var lastLine = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? string.Empty;
        var host = target.ToString();
        if (ErrorLine.TryParse(lastLine, out var message, out var id))
        {
            var category = ErrorCatalog.All.FirstOrDefault(e => e.Id == id)?.Category ?? VdeErrorCategory.InvalidOperation;
            return new VdeException(id, category, $"{host}: {message}", host);
        }

        if (result.ExitCode == SshOwnError)
        {
            return lastLine.Contains("Permission denied", StringComparison.Ordinal) || lastLine.Contains("Host key verification failed", StringComparison.Ordinal)
                ? new VdeException(ErrorIds.LoginRefused, VdeErrorCategory.PermissionDenied,
                    $"{host}: the SSH login was refused ({lastLine}); check the user, the key and ~/.ssh/config (no password prompts: BatchMode)", host)
                : new VdeException(ErrorIds.HostUnreachable, VdeErrorCategory.ConnectionError,
                    $"{host}: {(lastLine.Length > 0 ? lastLine : "the connection failed or was lost (ssh said nothing more; its LogLevel may be quiet)")}", host);
        }

        if (result.ExitCode == CommandNotFound)
        {
            return new VdeException(ErrorIds.RemoteToolMissing, VdeErrorCategory.NotInstalled,
                $"{host}: {RemoteProgram} is not installed there (not found on its PATH)", host, null,
                [Remedy.Run($"{RemoteProgram} -r {host} deploy", "to install it")]);
        }

        // The program answered with a result and a failing exit code (check: a failed check), or died without a word.
        return result.StandardOutput.Length > 0 && lastLine.Length == 0
            ? null
            : new VdeException(ErrorIds.RemoteFailed, VdeErrorCategory.InvalidOperation, $"{host}: exit {result.ExitCode}: {(lastLine.Length > 0 ? lastLine : "no output")}", host);
    }
}
