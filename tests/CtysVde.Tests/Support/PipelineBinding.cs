using System.Text.RegularExpressions;

namespace CtysVde.Tests.Support;

/// <summary>One parameter that PowerShell's binder filled from a piped object, read from a ParameterBinding trace.</summary>
public sealed partial record PipelineBinding(string Cmdlet, string Parameter, string How)
{
    public const string ByValue = "ByValue";
    public const string ByPropertyName = "ByPropertyName";

    /// <summary>
    /// The successful pipeline bindings of a trace: "BIND PIPELINE object to parameters: [Cmdlet]" opens a section,
    /// "Parameter [X] PIPELINE INPUT ValueFromPipeline(ByPropertyName) …" says how X is tried, and
    /// "BIND arg […] to param [X] SUCCESSFUL" that it took.
    /// </summary>
    public static IReadOnlyList<PipelineBinding> Parse(IEnumerable<string> trace)
    {
        var found = new List<PipelineBinding>();
        string? cmdlet = null;
        var tried = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in trace)
        {
            if (Section().Match(line) is { Success: true } section)
            {
                cmdlet = section.Groups[1].Value;
                tried.Clear();
            }
            else if (cmdlet is not null && Attempt().Match(line) is { Success: true } attempt)
            {
                tried[attempt.Groups[1].Value] = attempt.Groups[2].Value == "ValueFromPipeline" ? ByValue : ByPropertyName;
            }
            else if (cmdlet is not null && Bound().Match(line) is { Success: true } bound && tried.TryGetValue(bound.Groups[1].Value, out var how))
            {
                found.Add(new PipelineBinding(cmdlet, bound.Groups[1].Value, how));
            }
            else if (line.Contains("CALLING EndProcessing", StringComparison.Ordinal) || line.Contains("BIND NAMED cmd line args", StringComparison.Ordinal))
            {
                cmdlet = null;
            }
        }

        return found.Distinct().ToArray();
    }

    [GeneratedRegex(@"BIND PIPELINE object to parameters: \[([^\]]+)\]")]
    private static partial Regex Section();

    [GeneratedRegex(@"Parameter \[([^\]]+)\] PIPELINE INPUT (ValueFromPipeline|ValueFromPipelineByPropertyName) ")]
    private static partial Regex Attempt();

    [GeneratedRegex(@"BIND arg \[.*\] to param \[([^\]]+)\] SUCCESSFUL")]
    private static partial Regex Bound();
}
