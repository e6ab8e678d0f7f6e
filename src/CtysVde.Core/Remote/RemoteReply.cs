using CtysVde.Core.Errors;

namespace CtysVde.Core.Remote;

/// <summary>What one host answered: the remote program's output and exit code, or why it could not run.</summary>
/// <param name="Failure">Null when the host ran the action; its error otherwise (unreachable, login refused, the action's own error).</param>
public sealed record RemoteReply(RemoteTarget Target, int ExitCode, string StandardOutput, string StandardError, TimeSpan Elapsed, VdeException? Failure);
