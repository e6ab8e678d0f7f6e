#Requires -Version 7.4
#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# The module as a package: published to a local PSResourceGet repository, installed from it by name and
# imported in a fresh pwsh, the way users get modules. Everything happens under a private HOME.

BeforeAll {
    $script:Repo = (Resolve-Path "$PSScriptRoot/../..").Path
    $script:Pwsh = "$script:Repo/artifacts/tools/pwsh/pwsh"
    $script:Layout = "$script:Repo/artifacts/module/CtysVde"
    $script:PrivateHome = (New-Item -ItemType Directory -Path ([System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), "ctysvde-package-$([guid]::NewGuid().ToString('N'))"))).FullName
    $script:Feed = New-Item -ItemType Directory -Path "$script:PrivateHome/feed"

    # A fresh pwsh with the private HOME (PSResourceGet keeps its repository list and user modules there).
    function Invoke-FreshPwsh([string] $Command) {
        $saved = $env:HOME
        try {
            $env:HOME = $script:PrivateHome
            $output = & $script:Pwsh -NoProfile -NonInteractive -Command $Command 2>&1 | ForEach-Object { "$_" }
            [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = $output }
        }
        finally { $env:HOME = $saved }
    }
}

AfterAll {
    # Only the directory this file made, never a path some other code put in the variable (a failed BeforeAll
    # once left it naming root's real home).
    $tmp = [System.IO.Path]::GetTempPath()
    if ($script:PrivateHome -and $script:PrivateHome.StartsWith($tmp) -and (Split-Path -Leaf $script:PrivateHome) -like 'ctysvde-package-*') {
        Remove-Item -LiteralPath $script:PrivateHome -Recurse -Force -ErrorAction Ignore
    }
}

Describe 'CtysVde as a package' {
    It 'is published to a local repository, installed from it by name, and imported in a fresh pwsh' {
        $manifest = Import-PowerShellDataFile -LiteralPath "$script:Layout/CtysVde.psd1"
        $version = $manifest.ModuleVersion
        $publish = Invoke-FreshPwsh @"
`$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name ctysvde-local -Uri '$($script:Feed.FullName)' -Trusted
Publish-PSResource -Path '$script:Layout' -Repository ctysvde-local
Install-PSResource -Name CtysVde -Repository ctysvde-local -Scope CurrentUser -TrustRepository
"@
        $publish.ExitCode | Should -Be 0 -Because ($publish.Output -join "`n")
        Get-ChildItem -LiteralPath $script:Feed.FullName -Filter "ctysvde.$version.nupkg" | Should -Not -BeNullOrEmpty

        $import = Invoke-FreshPwsh @'
$ErrorActionPreference = 'Stop'
Import-Module CtysVde
$m = Get-Module CtysVde
$m.Version.ToString(3)
$m.ModuleBase
(Get-Command -Module CtysVde).Count
(Get-Help New-VdeSwitch).Synopsis
(Get-Help about_CtysVde | Out-String) -match 'SHORT DESCRIPTION'
'@
        $import.ExitCode | Should -Be 0 -Because ($import.Output -join "`n")
        $import.Output[0] | Should -Be $version
        $import.Output[1] | Should -BeLike "$script:PrivateHome/*"
        $import.Output[2] | Should -Be $manifest.CmdletsToExport.Count
        $import.Output[3] | Should -Match 'VDE switch'
        $import.Output[4] | Should -Be 'True'
    }

    It 'carries its license, project and release notes' {
        $data = Import-PowerShellDataFile -LiteralPath "$script:Layout/CtysVde.psd1"
        $data.PrivateData.PSData.LicenseUri | Should -Match '^https://'
        $data.PrivateData.PSData.ProjectUri | Should -Match '^https://'
        $data.PrivateData.PSData.ReleaseNotes | Should -Match ([regex]::Escape($data.ModuleVersion))
    }

    It 'has the version of Directory.Build.props, its one source' {
        $props = [xml](Get-Content -LiteralPath "$script:Repo/Directory.Build.props" -Raw)
        (Import-PowerShellDataFile -LiteralPath "$script:Repo/CtysVde.psd1").ModuleVersion | Should -Be $props.Project.PropertyGroup.Version
        (& "$script:Repo/artifacts/cli/ctys-setupvde" -V) | Should -Be "ctys-setupvde $($props.Project.PropertyGroup.Version) (CtysVde)"
    }
}
