# Module manifest of CtysVde. The binary cmdlets (New-VdeSwitch, Get-VdeSwitch, Remove-VdeSwitch,
# Test-VdeSwitch, Get-VdePort, Get-VdeBridge, Get-VdeTap) are being built on the engine in src/CtysVde.Core;
# until they land this manifest exports nothing, and the command line ctys-setupvde is the interface.
@{
    ModuleVersion        = '0.1.0'
    GUID                 = '6d0f3c1e-8a4b-4f5e-9c2d-7b1a0e3f5a91'
    Author               = 'CtysVde contributors'
    Copyright            = '(c) 2026 CtysVde contributors. MIT License.'
    Description          = 'On-the-fly VM networking for QEMU/KVM on Linux: per-user TAP on a bridge and vde_switch, as objects.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    FunctionsToExport    = @()
    CmdletsToExport      = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags       = @('Linux', 'QEMU', 'KVM', 'VDE', 'TAP', 'Bridge', 'Networking')
            LicenseUri = 'LICENSE'
        }
    }
}
