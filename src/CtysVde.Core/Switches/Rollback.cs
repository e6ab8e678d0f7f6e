using CtysVde.Core.Errors;

namespace CtysVde.Core.Switches;

/// <summary>The undo steps of a transaction, run in reverse when it fails.</summary>
internal sealed class Rollback
{
    private readonly Stack<(string What, Action Undo)> _steps = new();
    private readonly Action<string> _log;

    public Rollback(Action<string> log)
    {
        _log = log;
    }

    /// <summary>
    /// Runs the steps of an all-or-nothing operation: any failure undoes every step already done (in reverse),
    /// and the error says so; a failure of the undo itself is reported, never swallowed.
    /// </summary>
    public static T Run<T>(Action<string> log, string target, string unexpectedErrorId, Func<Rollback, T> steps)
    {
        var rollback = new Rollback(log);
        try
        {
            var result = steps(rollback);
            rollback.Commit();
            return result;
        }
        catch (Exception e)
        {
            var undoFailures = rollback.Undo();
            if (undoFailures.Count > 0)
            {
                throw new VdeException(ErrorIds.KernelOperationFailed, VdeErrorCategory.ResourceUnavailable,
                    $"{e.Message}; rolling back also failed: {string.Join("; ", undoFailures)}", target, e);
            }

            if (e is VdeException or OperationCanceledException)
            {
                throw;
            }

            // A timeout or socket failure on the way: everything is undone; say so with an error id.
            throw new VdeException(unexpectedErrorId, VdeErrorCategory.ResourceUnavailable, $"{e.Message} (everything done so far was undone)", target, e);
        }
    }

    public void Add(string what, Action undo) => _steps.Push((what, undo));

    public void Commit() => _steps.Clear();

    /// <summary>Undoes every step; an undo that fails is reported and the rest still run.</summary>
    public IReadOnlyList<string> Undo()
    {
        var failures = new List<string>();
        while (_steps.TryPop(out var step))
        {
            Log($"rollback: {step.What}");
            try
            {
                step.Undo();
            }
            catch (Exception e)
            {
                failures.Add($"{step.What}: {e.Message}");
                Log($"rollback of '{step.What}' failed: {e.Message}");
            }
        }

        return failures;
    }

    /// <summary>A message that cannot be written (a front end that is stopping) must never keep a step from being undone.</summary>
    private void Log(string message)
    {
        try
        {
            _log(message);
        }
        catch (Exception)
        {
        }
    }
}
