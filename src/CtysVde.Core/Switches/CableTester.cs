using CtysVde.Core.Model;
using CtysVde.Core.Remote;
using CtysVde.Core.Vde;

namespace CtysVde.Core.Switches;

/// <summary>
/// Whether frames pass both ways through a cable: test broadcasts sent into each switch (<see cref="FrameProbe"/>)
/// must arrive on the cable's port of the other, as that port's in-counter shows. The switch on another host is
/// probed and read through its ctys-setupvde (<see cref="CableFarEnd"/>).
/// </summary>
internal sealed class CableTester
{
    private readonly SwitchEnvironment _env;
    private readonly CableState _state;
    private readonly CableFarEnd _far;

    public CableTester(SwitchEnvironment env, CableState state, CableFarEnd far)
    {
        _env = env;
        _state = state;
        _far = far;
    }

    public IReadOnlyList<VdeHealth> Test(VdeCable cable, CableRecord? record, CancellationToken cancellation)
    {
        VdeHealth Check(CableCheck check, bool passed, string detail) =>
            new() { SwitchName = cable.SwitchName, Check = check.ToString(), Passed = passed, Detail = detail, HostName = _env.HostName, HostId = _env.HostId };
        var up = cable.State == "Up";
        var far = cable.RemoteHost.Length > 0 ? $"{cable.RemoteHost}:{cable.RemoteSwitchName}" : cable.RemoteSwitchName;
        var checks = new List<VdeHealth>
        {
            Check(CableCheck.CableUp, up, up ? $"cable {cable.Name} is up: {cable.SwitchName} port {cable.Port}, {far} port {cable.RemotePort}" : $"cable {cable.Name} is down: {cable.Reason}"),
        };
        if (!up || record is null)
        {
            var why = up ? "not tried: the cable has no record of its ends" : "not tried: the cable is down";
            checks.Add(Check(CableCheck.FramesAcross, false, why));
            checks.Add(Check(CableCheck.FramesBack, false, why));
            return checks;
        }

        Func<long?> farCount;
        Action farProbe;
        if (record.IsAcrossHosts)
        {
            var host = RemoteTarget.Parse(record.RemoteHost);
            farCount = () => _far.Status(host, _state.EndId(record.Name), record.RemoteSwitchName, cancellation).InPackets;
            farProbe = () => _far.Probe(host, record.RemoteSwitchName, cancellation);
        }
        else
        {
            farCount = () => _state.Ports.InPackets(record.RemoteSocketPath, cable.RemotePort, cancellation);
            farProbe = () => Probe(record.RemoteSocketPath, cancellation);
        }

        var across = Passes(farCount, () => Probe(record.SocketPath, cancellation), cancellation);
        checks.Add(Check(CableCheck.FramesAcross, across, $"test frames sent into {cable.SwitchName} {(across ? "reached" : "did not reach")} {far}"));
        var back = Passes(() => _state.Ports.InPackets(record.SocketPath, cable.Port, cancellation), farProbe, cancellation);
        checks.Add(Check(CableCheck.FramesBack, back, $"test frames sent into {far} {(back ? "reached" : "did not reach")} {cable.SwitchName}"));
        return checks;
    }

    private void Probe(string socket, CancellationToken cancellation) => new FrameProbe(_env.Runner).Send(socket, 3, _env.StartTimeout, cancellation);

    /// <summary>Whether the in-counter <paramref name="count"/> grows after <paramref name="probe"/>, within the start timeout.</summary>
    private bool Passes(Func<long?> count, Action probe, CancellationToken cancellation)
    {
        var before = count();
        if (before is null)
        {
            return false;
        }

        probe();
        var deadline = DateTime.UtcNow + _env.StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (count() > before)
            {
                return true;
            }

            cancellation.WaitHandle.WaitOne(20);
            cancellation.ThrowIfCancellationRequested();
        }

        return false;
    }
}
