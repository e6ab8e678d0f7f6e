#Requires -Version 7.4
<#
.SYNOPSIS
    Runs every Pester test file in this folder and writes the results for CI: NUnit XML (pester.xml) and one
    line of counts (pester-counts.txt: passed failed skipped). Exits 1 if anything failed, a block included.
    Run it through `bash .ci/pester` (or `pwsh ./build.ps1 -Task Pester`), which makes the private namespace.
#>
param(
    [Parameter(Mandatory)]
    [string] $ResultDirectory
)
$ErrorActionPreference = 'Stop'
Import-Module Pester -RequiredVersion 5.7.1

$configuration = New-PesterConfiguration
$configuration.Run.Path = $PSScriptRoot
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputFormat = 'NUnitXml'
$configuration.TestResult.OutputPath = Join-Path $ResultDirectory 'pester.xml'
$result = Invoke-Pester -Configuration $configuration

# A failed BeforeAll fails its tests without counting them as failed tests: count the blocks and files too.
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
"$($result.PassedCount) $failed $($result.SkippedCount + $result.NotRunCount)" |
    Set-Content -LiteralPath (Join-Path $ResultDirectory 'pester-counts.txt')
exit ([int]($failed -gt 0))
