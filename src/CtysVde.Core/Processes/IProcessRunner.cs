namespace CtysVde.Core.Processes;

/// <summary>
/// How the engine runs programs (vde_switch, ip, nmcli, ssh, sudo). An interface so that tests can fail any one
/// run and prove the undo (see <see cref="ProcessRunner"/>, the one implementation).
/// </summary>
public interface IProcessRunner
{
    ProcessResult Run(string fileName, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellation = default);

    /// <summary>Runs a program with <paramref name="standardInput"/> as its whole input.</summary>
    ProcessResult Run(string fileName, IReadOnlyList<string> arguments, string? standardInput, TimeSpan timeout, CancellationToken cancellation = default);

    /// <summary>Runs a program to its end with bytes as its input and no time limit but <paramref name="cancellation"/>.</summary>
    Task<ProcessResult> RunAsync(string fileName, IReadOnlyList<string> arguments, byte[]? standardInput, CancellationToken cancellation);

    /// <summary>Runs a program on this process's own terminal (stdin, stdout, stderr); returns its exit code.</summary>
    int RunAttached(string fileName, IReadOnlyList<string> arguments);
}
