using System.Reflection;
using CtysVde.Core.Linux;
using CtysVde.Core.Switches;

namespace CtysVde.Tests.Support;

/// <summary>
/// Counts the engine's acting calls through the seam (every kernel call, every file call that changes something)
/// and fails exactly the one numbered <see cref="FailAt"/>, the way the real call fails (a PosixException). With
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

    /// <summary>The machine with its kernel and files behind this plan; everything else is real.</summary>
    public SwitchEnvironment Wrap(SwitchEnvironment env) => env with
    {
        Kernel = FaultProxy<INetworkKernel>.Wrap(env.Kernel, "Kernel", this),
        Files = FaultProxy<IUnixFiles>.Wrap(env.Files, "Files", this),
    };

    internal void Before(string seam, MethodInfo method, object?[]? args)
    {
        if (seam == "Files" && Reads.Contains(method.Name))
        {
            return;
        }

        var call = $"{seam}.{method.Name}({string.Join(", ", (args ?? []).Where(a => a is not Delegate).Select(a => a?.ToString()))})";
        _calls.Add(call);
        if (_calls.Count == FailAt)
        {
            Failed = call;
            throw new PosixException($"{method.Name} (failed on purpose by the test)", Eio);
        }
    }
}
