#Requires -Version 7.4
<#
.SYNOPSIS
    Builds CtysVde and runs its tests; thin over the same scripts CI runs (.ci/build, .ci/run).
.PARAMETER Task
    Build: restore, build with warnings as errors, publish the AOT CLI.
    Test:  the whole suite as CI runs it (needs root: it creates namespaces, TAPs and bridges).
    Pester: only the Pester suite in tests/pester, under the pinned pwsh and Pester (.ci/pester).
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
    'Pester' { bash .ci/pester; exit $LASTEXITCODE }
}
