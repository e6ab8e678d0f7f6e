using System.Management.Automation;
using CtysVde.Core.Switches;

namespace CtysVde.Commands;

/// <summary>
/// What every CtysVde cmdlet shares: the engine, a cancellation token that Ctrl+C (StopProcessing) cancels,
/// and the mapping of engine errors to ErrorRecords with stable ids.
/// </summary>
public abstract class VdeCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private SwitchEnvironment? _environment;
    private SwitchManager? _engine;
    private NetworkInventory? _inventory;

    /// <summary>Cancelled when the user presses Ctrl+C; every wait in the engine honours it.</summary>
    protected CancellationToken Cancellation => _cancellation.Token;

    /// <summary>The engine; its verbose messages, one per side effect, become Write-Verbose output.</summary>
    protected SwitchManager Engine => _engine ??= new SwitchManager(Machine, WriteVerbose);

    /// <summary>The TAPs and bridges of this host.</summary>
    protected NetworkInventory Inventory => _inventory ??= new NetworkInventory(Machine);

    private SwitchEnvironment Machine => _environment ??= SwitchEnvironment.Default();

    /// <inheritdoc/>
    public void Dispose()
    {
        _cancellation.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <inheritdoc/>
    protected override void StopProcessing() => _cancellation.Cancel();

    /// <summary>Asks ShouldProcess with the engine's plan, one numbered step per line (what -WhatIf shows).</summary>
    protected bool ShouldProcessPlan(Core.Switches.SwitchPlan plan, string action)
    {
        var steps = string.Join(Environment.NewLine, plan.Steps.Select((s, i) => $"  {i + 1}. {s}"));
        return ShouldProcess($"{action} {plan.SwitchName}:{Environment.NewLine}{steps}", $"{action} {plan.SwitchName}?", MyInvocation.MyCommand.Name);
    }

    /// <summary>Reports an engine failure for one input and goes on with the next.</summary>
    protected void WriteVdeError(VdeException e) => WriteError(ErrorRecords.From(e));

    /// <summary>Runs an engine call for one input; its failure becomes a non-terminating error.</summary>
    protected void ForEachInput(Action action)
    {
        try
        {
            action();
        }
        catch (VdeException e)
        {
            WriteVdeError(e);
        }
    }
}
