namespace CtysVde.Core.Processes;

/// <summary>How a child process ended and what it printed.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError);
