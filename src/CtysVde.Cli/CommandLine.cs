using System.Runtime.InteropServices;
using CtysVde.Core.Errors;
using CtysVde.Core.Linux;
using CtysVde.Core.Model;
using CtysVde.Core.Privilege;
using CtysVde.Core.Processes;
using CtysVde.Core.Switches;

namespace CtysVde.Cli;

/// <summary>`ctys-setupvde`: parse, call one engine operation, print the result, map errors to exit values.</summary>
public static class CommandLine
{
    public const int ExitOk = 0;
    public const int ExitBadParameters = 1;
    public const int ExitMissingEnvironment = 2;
    private const string Name = "ctys-setupvde";

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        CliArguments a;
        try
        {
            a = ArgumentParser.Parse(args);
        }
        catch (CliUsageException e)
        {
            stderr.WriteLine($"{Name}: {e.Message}");
            stderr.WriteLine($"Try '{Name} -h' for the syntax.");
            return ExitBadParameters;
        }

        if (a.Help)
        {
            stdout.WriteLine(HelpText.Usage);
            return ExitOk;
        }

        if (a.Version)
        {
            // Concatenation, not interpolation: see ArgumentParser.Parse (a start without ArrayPool set-up).
            stdout.WriteLine(Name + " " + VersionNumber + " (CtysVde)");
            return ExitOk;
        }

        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;

        // A caller whose terminal or ssh session hangs up must not leave a half-moved uplink or a half-made
        // switch behind: create and cancel finish (or undo) what they started. Ctrl-C still cancels cleanly.
        using var hangUp = a.Action is CliAction.Create or CliAction.Cancel && a.Hosts.Count == 0
            ? PosixSignalRegistration.Create(PosixSignal.SIGHUP, c => c.Cancel = true)
            : null;
        try
        {
            if (a.Hosts.Count > 0 || a.Action == CliAction.Deploy)
            {
                return new RemoteCommand(a, stdout, stderr).Run(cancel.Token);
            }

            if (a.Elevation is { } elevation && !UserDatabase.IsRoot)
            {
                return Elevate(a, elevation);
            }

            var env = SwitchEnvironment.Default();
            var manager = new SwitchManager(env, a.DebugLevel > 0 ? m => stderr.WriteLine($"{Name}: {m}") : null);
            return Execute(a, manager, new SwitchResolver(env), new ResultWriter(stdout, a.Format), stderr, cancel.Token);
        }
        catch (CliUsageException e)
        {
            stderr.WriteLine($"{Name}: {e.Message}");
            return ExitBadParameters;
        }
        catch (VdeException e)
        {
            stderr.WriteLine(ErrorLine.Format(CommandLineWords.Instance.Describe(e) + Remedy(e, a), e.ErrorId));
            return e.IsBadInput ? ExitBadParameters : ExitMissingEnvironment;
        }
        catch (OperationCanceledException)
        {
            stderr.WriteLine($"{Name}: cancelled");
            return ExitMissingEnvironment;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or TimeoutException or System.Net.Sockets.SocketException)
        {
            // Not expected from the engine, which maps its failures to error ids; still no stack trace for users.
            stderr.WriteLine($"{Name}: {e.Message}");
            return ExitMissingEnvironment;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    /// <summary>The version without build metadata, e.g. 0.2.0.</summary>
    /// <remarks>
    /// A constant written at build time (CtysVde.Cli.csproj), not the assembly's informational-version attribute:
    /// reading an attribute in a Native AOT binary starts the reflection type loader, which was a third of the
    /// managed start-up time of every call.
    /// </remarks>
    public static string VersionNumber => CliVersion.Informational.Split('+')[0];

    /// <summary>
    /// -Z as a non-root caller: this same program runs again as root through sudo or ksu, with the caller as
    /// the owner, so the switch and its sockets still end up the caller's.
    /// </summary>
    private static int Elevate(CliArguments a, string elevation)
    {
        var program = Environment.ProcessPath ?? throw new CliUsageException("cannot tell where this program is, so -Z cannot run it as root");
        var caller = new UserDatabase().CurrentUser().Name;
        var ownsSomething = a.Action is not (CliAction.List or CliAction.ListAll);
        var args = ForwardedArguments.For(a, a.Format, null, ownsSomething ? a.User ?? caller : null);
        return new PrivilegeElevator(new ProcessRunner()).RunAsRoot(elevation, program, args, caller);
    }

    /// <summary>What a non-root caller can do about PermissionDenied with this program: -Z sudo.</summary>
    private static string Remedy(VdeException e, CliArguments a) =>
        e.ErrorId == ErrorIds.PermissionDenied && !UserDatabase.IsRoot && a.Elevation is null
            ? "; or let sudo do it: -Z sudo (with the sudoers rule '" + new UserDatabase().CurrentUser().Name + $" ALL=(root) NOPASSWD: {Environment.ProcessPath}')"
            : string.Empty;

    /// <summary>`cable-end check SWITCH HOSTID SWITCH | plug ID SWITCH ORIGIN | status ID SWITCH | remove ID | probe SWITCH`, asked by another host's cable.</summary>
    private static int CableEnd(IReadOnlyList<string> words, SwitchManager manager, ResultWriter output, CancellationToken cancellation)
    {
        switch (words)
        {
            case ["check", var sw, var originHostId, var originSwitch]:
                output.Switch(manager.CheckCableEnd(sw, originHostId, originSwitch, cancellation));
                return ExitOk;
            case ["plug", var id, var sw, var origin]:
                manager.PlugCableEnd(id, sw, origin, cancellation);
                return ExitMissingEnvironment;
            case ["status", var id, var sw]:
                output.Cable(manager.CableEndStatus(id, sw, cancellation));
                return ExitOk;
            case ["remove", var id]:
                manager.RemoveCableEnd(id);
                return ExitOk;
            case ["probe", var sw]:
                manager.ProbeCableEnd(sw, cancellation);
                return ExitOk;
            default:
                throw new CliUsageException($"cable-end is run by another host's cable over ssh; '{string.Join(' ', words)}' is not one of its requests (check SWITCH HOSTID SWITCH, plug ID SWITCH ORIGIN, status ID SWITCH, remove ID, probe SWITCH)");
        }
    }

    private static int Execute(CliArguments a, SwitchManager manager, SwitchResolver resolver, ResultWriter output, TextWriter stderr, CancellationToken cancellation)
    {
        var spec = Spec(a);
        if (a.Action == CliAction.Cancel && a.Bridge is not null)
        {
            // The engine's cancel finds the bridge from the TAP and never reads -b; it is still a value the caller
            // gave, so it is checked as create checks it (InvalidBridgeName, NotABridge) before anything is removed.
            resolver.ResolveBridge(a.Bridge);
        }

        switch (a.Action)
        {
            case CliAction.Create when a.DryRun:
                output.Plan(manager.PlanCreate(spec));
                return ExitOk;
            case CliAction.Create:
                var created = manager.Create(spec, cancellation);
                if (created.Note is { } createNote)
                {
                    stderr.WriteLine($"{Name}: {createNote}");
                }
                else if (!created.Created && a.Format == OutputFormat.Table && a.DebugLevel == 0)
                {
                    stderr.WriteLine($"{Name}: switch {created.Switch.Name} is already running and healthy; nothing changed");
                }

                output.Switch(created.Switch);
                return ExitOk;
            case CliAction.Cancel when a.DryRun:
                output.Plan(manager.PlanRemove(spec));
                return ExitOk;
            case CliAction.Cancel:
                var removed = manager.Remove(spec, a.Force, cancellation);
                output.Removed(removed);
                if (a.Format == OutputFormat.Table)
                {
                    stderr.WriteLine($"{Name}: cancelled {removed.SwitchName}; removed {string.Join(", ", removed.Removed)}"
                        + (removed.Kept.Count > 0 ? $"; kept {string.Join(", ", removed.Kept)}" : string.Empty));
                }

                return ExitOk;
            case CliAction.Check:
                var checks = manager.Test(spec, cancellation);
                output.Health(checks);
                return checks.All(c => c.Passed) ? ExitOk : ExitMissingEnvironment;
            case CliAction.Ports:
                output.Ports(manager.Ports(spec, cancellation));
                return ExitOk;
            case CliAction.Vlan when a.VlanMode is { } mode:
                var prepared = manager.PreparePortVlan(spec, VlanRequest(a, mode), cancellation);
                if (a.DryRun)
                {
                    output.Plan(prepared.Plan);
                    return ExitOk;
                }

                output.PortVlans([manager.SetPortVlan(prepared, cancellation)]);
                return ExitOk;
            case CliAction.Vlan:
                output.PortVlans(manager.PortVlans(spec, cancellation).Where(v => a.Port is null || v.Port == a.Port).ToArray());
                return ExitOk;
            case CliAction.Cable when a.CableTo is { } to:
                if (a.TestCable)
                {
                    var cableChecks = manager.TestCable(manager.CableBetween(spec, to, a.CableToHost, cancellation).Name, cancellation);
                    output.Health(cableChecks);
                    return cableChecks.All(c => c.Passed) ? ExitOk : ExitMissingEnvironment;
                }

                if (a.RemoveCable)
                {
                    output.Cables([manager.RemoveCable(manager.CableBetween(spec, to, a.CableToHost, cancellation).Name, cancellation)]);
                    return ExitOk;
                }

                var plan = manager.PrepareCable(new CableRequest { Switch = spec, RemoteSwitchName = to, RemoteHost = a.CableToHost, Impairment = a.Impairment }, cancellation);
                if (a.DryRun)
                {
                    output.Plan(plan.Plan);
                    return ExitOk;
                }

                output.Cables([manager.NewCable(plan, cancellation)]);
                return ExitOk;
            case CliAction.CableEnd:
                return CableEnd(a.CableEnd, manager, output, cancellation);
            case CliAction.Cable:
                output.Cables(manager.Cables(a.SocketPath is null && a.ManagementSocket is null && a.User is null ? null : manager.Resolve(spec).Name, cancellation));
                return ExitOk;
            case CliAction.Capture when a.CaptureFile is { } file:
                var capture = manager.PrepareCapture(spec, new CaptureRequest { Path = Path.GetFullPath(file), Port = a.Port ?? 0 }, cancellation);
                if (a.DryRun)
                {
                    output.Plan(capture.Plan);
                    return ExitOk;
                }

                output.Captures([manager.StartCapture(capture, cancellation)]);
                return ExitOk;
            case CliAction.Capture when a.StopCapture:
                output.Captures([manager.StopCapture(spec, cancellation)]);
                return ExitOk;
            case CliAction.Capture:
                output.Captures(manager.Captures(spec, cancellation));
                return ExitOk;
            case CliAction.List:
            case CliAction.ListAll:
                var extra = a.SocketPath is not null || a.ManagementSocket is not null || a.User is not null ? new[] { spec } : null;
                // The same query as Get-VdeSwitch, so that --json agrees with ConvertTo-Json of the cmdlet's output.
                var listed = manager.Find(null, null, a.Action == CliAction.ListAll, cancellation, extra);
                output.Switches(listed.Switches, a.Action == CliAction.ListAll);
                foreach (var note in new[] { listed.SkippedNote, listed.LeftoverNote }.OfType<string>())
                {
                    stderr.WriteLine($"{Name}: note: {note}");
                }

                return ExitOk;
            default:
                output.Switch(manager.Info(spec, cancellation));
                return ExitOk;
        }
    }

    private static PortVlanRequest VlanRequest(CliArguments a, VdeVlanMode mode) => new()
    {
        Port = a.Port ?? throw new CliUsageException("vlan needs --port to set a port's VLANs"),
        Mode = mode,
        VlanId = a.VlanId,
        AllowedVlanIds = a.AllowedVlans,
        NativeVlanId = a.NativeVlan ?? 0,
    };

    private static SwitchSpec Spec(CliArguments a)
    {
        var users = new UserDatabase();
        var (user, group) = a.User is null ? (null, null) : OwnerSpec.Parse(a.User, u => users.FindUser(u) is not null, g => users.FindGroup(g) is not null);
        return new SwitchSpec
        {
            Owner = user,
            Group = group,
            BridgeName = a.Bridge,
            SocketPath = a.SocketPath,
            ManagementSocket = a.ManagementSocket,
            SetgidGroup = a.SetgidGroup,
            TapName = a.TapName,
            Force = a.Force,
            Uplink = a.Interface is null ? null : new UplinkRequest
            {
                Interface = a.Interface,
                Force = a.Force,
                Unmanage = a.Unmanage,
                ProbeTarget = a.ProbeTarget,
                ProbeTimeout = a.ProbeTimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            },
        };
    }
}
