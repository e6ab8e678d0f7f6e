using System.Net.Sockets;
using System.Reflection;
using CtysVde.Core.Linux;
using CtysVde.Core.Processes;
using CtysVde.Core.Switches;
using CtysVde.Core.Vde;

namespace CtysVde.Tests.Support;

/// <summary>
/// Counts the engine's acting calls through the seam (every kernel call, every file call that changes something,
/// every program run, every connection to a management socket) and fails exactly the one numbered
/// <see cref="FailAt"/>, the way the real call fails (a PosixException, a program that times out, a socket that
/// refuses). With
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

    /// <summary>The machine with its kernel, files, programs and management sockets behind this plan; the rest is real.</summary>
    public SwitchEnvironment Wrap(SwitchEnvironment env) => env with
    {
        Kernel = FaultProxy<INetworkKernel>.Wrap(env.Kernel, "Kernel", this),
        Files = FaultProxy<IUnixFiles>.Wrap(env.Files, "Files", this),
        Runner = FaultProxy<IProcessRunner>.Wrap(env.Runner, "Runner", this),
        Management = FaultProxy<IManagementConnector>.Wrap(env.Management, "Management", this),
    };

    internal void Before(string seam, MethodInfo method, object?[]? args)
    {
        if (seam == "Files" && Reads.Contains(method.Name))
        {
            return;
        }

        var call = $"{seam}.{method.Name}({string.Join(", ", (args ?? []).Where(a => a is not (Delegate or CancellationToken or TimeSpan)).Select(a => a is IEnumerable<string> list ? string.Join(' ', list) : a?.ToString()))})";
        _calls.Add(call);
        if (_calls.Count == FailAt)
        {
            Failed = call;
            throw seam switch
            {
                "Runner" => new TimeoutException($"{args![0]} did not finish (failed on purpose by the test)"),
                "Management" => new ManagementConnectException((string)args![0]!, SocketError.ConnectionRefused, $"{args[0]}: connection refused (failed on purpose by the test)"),
                _ => new PosixException($"{method.Name} (failed on purpose by the test)", Eio),
            };
        }
    }
}
