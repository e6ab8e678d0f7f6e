using System.Collections;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using CtysVde.Core.Linux;
using CtysVde.Core.Processes;
using CtysVde.Core.Switches;
using CtysVde.Core.Uplinks;
using CtysVde.Core.Vde;

namespace CtysVde.Tests.Support;

/// <summary>
/// Counts the engine's acting calls through the seam (every kernel call, every file call that changes something or
/// opens a directory to change something in it, every program run, every connection to a management socket, every
/// probe after an uplink move) and fails exactly the one numbered <see cref="FailAt"/>, the way the real call
/// fails (a PosixException, a program that times out, a socket that refuses, a probe no target answers). With
/// no number it only records, so a successful run enumerates the steps an operation takes: a step added later is
/// tested without anyone listing it.
/// </summary>
public sealed class FaultPlan
{
    /// <summary>File calls that only look; failing them is not a step of an operation.</summary>
    private static readonly string[] Reads = [nameof(IUnixFiles.Stat), nameof(IUnixFiles.StatDescriptor), nameof(IUnixFiles.Identity), nameof(IUnixFiles.UntrustedAncestor)];

    /// <summary>EIO: an error no step expects, so none may swallow it as "already done".</summary>
    private const int Eio = 5;

    private readonly List<string> _calls = new();

    public FaultPlan(int? failAt = null)
    {
        FailAt = failAt;
    }

    /// <summary>The 1-based acting call to fail; null: fail none.</summary>
    public int? FailAt { get; }

    /// <summary>Each acting call so far, as "Kernel.CreateTap(tap%d, …)".</summary>
    public IReadOnlyList<string> Calls => _calls;

    /// <summary>The failed call, once it has happened.</summary>
    public string? Failed { get; private set; }

    /// <summary>The machine with its kernel, files, programs, management sockets and probe behind this plan; the rest is real.</summary>
    public SwitchEnvironment Wrap(SwitchEnvironment env) => env with
    {
        Kernel = FaultProxy<INetworkKernel>.Wrap(env.Kernel, "Kernel", this),
        Files = FaultProxy<IUnixFiles>.Wrap(env.Files, "Files", this),
        Runner = FaultProxy<IProcessRunner>.Wrap(env.Runner, "Runner", this),
        Management = FaultProxy<IManagementConnector>.Wrap(env.Management, "Management", this),
        Reachability = FaultProxy<IReachabilityProbe>.Wrap(env.Reachability, "Probe", this),
    };

    /// <summary>
    /// Records an acting call and fails it when its number is <see cref="FailAt"/>: by throwing what the real call
    /// throws, or, where the real call fails by its answer (a probe that no target answers), by returning true with
    /// that answer in <paramref name="answer"/>.
    /// </summary>
    internal bool Before(string seam, MethodInfo method, object?[]? args, out object? answer)
    {
        answer = null;
        if (seam == "Files" && Reads.Contains(method.Name))
        {
            return false;
        }

        var call = $"{seam}.{method.Name}({string.Join(", ", (args ?? []).Where(a => a is not (Delegate or CancellationToken or TimeSpan)).Select(a => a is IEnumerable list and not string ? string.Join(' ', list.Cast<object>()) : a?.ToString()))})";
        _calls.Add(call);
        if (_calls.Count == FailAt)
        {
            Failed = call;
            if (seam == "Probe")
            {
                answer = ((IReadOnlyList<IPAddress>)args![0]!).ToArray();
                return true;
            }

            throw seam switch
            {
                "Runner" => new TimeoutException($"{args![0]} did not finish (failed on purpose by the test)"),
                "Management" => new ManagementConnectException((string)args![0]!, SocketError.ConnectionRefused, $"{args[0]}: connection refused (failed on purpose by the test)"),
                _ => new PosixException($"{method.Name} (failed on purpose by the test)", Eio),
            };
        }

        return false;
    }
}
