using System.Management.Automation;
using CtysVde.Core.Errors;
using CtysVde.Core.Model;
using CtysVde.Tests.Support;
using Xunit;

namespace CtysVde.Tests.Module;

/// <summary>Start-, Get- and Stop-VdeCapture in a real runspace, piped as users would.</summary>
public sealed class CaptureCmdletTests : ModuleTest
{
    public CaptureCmdletTests(KernelFixture fixture, PowerShellSession session)
        : base(fixture, session)
    {
    }

    [KernelFact]
    public void A_capture_of_a_piped_port_starts_shows_and_stops_through_the_pipeline()
    {
        Ok("New-VdeSwitch -Confirm:$false");
        var guest = PlugIn("/var/tmp/vde_switch0.root", "capture-guest", "10.199.37.2/24");
        var path = $"/var/tmp/ctysvde-capture-cmdlet-{Environment.ProcessId}.pcap";
        Defer($"remove {path}", () => File.Delete(path));

        // -WhatIf changes nothing; a piped port binds SwitchName and Port; a relative path is the current location's.
        Assert.Empty(Ok("Get-VdePort | Where-Object ClientProcessIds -Contains $args[0] | Start-VdeCapture -Path $args[1] -WhatIf", guest.Pid, path).Output);
        Assert.False(File.Exists(path));
        var started = Ok("Push-Location /var/tmp; try { Get-VdePort | Where-Object ClientProcessIds -Contains $args[0] | Start-VdeCapture -Path $args[1] -Confirm:$false } finally { Pop-Location }", guest.Pid, Path.GetFileName(path)).Objects<VdeCapture>().Single();
        Assert.Equal((path, "Running"), (started.Path, started.State));
        Assert.NotEqual(0, started.Port);

        var listed = Ok("Get-VdeCapture").Objects<VdeCapture>().Single();
        Assert.Equal((path, started.Port), (listed.Path, listed.Port));
        Assert.Contains(path, Ok("Get-VdeCapture | Format-Table | Out-String -Width 300").Output.Single().BaseObject.ToString(), StringComparison.Ordinal);

        Sh.Run("ip", "netns", "exec", guest.Namespace, "ping", "-c", "1", "-W", "1", "10.199.37.254");
        Assert.Empty(Ok("Get-VdeCapture | Stop-VdeCapture -WhatIf").Output);
        var stopped = Ok("Get-VdeCapture | Stop-VdeCapture -PassThru -Confirm:$false").Objects<VdeCapture>().Single();
        Assert.Equal(("Stopped", path), (stopped.State, stopped.Path));
        Assert.True(stopped.FrameCount > 0, $"{stopped.FrameCount} frames");
        Assert.Empty(Ok("Get-VdeCapture").Output);

        // Bad input: each a documented id with its category, and nothing started.
        var exists = Fails("Start-VdeCapture -Path $args[0] -Confirm:$false", ErrorIds.CaptureFileExists, "Start-VdeCapture", path);
        Assert.Equal(ErrorCategory.ResourceExists, exists.CategoryInfo.Category);
        var port = Fails("Start-VdeCapture -Path /var/tmp/ctysvde-never.pcap -Port 99 -Confirm:$false", ErrorIds.InvalidPort, "Start-VdeCapture");
        Assert.Equal(ErrorCategory.InvalidArgument, port.CategoryInfo.Category);
        var missing = Fails("Start-VdeCapture -Path /var/tmp/ctysvde-no-dir/x.pcap -Confirm:$false", ErrorIds.CaptureDirectoryNotFound, "Start-VdeCapture");
        Assert.Equal(ErrorCategory.ObjectNotFound, missing.CategoryInfo.Category);
        Fails("Stop-VdeCapture -Confirm:$false", ErrorIds.CaptureNotFound, "Stop-VdeCapture");
        Fails("Start-VdeCapture -SwitchName vde_switch0.nobody -Path /var/tmp/x.pcap -Confirm:$false", ErrorIds.SwitchNotFound, "Start-VdeCapture");
        Assert.False(File.Exists("/var/tmp/ctysvde-never.pcap"));
        Assert.Empty(Ok("Get-VdeCapture").Output);
    }
}
