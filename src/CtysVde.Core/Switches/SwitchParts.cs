using CtysVde.Core.Uplinks;

namespace CtysVde.Core.Switches;

/// <summary>
/// The parts the switch operations share, made once per <see cref="SwitchManager"/>: each operation takes the ones
/// it needs, so that no two operations build their own (and disagree about, e.g., the daemon's program).
/// </summary>
internal sealed record SwitchParts(
    SwitchResolver Resolver,
    SwitchInspector Inspector,
    SwitchDaemon Daemon,
    HealthChecker Health,
    UplinkMover Uplinks,
    BridgeOperations Bridges,
    SocketFiles Files,
    UplinkPlan UplinkPlan,
    SwitchAccess Access)
{
    public static SwitchParts For(SwitchEnvironment env, Action<string> log)
    {
        var resolver = new SwitchResolver(env);
        var inspector = new SwitchInspector(env);
        var uplinks = new UplinkMover(env, log);
        return new SwitchParts(
            resolver,
            inspector,
            new SwitchDaemon(env, log),
            new HealthChecker(env),
            uplinks,
            new BridgeOperations(env, uplinks, log),
            new SocketFiles(env, log),
            new UplinkPlan(uplinks),
            new SwitchAccess(resolver, inspector));
    }
}
