using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CtysVde.Core.Errors;
using CtysVde.Core.Model;
using CtysVde.Core.Processes;
using CtysVde.Core.Remote;
using CtysVde.Core.Switches;

namespace CtysVde.Cli;

/// <summary>
/// `-r host1,host2 ACTION` and `ACTION user@host …`: the action runs on every host at once, each host's
/// ctys-setupvde answers in JSON, and the answers become the same objects a local call prints, merged into
/// one table (with the host) or one JSON array. A host that fails gives its own error and leaves the others alone.
/// </summary>
internal sealed class RemoteCommand
{
    private const string Name = "ctys-setupvde";

    private readonly CliArguments _a;
    private readonly ResultWriter _output;
    private readonly TextWriter _stderr;
    private readonly SshFanOut _ssh;

    public RemoteCommand(CliArguments a, TextWriter stdout, TextWriter stderr)
    {
        _a = a;
        _output = new ResultWriter(stdout, a.Format);
        _stderr = stderr;
        _ssh = new SshFanOut(SshSettings.FromEnvironment(a.TimeoutSeconds is { } s ? TimeSpan.FromSeconds(s) : null), new ProcessRunner());
    }

    public int Run(CancellationToken cancellation)
    {
        if (_a.Hosts.Count == 0)
        {
            throw new CliUsageException("deploy needs the hosts to install on: -r host1,host2 or user@host after the action");
        }

        var targets = _a.Hosts.Select(h => RemoteTargetParser.Parse(h, _a.RemoteUser, _a.Elevation)).ToArray();
        if (_a.Action == CliAction.Deploy)
        {
            return new Deployment(_a, _ssh).Run(targets, _output, _stderr, cancellation);
        }

        var replies = _ssh.Run(targets, t => SshFanOut.ProgramCommand(ForwardedArguments.For(_a, OutputFormat.Json, t.Elevation, null)), null, cancellation);
        foreach (var reply in replies.Where(_ => _a.DebugLevel > 0))
        {
            foreach (var line in reply.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                _stderr.WriteLine($"{reply.Target}: {line}");
            }

            _stderr.WriteLine($"{Name}: {reply.Target}: exit {reply.ExitCode} after {reply.Elapsed.TotalMilliseconds:0} ms");
        }

        var unreadable = Print(replies.Where(r => r.Failure is null).ToArray());
        var exit = CommandLine.ExitOk;
        foreach (var reply in replies)
        {
            if ((reply.Failure ?? unreadable.GetValueOrDefault(reply.Target)) is { } failure)
            {
                _stderr.WriteLine(ErrorLine.Format(CommandLineWords.Instance.Describe(failure), failure.ErrorId));
                exit = Math.Max(exit, failure.IsBadInput ? CommandLine.ExitBadParameters : CommandLine.ExitMissingEnvironment);
            }
            else
            {
                // A host that answered can still say no: check's failed checks come with exit 2.
                exit = Math.Max(exit, reply.ExitCode);
            }
        }

        return exit;
    }

    /// <summary>Turns each host's JSON into objects and prints them together; answers that are not such JSON become errors.</summary>
    private Dictionary<RemoteTarget, VdeException> Print(IReadOnlyList<RemoteReply> replies)
    {
        var bad = new Dictionary<RemoteTarget, VdeException>();
        T[] Read<T>(JsonTypeInfo<T> type)
        {
            var values = new List<T>();
            foreach (var r in replies)
            {
                try
                {
                    values.Add(JsonSerializer.Deserialize(r.StandardOutput, type) ?? throw new JsonException("null"));
                }
                catch (JsonException e)
                {
                    bad[r.Target] = new VdeException(ErrorIds.RemoteFailed, VdeErrorCategory.InvalidOperation,
                        $"{r.Target}: answered something that is not ctys-setupvde's JSON ({e.Message}); is the same version installed there?", r.Target.ToString());
                }
            }

            return values.ToArray();
        }

        var json = VdeJsonContext.Default;
        switch (_a.Action)
        {
            case CliAction.Create or CliAction.Cancel or CliAction.Vlan or CliAction.Capture or CliAction.Cable when _a.DryRun:
                var plans = Read(json.SwitchPlan);
                _output.Plans(replies.Where(r => !bad.ContainsKey(r.Target)).Select(r => r.Target.ToString()).Zip(plans).ToArray());
                break;
            case CliAction.Cancel:
                var removed = Read(json.RemoveResult);
                _output.Removed(removed);
                if (_a.Format == OutputFormat.Table)
                {
                    foreach (var r in removed)
                    {
                        _stderr.WriteLine($"{Name}: {r.Switch.HostName}: cancelled {r.SwitchName}; removed {string.Join(", ", r.Removed)}"
                            + (r.Kept.Count > 0 ? $"; kept {string.Join(", ", r.Kept)}" : string.Empty));
                    }
                }

                break;
            case CliAction.Check:
                _output.Health(Read(json.VdeHealthArray).SelectMany(h => h).ToArray(), withHost: true);
                break;
            case CliAction.Ports:
                _output.Ports(Read(json.VdePortArray).SelectMany(p => p).ToArray(), withHost: true);
                break;
            case CliAction.Vlan:
                _output.PortVlans(Read(json.VdePortVlanArray).SelectMany(p => p).ToArray(), withHost: true);
                break;
            case CliAction.Capture:
                _output.Captures(Read(json.VdeCaptureArray).SelectMany(c => c).ToArray(), withHost: true);
                break;
            case CliAction.Cable when _a.TestCable:
                _output.Health(Read(json.VdeHealthArray).SelectMany(h => h).ToArray(), withHost: true);
                break;
            case CliAction.Cable:
                _output.Cables(Read(json.VdeCableArray).SelectMany(c => c).ToArray(), withHost: true);
                break;
            case CliAction.List or CliAction.ListAll:
                _output.Switches(Read(json.VdeSwitchArray).SelectMany(s => s).ToArray(), _a.Action == CliAction.ListAll);
                break;
            default:
                _output.Switches(Read(json.VdeSwitch), withArtefacts: false);
                break;
        }

        return bad;
    }
}
