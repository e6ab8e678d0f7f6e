using CtysVde.Core.Errors;
using CtysVde.Core.Model;

namespace CtysVde.Core.Switches;

/// <summary>
/// Create on a running switch that fails its health check: mend what can be mended while it keeps its clients,
/// wait for the mended parts to settle, and refuse (naming the broken parts) what only a new daemon mends.
/// </summary>
internal sealed class SwitchConvergence
{
    /// <summary>A running switch that only a new daemon mends: replace it, or remove it.</summary>
    private static readonly IReadOnlyList<Remedy> ReplaceOrRemove =
        [new Remedy(RemedyAction.Replace, "to replace it"), new Remedy(RemedyAction.Remove, "to remove it")];

    private readonly SwitchEnvironment _env;
    private readonly Action<string> _log;
    private readonly SwitchInspector _inspector;
    private readonly SwitchDescriber _describer;
    private readonly HealthChecker _health;
    private readonly SocketFiles _files;
    private readonly Vde.TapPlug _tapPlug;
    private readonly SwitchQueries _queries;

    public SwitchConvergence(SwitchEnvironment env, Action<string> log, SwitchParts parts, SwitchQueries queries)
    {
        _env = env;
        _log = log;
        _inspector = parts.Inspector;
        _describer = parts.Describer;
        _health = parts.Health;
        _files = parts.Files;
        _tapPlug = parts.TapPlug;
        _queries = queries;
    }

    /// <summary>
    /// A running switch that fails its health check: what can be mended while it keeps its clients is mended (the
    /// result says what); what needs a new daemon is refused, naming the broken parts, unless <paramref name="replace"/>
    /// (then null: the caller replaces it).
    /// </summary>
    public CreateResult? Converge(ResolvedSwitch r, SwitchArtifacts a, IReadOnlyList<VdeHealth> failed, string bridge, bool replace, CancellationToken cancellation)
    {
        var (done, broken) = new SwitchRepair(_env, _files, _tapPlug, _log).Repair(a, failed, bridge);
        if (done.Count > 0)
        {
            // A mended part may mend another: a TAP up again forwards again, after a moment (the kernel moves the
            // bridge port on asynchronously, forward delay 0 or not). While only that is left, the check is repeated.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(3);
            while (true)
            {
                var after = _inspector.Inspect(r, cancellation: cancellation);
                broken = after.Process is null ? failed : _health.Check(after, cancellation).Where(h => !h.Passed).ToArray();
                if (broken.Count == 0)
                {
                    return new CreateResult(_queries.TryShowInfo(_describer.Describe(after.Process!, r.SocketPath), cancellation), false) { Repaired = done };
                }

                var settling = broken.All(f => f.Check is nameof(HealthCheck.TapForwarding) or nameof(HealthCheck.TapUp));
                if (after.Process is null || !settling || DateTime.UtcNow > deadline)
                {
                    break;
                }

                Thread.Sleep(20);
            }
        }

        if (replace)
        {
            _log($"replacing switch {r.Name} (pid {a.Process!.ProcessId}): {string.Join("; ", broken.Select(f => $"{f.Check}: {f.Detail}"))}");
            return null;
        }

        var clients = a.Process is { } p ? $" (pid {p.ProcessId})" : string.Empty;
        if (new[] { Path.Combine(r.SocketPath, "ctl"), r.ManagementSocket }.FirstOrDefault(path => _env.Files.Stat(path) is { Kind: Linux.FileKind.SymbolicLink }) is { } link)
        {
            // Someone who can write there (its owner) put a link where the switch's socket was: never followed.
            throw new VdeException(ErrorIds.UnsafeSocketPath, VdeErrorCategory.InvalidArgument,
                $"{link} of switch {r.Name}{clients} is a symbolic link, not its socket; refusing to follow it", link, null, ReplaceOrRemove);
        }

        throw new VdeException(ErrorIds.SwitchUnhealthy, VdeErrorCategory.InvalidOperation,
            $"switch {r.Name}{clients} is running but broken: {string.Join("; ", broken.Select(f => $"{f.Check}: {f.Detail}"))}"
            + (done.Count > 0 ? $"; repaired meanwhile: {string.Join("; ", done)}" : string.Empty)
            + "; only a new daemon mends that, which disconnects its clients",
            r.Name, null, ReplaceOrRemove);
    }
}
