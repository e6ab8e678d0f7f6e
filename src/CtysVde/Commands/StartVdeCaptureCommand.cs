using System.Management.Automation;
using CtysVde.Completion;
using CtysVde.Core.Errors;
using CtysVde.Core.Model;

namespace CtysVde.Commands;

/// <summary>Starts a packet capture of a switch, or of one of its ports, into a new pcap file.</summary>
/// <remarks>
/// Start-VdeCapture loads vde_switch's pdump plugin through the switch's management socket, so a switch's owner
/// needs no root; only the owner or root may capture a switch. The file is created new (never an existing one), as
/// the switch owner's (0600), with the owner's own rights, in a directory that no one other than root and the owner
/// can redirect (a sticky directory such as /var/tmp is fine): a symbolic link there is refused, never followed.
/// A switch writes one capture at a time.
///
/// While it runs the file holds each frame as the switch saw it enter and again for each port it left by; Stop-VdeCapture
/// (or removing the switch) completes it: each frame once, and with -Port only the frames sent from or to the MAC
/// addresses the switch learned on that port. tshark, Wireshark and tcpdump read it. vde_switch 2.3.2's pdump
/// stamps the file with a snap length of 96 but writes whole frames, which these readers accept.
/// </remarks>
/// <example>
/// <code>Start-VdeCapture -SwitchName vde_switch0.alice -Path ./lab.pcap</code>
/// <para>Captures every frame of alice's switch into lab.pcap in the current directory, a file of alice's.</para>
/// </example>
/// <example>
/// <code>Get-VdeEndpoint | Where-Object Client -Match QEMU | Select-Object -First 1 | Start-VdeCapture -Path ./guest.pcap</code>
/// <para>Captures only the port of the first QEMU guest (a piped endpoint binds by SwitchName and Port), into guest.pcap in the current directory.</para>
/// </example>
/// <example>
/// <code>Start-VdeCapture -SwitchName vde_switch0.alice -Path ./port3.pcap -Port 3 -WhatIf</code>
/// <para>Shows what capturing port 3 of alice's switch would do, changing nothing.</para>
/// </example>
/// <error id="InvalidCapturePath"/>
/// <error id="CapturePathUnsafe"/>
/// <error id="CaptureDirectoryNotFound"/>
/// <error id="CaptureFileExists"/>
/// <error id="CaptureNotWritable"/>
/// <error id="CaptureRunning"/>
/// <error id="InvalidPort"/>
/// <error id="NotSwitchOwner"/>
/// <error id="SwitchNotFound"/>
/// <error id="SwitchNotRunning"/>
/// <error id="VdeSwitchNotInstalled"/>
/// <error id="ManagementFailed"/>
/// <error id="KernelOperationFailed"/>
/// <error id="NoSpace"/>
/// <error id="ForeignHost"/>
/// <error id="SwitchMismatch"/>
[Cmdlet(VerbsLifecycle.Start, "VdeCapture", SupportsShouldProcess = true, HelpUri = "https://github.com/ctysvde/CtysVde/blob/main/README.md#start-vdecapture")]
[OutputType(typeof(VdeCapture))]
public sealed class StartVdeCaptureCommand : VdeCmdlet
{
    /// <summary>The switch to capture. Default: the caller's own switch.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Name")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(SwitchNameCompleter))]
    public string? SwitchName { get; set; }

    /// <summary>The pcap file to create; a relative path is taken from the current location.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>Keeps only this port's frames (1 to the switch's number of ports less one). Default: every frame of the switch.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public int Port { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (!IsThisHost("switch", SwitchName ?? "the caller's switch"))
        {
            return;
        }

        ForEachInput(() =>
        {
            var request = new CaptureRequest { Path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path), Port = Port };
            var prepared = Engine.PrepareCapture(SwitchSpecs.Named(Engine, SwitchName, Cancellation), request, Cancellation);
            if (ShouldProcessPlan(prepared.Plan, "Start a capture of"))
            {
                WriteObject(Engine.StartCapture(prepared, Cancellation));
            }
        });
    }
}
