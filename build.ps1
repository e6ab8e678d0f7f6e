#Requires -Version 7.4
<#
.SYNOPSIS
    Builds CtysVde and runs its tests; thin over the same scripts CI runs (.ci/build, .ci/run).
.PARAMETER Task
    Build: restore, build with warnings as errors, publish the AOT CLI.
    Test:  the whole suite as CI runs it (needs root: it creates namespaces, TAPs and bridges).
    Pester: only the Pester suite in tests/pester.
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Pester')]
    [string] $Task = 'Build'
)
$ErrorActionPreference = 'Stop'
Set-Location -LiteralPath $PSScriptRoot

switch ($Task) {
    'Build' { bash .ci/build; if ($LASTEXITCODE) { exit $LASTEXITCODE } }
    'Test' { bash .ci/run; exit $LASTEXITCODE }
    'Pester' {
        if (-not (Get-Module -ListAvailable Pester | Where-Object Version -ge '5.0')) {
            Write-Warning 'Pester 5 is not installed: Install-Module Pester -MinimumVersion 5.0'
            exit 1
        }
        # A child pwsh (a loaded binary module cannot be unloaded) in a private network namespace (the suite
        # creates TAPs and bridges and refuses the machine's own namespace).
        $pester = 'Invoke-Pester -Path tests/pester -Output Detailed -CI'
        unshare --net --mount --fork bash .ci/in-netns pwsh -NoProfile -NonInteractive -Command $pester
        exit $LASTEXITCODE
    }
}
