using System.Management.Automation;
using CtysVde.Core.Errors;
using CtysVde.Core.Model;
using CtysVde.Core.Switches;

namespace CtysVde.Commands;

/// <summary>
/// Cmdlets that act on switches given by name (parameter set Name) or as objects (set InputObject). Both
/// paths resolve to the same engine spec, so it does not matter which one the binder picks for a piped
/// VdeSwitch; a deserialized object binds by property name (Name, HostId, HostName) and is checked for its host.
/// </summary>
public abstract class SwitchTargetCmdlet : VdeCmdlet
{
    /// <summary>Switch objects, e.g. from Get-VdeSwitch.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = "InputObject")]
    [ValidateNotNull]
    public VdeSwitch[]? InputObject { get; set; }

    /// <summary>The names given in the Name set.</summary>
    protected abstract string[]? Names { get; }

    /// <summary>
    /// The switches to act on: piped objects, or names (wildcards allowed; a literal that matches nothing is
    /// an ObjectNotFound error). Without either, <paramref name="whenNone"/> decides.
    /// </summary>
    protected IEnumerable<(string Name, SwitchSpec Spec)> Targets(bool includeStale, TargetDefault whenNone)
    {
        if (ParameterSetName == "InputObject")
        {
            foreach (var sw in InputObject ?? Array.Empty<VdeSwitch>())
            {
                SwitchSpec? spec = null;
                ForEachInput(() => spec = Engine.SpecFor(sw));
                if (spec is not null)
                {
                    yield return (sw.Name, spec);
                }
            }

            yield break;
        }

        if (!IsThisHost("switch", string.Join(", ", Names ?? Array.Empty<string>())))
        {
            yield break;
        }

        if (Names is null || Names.Length == 0)
        {
            if (whenNone == TargetDefault.CallersSwitch)
            {
                var spec = new SwitchSpec();
                string? name = null;
                ForEachInput(() => name = Engine.Resolve(spec).Name);
                if (name is not null)
                {
                    yield return (name, spec);
                }

                yield break;
            }

            foreach (var sw in Engine.Find(null, null, includeStale, Cancellation).Switches)
            {
                yield return (sw.Name, SwitchSpec.For(sw));
            }

            yield break;
        }

        var result = Engine.Find(Names, null, includeStale, Cancellation);
        foreach (var missing in result.MissingNames)
        {
            WriteVdeError(new VdeException(ErrorIds.SwitchNotFound, VdeErrorCategory.ObjectNotFound, $"no switch named '{missing}' exists", missing));
        }

        foreach (var sw in result.Switches)
        {
            yield return (sw.Name, SwitchSpec.For(sw));
        }
    }
}
