using CtysVde.Core.Errors;
using CtysVde.Core.Linux;
using CtysVde.Core.Vde;

namespace CtysVde.Core.Switches;

/// <summary>
/// Makes a new switch learn which IPv4 and IPv6 addresses speak on which port: vde_switch's iplog plugin, with
/// every address range, and its log in <see cref="ResolvedSwitch.AddressLog"/>. Queries read what it learned with
/// `iplog/iplist` through the management socket; the log is the switch's history, its owner's to read, and goes
/// with the switch's other files.
/// </summary>
internal sealed class AddressLearning
{
    /// <summary>
    /// A day: an address stays listed while its guest is quiet for that long; one whose port closes goes at once
    /// (the plugin drops a port's addresses when the port closes).
    /// </summary>
    public const int ExpireSeconds = 86400;

    private readonly SwitchEnvironment _env;
    private readonly Action<string> _log;

    public AddressLearning(SwitchEnvironment env, Action<string> log)
    {
        _env = env;
        _log = log;
    }

    /// <summary>
    /// Loads and sets up the plugin on the freshly started switch. A host without the plugin gets a switch that
    /// learns nothing (said in the log); anything else that fails fails the create, which undoes it all.
    /// </summary>
    public void Start(ResolvedSwitch r, CancellationToken cancellation)
    {
        if (VdePlugins.Find("iplog") is not { } plugin)
        {
            _log($"the iplog plugin of vde2 is not installed ({VdePlugins.Expected("iplog")}): switch {r.Name} will not learn its guests' addresses");
            return;
        }

        // root creates the log exclusively, never following a link, in a directory only root (or the caller) can
        // change. Root's own vde_switch opens it by name and keeps it open before it is handed to the owner.
        try
        {
            KernelCalls.Kernel(() => _env.Files.CreateFile(r.AddressLog, 0x180 /* 0600 */), "create the address log", r.AddressLog);
        }
        catch (VdeException e) when (e.InnerException is PosixException { Errno: LibC.EEXIST })
        {
            // Create cleared this switch's own leftovers before: whatever is there now is not ours to use or remove.
            var found = _env.Files.Stat(r.AddressLog);
            throw new VdeException(ErrorIds.UnsafeSocketPath, VdeErrorCategory.InvalidArgument,
                $"{r.AddressLog}, the name of the switch's address log beside its pidfile, is taken ({found?.ModeString} {(found is null ? "?" : _env.Users.UserName(found.Uid))}); it is not followed, used or removed",
                r.AddressLog, e, [new Remedy(RemedyAction.OtherSocketPaths)]);
        }

        _log($"created {r.AddressLog}");
        // A switch that runs as its owner opens the log as the owner: it is the owner's before it is named to it.
        var runsAsOwner = r.Owner.Uid != 0;
        if (runsAsOwner)
        {
            GiveToOwner(r);
        }

        var ranges = ManagementSession.With(r.ManagementSocket, r.Name, _env.ManagementTimeout, cancellation, client =>
        {
            Ask(client, $"plugin/add {plugin}");
            Ask(client, $"iplog/logfile {r.AddressLog}");
            Ask(client, "iplog/ipadd 0.0.0.0/0");

            // vde_switch reads ranges with getaddrinfo(3) and no hints, so AI_ADDRCONFIG applies: on a host with IPv6
            // but no IPv4 address yet, 0.0.0.0/0 came back v4-mapped, as ::/0, and this one exists already.
            if (client.Send("iplog/ipadd ::/0") is { IsSuccess: false, Errno: not LibC.EEXIST } refused)
            {
                Ask(client, refused.Command);
            }

            Ask(client, $"iplog/setexpire {ExpireSeconds}");
            return Ask(client, "iplog/list").Data;
        }, _env.Management);
        if (!ranges.Any(l => l.TrimStart().StartsWith("ipv4:", StringComparison.Ordinal)))
        {
            _log($"switch {r.Name} learns only IPv6 addresses: this host had no IPv4 address when it started (getaddrinfo's AI_ADDRCONFIG in vde_switch)");
        }

        if (!runsAsOwner)
        {
            GiveToOwner(r);
        }

        _log($"switch {r.Name} learns its guests' addresses (iplog), logged in {r.AddressLog}");
    }

    private void GiveToOwner(ResolvedSwitch r) =>
        KernelCalls.Kernel(() => _env.Files.SetOwnerAndMode(r.AddressLog, FileKind.Regular, r.Owner.Uid, r.Group.Gid, 0x180), "set ownership", r.AddressLog);

    private static VdeReply Ask(VdeManagementClient client, string command) => ManagementSession.Ask(client, command);
}
