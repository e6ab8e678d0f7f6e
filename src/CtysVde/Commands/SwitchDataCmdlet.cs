using System.Management.Automation;
using CtysVde.Completion;
using CtysVde.Core.Model;

namespace CtysVde.Commands;

/// <summary>Cmdlets that read something of each switch (ports, endpoints, MAC table); without a name, of every running switch.</summary>
/// <typeparam name="T">The objects read.</typeparam>
public abstract class SwitchDataCmdlet<T> : SwitchTargetCmdlet
{
    /// <summary>Names of the switches to read. Wildcards are allowed. Default: every running switch.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = "Name")]
    [Alias("SwitchName")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(SwitchNameCompleter))]
    public string[]? Name { get; set; }

    /// <inheritdoc/>
    protected override string[]? Names => Name;

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        foreach (var (_, spec) in Targets(includeStale: false, TargetDefault.AllSwitches))
        {
            ForEachInput(() => WriteObject(Read(spec).Where(Keep).ToArray(), enumerateCollection: true));
        }
    }

    /// <summary>Reads the objects of one switch.</summary>
    protected abstract IEnumerable<T> Read(SwitchSpec spec);

    /// <summary>A filter of the cmdlet's own parameters; keeps everything by default.</summary>
    protected virtual bool Keep(T item) => true;
}
