using System.Management.Automation;
using CtysVde.Completion;
using CtysVde.Core.Errors;
using CtysVde.Core.Model;
using CtysVde.Core.Switches;

namespace CtysVde.Commands;

/// <summary>Gets the VDE switches of this host.</summary>
/// <remarks>
/// Get-VdeSwitch finds switches from what exists: running vde_switch processes, their sockets and the kernel's
/// TAPs. There is no state file. For a switch whose management socket answers, the object also carries the
/// switch's MAC address, uptime, version and number of ports. -IncludeStale adds switches of which only
/// leftovers remain (`ctys-setupvde listall`). A name without wildcards that matches nothing is an
/// ObjectNotFound error; a wildcard that matches nothing returns nothing.
/// </remarks>
/// <example>
/// <code>Get-VdeSwitch</code>
/// <para>Lists the running switches of this host with their state, owner, process id, TAP and bridge.</para>
/// </example>
/// <example>
/// <code>Get-VdeSwitch -Name vde_switch0.* -Owner alice</code>
/// <para>Gets alice's switches: the name takes wildcards, and -Owner keeps only hers.</para>
/// </example>
/// <example>
/// <code>
/// $sw = Get-VdeSwitch -Name vde_switch0.alice
/// "-netdev vde,id=n0,sock=$($sw.SocketPath) -device virtio-net-pci,netdev=n0"
/// </code>
/// <para>Builds the QEMU options that plug a guest into alice's switch, from the switch's data socket directory.</para>
/// </example>
/// <example>
/// <code>Get-VdeSwitch -IncludeStale | Where-Object State -eq Stale | Remove-VdeSwitch -Force</code>
/// <para>Finds what crashed switches left behind (sockets, pidfiles, orphan TAPs) and removes it without asking.</para>
/// </example>
/// <example>
/// <code>Get-VdePort -Name vde_switch0.alice | Get-VdeSwitch</code>
/// <para>Gets the switch of piped ports (bound by their SwitchName property).</para>
/// </example>
/// <error id="SwitchNotFound"/>
[Cmdlet(VerbsCommon.Get, "VdeSwitch", HelpUri = "https://github.com/ctysvde/CtysVde/blob/main/README.md#get-vdeswitch", DefaultParameterSetName = "Name")]
[OutputType(typeof(VdeSwitch))]
public sealed class GetVdeSwitchCommand : VdeCmdlet
{
    private readonly HashSet<string> _written = new(StringComparer.Ordinal);
    private bool _warned;

    /// <summary>Switch names (the data socket directory's name, e.g. vde_switch0.alice). Wildcards are allowed.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = "Name")]
    [Alias("SwitchName")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(SwitchNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Only switches of these owners. Wildcards are allowed.</summary>
    [Parameter(ParameterSetName = "Name")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(UserNameCompleter))]
    public string[]? Owner { get; set; }

    /// <summary>Also switches of which only leftovers remain: stale sockets, pidfiles, orphan TAPs.</summary>
    [Parameter(ParameterSetName = "Name")]
    public SwitchParameter IncludeStale { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (!IsThisHost("switch", string.Join(", ", Name ?? Array.Empty<string>())))
        {
            return;
        }

        ForEachInput(() =>
        {
            var result = Engine.Find(Name, Owner, IncludeStale, Cancellation);

            // Get-VdePort | Get-VdeSwitch pipes one object per port: each switch is written once.
            WriteObject(result.Switches.Where(s => _written.Add(s.SocketPath)).ToArray(), enumerateCollection: true);
            if (!_warned)
            {
                // Once per call, not once per piped object.
                _warned = true;
                foreach (var note in new[] { result.SkippedNote, result.LeftoverNote }.OfType<string>())
                {
                    WriteWarning(note);
                }
            }

            foreach (var missing in result.MissingNames)
            {
                WriteVdeError(new VdeException(ErrorIds.SwitchNotFound, VdeErrorCategory.ObjectNotFound,
                    $"no switch named '{missing}' exists{(IncludeStale ? string.Empty : " (use -IncludeStale for leftovers)")}", missing));
            }
        });
    }
}
