using System.Management.Automation;
using CtysVde.Core.Errors;
using CtysVde.Core.Model;
using CtysVde.Core.Switches;

namespace CtysVde.Commands;

/// <summary>How a cmdlet that acts on one switch turns its -SwitchName into the switch's spec.</summary>
internal static class SwitchSpecs
{
    /// <summary>The caller's own switch when no name is given; else the one running switch with this exact name, or SwitchNotFound.</summary>
    public static SwitchSpec Named(SwitchManager engine, string? name, CancellationToken cancellation)
    {
        if (name is null)
        {
            return new SwitchSpec();
        }

        var found = engine.Find([WildcardPattern.Escape(name)], null, includeStale: false, cancellation).Switches;
        return found.Count > 0
            ? SwitchSpec.For(found[0])
            : throw new VdeException(ErrorIds.SwitchNotFound, VdeErrorCategory.ObjectNotFound, $"no switch named '{name}' is running", name);
    }
}
