# Module manifest of CtysVde. Import it from a built checkout (bash .ci/build) or an installed copy:
#   Import-Module ./CtysVde.psd1
# ModuleVersion is written by .ci/build from Directory.Build.props, the version's one source.
@{
    RootModule           = 'module/CtysVde.dll'
    ModuleVersion        = '0.2.0'
    GUID                 = '6d0f3c1e-8a4b-4f5e-9c2d-7b1a0e3f5a91'
    Author               = 'CtysVde contributors'
    Copyright            = '(c) 2026 CtysVde contributors. MIT License.'
    Description          = 'On-the-fly VM networking for QEMU/KVM on Linux: a per-user TAP on a bridge and vde_switch, as objects.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('module/CtysVde.Format.ps1xml')
    CmdletsToExport      = @(
        'Get-VdeBridge'
        'Get-VdeCable'
        'Get-VdeCapture'
        'Get-VdeEndpoint'
        'Get-VdeMacAddress'
        'Get-VdePort'
        'Get-VdePortVlan'
        'Get-VdeSwitch'
        'Get-VdeTap'
        'New-VdeBridge'
        'New-VdeCable'
        'New-VdeSwitch'
        'Remove-VdeBridge'
        'Remove-VdeCable'
        'Remove-VdeSwitch'
        'Set-VdeCable'
        'Set-VdePortVlan'
        'Start-VdeCapture'
        'Stop-VdeCapture'
        'Test-VdeCable'
        'Test-VdeSwitch'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Linux', 'QEMU', 'KVM', 'VDE', 'TAP', 'Bridge', 'Networking', 'PSEdition_Core')
            LicenseUri   = 'https://github.com/ctysvde/CtysVde/blob/main/LICENSE'
            ProjectUri   = 'https://github.com/ctysvde/CtysVde'
            ReleaseNotes = 'See CHANGELOG.md (https://github.com/ctysvde/CtysVde/blob/main/CHANGELOG.md). 0.2.0: tested under a real pwsh 7.6 and Pester; read-only output objects with a HostId (ForeignHost for another host''s objects), Remove-* confirm like Remove-VMSwitch, safe Ctrl+C, tab completion, help with about_CtysVde.'
        }
    }
}
