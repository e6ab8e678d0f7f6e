using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using CtysVde.Core.Errors;
using CtysVde.Core.Switches;

namespace CtysVde.Completion;

/// <summary>
/// Tab completion from what exists on this host: the names that start with what was typed (PowerShell's
/// wildcards allowed), sorted, each with a tooltip. Failures to read the host complete nothing rather than
/// interrupting the user's typing.
/// </summary>
public abstract class NameCompleter : IArgumentCompleter
{
    /// <inheritdoc/>
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
        var pattern = WildcardPattern.Get(typed + "*", WildcardOptions.IgnoreCase);
        IReadOnlyList<(string Name, string Tooltip)> candidates;
        try
        {
            candidates = Candidates(SwitchEnvironment.Default());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or VdeException)
        {
            return Array.Empty<CompletionResult>();
        }

        return candidates.Where(c => pattern.IsMatch(c.Name))
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => new CompletionResult(Quote(c.Name), c.Name, CompletionResultType.ParameterValue, c.Tooltip))
            .ToArray();
    }

    /// <summary>The names to offer, with a tooltip each.</summary>
    protected abstract IReadOnlyList<(string Name, string Tooltip)> Candidates(SwitchEnvironment machine);

    private static string Quote(string name) =>
        name.IndexOfAny([' ', '\'', '"', '$', '`', '(', ')', '{', '}', ',', ';', '@', '#']) >= 0 ? $"'{name.Replace("'", "''", StringComparison.Ordinal)}'" : name;
}
