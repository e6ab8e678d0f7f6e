using System.Text.Json;
using CtysVde.Core.Errors;
using CtysVde.Core.Model;
using CtysVde.Core.Processes;
using CtysVde.Core.Remote;

namespace CtysVde.Core.Switches;

/// <summary>
/// The far end of a cable to a switch on another host, reached with the system's ssh and the same settings as
/// every other remote run (<see cref="SshSettings"/>: the user's config and keys, BatchMode, keep-alives). Every
/// question is a run of ctys-setupvde's `cable-end` there, as the login user, so that host itself checks that the
/// switch is that user's; the cable's own ssh stage runs `cable-end plug`, which becomes the plug.
/// </summary>
internal sealed class CableFarEnd
{
    /// <summary>The remote program's action for a cable's far end; its verbs are the operations of <see cref="CableEnds"/>.</summary>
    public const string Action = "cable-end";

    private readonly SshSettings _settings;
    private readonly SshFanOut _ssh;

    public CableFarEnd(SshSettings settings, IProcessRunner runner)
    {
        _settings = settings;
        _ssh = new SshFanOut(settings, runner);
    }

    /// <summary>How long ssh may take to connect: a cable across hosts is given that much longer to come up.</summary>
    public TimeSpan ConnectTimeout => _settings.ConnectTimeout;

    /// <summary>
    /// The switch there, if it runs, is the login user's and has no cable from there to <paramref name="originSwitch"/>
    /// of this host (<paramref name="originHostId"/>); HostUnreachable, LoginRefused, SwitchNotFound, InvalidCable... otherwise.
    /// </summary>
    public VdeSwitch Check(RemoteTarget host, string switchName, string originHostId, string originSwitch, CancellationToken cancellation) =>
        JsonSerializer.Deserialize(Ask(host, ["check", switchName, originHostId, originSwitch], cancellation), Model.VdeJsonContext.Default.VdeSwitch)
        ?? throw Garbled(host);

    /// <summary>The end there as a cable: its port, plug and counters, Up when it is on the switch.</summary>
    public VdeCable Status(RemoteTarget host, string endId, string switchName, CancellationToken cancellation) =>
        JsonSerializer.Deserialize(Ask(host, ["status", endId, switchName], cancellation), Model.VdeJsonContext.Default.VdeCable)
        ?? throw Garbled(host);

    /// <summary>Ends the end's plug there, a stale one too.</summary>
    public void Remove(RemoteTarget host, string endId, CancellationToken cancellation) => Ask(host, ["remove", endId], cancellation);

    /// <summary>Sends test frames into the switch there.</summary>
    public void Probe(RemoteTarget host, string switchName, CancellationToken cancellation) => Ask(host, ["probe", switchName], cancellation);

    /// <summary>
    /// The cable's ssh stage for dpipe: ssh runs `cable-end plug` there, its standard error (ssh's own messages and the
    /// far end's) and then its exit status appended to <paramref name="log"/>, which is where a down cable's reason comes from.
    /// The shell around ssh is not in the data path: ssh has the pipes themselves.
    /// </summary>
    public IReadOnlyList<string> Stage(RemoteTarget host, string endId, string switchName, string origin, string log) =>
    [
        "sh", "-c", "\"$@\" 2>>\"$0\"; echo \"exit $?\" >>\"$0\"", log,
        _settings.Command[0], .. _settings.Arguments(host, SshFanOut.ProgramCommand([Action, "plug", endId, switchName, origin])),
    ];

    private string Ask(RemoteTarget host, IReadOnlyList<string> arguments, CancellationToken cancellation)
    {
        var reply = _ssh.Run([host], _ => SshFanOut.ProgramCommand([Action, .. arguments]), null, cancellation)[0];
        if (reply.Failure is { } failure)
        {
            throw failure;
        }

        return reply.StandardOutput;
    }

    private static VdeException Garbled(RemoteTarget host) =>
        new(ErrorIds.RemoteFailed, VdeErrorCategory.InvalidOperation, $"{host}: the answer of {SshFanOut.RemoteProgram} {Action} was not what it says", host.ToString());
}
