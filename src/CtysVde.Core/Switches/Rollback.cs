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
