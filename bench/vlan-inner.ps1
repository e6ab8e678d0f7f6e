#Requires -Version 7.4
<#
.SYNOPSIS
    The measuring half of bench/vlan: sets a port's VLAN and reads the port back, with the cmdlets in this one
    warm session, with ctys-setupvde and with port/setvlan + port/print over socat, taking turns in rounds.
.DESCRIPTION
    Runs only inside the private network namespace that bench/vlan makes (it refuses the machine's initial
    namespace), against root's default switch, which bench/vlan created with a vde_plug client on ports 3-8.
    Each contender has its own port and its own two VLANs, and every call moves its port to the other VLAN of
    the pair, so every call changes something. Contenders:
      cmdlet       port 3, VLANs 10/11: Set-VdePortVlan -Port 3 -Access -VlanId V; Get-VdePort -Port 3 (Stopwatch)
      cli          port 4, VLANs 20/21: ctys-setupvde --port 4 --access V vlan; ctys-setupvde ports (hyperfine)
      raw          port 5, VLANs 30/31 (both created once up front): port/setvlan 5 V; port/print 5 (hyperfine)
      raw-steps    port 6, VLANs 40/41: vlan/create V; port/setvlan 6 V; vlan/remove OLD; port/print 6 (hyperfine)
      cli-session  port 7, VLANs 50/51: the cli pair, started from this session (Stopwatch)
      raw-session  port 8, VLANs 60/61 (created up front): the raw pair in bash -c, started from this session
    Each round runs every contender -PerRound times, in an order that rotates from round to round; the first
    -Warmup rounds are discarded. Writes samples.tsv, hyperfine's JSON and table.md into -OutDirectory.
#>
[CmdletBinding(PositionalBinding = $false)]
param(
    [Parameter(Mandatory)]
    [string] $OutDirectory,

    [Parameter(Mandatory)]
    [string] $Cli,

    # bench/vlan itself, for hyperfine's --prepare (`bash bench/vlan --flip …`).
    [Parameter(Mandatory)]
    [string] $Flip,

    [ValidateRange(1, 10000)]
    [int] $Rounds = 20,

    [ValidateRange(0, 100)]
    [int] $Warmup = 1,

    [ValidateRange(1, 1000)]
    [int] $PerRound = 5
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$invariant = [System.Globalization.CultureInfo]::InvariantCulture
trap {
    [Console]::Error.WriteLine("bench/vlan-inner.ps1: $($_.Exception.Message)`n$($_.ScriptStackTrace)")
    exit 1
}

function Get-NamespaceId([string] $Process) {
    [System.IO.FileInfo]::new("/proc/$Process/ns/net").LinkTarget
}
if ((Get-NamespaceId self) -eq (Get-NamespaceId 1)) {
    throw 'bench/vlan-inner.ps1: refusing to run in the machine''s initial network namespace (run bash bench/vlan)'
}

$repository = Split-Path -Parent $PSScriptRoot
Import-Module (Join-Path $repository 'CtysVde.psd1') -Force
$module = Get-Module CtysVde
if ($module.ModuleBase -ne $repository) {
    throw "CtysVde was loaded from $($module.ModuleBase), not from the checkout $repository"
}

# Native commands by full path: a bare name costs pwsh a PATH lookup on every call (see bench/pwsh).
$bash = (Get-Command -Name bash -CommandType Application -TotalCount 1).Source
$hyperfine = (Get-Command -Name hyperfine -CommandType Application -TotalCount 1).Source
$mgmt = '/var/tmp/vde_mgmt0.root'
$state = Join-Path $OutDirectory 'state'
$null = New-Item -ItemType Directory -Path $state -Force

function Assert-Exit([string] $What) {
    if ($LASTEXITCODE -ne 0) { throw "$What failed with exit code $LASTEXITCODE" }
}

function Invoke-Management([string] $Command) {
    <# One command over socat, outside any timing; one command per connection (vde_switch reads one per read()). #>
    $reply = & $bash -c "printf '%s\n' '$Command' | socat - UNIX-CONNECT:$mgmt"
    Assert-Exit "socat $Command"
    if (-not ($reply -match '^(vde\$ )?1000 Success')) { throw "$Command answered: $($reply -join "`n")" }
    $reply
}

function Get-SwitchVlan {
    <# The VLANs the switch has, from vlan/print. #>
    @(Invoke-Management 'vlan/print' | Where-Object { $_ -match '^VLAN (\d+)' } | ForEach-Object { [int] $Matches[1] } | Sort-Object)
}

function Get-PortVlanRaw([int] $Port) {
    $line = Invoke-Management "port/print $Port" | Where-Object { $_ -match "^Port 0*$Port untagged_vlan=(\d+) " }
    if (-not $line) { throw "port $Port is not in port/print" }
    [int] ($line -replace '^Port \d+ untagged_vlan=(\d+) .*$', '$1')
}

# ---------------------------------------------------------------------------------------------------------
# Every contender's port starts in the first VLAN of its pair, so every timed call, the first included, takes
# the same steps. The raw contenders' VLANs are created here, once (the tool creates and removes them itself).
$pairs = [ordered]@{
    'cmdlet' = 3, 10, 11; 'cli' = 4, 20, 21; 'raw' = 5, 30, 31; 'raw-steps' = 6, 40, 41; 'cli-session' = 7, 50, 51; 'raw-session' = 8, 60, 61
}
Set-VdePortVlan -Port 3 -Access -VlanId 10 -Confirm:$false
& $Cli --port 4 --access 20 vlan > $null; Assert-Exit 'ctys-setupvde vlan'
& $Cli --port 7 --access 50 vlan > $null; Assert-Exit 'ctys-setupvde vlan'
foreach ($command in 'vlan/create 30', 'vlan/create 31', 'port/setvlan 5 30', 'vlan/create 40', 'port/setvlan 6 40',
    'vlan/create 60', 'vlan/create 61', 'port/setvlan 8 60') {
    $null = Invoke-Management $command
}
foreach ($name in $pairs.Keys) {
    $port, $first, $null = $pairs[$name]
    if ((Get-PortVlanRaw $port) -ne $first) { throw "port $port ($name) did not start in VLAN $first" }
}

# The per-call VLAN of the in-session contenders: the other one of the pair, read from where the call left it.
$current = @{ 'cmdlet' = 10; 'cli-session' = 50; 'raw-session' = 60 }
function Get-Next([string] $Name) {
    $null, $a, $b = $pairs[$Name]
    if ($current[$Name] -eq $a) { $b } else { $a }
}

$samples = [System.Collections.Generic.List[object]]::new()
function Add-Sample([string] $Contender, [int] $Round, [double] $Milliseconds) {
    $samples.Add([pscustomobject]@{ Contender = $Contender; Round = $Round; Milliseconds = $Milliseconds })
}

# The hyperfine contenders: one bash -c per run (hyperfine subtracts an empty bash's start-up); the VLAN to set
# comes from the state file that the --prepare step (untimed) wrote after checking the port's VLAN.
$hyper = [ordered]@{
    'cli'       = "read -r v o <$state/cli && $Cli --port 4 --access `$v vlan && $Cli ports"
    'raw'       = "read -r v o <$state/raw && printf 'port/setvlan 5 %s\n' `$v | socat - UNIX-CONNECT:$mgmt && printf 'port/print 5\n' | socat - UNIX-CONNECT:$mgmt"
    'raw-steps' = "read -r v o <$state/raw-steps && printf 'vlan/create %s\n' `$v | socat - UNIX-CONNECT:$mgmt && printf 'port/setvlan 6 %s\n' `$v | socat - UNIX-CONNECT:$mgmt && printf 'vlan/remove %s\n' `$o | socat - UNIX-CONNECT:$mgmt && printf 'port/print 6\n' | socat - UNIX-CONNECT:$mgmt"
}
$hyperLog = Join-Path $OutDirectory 'hyperfine.log'
function Invoke-Hyperfine([string] $Name, [int] $Round) {
    $port, $a, $b = $pairs[$Name]
    $json = Join-Path $OutDirectory "$Name.r$Round.json"
    # 1 warm-up run per round, as bench/run. Every run (warm-up too) gets the --prepare step first.
    & $hyperfine --shell=bash --style none --runs $PerRound --warmup 1 `
        --prepare "bash '$Flip' --flip '$state/$Name' $port $a $b" `
        -n $Name --export-json $json $hyper[$Name] > $null 2>> $hyperLog
    Assert-Exit "hyperfine $Name (see hyperfine.log)"
    foreach ($t in (Get-Content -Raw -LiteralPath $json | ConvertFrom-Json).results[0].times) {
        Add-Sample $Name $Round (1000 * $t)
    }
}

$contenders = @(
    {
        param($r)
        $w = [System.Diagnostics.Stopwatch]::new()
        for ($i = 0; $i -lt $PerRound; $i++) {
            $v = Get-Next cmdlet
            $w.Restart()
            Set-VdePortVlan -Port 3 -Access -VlanId $v -Confirm:$false
            $set = $w.Elapsed.TotalMilliseconds
            $w.Restart()
            $p = Get-VdePort -Port 3
            $get = $w.Elapsed.TotalMilliseconds
            if (@($p).Count -ne 1 -or $p.Vlan -ne $v) { throw "Get-VdePort -Port 3 returned $(@($p).Count) ports, VLAN $(@($p)[0].Vlan), want $v" }
            $current['cmdlet'] = $v
            Add-Sample 'cmdlet-set' $r $set
            Add-Sample 'cmdlet-get' $r $get
            Add-Sample 'cmdlet' $r ($set + $get)
        }
    }
    {
        param($r)
        $w = [System.Diagnostics.Stopwatch]::new()
        for ($i = 0; $i -lt $PerRound; $i++) {
            $v = Get-Next cli-session
            $w.Restart()
            & $Cli --port 7 --access $v vlan > $null
            $set = $w.Elapsed.TotalMilliseconds
            Assert-Exit 'ctys-setupvde vlan'
            $w.Restart()
            $text = & $Cli ports
            $get = $w.Elapsed.TotalMilliseconds
            Assert-Exit 'ctys-setupvde ports'
            if (-not ($text -match "^7 +$v +")) { throw "ctys-setupvde ports did not show port 7 in VLAN ${v}:`n$($text -join "`n")" }
            $current['cli-session'] = $v
            Add-Sample 'cli-session' $r ($set + $get)
        }
    }
    {
        param($r)
        $w = [System.Diagnostics.Stopwatch]::new()
        for ($i = 0; $i -lt $PerRound; $i++) {
            $v = Get-Next raw-session
            $w.Restart()
            $text = & $bash -c "printf 'port/setvlan 8 $v\n' | socat - UNIX-CONNECT:$mgmt >/dev/null && printf 'port/print 8\n' | socat - UNIX-CONNECT:$mgmt"
            $t = $w.Elapsed.TotalMilliseconds
            Assert-Exit 'raw setvlan + print'
            $want = 'untagged_vlan={0:D4} ' -f $v
            if (-not ($text -match "^Port 0008 $want")) { throw "port/print 8 did not show VLAN ${v}:`n$($text -join "`n")" }
            $current['raw-session'] = $v
            Add-Sample 'raw-session' $r $t
        }
    }
    { param($r) Invoke-Hyperfine cli $r }
    { param($r) Invoke-Hyperfine raw $r }
    { param($r) Invoke-Hyperfine raw-steps $r }
)

function Get-Order([int] $Count, [int] $Round) {
    $start = (($Round % $Count) + $Count) % $Count
    for ($i = 0; $i -lt $Count; $i++) { ($start + $i) % $Count }
}

try {
    for ($round = 1 - $Warmup; $round -le $Rounds; $round++) {
        foreach ($i in Get-Order $contenders.Count $round) { & $contenders[$i] $round }
        # Outside the timing: the switch has exactly the VLANs the contenders' ports are in, plus the raw ones
        # created up front: each tool call removed the VLAN its port left.
        $want = @(0, $current['cmdlet'], (Get-PortVlanRaw 4), 30, 31, (Get-PortVlanRaw 6), $current['cli-session'], 60, 61) | Sort-Object
        $have = Get-SwitchVlan
        if (($have -join ' ') -ne ($want -join ' ')) { throw "round ${round}: the switch has VLANs [$have], want [$want]" }
        Write-Host -NoNewline '.'
    }
    Write-Host ''
}
finally {
    $samples | Export-Csv -LiteralPath (Join-Path $OutDirectory 'samples.tsv') -Delimiter "`t" -UseQuotes Never
}

# ---------------------------------------------------------------------------------------------------------
function Get-Times([string] $Contender) {
    $t = @($samples | Where-Object { $_.Contender -eq $Contender -and $_.Round -ge 1 } | ForEach-Object Milliseconds)
    if ($t.Count -eq 0) { throw "no samples for $Contender" }
    , $t
}
function Get-Statistic([double[]] $Times) {
    $s = @($Times | Sort-Object)
    $n = $s.Count
    $median = if ($n % 2) { $s[($n - 1) / 2] } else { ($s[$n / 2 - 1] + $s[$n / 2]) / 2 }
    [pscustomobject]@{ Median = $median; P90 = $s[[math]::Ceiling(0.9 * $n) - 1]; Min = $s[0]; Max = $s[-1]; Count = $n }
}
$raw = (Get-Statistic (Get-Times raw)).Median
$rawSteps = (Get-Statistic (Get-Times raw-steps)).Median
$rows = [System.Collections.Generic.List[string]]::new()
$rows.Add('| row | what is timed | median (min–max) ms | p90 ms | n | ÷ (c) raw | ÷ (c2) raw, the tool''s steps |')
$rows.Add('|---|---|---|---|---|---|---|')
function Add-Row([string] $Label, [string] $What, [string] $Contender, [switch] $NoRatio) {
    $s = Get-Statistic (Get-Times $Contender)
    $ratio = if ($NoRatio) { '| — | — |' } else { [string]::Format($invariant, '| {0:0.00}× | {1:0.00}× |', $s.Median / $raw, $s.Median / $rawSteps) }
    $rows.Add([string]::Format($invariant, '| {0} | {1} | {2:0.0} ({3:0.0}–{4:0.0}) | {5:0.0} | {6} {7}', $Label, $What, $s.Median, $s.Min, $s.Max, $s.P90, $s.Count, $ratio))
}
Add-Row '(a)' '`Set-VdePortVlan -Port 3 -Access -VlanId V -Confirm:$false; Get-VdePort -Port 3`, warm session (Stopwatch)' cmdlet
Add-Row '(a1)' '… `Set-VdePortVlan` alone' cmdlet-set -NoRatio
Add-Row '(a2)' '… `Get-VdePort -Port 3` alone' cmdlet-get -NoRatio
Add-Row '(b)' '`ctys-setupvde --port 4 --access V vlan && ctys-setupvde ports` (hyperfine, bash start subtracted)' cli
Add-Row '(c)' '`port/setvlan 5 V` and `port/print 5`, one socat each; VLANs made up front (hyperfine, bash start subtracted)' raw
Add-Row '(c2)' '`vlan/create V`, `port/setvlan 6 V`, `vlan/remove OLD`, `port/print 6`, one socat each (hyperfine)' raw-steps
Add-Row '(b′)' '(b) started from the session: `& $cli … vlan; & $cli ports` (Stopwatch)' cli-session
Add-Row '(c′)' '(c) started from the session: `& $bash -c ''… socat …; … socat …''` (Stopwatch)' raw-session
$rows | Set-Content -LiteralPath (Join-Path $OutDirectory 'table.md')
