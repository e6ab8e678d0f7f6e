using System.Reflection;
using CtysVde.Core.Linux;
using CtysVde.Core.Model;
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
            var version = typeof(CommandLine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0";
            stdout.WriteLine($"{Name} {version.Split('+')[0]} (CtysVde)");
            return ExitOk;
        }

        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            var manager = new SwitchManager(SwitchEnvironment.Default(), a.DebugLevel > 0 ? m => stderr.WriteLine($"{Name}: {m}") : null);
            return Execute(a, manager, new ResultWriter(stdout, a.Format), stderr, cancel.Token);
        }
        catch (VdeException e)
        {
            stderr.WriteLine($"{Name}: {e.Message} [{e.ErrorId}]");
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

    private static int Execute(CliArguments a, SwitchManager manager, ResultWriter output, TextWriter stderr, CancellationToken cancellation)
    {
        var spec = Spec(a);
        switch (a.Action)
        {
            case CliAction.Create when a.DryRun:
                output.Plan(manager.PlanCreate(spec));
                return ExitOk;
            case CliAction.Create:
                var created = manager.Create(spec, cancellation);
                if (!created.Created && a.Format == OutputFormat.Table && a.DebugLevel == 0)
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
            case CliAction.List:
            case CliAction.ListAll:
                var extra = a.SocketPath is not null || a.ManagementSocket is not null || a.User is not null ? new[] { spec } : null;
                output.Switches(manager.List(a.Action == CliAction.ListAll, extra), a.Action == CliAction.ListAll);
                return ExitOk;
            default:
                output.Switch(manager.Info(spec, cancellation));
                return ExitOk;
        }
    }

    private static SwitchSpec Spec(CliArguments a)
    {
        var users = new UserDatabase();
        var (user, group) = a.User is null ? (null, null) : OwnerSpec.Parse(a.User, u => users.FindUser(u) is not null);
        return new SwitchSpec
        {
            Owner = user,
            Group = group,
            BridgeName = a.Bridge,
            SocketPath = a.SocketPath,
            ManagementSocket = a.ManagementSocket,
            SetgidGroup = a.SetgidGroup,
            TapName = a.TapName,
            Interface = a.Interface,
            Force = a.Force,
            ProbeTarget = a.ProbeTarget,
            ProbeTimeout = a.ProbeTimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
        };
    }
}
