#Requires -Version 7.4
<#
.SYNOPSIS
    The measuring half of bench/pwsh: times the CtysVde cmdlets in this one warm session beside ctys-setupvde
    and the raw tools, both called from this same session.
.DESCRIPTION
    Runs only inside the private network and mount namespace that bench/pwsh makes (it refuses the machine's
    initial namespace). Every contender of a group runs once per round, in an order that rotates from round to
    round; the first -Warmup rounds are discarded. Times are taken with [System.Diagnostics.Stopwatch] around
    the call alone; the checks that the call did what it should (and that create started from a clean state)
    run outside the timed part. Writes samples.tsv (every sample, warm-up ones marked) and table.md into
    -OutDirectory.
#>
[CmdletBinding(PositionalBinding = $false)]
param(
    [Parameter(Mandatory)]
    [string] $OutDirectory,

    [Parameter(Mandatory)]
    [string] $Cli,

    # The test users, comma-separated, one switch each for the list rows (bench/pwsh makes them in a private
    # user database). Lists are comma-separated strings because pwsh -File passes every argument as one string.
    [Parameter(Mandatory)]
    [string] $Owner,

    # The switch counts of the list rows, comma-separated.
    [string] $SwitchCount = '1,20,50',

    [ValidateRange(1, 10000)]
    [int] $Rounds = 20,

    [ValidateRange(0, 100)]
    [int] $Warmup = 1
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$invariant = [System.Globalization.CultureInfo]::InvariantCulture
trap {
    # Say where it failed, not only what; the exit code tells bench/pwsh that it did.
    [Console]::Error.WriteLine("bench/pwsh-inner.ps1: $($_.Exception.Message)`n$($_.ScriptStackTrace)")
    exit 1
}

function Get-NamespaceId([string] $Process) {
    [System.IO.FileInfo]::new("/proc/$Process/ns/net").LinkTarget
}
if ((Get-NamespaceId self) -eq (Get-NamespaceId 1)) {
    throw 'bench/pwsh-inner.ps1: refusing to run in the machine''s initial network namespace (run bash bench/pwsh)'
}
$owners = @($Owner -split ',' | Where-Object { $_ })
$counts = @($SwitchCount -split '[, ]' | Where-Object { $_ } | ForEach-Object { [int] $_ } | Sort-Object -Unique)
if ($counts[-1] -gt $owners.Count) {
    throw "need $($counts[-1]) owners for the list rows, got $($owners.Count)"
}

$repository = Split-Path -Parent $PSScriptRoot
Import-Module (Join-Path $repository 'CtysVde.psd1') -Force
$module = Get-Module CtysVde
if ($module.ModuleBase -ne $repository) {
    throw "CtysVde was loaded from $($module.ModuleBase), not from the checkout $repository"
}

# Native commands are called by full path: a bare name costs pwsh a command lookup on every call (about 5 ms
# here, with this machine's long PATH; the floor rows show it), which would be charged to the raw side only.
$bash = (Get-Command -Name bash -CommandType Application -TotalCount 1).Source
$pgrep = (Get-Command -Name pgrep -CommandType Application -TotalCount 1).Source

# The raw tools doing the same work, exactly as bench/run-inner's strict variants (raw_create_cmd br0 sock,
# raw_cancel_cmd shutdown): a persistent TAP owned by root, up, on br0, `vde_switch -d`, wait for the management
# socket; `shutdown` over socat, wait until the process is gone (a zombie counts as gone), delete the TAP.
$rawCreate = @'
ip tuntap add dev tapR mode tap user root group root && ip link set tapR up && ip link set tapR master br0 && vde_switch -d -t tapR -s /var/tmp/raw_sw -M /var/tmp/raw_mgmt -p /var/run/raw_pid && for i in {1..2000}; do [ -S /var/tmp/raw_mgmt ] && exit 0; sleep 0.002; done; exit 1
'@
$rawCancel = @'
read -r pid </var/run/raw_pid && printf 'shutdown\n' | socat - UNIX-CONNECT:/var/tmp/raw_mgmt >/dev/null && for i in {1..4000}; do { read -r st </proc/$pid/stat; } 2>/dev/null || break; [[ $st == *') Z '* ]] && break; sleep 0.001; done && ip link del tapR
'@

# ---------------------------------------------------------------------------------------------------------
# Samples: one line per timed call, warm-up calls included but marked.
$samples = [System.Collections.Generic.List[object]]::new()

function Measure-Call {
    <# Runs $Action once under a Stopwatch, records the time and returns the action's output. #>
    param([string] $Group, [string] $Contender, [int] $Round, [scriptblock] $Action)
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $output = & $Action
    $watch.Stop()
    $samples.Add([pscustomobject]@{ Group = $Group; Contender = $Contender; Round = $Round; Milliseconds = $watch.Elapsed.TotalMilliseconds })
    $output
}

function Assert-Exit([string] $What) {
    if ($LASTEXITCODE -ne 0) { throw "$What failed with exit code $LASTEXITCODE" }
}

function Get-LiveSwitchProcess {
    <# The vde_switch processes of this namespace that are not zombies. #>
    $ourNet = Get-NamespaceId self
    foreach ($dir in [System.IO.Directory]::EnumerateDirectories('/proc')) {
        $name = [System.IO.Path]::GetFileName($dir)
        if ($name -notmatch '^\d+$') { continue }
        try {
            if ([System.IO.File]::ReadAllText("$dir/comm").Trim() -ne 'vde_switch') { continue }
            if ((Get-NamespaceId $name) -ne $ourNet) { continue }
            if ([System.IO.File]::ReadAllText("$dir/stat") -match '\) Z ') { continue }
        }
        catch [System.IO.IOException], [System.UnauthorizedAccessException] {
            continue
        }
        [int] $name
    }
}

function Assert-State {
    <# Exactly the expected links, files in /var/tmp and /run, and number of live vde_switch processes. #>
    param([string[]] $Link, [string[]] $File, [int] $Switches)
    $links = @(Get-ChildItem -LiteralPath /sys/class/net -Name | Where-Object { $_ -ne 'lo' } | Sort-Object)
    $files = @(@(Get-ChildItem -LiteralPath /var/tmp -Force -Name) + @(Get-ChildItem -LiteralPath /run -Force -Name) |
        Where-Object { $_ -ne 'ctysvde-bench-etc' } | Sort-Object)
    $live = @(Get-LiveSwitchProcess)
    $wantLinks = @($Link | Sort-Object)
    $wantFiles = @($File | Sort-Object)
    if (($links -join ' ') -cne ($wantLinks -join ' ') -or ($files -join ' ') -cne ($wantFiles -join ' ') -or $live.Count -ne $Switches) {
        throw "unexpected state: links [$links] (want [$wantLinks]), files [$files] (want [$wantFiles]), live vde_switch $($live.Count) (want $Switches)"
    }
}

function Format-Switches([int] $Count) { if ($Count -eq 1) { '1 switch' } else { "$Count switches" } }

function Get-Order([int] $Count, [int] $Round) {
    <# The contenders' order in a round: rotated by one each round, so none is always first. #>
    $start = (($Round % $Count) + $Count) % $Count
    for ($i = 0; $i -lt $Count; $i++) { ($start + $i) % $Count }
}

function Invoke-Rounds {
    <# Runs -Warmup discarded rounds and -Rounds timed ones; in each, every contender once, rotating. #>
    param([string] $Group, [object[]] $Contender)
    for ($round = 1 - $Warmup; $round -le $Rounds; $round++) {
        foreach ($i in Get-Order $Contender.Count $round) {
            & $Contender[$i] $Group $round
        }
        Write-Host -NoNewline '.'
    }
    Write-Host ''
}

$rootFiles = @('vde_mgmt0.root', 'vde_switch0.root', 'vde_mgmt0.root')   # in /var/tmp, and the pidfile in /run
$rawFiles = @('raw_mgmt', 'raw_pid', 'raw_sw')

try {
    & ip link add br0 type bridge forward_delay 0; Assert-Exit 'ip link add br0'
    & ip link set br0 up; Assert-Exit 'ip link set br0 up'
    Assert-State -Link br0 -File @() -Switches 0

    # -----------------------------------------------------------------------------------------------------
    Write-Host '== floors: the cost of calling anything from this session'
    Invoke-Rounds floor @(
        { param($g, $r) $null = Measure-Call $g 'scriptblock' $r {} }
        { param($g, $r) $null = Measure-Call $g 'true' $r { & /bin/true }; Assert-Exit true }
        { param($g, $r) $null = Measure-Call $g 'true-by-name' $r { & true }; Assert-Exit true }
        { param($g, $r) $null = Measure-Call $g 'bash' $r { & $bash -c true }; Assert-Exit 'bash -c true' }
        { param($g, $r) $null = Measure-Call $g 'cli-version' $r { & $Cli -V }; Assert-Exit "$Cli -V" }
    )

    # -----------------------------------------------------------------------------------------------------
    Write-Host '== create and remove on an existing bridge br0 (root''s default switch; raw: tapR)'
    Invoke-Rounds create @(
        {
            param($g, $r)
            Assert-State -Link br0 -File @() -Switches 0
            $sw = Measure-Call $g 'cmdlet-create' $r { New-VdeSwitch -BridgeName br0 }
            if ($sw.State -ne 'Running' -or $sw.Name -ne 'vde_switch0.root' -or $sw.BridgeName -ne 'br0') { throw "New-VdeSwitch returned $($sw | Out-String)" }
            Assert-State -Link br0, $sw.TapName -File $rootFiles -Switches 1
            $null = Measure-Call $g 'cmdlet-remove' $r { Remove-VdeSwitch -Name vde_switch0.root -Force -Confirm:$false }
            Assert-State -Link br0 -File @() -Switches 0
        }
        {
            param($g, $r)
            Assert-State -Link br0 -File @() -Switches 0
            $null = Measure-Call $g 'cli-create' $r { & $Cli -b br0 create }; Assert-Exit 'ctys-setupvde create'
            Assert-State -Link br0, tap0 -File $rootFiles -Switches 1
            $null = Measure-Call $g 'cli-remove' $r { & $Cli cancel }; Assert-Exit 'ctys-setupvde cancel'
            Assert-State -Link br0 -File @() -Switches 0
        }
        {
            param($g, $r)
            Assert-State -Link br0 -File @() -Switches 0
            $null = Measure-Call $g 'raw-create' $r { & $bash -c $rawCreate }; Assert-Exit 'raw create'
            # vde_switch -d returns before its daemon writes the pidfile (bench/README.md, "Other observations").
            $deadline = [datetime]::UtcNow.AddSeconds(5)
            while (-not (Test-Path -LiteralPath /run/raw_pid) -and [datetime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 1 }
            Assert-State -Link br0, tapR -File $rawFiles -Switches 1
            $null = Measure-Call $g 'raw-remove' $r { & $bash -c $rawCancel }; Assert-Exit 'raw cancel'
            Assert-State -Link br0 -File @() -Switches 0
        }
    )

    # -----------------------------------------------------------------------------------------------------
    $made = 0
    foreach ($count in $counts) {
        Write-Host "== list and ports with $(Format-Switches $count), one owner each"
        while ($made -lt $count) {
            $o = $owners[$made]
            $sw = Measure-Call setup 'New-VdeSwitch (setup)' ($made + 1) { New-VdeSwitch -Owner $o -BridgeName br0 }
            if ($sw.State -ne 'Running' -or $sw.Owner -ne $o) { throw "New-VdeSwitch -Owner $o returned $($sw | Out-String)" }
            $made++
        }
        $names = @($owners[0..($count - 1)] | ForEach-Object { "vde_switch0.$_" })
        $first = $owners[0]
        $firstSwitch = "vde_switch0.$first"
        $group = "list$count"
        $cliText = $null
        Invoke-Rounds $group @(
            {
                param($g, $r)
                $all = @(Measure-Call $g 'cmdlet-list' $r { Get-VdeSwitch })
                $seen = @($all | Where-Object { $_.State -eq 'Running' -and $_.MacAddress } | ForEach-Object Name | Sort-Object)
                if (($seen -join ' ') -cne (($names | Sort-Object) -join ' ')) { throw "Get-VdeSwitch saw [$seen]" }
            }
            {
                param($g, $r)
                $one = @(Measure-Call $g 'cmdlet-list-one' $r { Get-VdeSwitch -Name $firstSwitch })
                if ($one.Count -ne 1 -or -not $one[0].MacAddress) { throw "Get-VdeSwitch -Name $firstSwitch returned $($one.Count) objects" }
            }
            {
                param($g, $r)
                $text = Measure-Call $g 'cli-list' $r { & $Cli --json list }; Assert-Exit 'ctys-setupvde --json list'
                $parsed = @(Measure-Call $g 'cli-list-parse' $r { $text | ConvertFrom-Json })
                if ($parsed.Count -ne $count) { throw "ctys-setupvde --json list listed $($parsed.Count) switches" }
            }
            {
                param($g, $r)
                $lines = @(Measure-Call $g 'raw-list' $r { & $pgrep -a vde_switch }); Assert-Exit 'pgrep'
                # pgrep sees the whole machine, other namespaces included.
                if ($lines.Count -lt $count) { throw "pgrep -a vde_switch listed $($lines.Count)" }
            }
            {
                param($g, $r)
                $ports = @(Measure-Call $g 'cmdlet-ports' $r { Get-VdePort -Name $firstSwitch })
                if ($ports.Count -lt 1) { throw "Get-VdePort -Name $firstSwitch returned nothing" }
            }
            {
                param($g, $r)
                $text = @(Measure-Call $g 'cli-ports' $r { & $Cli -u $first ports }); Assert-Exit 'ctys-setupvde ports'
                if ($text.Count -lt 2) { throw "ctys-setupvde -u $first ports printed $($text.Count) lines" }
            }
            {
                param($g, $r)
                $text = @(Measure-Call $g 'raw-ports' $r { & $bash -c "printf 'port/print\n' | socat - UNIX-CONNECT:/var/tmp/vde_mgmt0.$first" }); Assert-Exit 'socat port/print'
                if (-not ($text -match 'tuntap')) { throw "port/print over socat did not show the TAP: $text" }
            }
        )
    }

    Write-Host "== removing the $made switches (the last first)"
    for ($i = $made - 1; $i -ge 0; $i--) {
        $name = "vde_switch0.$($owners[$i])"
        $null = Measure-Call setup 'Remove-VdeSwitch (setup)' ($i + 1) { Remove-VdeSwitch -Name $name -Force -Confirm:$false }
    }
    Assert-State -Link br0 -File @() -Switches 0
}
finally {
    # Whatever happened: remove every switch and leftover, the raw switch, and the bridge.
    $ErrorActionPreference = 'Continue'
    Get-VdeSwitch -IncludeStale -ErrorAction SilentlyContinue | Remove-VdeSwitch -Force -Confirm:$false -ErrorAction Continue
    if (Test-Path -LiteralPath /var/tmp/raw_mgmt) { & $bash -c $rawCancel }
    foreach ($link in 'tapR', 'br0') {
        if (Test-Path -LiteralPath "/sys/class/net/$link") { & ip link del $link }
    }
    $samples | Export-Csv -LiteralPath (Join-Path $OutDirectory 'samples.tsv') -Delimiter "`t" -UseQuotes Never
}

# ---------------------------------------------------------------------------------------------------------
# The table: median and p90 (nearest rank) of the timed rounds, in ms.
function Get-Times([string] $Group, [string] $Contender) {
    $t = @($samples | Where-Object { $_.Group -eq $Group -and $_.Contender -eq $Contender -and $_.Round -ge 1 } |
        Sort-Object Round | ForEach-Object Milliseconds)
    if ($t.Count -eq 0) { throw "no samples for $Group/$Contender" }
    , $t
}
function Get-SumTimes([string] $Group, [string[]] $Contender) {
    # Per round, the sum of the contenders' times (e.g. a create and the remove that followed it).
    $parts = @($Contender | ForEach-Object { , (Get-Times $Group $_) })
    $sum = for ($i = 0; $i -lt $parts[0].Count; $i++) { ($parts | ForEach-Object { $_[$i] } | Measure-Object -Sum).Sum }
    , @($sum)
}
function Get-Statistic([double[]] $Times) {
    $s = @($Times | Sort-Object)
    $n = $s.Count
    $median = if ($n % 2) { $s[($n - 1) / 2] } else { ($s[$n / 2 - 1] + $s[$n / 2]) / 2 }
    [pscustomobject]@{ Median = $median; P90 = $s[[math]::Ceiling(0.9 * $n) - 1]; Min = $s[0]; Max = $s[-1]; Count = $n }
}
function Format-Cell($Times) {
    if ($null -eq $Times) { return '' }
    $s = Get-Statistic $Times
    [string]::Format($invariant, '{0:0.0} / {1:0.0}', $s.Median, $s.P90)
}
function Format-Ratio($A, $B) {
    if ($null -eq $A -or $null -eq $B) { return '' }
    [string]::Format($invariant, '{0:0.00}×', (Get-Statistic $A).Median / (Get-Statistic $B).Median)
}
$rows = [System.Collections.Generic.List[string]]::new()
function Add-Row([string] $Label, $Cmdlet, $Cli, $Raw, [string] $Target = '—', [switch] $NoRatio) {
    $ratios = if ($NoRatio) { '| — | — |' } else { "| $(Format-Ratio $Cmdlet $Cli) | $(Format-Ratio $Cmdlet $Raw) |" }
    $rows.Add("| $Label | $(Format-Cell $Cmdlet) | $(Format-Cell $Cli) | $(Format-Cell $Raw) $ratios $Target |")
}

$rows.Add('| what (ms: median / p90) | cmdlet, in-process | ctys-setupvde from the session | raw tools from the session | cmdlet ÷ CLI | cmdlet ÷ raw | target |')
$rows.Add('|---|---|---|---|---|---|---|')
Add-Row 'create: `New-VdeSwitch -BridgeName br0` / `ctys-setupvde -b br0 create` / `bash -c` tuntap add + up + master + `vde_switch -d`, wait for the socket' `
    (Get-Times create cmdlet-create) (Get-Times create cli-create) (Get-Times create raw-create)
Add-Row 'remove: `Remove-VdeSwitch -Force -Confirm:$false` / `cancel` / `bash -c` `shutdown` over socat, wait until gone, `ip link del`' `
    (Get-Times create cmdlet-remove) (Get-Times create cli-remove) (Get-Times create raw-remove)
Add-Row 'create + remove, per round' `
    (Get-SumTimes create cmdlet-create, cmdlet-remove) (Get-SumTimes create cli-create, cli-remove) (Get-SumTimes create raw-create, raw-remove)
foreach ($count in $counts) {
    $target = if ($count -eq 50) {
        $m = (Get-Statistic (Get-Times list50 cmdlet-list)).Median
        if ($m -lt 10) { '< 10 ms: met' } else { '< 10 ms: MISSED' }
    }
    else { '—' }
    Add-Row "list, $(Format-Switches $count): ``Get-VdeSwitch`` / ``ctys-setupvde --json list`` / ``pgrep -a vde_switch``" `
        (Get-Times "list$count" cmdlet-list) (Get-Times "list$count" cli-list) (Get-Times "list$count" raw-list) $target
}
foreach ($count in $counts) {
    Add-Row "list, $(Format-Switches $count), as objects: CLI's ``--json list | ConvertFrom-Json`` (sum per round)" `
        $null (Get-SumTimes "list$count" cli-list, cli-list-parse) $null
}
foreach ($count in $counts) {
    Add-Row "one switch by name among $count`: ``Get-VdeSwitch -Name vde_switch0.vdebench01``" `
        (Get-Times "list$count" cmdlet-list-one) $null $null
}
foreach ($count in $counts) {
    Add-Row "ports of one switch among $count`: ``Get-VdePort -Name …`` / ``ctys-setupvde -u … ports`` / ``port/print`` over socat" `
        (Get-Times "list$count" cmdlet-ports) (Get-Times "list$count" cli-ports) (Get-Times "list$count" raw-ports)
}
Add-Row 'floor, the cost of a call: `& {}` (the timing''s own overhead) / `ctys-setupvde -V` / `bash -c true`' `
    (Get-Times floor scriptblock) (Get-Times floor cli-version) (Get-Times floor bash) -NoRatio
Add-Row 'floor: `/bin/true` run from the session' `
    $null (Get-Times floor true) $null -NoRatio
Add-Row 'floor: `true` by bare name (pwsh looks it up in PATH on every call)' `
    $null (Get-Times floor true-by-name) $null -NoRatio

$firstCalls = foreach ($c in 'cmdlet-create', 'cmdlet-remove', 'cli-create', 'raw-create') {
    $s = $samples | Where-Object { $_.Group -eq 'create' -and $_.Contender -eq $c } | Sort-Object Round | Select-Object -First 1
    [string]::Format($invariant, '{0} {1:0.0}', $c, $s.Milliseconds)
}
$firstList = $samples | Where-Object { $_.Group -eq "list$($counts[0])" -and $_.Contender -eq 'cmdlet-list' } | Sort-Object Round | Select-Object -First 1
$setupCreate = @($samples | Where-Object { $_.Group -eq 'setup' -and $_.Contender -like 'New-*' } | Sort-Object Round | ForEach-Object Milliseconds)
$setupRemove = @($samples | Where-Object { $_.Group -eq 'setup' -and $_.Contender -like 'Remove-*' } | Sort-Object Round | ForEach-Object Milliseconds)
$notes = @(
    ''
    [string]::Format($invariant, 'Timed rounds: {0} (after {1} warm-up round(s), discarded). First calls in the session (ms, warm-up): {2}; the first Get-VdeSwitch {3:0.0}.',
        $Rounds, $Warmup, ($firstCalls -join ', '), $firstList.Milliseconds)
    [string]::Format($invariant, 'Setting up the list rows, single calls (ms): New-VdeSwitch -Owner with 0–9 other switches running, median {0:0.0}; with the last 10, {1:0.0}. Remove-VdeSwitch, the last first: first 10 {2:0.0}, last 10 {3:0.0}.',
        (Get-Statistic ($setupCreate | Select-Object -First 10)).Median, (Get-Statistic ($setupCreate | Select-Object -Last 10)).Median,
        (Get-Statistic ($setupRemove | Select-Object -Last 10)).Median, (Get-Statistic ($setupRemove | Select-Object -First 10)).Median)
)
($rows + $notes) | Set-Content -LiteralPath (Join-Path $OutDirectory 'table.md')
