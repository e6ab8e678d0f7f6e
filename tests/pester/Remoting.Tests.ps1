#Requires -Version 7.4
#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# CtysVde over PowerShell remoting (Invoke-Command -HostName, PSSessions over SSH), against three real
# pwsh-over-SSH hosts that SshLab.psm1 builds in namespaces, with the module installed there the CLI's way
# (ctys-setupvde -r … --module … deploy). Run it through .ci/pester, which makes the private namespace the
# lab needs; it refuses the machine's own.

BeforeAll {
    $script:Repo = (Resolve-Path "$PSScriptRoot/../..").Path
    Import-Module "$PSScriptRoot/SshLab.psm1" -Force
    Assert-LabController
    Import-Module "$script:Repo/CtysVde.psd1" -Force

    $script:Cli = if ($env:CTYSVDE_CLI) { $env:CTYSVDE_CLI } else { "$script:Repo/artifacts/cli/ctys-setupvde" }
    # The pinned pwsh that .ci/powershell-tools installs; the running pwsh is dotnet itself, so not its path.
    $script:Pwsh = "$script:Repo/artifacts/tools/pwsh/pwsh"
    $script:ModuleFolder = "$script:Repo/artifacts/module/CtysVde"
    $script:HostNames = 'host1', 'host2', 'host3'
    $script:Here = [Environment]::MachineName

    # What this host holds, as one string so that a change shows as a readable difference. Read from /proc and
    # sysfs rather than through the cmdlets under test: the live vde_switch processes of this mount namespace,
    # the bridges with their members, every link, and everything in /var/tmp (sockets, pidfile dirs, locks).
    function Get-LocalState {
        $ours = (Get-Item -LiteralPath /proc/self/ns/mnt).LinkTarget
        $switches = foreach ($process in Get-ChildItem -LiteralPath /proc -Directory -ErrorAction Ignore | Where-Object Name -Match '^\d+$') {
            $dir = $process.FullName
            if ((Get-Content -LiteralPath "$dir/comm" -ErrorAction Ignore) -ne 'vde_switch') { continue }
            # Not ours when in another mount namespace, or when its namespace can no longer be read (it exits).
            if ((Get-Item -LiteralPath "$dir/ns/mnt" -ErrorAction Ignore).LinkTarget -ne $ours) { continue }
            if (-not (Test-LabProcessAlive $process.Name)) { continue }
            "$($process.Name) $((Get-Content -LiteralPath "$dir/cmdline" -Raw -ErrorAction Ignore) -replace "`0", ' ')"
        }
        $bridges = Get-ChildItem /sys/class/net | Where-Object { Test-Path -LiteralPath "$($_.FullName)/bridge" } |
            ForEach-Object { "$($_.Name)[$((Get-ChildItem -LiteralPath "$($_.FullName)/brif" -Name) -join ',')]" }
        @(
            'switches: ' + ($switches -join '; ')
            'bridges: ' + ($bridges -join '; ')
            'links: ' + ((Get-ChildItem /sys/class/net).Name -join ',')
            'files: ' + ((Get-ChildItem -LiteralPath /var/tmp -Recurse -Force -ErrorAction Ignore).FullName -join ',')
        ) -join "`n"
    }

    # A property value as text: collections (string arrays arrive as deserialized lists) joined, null as ''.
    function Format-PropertyValue($Value) {
        if ($Value -is [System.Collections.IEnumerable] -and $Value -isnot [string]) { '[' + (@($Value) -join ',') + ']' }
        else { "$Value" }
    }

    $script:Lab = Start-SshLab -Count 3 -Pwsh $script:Pwsh
    try {
        $script:Deploy = & $script:Cli -r ($script:HostNames -join ',') --module $script:ModuleFolder deploy 2>&1 | ForEach-Object { "$_" }
        $script:DeployExit = $LASTEXITCODE
        # One session per host for the whole file: each new one starts pwsh on its host (seconds).
        $script:Sessions = @(New-PSSession -HostName $script:HostNames | Sort-Object ComputerName)
        $script:LocalBefore = Get-LocalState
    }
    catch {
        $failure = $_
        Get-PSSession | Remove-PSSession
        Stop-SshLab -Lab $script:Lab -ErrorAction Continue | Out-Null
        $script:Lab = $null
        throw $failure
    }
}

AfterAll {
    Get-PSSession | Remove-PSSession
    # Whatever a failed test left here, by name: the suite makes only this switch and this bridge here. (Not
    # Get-VdeSwitch | Remove-VdeSwitch: other namespaces' switches must never be at stake.) The hosts go with the lab.
    if ($script:LocalBefore -and (Get-LocalState) -ne $script:LocalBefore) {
        Remove-VdeSwitch -Name vde_switch0.root -Force -Confirm:$false -ErrorAction SilentlyContinue
        Remove-VdeBridge -BridgeName br-lab -Confirm:$false -ErrorAction SilentlyContinue
    }
    if ($script:Lab) {
        $leftovers = Stop-SshLab -Lab $script:Lab
        $leftovers | Should -BeNullOrEmpty -Because 'the lab must leave nothing behind'
    }
}

Describe 'Remoting over SSH to three hosts' {
    It 'deploy installed the CLI and the module on every host, and each session runs the pinned pwsh' {
        $script:DeployExit | Should -Be 0 -Because ($script:Deploy -join "`n")
        foreach ($labHost in $script:Lab.Hosts) {
            $script:Deploy -join "`n" | Should -Match "(?m)^$($labHost.Name)\s+\d+\.\d+\.\d+\s+/usr/local/bin/ctys-setupvde, /usr/local/share/powershell/Modules/CtysVde/"
            "$($labHost.Bin)/ctys-setupvde" | Should -Exist
        }
        $script:Sessions.ComputerName | Should -Be $script:HostNames
        $script:Sessions.State | Should -Be ('Opened', 'Opened', 'Opened')

        $remote = Invoke-Command -Session $script:Sessions {
            [pscustomobject]@{
                Version = $PSVersionTable.PSVersion.ToString()
                Module  = (Get-Module -ListAvailable CtysVde).ModuleBase
                Name    = [Environment]::MachineName
            }
        } | Sort-Object PSComputerName
        $version = (Import-PowerShellDataFile "$script:ModuleFolder/CtysVde.psd1").ModuleVersion
        $remote.Version | Should -Be (@($PSVersionTable.PSVersion.ToString()) * 3)
        $remote.Module | Should -Be (@("/usr/local/share/powershell/Modules/CtysVde/$version") * 3)
        # Each session is on its own host: its own UTS namespace.
        $remote.Name | Should -Be $script:HostNames
    }

    It 'Invoke-Command -HostName host1,host2,host3 { New-VdeSwitch } creates one switch on each host' {
        $script:Remote = @(Invoke-Command -HostName $script:HostNames { New-VdeSwitch } | Sort-Object PSComputerName)

        $script:Remote.PSComputerName | Should -Be $script:HostNames
        $script:Remote.HostName | Should -Be $script:HostNames
        foreach ($sw in $script:Remote) {
            $sw.PSObject.TypeNames[0] | Should -Be 'Deserialized.CtysVde.Core.Model.VdeSwitch'
            $sw.Name | Should -Be 'vde_switch0.root'
            $sw.State | Should -Be 'Running'
            $labHost = $script:Lab.Hosts | Where-Object Name -EQ $sw.PSComputerName
            # The switch is that host's own: its process in the host's namespace, its sockets in its /var/tmp.
            $state = Get-LabHostState $labHost
            $state.VdeSwitches | Should -Be $sw.ProcessId
            $state.Links | Should -Contain $sw.TapName
            "$($labHost.VarTmp)/vde_switch0.root/ctl" | Should -Exist
        }
        # Nothing of it here.
        Get-LocalState | Should -Be $script:LocalBefore
    }

    It 'the objects arrive flat, with every property of the type and the values the host itself reports' {
        $names = [CtysVde.Core.Model.VdeSwitch].GetProperties().Name
        foreach ($sw in $script:Remote) {
            $received = $sw.PSObject.Properties | Where-Object MemberType -EQ 'Property'
            $received.Name | Sort-Object | Should -Be ($names | Sort-Object)
            foreach ($property in $received) {
                # Flat: a string, number, Boolean or date, or a list of strings; never a nested object.
                $value = $property.Value
                if ($null -eq $value -or $value -is [string] -or $value -is [datetime] -or $value.GetType().IsPrimitive) { continue }
                $value -is [System.Collections.IEnumerable] | Should -BeTrue -Because "$($property.Name) is a $($value.GetType())"
                @($value) | ForEach-Object { $_ | Should -BeOfType [string] -Because "$($property.Name) holds strings" }
            }

            # The host's own command line (--json uses the same property names) describes the same switch.
            $session = $script:Sessions | Where-Object ComputerName -EQ $sw.PSComputerName
            $json = (Invoke-Command -Session $session { ctys-setupvde --json list }) -join "`n" | ConvertFrom-Json
            @($json).Count | Should -Be 1
            # The uptime may tick between the two calls.
            foreach ($name in $json.PSObject.Properties.Name | Where-Object { $_ -ne 'UptimeSeconds' }) {
                Format-PropertyValue $sw.$name | Should -Be (Format-PropertyValue $json.$name) -Because "$name on $($sw.PSComputerName)"
            }
        }
    }

    It 'the module''s table view applies to them here, with the host in PSComputerName' {
        $view = ([xml](Get-Content -LiteralPath "$script:Repo/module/CtysVde.Format.ps1xml" -Raw)).Configuration.ViewDefinitions.View |
            Where-Object { $_.ViewSelectedBy.TypeName -contains 'Deserialized.CtysVde.Core.Model.VdeSwitch' }
        $columns = @($view.TableControl.TableHeaders.TableColumnHeader.Label)
        $properties = @($view.TableControl.TableRowEntries.TableRowEntry.TableColumnItems.TableColumnItem.PropertyName)
        $columns.Count | Should -BeGreaterThan 1

        $lines = ($script:Remote | Format-Table | Out-String -Width 200) -split "`n" | Where-Object { $_.Trim() }
        # Remoting adds PSComputerName as the last column of a table view.
        $lines[0].Trim() -split '\s+' | Should -Be ($columns + 'PSComputerName')
        foreach ($sw in $script:Remote) {
            # A running switch has a value in every column of the view (none holds a space).
            $row = (@($properties | ForEach-Object { "$($sw.$_)" }) + $sw.PSComputerName) -join ' '
            $lines | Where-Object { ($_.Trim() -split '\s+') -join ' ' -eq $row } | Should -HaveCount 1 -Because "a row reads '$row'"
        }
    }

    It 'sessions: Invoke-Command -Session -AsJob, then Receive-Job, gives each host''s switch' {
        $job = Invoke-Command -Session $script:Sessions { Get-VdeSwitch } -AsJob
        try {
            $job | Wait-Job -Timeout 120 | Out-Null
            $job.State | Should -Be 'Completed'
            $job.ChildJobs.Location | Sort-Object | Should -Be $script:HostNames
            $received = @(Receive-Job -Job $job | Sort-Object PSComputerName)
            $received.PSComputerName | Should -Be $script:HostNames
            $received.ProcessId | Should -Be $script:Remote.ProcessId
            $received | ForEach-Object { $_.PSObject.TypeNames[0] } | Should -Be (@('Deserialized.CtysVde.Core.Model.VdeSwitch') * 3)
        }
        finally { $job | Remove-Job -Force }
    }

    Context 'another host''s object, piped into a cmdlet here' {
        BeforeAll {
            # A switch and a bridge here of the same names as on the hosts, so a wrong match would be seen.
            $script:LocalSwitch = New-VdeSwitch
            New-VdeBridge -BridgeName br-lab | Out-Null
            Invoke-Command -Session $script:Sessions { New-VdeBridge -BridgeName br-lab | Out-Null }
            $script:Host1 = $script:Sessions[0]
            $script:RemoteSwitch = Invoke-Command -Session $script:Host1 { Get-VdeSwitch }
            $script:RemoteBridge = Invoke-Command -Session $script:Host1 { Get-VdeBridge -BridgeName br-lab }
            $script:LocalWithLab = Get-LocalState

            # Every refusal the cmdlet gave, whether it wrote the error or threw it, and what it wrote.
            function Invoke-Refusal([object] $InputObject, [string] $Command, [hashtable] $Splat) {
                $refusals = @()
                $output = @()
                try { $output = @($InputObject | & $Command @Splat -ErrorAction SilentlyContinue -ErrorVariable +refusals) }
                catch { $refusals += $_ }
                [pscustomobject]@{ Output = $output; Ids = @($refusals.FullyQualifiedErrorId | Select-Object -Unique) }
            }
        }

        AfterAll {
            # Ignored when gone already (a wrong match removes them); the state check below has the last word.
            Remove-VdeSwitch -Name $script:LocalSwitch.Name -Force -Confirm:$false -ErrorAction SilentlyContinue
            Remove-VdeBridge -BridgeName br-lab -Confirm:$false -ErrorAction SilentlyContinue
            Invoke-Command -Session $script:Sessions { Remove-VdeBridge -BridgeName br-lab -Confirm:$false }
            # A failing test may have renamed host3 and stopped before naming it back.
            Set-LabHostName -LabHost $script:Lab.Hosts[2] -Name host3
            Get-LocalState | Should -Be $script:LocalBefore
        }

        It 'the lab is set: host1 has a switch and a bridge of the same names as here' {
            $script:RemoteSwitch.Name | Should -Be $script:LocalSwitch.Name
            Get-LocalState | Should -Match "switches: $($script:LocalSwitch.ProcessId) /usr/bin/vde_switch "
            Get-LocalState | Should -Match 'bridges: .*br-lab\[\]'
            $script:RemoteSwitch.PSComputerName | Should -Be 'host1'
            $script:RemoteBridge.BridgeName | Should -Be 'br-lab'
            $script:RemoteBridge.PSComputerName | Should -Be 'host1'
            (Get-VdeBridge -BridgeName br-lab).CreatedByCtysVde | Should -BeTrue
        }

        It '<Command> refuses host1''s <Kind> with ForeignHost and changes nothing here' -ForEach @(
            @{ Command = 'Remove-VdeSwitch'; Kind = 'switch'; Splat = @{ Force = $true; Confirm = $false } }
            @{ Command = 'Test-VdeSwitch'; Kind = 'switch'; Splat = @{} }
            @{ Command = 'Get-VdePort'; Kind = 'switch'; Splat = @{} }
            @{ Command = 'Get-VdeSwitch'; Kind = 'switch'; Splat = @{} }
            @{ Command = 'Get-VdeEndpoint'; Kind = 'switch'; Splat = @{} }
            @{ Command = 'Get-VdeMacAddress'; Kind = 'switch'; Splat = @{} }
            @{ Command = 'Get-VdeBridge'; Kind = 'switch'; Splat = @{} }
            @{ Command = 'Get-VdeBridge'; Kind = 'bridge'; Splat = @{} }
            @{ Command = 'Remove-VdeBridge'; Kind = 'bridge'; Splat = @{ Confirm = $false } }
        ) {
            $object = if ($Kind -eq 'switch') { $script:RemoteSwitch } else { $script:RemoteBridge }
            $result = Invoke-Refusal $object $Command $Splat
            $result.Ids | Should -Be "ForeignHost,CtysVde.Commands.$($Command -replace '-')Command"
            $result.Output | Should -BeNullOrEmpty
            Get-LocalState | Should -Be $script:LocalWithLab
        }

        It 'a host named like this one still has its objects refused here: identity is not the host name' {
            $local = $script:LocalSwitch
            $host3 = $script:Sessions[2]
            Set-LabHostName -LabHost $script:Lab.Hosts[2] -Name $script:Here
            try {
                $twin = Invoke-Command -Session $host3 { Get-VdeSwitch }
                $twinBridge = Invoke-Command -Session $host3 { Get-VdeBridge -BridgeName br-lab }
            }
            finally { Set-LabHostName -LabHost $script:Lab.Hosts[2] -Name host3 }
            # The set-up holds: host3 called itself by this host's name, and its switch has the same name as ours.
            $twin.HostName | Should -Be $script:Here
            $twin.Name | Should -Be $local.Name
            $twin.ProcessId | Should -Not -Be $local.ProcessId

            (Invoke-Refusal $twin 'Remove-VdeSwitch' @{ Force = $true; Confirm = $false }).Ids |
                Should -Be 'ForeignHost,CtysVde.Commands.RemoveVdeSwitchCommand'
            (Invoke-Refusal $twin 'Test-VdeSwitch' @{}).Ids | Should -Be 'ForeignHost,CtysVde.Commands.TestVdeSwitchCommand'
            (Invoke-Refusal $twinBridge 'Remove-VdeBridge' @{ Confirm = $false }).Ids |
                Should -Be 'ForeignHost,CtysVde.Commands.RemoveVdeBridgeCommand'
            Get-LocalState | Should -Be $script:LocalWithLab
            (Get-LabHostState $script:Lab.Hosts[2]).VdeSwitches | Should -Be $twin.ProcessId
        }
    }

    It 'errors from the hosts arrive as ErrorRecords with the module''s id, category, target and origin' {
        Invoke-Command -Session $script:Sessions { Get-VdeSwitch -Name nosuch } -ErrorAction SilentlyContinue -ErrorVariable remoteErrors |
            Should -BeNullOrEmpty
        $remoteErrors | Should -HaveCount 3
        $remoteErrors.OriginInfo.PSComputerName | Sort-Object | Should -Be $script:HostNames
        foreach ($record in $remoteErrors) {
            $record | Should -BeOfType [System.Management.Automation.ErrorRecord]
            $record.FullyQualifiedErrorId | Should -Be 'SwitchNotFound,CtysVde.Commands.GetVdeSwitchCommand'
            $record.CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $record.TargetObject | Should -Be 'nosuch'
        }
        # -ErrorAction Stop here makes a host's error terminating, with its id.
        { Invoke-Command -Session $script:Sessions[1] { New-VdeSwitch -Owner nosuchuser } -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidUser,CtysVde.Commands.NewVdeSwitchCommand'
    }

    It 'Invoke-Command -HostName host1 { New-VdeCable -RemoteHost host2 } cables host1''s switch to host2''s over ssh, and removing it leaves both hosts clean' {
        $cable = Invoke-Command -HostName host1 { New-VdeCable -RemoteSwitchName vde_switch0.root -RemoteHost host2 }
        $cable.PSComputerName | Should -Be 'host1'
        $cable.PSObject.TypeNames[0] | Should -Be 'Deserialized.CtysVde.Core.Model.VdeCable'
        $cable.Name | Should -Be 'vde_switch0.root~host2:vde_switch0.root'
        $cable.State | Should -Be 'Up'
        $cable.RemoteHost | Should -Be 'host2'
        $cable.RemotePort | Should -BeGreaterThan 0
        # Its far end is on host2's switch, and names host1's.
        $far = Invoke-Command -HostName host2 { Get-VdeEndpoint | Where-Object Description -Like 'ctysvde cable to host1:vde_switch0.root *' }
        $far.Port | Should -Be $cable.RemotePort

        $checks = @(Invoke-Command -HostName host1 { Get-VdeCable | Test-VdeCable -Detailed })
        $checks.Check | Should -Be 'CableUp', 'FramesAcross', 'FramesBack'
        $checks.Passed | Should -Be $true, $true, $true -Because ($checks.Detail -join "; ")

        Invoke-Command -HostName host1 { Get-VdeCable | Remove-VdeCable } | Should -BeNullOrEmpty
        Invoke-Command -HostName host1 { Get-VdeCable } | Should -BeNullOrEmpty
        foreach ($labHost in $script:Lab.Hosts[0..1]) {
            $state = Get-LabHostState $labHost
            $state.Cables | Should -BeNullOrEmpty -Because "$($labHost.Name) must run nothing of the cable"
            $state.CableFiles | Should -BeNullOrEmpty -Because "$($labHost.Name) must keep no file of the cable"
        }
    }

    It 'Get-VdeSwitch | Remove-VdeSwitch -Force on each host removes everything there' {
        Invoke-Command -Session $script:Sessions { Get-VdeSwitch | Remove-VdeSwitch -Force } | Should -BeNullOrEmpty
        Invoke-Command -Session $script:Sessions { Get-VdeSwitch -IncludeStale } | Should -BeNullOrEmpty
        foreach ($labHost in $script:Lab.Hosts) {
            $state = Get-LabHostState $labHost
            $state.VdeSwitches | Should -BeNullOrEmpty -Because "$($labHost.Name) ran a switch"
            $state.Links | Should -BeNullOrEmpty -Because "$($labHost.Name) had a TAP and its bridge"
        }
    }

    It 'a host that is down (its sshd stopped) fails alone; the others answer' {
        Stop-LabSshd -LabHost $script:Lab.Hosts[1]
        $answers = @(Invoke-Command -HostName $script:HostNames { [pscustomobject]@{ Name = [Environment]::MachineName; Bridges = @(Get-VdeBridge).Count } } -ErrorAction SilentlyContinue -ErrorVariable down |
                Sort-Object PSComputerName)
        $answers.PSComputerName | Should -Be 'host1', 'host3'
        $answers.Name | Should -Be 'host1', 'host3'
        # The module answers there (each host's network namespace has no bridge left).
        $answers.Bridges | Should -Be 0, 0
        $down | Should -HaveCount 1
        $down[0].FullyQualifiedErrorId | Should -Be 'PSSessionStateBroken'
        $down[0].TargetObject | Should -Be 'host2'
        # pwsh 7.6's SSH transport reports an ssh that exits at once as a transport error, or, when the exit wins a
        # race with its own setup (its stdin writer is still null), as a data structure error: both say the session
        # broke, and neither is CtysVde's.
        $down[0].Exception.GetType().FullName | Should -BeIn 'System.Management.Automation.Remoting.PSRemotingTransportException', 'System.Management.Automation.Remoting.PSRemotingDataStructureException'
    }

    It 'leaves every host clean: no vde_switch, no TAP or bridge, nothing in /var/tmp, no pidfile' {
        foreach ($labHost in $script:Lab.Hosts) {
            $state = Get-LabHostState $labHost
            $state.VdeSwitches | Should -BeNullOrEmpty -Because "$($labHost.Name) must run no vde_switch"
            $state.Cables | Should -BeNullOrEmpty -Because "$($labHost.Name) must run no cable"
            $state.Links | Should -BeNullOrEmpty -Because "$($labHost.Name) must have no TAP or bridge"
            $state.VarTmp | Should -BeNullOrEmpty -Because "$($labHost.Name)'s /var/tmp must hold no sockets"
            $state.PidFiles | Should -BeNullOrEmpty -Because "$($labHost.Name)'s /run must hold no pidfile"
        }
        Get-LocalState | Should -Be $script:LocalBefore
    }
}
