using System.Management.Automation;
using CtysVde.Completion;
using CtysVde.Core.Model;

namespace CtysVde.Commands;

/// <summary>Stops a switch's packet capture and completes its file.</summary>
/// <remarks>
/// Stop-VdeCapture unloads the switch's pdump plugin, which closes the file, and rewrites the file with the switch
/// owner's rights: each frame once (pdump writes a frame again for every port it leaves by), and for a capture
/// started with -Port only the frames sent from or to the MAC addresses the switch learned on that port. Once begun
/// it runs to the end. -PassThru returns the completed capture with its FrameCount. Removing a switch stops its
/// capture the same way first.
/// </remarks>
/// <example>
/// <code>Stop-VdeCapture -PassThru</code>
/// <para>Stops the capture of the caller's own switch and shows how many frames the file holds.</para>
/// </example>
/// <example>
/// <code>Get-VdeCapture | Stop-VdeCapture</code>
/// <para>Stops every capture on this host.</para>
/// </example>
/// <error id="CaptureNotFound"/>
/// <error id="CapturePathUnsafe"/>
/// <error id="NotSwitchOwner"/>
/// <error id="SwitchNotFound"/>
/// <error id="SwitchNotRunning"/>
/// <error id="ManagementFailed"/>
/// <error id="KernelOperationFailed"/>
/// <error id="ForeignHost"/>
/// <error id="SwitchMismatch"/>
[Cmdlet(VerbsLifecycle.Stop, "VdeCapture", SupportsShouldProcess = true, HelpUri = "https://github.com/ctysvde/CtysVde/blob/main/README.md#stop-vdecapture")]
[OutputType(typeof(VdeCapture))]
public sealed class StopVdeCaptureCommand : VdeCmdlet
{
    /// <summary>The switch whose capture to stop. Default: the caller's own switch.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Name")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(SwitchNameCompleter))]
    public string? SwitchName { get; set; }

    /// <summary>Returns the completed capture.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (!IsThisHost("switch", SwitchName ?? "the caller's switch"))
        {
            return;
        }

        ForEachInput(() =>
        {
            var spec = SwitchSpecs.Named(Engine, SwitchName, Cancellation);
            if (ShouldProcess(SwitchName ?? "the caller's switch", "Stop the capture and complete its file"))
            {
                var stopped = Engine.StopCapture(spec, Cancellation);
                if (PassThru)
                {
                    WriteObject(stopped);
                }
            }
        });
    }
}
