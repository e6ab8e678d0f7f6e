using CtysVde.Core.Vde;

namespace CtysVde.Core.Switches;

/// <summary>
/// The parts the switch operations share, made once per <see cref="SwitchManager"/>: each operation takes the ones
/// it needs, so that no two operations build their own (and disagree about, e.g., the daemon's program).
/// </summary>
internal sealed record SwitchParts(
    SwitchResolver Resolver,
    SwitchInspector Inspector,
    SwitchDescriber Describer,
    VdeSwitchDaemon Daemon,
    HealthChecker Health,
    BridgeOperations Bridges,
    SocketFiles Files,
    UplinkPlan UplinkPlan,
    SwitchAccess Access,
    TapPlug TapPlug,
    PacketCaptures Captures)
{
    public static SwitchParts For(SwitchEnvironment env, Action<string> log)
    {
        var resolver = new SwitchResolver(env);
        var inspector = new SwitchInspector(env);
        var describer = new SwitchDescriber(env);
        var settings = new VdeDaemonSettings(env.VdeSwitchProgram, env.ManagementTimeout, env.StartTimeout, env.StopTimeout);
        var access = new SwitchAccess(resolver, inspector, describer);
        return new SwitchParts(
            resolver,
            inspector,
            describer,
            new VdeSwitchDaemon(settings, env.Runner, env.Processes, env.Management, log),
            new HealthChecker(env),
            new BridgeOperations(env, log),
            new SocketFiles(env, log),
            new UplinkPlan(env),
            access,
            new TapPlug(env.Runner, env.Management, settings, log, env.Processes),
            new PacketCaptures(env, log, access));
    }
}
