using System.Management.Automation;
using CtysVde.Core.Errors;
using CtysVde.Core.Model;
using CtysVde.Core.Switches;

namespace CtysVde.Commands;

/// <summary>
/// What every CtysVde cmdlet shares: the engine, a cancellation token that Ctrl+C (StopProcessing) cancels,
/// the host check for piped objects, and the mapping of engine errors to ErrorRecords with stable ids.
/// </summary>
public abstract class VdeCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private SwitchEnvironment? _environment;
    private SwitchManager? _engine;
    private NetworkInventory? _inventory;

    /// <summary>
    /// The host the object belongs to, for people; bound from the HostName property of piped objects. An object
    /// of another host is refused (ForeignHost): run the command on that host.
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? HostName { get; set; }

    /// <summary>
    /// Which host a piped object belongs to (its HostId property: machine, boot and namespaces). It decides
    /// whether the object is this host's; a host name alone can be shared by cloned machines.
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
    public string? HostId { get; set; }

    /// <summary>The computer remoting stamped on a piped object; such an object without a HostId is judged by it.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
    public string? PSComputerName { get; set; }

    /// <summary>Cancelled when the user presses Ctrl+C; every wait in the engine honours it.</summary>
    protected CancellationToken Cancellation => _cancellation.Token;

    /// <summary>The engine; its verbose messages, one per side effect, become Write-Verbose output.</summary>
    protected SwitchManager Engine => _engine ??= new SwitchManager(Machine, Verbose);

    /// <summary>The TAPs and bridges of this host.</summary>
    protected NetworkInventory Inventory => _inventory ??= new NetworkInventory(Machine);

    /// <summary>The machine as the engine sees it.</summary>
    protected SwitchEnvironment Machine => _environment ??= SwitchEnvironment.Default();

    /// <inheritdoc/>
    public void Dispose()
    {
        _cancellation.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <inheritdoc/>
    protected override void StopProcessing() => _cancellation.Cancel();

    /// <summary>Asks ShouldProcess with the engine's plan, one numbered step per line (what -WhatIf shows).</summary>
    protected bool ShouldProcessPlan(SwitchPlan plan, string action)
    {
        var steps = string.Join(Environment.NewLine, plan.Steps.Select((s, i) => $"  {i + 1}. {s}"));
        return ShouldProcess($"{action} {plan.SwitchName}:{Environment.NewLine}{steps}", $"{action} {plan.SwitchName}?", MyInvocation.MyCommand.Name);
    }

    /// <summary>
    /// The confirmation of a removal. -Force means "ask nothing", as with Hyper-V's Remove-VMSwitch, but -WhatIf
    /// and an explicit -Confirm still count. A session that cannot ask (-NonInteractive, a host without a UI)
    /// gets a ConfirmationRequired error for this input, and the pipeline goes on with the next.
    /// </summary>
    protected bool ShouldRemove(string target, string action, bool force)
    {
        if (force && !IsWhatIf && !MyInvocation.BoundParameters.ContainsKey("Confirm"))
        {
            return true;
        }

        return Ask(() => ShouldProcess(target, action), ErrorIds.ConfirmationRequired,
            $"{action} {target} needs a confirmation and this session cannot ask for one; nothing was removed: add -Force or -Confirm:$false", target);
    }

    /// <summary>Asks a prompt; a session that cannot show it turns into <paramref name="errorId"/> for this input.</summary>
    protected static bool Ask(Func<bool> prompt, string errorId, string whenUnanswerable, string target)
    {
        try
        {
            return prompt();
        }
        catch (Exception e) when (e is PSInvalidOperationException or System.Management.Automation.Host.HostException or NotImplementedException)
        {
            throw new VdeException(errorId, VdeErrorCategory.InvalidOperation, whenUnanswerable, target, e);
        }
    }

    private bool IsWhatIf => MyInvocation.BoundParameters.TryGetValue("WhatIf", out var whatIf)
        ? ((SwitchParameter)whatIf).IsPresent
        : LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));

    /// <summary>
    /// False, after a ForeignHost error, when the current pipeline object (or the given one) belongs to another
    /// host. Every cmdlet asks before it acts on input, so no object is ever matched to a local namesake.
    /// </summary>
    protected bool IsThisHost(string kind, string target, string? hostId = null, string? hostName = null)
    {
        try
        {
            new HostGuard(Machine).RequireThisHost(hostId ?? HostId, hostName ?? HostName, PSComputerName, kind, target);
            return true;
        }
        catch (VdeException e)
        {
            WriteVdeError(e);
            return false;
        }
    }

    /// <summary>Reports an engine failure for one input and goes on with the next.</summary>
    protected void WriteVdeError(VdeException e) => WriteError(ErrorRecords.From(e));

    /// <summary>
    /// Runs an engine call for one input; its failure becomes a non-terminating error. A cancellation after
    /// Ctrl+C ends the pipeline the way PowerShell expects (the engine has undone or finished its work by then).
    /// </summary>
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
        catch (OperationCanceledException) when (Stopping)
        {
            throw new PipelineStoppedException();
        }
    }

    /// <summary>
    /// The engine's verbose messages. After Ctrl+C PowerShell refuses every write with PipelineStoppedException;
    /// the engine is then still undoing or finishing its work, which a refused message must never interrupt.
    /// </summary>
    private void Verbose(string message)
    {
        if (Stopping)
        {
            return;
        }

        try
        {
            WriteVerbose(message);
        }
        catch (PipelineStoppedException)
        {
        }
    }
}
