#Requires -Version 7.4
<#
.SYNOPSIS
    A lab of pwsh-over-SSH hosts for the Pester remoting suite, built from network, mount and UTS namespaces.
.DESCRIPTION
    Start-SshLab builds N hosts (host1..hostN): each is a network namespace whose veth sits on a bridge in a
    "LAN" namespace, held by a process (the holder) with its own mount and UTS namespace, in which the host's
    name is set and /tmp, /var/tmp, /run, /root, /usr/local/bin and /usr/local/share are directories of the
    host's own. So each host has its own switches, sockets, pidfiles and installed module, and nothing of a
    host reaches the real system. Each host runs its own sshd (own host key, key-only login, pwsh as its
    "powershell" subsystem) bound to the host's address.

    The controller is the calling process: it must already run in a private network and mount namespace (as
    .ci/pester makes it), and it reaches the LAN through a veth of its own. OpenSSH reads ~/.ssh from the
    passwd home, not $HOME, so the lab bind-mounts a private /root (holding .ssh/config and the client key)
    for its lifetime; `Invoke-Command -HostName host1` and `ctys-setupvde -r host1` then just work.

    Everything the lab makes lives in one tmpfs and in namespaces named ctyslab<PID>-*; Stop-SshLab stops its
    processes by PID, deletes the namespaces and links, undoes the mounts and reports anything left behind.
#>
Set-StrictMode -Version Latest

# Not the subnet of the xunit lab (10.199.40): the two never share a namespace, but a reader should not wonder.
$script:Subnet = '10.199.41'
$script:ControllerAddress = "$script:Subnet.254"

function Assert-LabController {
    <#
    .SYNOPSIS
        Throws unless this process is root in a private network and mount namespace: the lab creates
        interfaces and mounts, which must never reach the machine's own namespaces.
    #>
    [CmdletBinding()]
    param()
    Import-Module "$PSScriptRoot/TestHost.psm1"
    Assert-TestHost -Why 'the SSH lab creates namespaces, links and mounts'
}

function Invoke-LabNative {
    <# Runs a program, returns its output lines, and throws with its output if it fails. #>
    param(
        [Parameter(Mandatory)] [string] $FilePath,
        [string[]] $ArgumentList = @(),
        [switch] $AllowFailure
    )
    $output = & $FilePath @ArgumentList 2>&1 | ForEach-Object { "$_" }
    if ($LASTEXITCODE -ne 0 -and -not $AllowFailure) {
        throw "SshLab: '$FilePath $($ArgumentList -join ' ')' failed with exit code ${LASTEXITCODE}: $($output -join "`n")"
    }
    $output
}

function Start-LabProcess {
    <#
    Starts a long-running program with exact arguments (no shell, no quoting) and returns its Process, whose Id
    is the program's own: ip netns exec, unshare, nsenter and sh all exec the next program. setpriv makes the
    kernel kill it should this process die without its teardown, so a crashed run leaves no daemon behind.
    #>
    param([Parameter(Mandatory)] [string[]] $Command)
    $info = [System.Diagnostics.ProcessStartInfo]::new('setpriv')
    foreach ($argument in @('--pdeathsig', 'KILL') + $Command) { $info.ArgumentList.Add($argument) }
    $info.UseShellExecute = $false
    [System.Diagnostics.Process]::Start($info)
}

function Test-LabProcessAlive {
    <# True while the process exists and is not a zombie (PID 1 here reaps orphans late; a zombie is gone). #>
    param([Parameter(Mandatory)] [int] $ProcessId)
    $stat = Get-Content -LiteralPath "/proc/$ProcessId/stat" -Raw -ErrorAction Ignore
    if (-not $stat) { return $false }
    # The state follows the command name in parentheses, which may itself hold spaces or parentheses.
    $stat.Substring($stat.LastIndexOf(')') + 2, 1) -ne 'Z'
}

function Wait-LabCondition {
    <# Waits for a condition with a generous bound (CI runs on a loaded 2-core machine); throws naming it. #>
    param(
        [Parameter(Mandatory)] [scriptblock] $Condition,
        [Parameter(Mandatory)] [string] $What,
        [int] $TimeoutSeconds = 60
    )
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while (-not (& $Condition)) {
        if ([DateTime]::UtcNow -gt $deadline) { throw "SshLab: timed out after $TimeoutSeconds s waiting for $What" }
        Start-Sleep -Milliseconds 50
    }
}

function Stop-LabProcess {
    <# Ends one process of the lab by its PID: SIGTERM, then SIGKILL if it lingers; waits until it is gone. #>
    param([Parameter(Mandatory)] [int] $ProcessId)
    if (-not (Test-LabProcessAlive $ProcessId)) { return }
    Invoke-LabNative /usr/bin/kill '-TERM', "$ProcessId" -AllowFailure | Out-Null
    try {
        Wait-LabCondition { -not (Test-LabProcessAlive $ProcessId) } "process $ProcessId to end after SIGTERM" -TimeoutSeconds 15
    }
    catch {
        Invoke-LabNative /usr/bin/kill '-KILL', "$ProcessId" -AllowFailure | Out-Null
        Wait-LabCondition { -not (Test-LabProcessAlive $ProcessId) } "process $ProcessId to end after SIGKILL"
    }
}

function Test-LabListening {
    param([Parameter(Mandatory)] [string] $Address)
    $client = [System.Net.Sockets.TcpClient]::new()
    try { $client.Connect($Address, 22); $true }
    catch [System.Net.Sockets.SocketException] { $false }
    catch [System.Management.Automation.MethodInvocationException] { $false }
    finally { $client.Dispose() }
}

function Get-LabNamespacePid {
    <# The live processes in a host's network namespace (zombies have no namespace left and are not listed). #>
    param([Parameter(Mandatory)] [string] $Namespace)
    @(Invoke-LabNative ip 'netns', 'pids', $Namespace -AllowFailure | Where-Object { $_ -match '^\d+$' } | ForEach-Object { [int]$_ } |
            Where-Object { Test-LabProcessAlive $_ })
}

function Start-SshLab {
    <#
    .SYNOPSIS
        Builds the lab and returns it: Hosts (Name, Address, Namespace, Root, VarTmp, Run, HolderPid, SshdPid…),
        the client's ssh config, and what Stop-SshLab needs to undo it all.
    .PARAMETER Pwsh
        The absolute path of the pwsh the hosts run as their SSH subsystem (the pinned one).
    #>
    [CmdletBinding()]
    param(
        [ValidateRange(1, 9)] [int] $Count = 3,
        [Parameter(Mandatory)] [ValidateScript({ [System.IO.Path]::IsPathRooted($_) -and (Test-Path -LiteralPath $_ -PathType Leaf) })]
        [string] $Pwsh
    )
    Assert-LabController
    $prefix = "ctyslab$PID"
    $mountsBefore = @(Get-LabMountPoint)
    $lab = [pscustomobject]@{
        Prefix         = $prefix
        Root           = (Invoke-LabNative mktemp '-d', "/tmp/ctysvde-sshlab.XXXXXX") | Select-Object -Last 1
        Lan            = "$prefix-lan"
        ControllerLink = "$prefix-c"
        SshConfig      = $null
        HomeMounted    = $false
        MountsBefore   = $mountsBefore
        # ip netns and mount keep bookkeeping in /run (/run/netns, a mount, and /run/mount); the lab removes
        # what it caused to appear.
        RunBefore      = @(Get-ChildItem -LiteralPath /run -Force -Name)
        LinksBefore    = @((Get-ChildItem /sys/class/net).Name)
        Hosts          = [System.Collections.Generic.List[object]]::new()
    }
    try {
        # One tmpfs holds every file of the lab, so nothing of it can outlive the teardown on the real disk.
        Invoke-LabNative mount '-t', 'tmpfs', '-o', 'mode=0755', 'ctysvde-sshlab', $lab.Root | Out-Null

        Invoke-LabNative ip 'netns', 'add', $lab.Lan | Out-Null
        Invoke-LabNative ip '-n', $lab.Lan, 'link', 'set', 'lo', 'up' | Out-Null
        Invoke-LabNative ip '-n', $lab.Lan, 'link', 'add', 'lan', 'type', 'bridge' | Out-Null
        Invoke-LabNative ip '-n', $lab.Lan, 'link', 'set', 'lan', 'up' | Out-Null
        # The controller's own port on the LAN, created here with its peer sent straight into the LAN namespace.
        Invoke-LabNative ip 'link', 'add', $lab.ControllerLink, 'type', 'veth', 'peer', 'name', 'ctl', 'netns', $lab.Lan | Out-Null
        Invoke-LabNative ip '-n', $lab.Lan, 'link', 'set', 'ctl', 'master', 'lan', 'up' | Out-Null
        Invoke-LabNative ip 'addr', 'add', "$script:ControllerAddress/24", 'dev', $lab.ControllerLink | Out-Null
        Invoke-LabNative ip 'link', 'set', $lab.ControllerLink, 'up' | Out-Null

        $client = Join-Path $lab.Root 'home'
        New-Item -ItemType Directory -Path "$client/.ssh" | Out-Null
        Invoke-LabNative chmod '0700', $client, "$client/.ssh" | Out-Null
        Invoke-LabNative ssh-keygen '-q', '-t', 'ed25519', '-N', '', '-C', 'ctysvde-sshlab', '-f', "$client/.ssh/id_ed25519" | Out-Null
        Copy-Item "$client/.ssh/id_ed25519.pub" (Join-Path $lab.Root 'authorized_keys')

        $config = [System.Collections.Generic.List[string]]::new()
        for ($i = 1; $i -le $Count; $i++) {
            $labHost = New-LabHost -Lab $lab -Name "host$i" -Address "$script:Subnet.$(10 + $i)" -Pwsh $Pwsh
            $lab.Hosts.Add($labHost)
            $config.Add("Host $($labHost.Name)")
            $config.Add("  HostName $($labHost.Address)")
        }
        $config.AddRange([string[]]@(
                'Host *'
                '  User root'
                "  IdentityFile $client/.ssh/id_ed25519"
                '  IdentitiesOnly yes'
                '  StrictHostKeyChecking no'
                '  UserKnownHostsFile /dev/null'
                '  GlobalKnownHostsFile /dev/null'
                '  BatchMode yes'
                '  ConnectTimeout 30'
                # "Permanently added … to the list of known hosts" on every connection is noise, not news.
                '  LogLevel ERROR'))
        $lab.SshConfig = "$client/.ssh/config"
        Set-Content -LiteralPath $lab.SshConfig -Value $config
        Invoke-LabNative chmod '0600', $lab.SshConfig | Out-Null

        # Each host's root reaches the others too (cables across hosts run ssh there), with the same key and
        # settings, under the host's own /root.
        foreach ($labHost in $lab.Hosts) {
            $dotSsh = "$($labHost.Home)/.ssh"
            New-Item -ItemType Directory -Path $dotSsh | Out-Null
            Copy-Item "$client/.ssh/id_ed25519" "$dotSsh/id_ed25519"
            Set-Content -LiteralPath "$dotSsh/config" -Value ($config -replace [regex]::Escape("$client/.ssh/id_ed25519"), '/root/.ssh/id_ed25519')
            Invoke-LabNative chmod '0700', $dotSsh | Out-Null
            Invoke-LabNative chmod '0600', "$dotSsh/id_ed25519", "$dotSsh/config" | Out-Null
        }

        # ssh (for pwsh and the CLI alike) finds its config in the passwd home; this namespace is private, so
        # the bind is seen by this process and its children only, and it is undone by Stop-SshLab.
        Invoke-LabNative mount '--bind', $client, '/root' | Out-Null
        $lab.HomeMounted = $true

        foreach ($labHost in $lab.Hosts) { Start-LabSshd -LabHost $labHost }
        $lab
    }
    catch {
        $failure = $_
        Stop-SshLab -Lab $lab -ErrorAction Continue | Out-Null
        throw $failure
    }
}

function New-LabHost {
    <# One host: its namespace and LAN port, its private directories held by a holder process, its sshd config. #>
    param($Lab, [string] $Name, [string] $Address, [string] $Pwsh)
    $root = Join-Path $Lab.Root $Name
    $labHost = [pscustomobject]@{
        Name       = $Name
        Address    = $Address
        Namespace  = "$($Lab.Prefix)-$Name"
        LanPort    = "v$Name"
        Root       = $root
        Tmp        = "$root/tmp"
        VarTmp     = "$root/var-tmp"
        Run        = "$root/run"
        Home       = "$root/root"
        Bin        = "$root/bin"
        Share      = "$root/share"
        SshdConfig = "$root/sshd_config"
        SshdLog    = "$root/sshd.log"
        HolderPid  = 0
        SshdPid    = 0
        Holder     = $null
        Sshd       = $null
    }
    foreach ($dir in 'tmp', 'var-tmp', 'run/sshd', 'root', 'bin', 'share') {
        New-Item -ItemType Directory -Path "$root/$dir" -Force | Out-Null
    }
    Invoke-LabNative chmod '1777', $labHost.Tmp, $labHost.VarTmp | Out-Null
    Invoke-LabNative chmod '0700', $labHost.Home | Out-Null
    # sshd's privilege separation directory must be root's and not writable by others.
    Invoke-LabNative chmod '0755', $root, $labHost.Run, "$($labHost.Run)/sshd", $labHost.Bin, $labHost.Share | Out-Null

    Invoke-LabNative ip 'netns', 'add', $labHost.Namespace | Out-Null
    Invoke-LabNative ip '-n', $labHost.Namespace, 'link', 'set', 'lo', 'up' | Out-Null
    Invoke-LabNative ip '-n', $Lab.Lan, 'link', 'add', $labHost.LanPort, 'type', 'veth', 'peer', 'name', 'lan0', 'netns', $labHost.Namespace | Out-Null
    Invoke-LabNative ip '-n', $Lab.Lan, 'link', 'set', $labHost.LanPort, 'master', 'lan', 'up' | Out-Null
    Invoke-LabNative ip '-n', $labHost.Namespace, 'addr', 'add', "$Address/24", 'dev', 'lan0' | Out-Null
    Invoke-LabNative ip '-n', $labHost.Namespace, 'link', 'set', 'lan0', 'up' | Out-Null

    Invoke-LabNative ssh-keygen '-q', '-t', 'ed25519', '-N', '', '-C', $Name, '-f', "$root/host_key" | Out-Null
    Set-Content -LiteralPath $labHost.SshdConfig -Value @(
        "ListenAddress $Address"
        "HostKey $root/host_key"
        'PidFile none'
        "AuthorizedKeysFile $($Lab.Root)/authorized_keys"
        # The lab's files sit in a tmpfs under /tmp, which StrictModes would reject.
        'StrictModes no'
        'PermitRootLogin prohibit-password'
        'PasswordAuthentication no'
        'KbdInteractiveAuthentication no'
        'UsePAM no'
        'PrintMotd no'
        'PrintLastLog no'
        "Subsystem powershell $Pwsh -sshs -NoLogo -NoProfile"
    )

    # The host's /tmp hides the lab's files under /tmp, so the lab root is first bound into the host's own tmp
    # at the same path; the rest are plain binds. Only after every mount does sh become the holder (sleep).
    $labName = Split-Path -Leaf $Lab.Root
    New-Item -ItemType Directory -Path "$($labHost.Tmp)/$labName" | Out-Null
    $script = @(
        'set -e'
        "exec 2>>'$root/holder.log'"
        "hostname '$Name'"
        "mount --bind '$($Lab.Root)' '$($labHost.Tmp)/$labName'"
        "mount --rbind '$($labHost.Tmp)' /tmp"
        "mount --bind '$($labHost.VarTmp)' /var/tmp"
        "mount --bind '$($labHost.Run)' /run"
        "mount --bind '$($labHost.Home)' /root"
        "mount --bind '$($labHost.Bin)' /usr/local/bin"
        "mount --bind '$($labHost.Share)' /usr/local/share"
        'exec sleep infinity'
    ) -join "`n"
    $labHost.Holder = Start-LabProcess 'ip', 'netns', 'exec', $labHost.Namespace, 'unshare', '--mount', '--uts', '--propagation', 'private', '--', 'sh', '-c', $script
    $labHost.HolderPid = $labHost.Holder.Id
    $holder = $labHost.Holder
    Wait-LabCondition {
        if ($holder.HasExited) { throw "SshLab: ${Name}'s holder failed: $(Get-Content "$root/holder.log" -Raw -ErrorAction Ignore)" }
        (Get-Content -LiteralPath "/proc/$($holder.Id)/comm" -ErrorAction Ignore) -eq 'sleep'
    } "${Name}'s namespaces"
    $labHost
}

function Start-LabSshd {
    <#
    .SYNOPSIS
        Starts (or restarts) a host's sshd inside the host's namespaces and waits until it accepts connections.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $LabHost)
    $LabHost.Sshd = Start-LabProcess 'nsenter', '-t', "$($LabHost.HolderPid)", '-m', '-u', '-n', '--',
        '/usr/sbin/sshd', '-D', '-f', $LabHost.SshdConfig, '-E', $LabHost.SshdLog
    $LabHost.SshdPid = $LabHost.Sshd.Id
    $sshd = $LabHost.Sshd
    $address = $LabHost.Address
    Wait-LabCondition {
        if ($sshd.HasExited) { throw "SshLab: $($LabHost.Name)'s sshd failed: $(Get-Content $LabHost.SshdLog -Raw -ErrorAction Ignore)" }
        Test-LabListening $address
    } "$($LabHost.Name)'s sshd on ${address}:22"
}

function Stop-LabSshd {
    <#
    .SYNOPSIS
        Stops a host's sshd by its PID: the host refuses new connections, as one that went down. Sessions
        already open keep their own processes.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $LabHost)
    if ($LabHost.SshdPid) { Stop-LabProcess $LabHost.SshdPid }
    if ($LabHost.Sshd) { $LabHost.Sshd.WaitForExit(); $LabHost.Sshd.Dispose(); $LabHost.Sshd = $null }
    $LabHost.SshdPid = 0
}

function Set-LabHostName {
    <#
    .SYNOPSIS
        Renames a host (its UTS namespace, shared by its holder, its sshd and every session): e.g. to the
        controller's own name, as cloned lab machines share names.
    #>
    [CmdletBinding(SupportsShouldProcess)]
    param([Parameter(Mandatory)] $LabHost, [Parameter(Mandatory)] [string] $Name)
    if ($PSCmdlet.ShouldProcess($LabHost.Name, "set hostname $Name")) {
        Invoke-LabNative nsenter '-t', "$($LabHost.HolderPid)", '-u', '--', 'hostname', $Name | Out-Null
    }
}

function Get-LabHostState {
    <#
    .SYNOPSIS
        What of CtysVde a host holds: its live vde_switch processes, its cables' processes and files, its TAPs and
        bridges (every link but lo and lan0), the entries of its /var/tmp and the vde pidfiles in its /run. All empty
        on a clean host.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $LabHost)
    $switches = @(Get-LabNamespacePid $LabHost.Namespace | Where-Object {
            (Get-Content -LiteralPath "/proc/$_/comm" -ErrorAction Ignore) -eq 'vde_switch'
        })
    $links = @(Invoke-LabNative ip '-n', $LabHost.Namespace, '-o', 'link', 'show' | ForEach-Object { ($_ -split ':\s+')[1] -replace '@.*$' } |
            Where-Object { $_ -notin 'lo', 'lan0' })
    # A cable's processes (dpipe, its plugs, a wirefilter, its ssh) and its files in the caller's runtime directory.
    $cables = @(Get-LabNamespacePid $LabHost.Namespace | Where-Object {
            (Get-Content -LiteralPath "/proc/$_/comm" -ErrorAction Ignore) -in 'dpipe', 'vde_plug', 'wirefilter', 'ssh'
        })
    [pscustomobject]@{
        Host        = $LabHost.Name
        VdeSwitches = $switches
        Cables      = $cables
        CableFiles  = @(Get-ChildItem -LiteralPath "$($LabHost.Run)/ctysvde" -Force -Name -Filter 'cable-*' -ErrorAction Ignore)
        Links       = $links
        VarTmp      = @(Get-ChildItem -LiteralPath $LabHost.VarTmp -Force -Name)
        PidFiles    = @(Get-ChildItem -LiteralPath $LabHost.Run -Force -Name -Filter 'vde*')
    }
}

function Get-LabMountPoint {
    <# The mount points of this process's mount namespace, for the leak check. #>
    Get-Content -LiteralPath /proc/self/mountinfo | ForEach-Object { ($_ -split ' ')[4] }
}

function Stop-SshLab {
    <#
    .SYNOPSIS
        Takes the lab down: every process in its hosts' namespaces and every holder, by PID; the namespaces
        and links; the mounts and the tmpfs. Returns what was left behind (nothing on success) and writes an
        error for each such leftover. Safe on a half-built lab and when called twice.
    .DESCRIPTION
        Close the PSSessions to the hosts first: their pwsh processes end when ssh hangs up, and Stop-SshLab
        waits for that before it ends whatever is still running in a host (and reports it).
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Lab)
    $leftovers = [System.Collections.Generic.List[string]]::new()
    foreach ($labHost in $Lab.Hosts) {
        Stop-LabSshd -LabHost $labHost
        # Sessions closed by the caller end by themselves; give them time before calling anything a leftover.
        try {
            Wait-LabCondition { @(Get-LabNamespacePid $labHost.Namespace | Where-Object { $_ -ne $labHost.HolderPid }).Count -eq 0 } "the processes of $($labHost.Name) to end" -TimeoutSeconds 30
        }
        catch {
            foreach ($id in Get-LabNamespacePid $labHost.Namespace | Where-Object { $_ -ne $labHost.HolderPid }) {
                $leftovers.Add("process $id ($((Get-Content "/proc/$id/cmdline" -Raw -ErrorAction Ignore) -replace "`0", ' ')) in $($labHost.Name)")
                Stop-LabProcess $id
            }
        }
        if ($labHost.HolderPid) { Stop-LabProcess $labHost.HolderPid }
        if ($labHost.Holder) { $labHost.Holder.WaitForExit(); $labHost.Holder.Dispose(); $labHost.Holder = $null }
        $labHost.HolderPid = 0
    }

    if ($Lab.HomeMounted) {
        Invoke-LabNative umount '/root' | Out-Null
        $Lab.HomeMounted = $false
    }
    if ((Get-Item -LiteralPath /sys/class/net/$($Lab.ControllerLink) -ErrorAction Ignore)) {
        Invoke-LabNative ip 'link', 'del', $Lab.ControllerLink | Out-Null
    }
    foreach ($ns in @($Lab.Hosts.Namespace) + $Lab.Lan) {
        # Only the lab's own namespaces, whatever a caller handed in.
        if ($ns -like "$($Lab.Prefix)-*" -and (Test-Path -LiteralPath "/run/netns/$ns")) {
            Invoke-LabNative ip 'netns', 'del', $ns | Out-Null
        }
    }
    if ('netns' -notin $Lab.RunBefore -and (Test-Path -LiteralPath /run/netns) -and
        -not (Get-ChildItem -LiteralPath /run/netns -Force -Name)) {
        while ((Get-LabMountPoint) -contains '/run/netns') { Invoke-LabNative umount '/run/netns' | Out-Null }
        Remove-Item -LiteralPath /run/netns
    }
    if ($Lab.Root -and (Get-LabMountPoint) -contains $Lab.Root) {
        Invoke-LabNative umount $Lab.Root | Out-Null
    }
    if ($Lab.Root -and (Test-Path -LiteralPath $Lab.Root)) {
        Remove-Item -LiteralPath $Lab.Root -Recurse -Force
    }
    # Written by mount and umount (util-linux's utab), so removed after the last of them.
    if ('mount' -notin $Lab.RunBefore -and (Test-Path -LiteralPath /run/mount)) {
        Remove-Item -LiteralPath /run/mount -Recurse -Force
    }

    # The leak check: nothing of the lab may remain.
    foreach ($labHost in $Lab.Hosts) {
        if ($labHost.HolderPid -and (Test-LabProcessAlive $labHost.HolderPid)) { $leftovers.Add("holder of $($labHost.Name)") }
    }
    foreach ($ns in Get-ChildItem -LiteralPath /run/netns -Name -ErrorAction Ignore | Where-Object { $_ -like "$($Lab.Prefix)-*" }) {
        $leftovers.Add("network namespace $ns")
    }
    foreach ($link in (Get-ChildItem /sys/class/net).Name | Where-Object { $_ -notin $Lab.LinksBefore }) {
        $leftovers.Add("link $link")
    }
    foreach ($mount in Get-LabMountPoint | Where-Object { $_ -notin $Lab.MountsBefore }) {
        $leftovers.Add("mount $mount")
    }
    if ($Lab.Root -and (Test-Path -LiteralPath $Lab.Root)) { $leftovers.Add("directory $($Lab.Root)") }
    foreach ($entry in Get-ChildItem -LiteralPath /run -Force -Name | Where-Object { $_ -notin $Lab.RunBefore }) {
        $leftovers.Add("/run/$entry")
    }
    foreach ($leftover in $leftovers) { Write-Error "SshLab left behind: $leftover" }
    , $leftovers.ToArray()
}

Export-ModuleMember -Function Assert-LabController, Start-SshLab, Stop-SshLab, Start-LabSshd, Stop-LabSshd, Set-LabHostName, Get-LabHostState, Test-LabProcessAlive, Wait-LabCondition
