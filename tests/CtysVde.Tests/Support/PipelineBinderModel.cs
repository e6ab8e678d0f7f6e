using CtysVde.HelpBuilder;

namespace CtysVde.Tests.Support;

/// <summary>
/// A model of PowerShell's pipeline binder (CmdletParameterBinderController.BindPipelineParametersPrivate):
/// four phases per input object (ByValue without coercion, ByPropertyName without coercion, ByValue with
/// coercion, ByPropertyName with coercion); in each, the default parameter set is tried first and other valid
/// sets only if it bound nothing; after a phase that bound something, the valid sets narrow to those that
/// contain every bound parameter. Properties are found by parameter name, then aliases, ignoring case.
/// Not modelled: dynamic parameters, ETS members, transformation attributes, the full conversion table.
/// </summary>
public static class PipelineBinderModel
{
    private static readonly (bool ByValue, bool Coerce)[] Phases = [(true, false), (false, false), (true, true), (false, true)];

    public static PipelineBinding Bind(CmdletDescription cmdlet, PipelineInput input)
    {
        var valid = cmdlet.ParameterSets.ToList();
        var bound = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (byValue, coerce) in Phases)
        {
            var order = valid.OrderBy(s => s == cmdlet.DefaultParameterSetName ? 0 : 1).ToList();
            foreach (var set in order)
            {
                var boundHere = new Dictionary<string, string>();
                foreach (var (p, entry) in cmdlet.InSet(set).Where(x => !bound.ContainsKey(x.Parameter.Name)))
                {
                    if (byValue && entry.ValueFromPipeline && ValueBinds(p, input, coerce))
                    {
                        boundHere[p.Name] = coerce ? "ByValue (coerced)" : "ByValue";
                    }
                    else if (!byValue && entry.ValueFromPipelineByPropertyName && PropertyFor(p, input) is { } prop && PropertyBinds(p, input.PropertyTypes[prop], coerce))
                    {
                        boundHere[p.Name] = $"ByPropertyName {prop}{(coerce ? " (coerced)" : string.Empty)}";
                    }
                }

                if (boundHere.Count > 0)
                {
                    foreach (var b in boundHere)
                    {
                        bound[b.Key] = b.Value;
                    }

                    break;
                }
            }

            valid = valid.Where(s => bound.Keys.All(name => cmdlet.InSet(s).Any(x => x.Parameter.Name == name))).ToList();
        }

        if (bound.Count == 0)
        {
            return new PipelineBinding(null, bound, $"{input.Description} binds to no parameter of {cmdlet.Name}");
        }

        var chosen = valid.Count == 1 ? valid[0] : valid.Contains(cmdlet.DefaultParameterSetName ?? string.Empty) ? cmdlet.DefaultParameterSetName : null;
        if (chosen is null)
        {
            return new PipelineBinding(null, bound, $"{input.Description} leaves {cmdlet.Name} ambiguous between {string.Join(", ", valid)}");
        }

        var missing = cmdlet.InSet(chosen).Where(x => x.Entry.Mandatory && !bound.ContainsKey(x.Parameter.Name)).Select(x => x.Parameter.Name).ToArray();
        return missing.Length > 0
            ? new PipelineBinding(chosen, bound, $"{input.Description} leaves mandatory {string.Join(", ", missing)} of {cmdlet.Name} unbound")
            : new PipelineBinding(chosen, bound, null);
    }

    private static bool ValueBinds(CmdletParameter p, PipelineInput input, bool coerce)
    {
        if (input.Type is not null && (p.Type.IsAssignableFrom(input.Type) || p.ElementType.IsAssignableFrom(input.Type)))
        {
            return true;
        }

        // With coercion anything becomes a string through ToString() (the PSResourceGet #949 trap).
        return coerce && p.ElementType.FullName == "System.String";
    }

    private static string? PropertyFor(CmdletParameter p, PipelineInput input) =>
        new[] { p.Name }.Concat(p.Aliases).FirstOrDefault(n => input.PropertyTypes.ContainsKey(n)) is { } name
            ? input.PropertyTypes.Keys.First(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase))
            : null;

    private static bool PropertyBinds(CmdletParameter p, string propertyType, bool coerce)
    {
        if (propertyType == p.Type.FullName || propertyType == p.ElementType.FullName)
        {
            return true;
        }

        if (!coerce)
        {
            return false;
        }

        return p.ElementType.FullName switch
        {
            "System.String" => true,
            "System.Int32" => propertyType is "System.Int32" or "System.Int64" or "System.String" or "System.Collections.ArrayList",
            _ => p.IsSwitch && propertyType == "System.Boolean",
        };
    }
}
