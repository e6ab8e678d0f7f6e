#Requires -Version 7.4
#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# The CtysVde cmdlets end to end, on the real kernel and vde_switch, as root in a private network namespace.
# Run it with `pwsh ./build.ps1 -Task Pester`, which makes that namespace; it refuses the machine's own.

BeforeAll {
    $script:Repo = (Resolve-Path "$PSScriptRoot/../..").Path
    Import-Module "$PSScriptRoot/TestHost.psm1" -Force
    Assert-TestHost -Why 'they create TAPs and bridges'
    Import-Module "$script:Repo/CtysVde.psd1" -Force

    # What the suite must leave as it found it, in this run's own namespaces (other runs on the machine share its
    # process table). A vde_switch that has exited but waits for PID 1 to reap it (a zombie, state Z) is gone for
    # every purpose and does not count.
    function Get-SystemState {
        $ours = @((Get-Item -LiteralPath /proc/self/ns/net).LinkTarget)
        if (Test-Path /run/netns) { $ours += Get-ChildItem /run/netns | ForEach-Object { "net:[$(stat -L -c %i $_.FullName)]" } }
        $live = Get-Process -Name 'vde_switch', 'vde_plug' -ErrorAction Ignore | Where-Object {
            (Get-Item -LiteralPath "/proc/$($_.Id)/ns/net" -ErrorAction Ignore).LinkTarget -in $ours -and
            (Get-Content -LiteralPath "/proc/$($_.Id)/stat" -ErrorAction Ignore) -notmatch '^\d+ \(.*\) Z '
        }
        [pscustomobject]@{
            Links     = (Get-ChildItem /sys/class/net).Name -join ','
            Processes = ($live.Id | Sort-Object) -join ','
            Files     = (Get-ChildItem -Path '/var/tmp', '/run' -Recurse -Force -ErrorAction Ignore |
                    Where-Object FullName -NotLike '/run/netns*').FullName -join ','
        }
    }

    function Start-Client([string] $SocketPath, [string] $Description) {
        $ns = "ctysvde-p$PID-$(Get-Random)"
        ip netns add $ns
        ip -n $ns link set lo up
        $pidFile = "/tmp/$ns.pid"
        ip netns exec $ns vde_plug -d -p $pidFile -D $Description "vde://$SocketPath" tap://vdetap
        $deadline = (Get-Date).AddSeconds(60)
        while (-not (Test-Path $pidFile) -and (Get-Date) -lt $deadline) { Start-Sleep -Milliseconds 20 }
        # vde_plug writes its pidfile before it opens its TAP. Up, the TAP sends IPv6 neighbour discovery
        # frames, so the switch learns the guest's MAC as it would a booting VM's.
        while ((ip -n $ns link show vdetap 2>$null) -eq $null -and (Get-Date) -lt $deadline) { Start-Sleep -Milliseconds 20 }
        ip -n $ns link set vdetap up
        [pscustomobject]@{ Namespace = $ns; Pid = [int](Get-Content $pidFile); PidFile = $pidFile }
    }

    function Stop-Client($Client) {
        Stop-Process -Id $Client.Pid -ErrorAction Ignore
        Wait-Process -Id $Client.Pid -Timeout 5 -ErrorAction Ignore
        ip netns del $Client.Namespace
        Remove-Item $Client.PidFile -ErrorAction Ignore
    }
}

Describe 'CtysVde' {
    BeforeEach {
        $script:Before = Get-SystemState
    }

    AfterEach {
        Get-VdeSwitch -IncludeStale | Remove-VdeSwitch -Force
        Get-VdeBridge | Where-Object CreatedByCtysVde | Remove-VdeBridge -Force
        # Nothing is left behind: no TAP, bridge, process, socket, pidfile or lock.
        (Get-SystemState).Links | Should -Be $script:Before.Links
        (Get-SystemState).Processes | Should -Be $script:Before.Processes
        (Get-SystemState).Files | Should -Be $script:Before.Files
    }

    Context 'New-VdeSwitch' {
        It 'creates the caller''s switch, healthy, and returns it' {
            $sw = New-VdeSwitch
            $sw | Should -BeOfType CtysVde.Core.Model.VdeSwitch
            $sw.Name | Should -Be 'vde_switch0.root'
            $sw.State | Should -Be 'Running'
            $sw.SocketPath | Should -Be '/var/tmp/vde_switch0.root'
            $sw.BridgeName | Should -Be 'ctysbr0'
            Test-VdeSwitch | Should -BeTrue
        }

        It 'is idempotent' {
            $first = New-VdeSwitch
            $second = New-VdeSwitch
            $second.ProcessId | Should -Be $first.ProcessId
            @(Get-VdeSwitch).Count | Should -Be 1
        }

        It '-WhatIf shows the plan and changes nothing' {
            $state = Get-SystemState
            New-VdeSwitch -WhatIf | Should -BeNullOrEmpty
            (Get-SystemState).Links | Should -Be $state.Links
            (Get-SystemState).Files | Should -Be $state.Files
        }

        It 'binds owners from the pipeline by property name' {
            $u = 'ctysvde-pester'
            useradd --no-create-home --user-group --shell /usr/sbin/nologin $u
            try {
                $sw = [pscustomobject]@{ Owner = $u } | New-VdeSwitch
                $sw.Owner | Should -Be $u
                (Get-VdeTap -TapName $sw.TapName).Owner | Should -Be $u
                Remove-VdeSwitch -Name $sw.Name -Force
            }
            finally { userdel $u }
        }

        It 'fails with <Id> for <Case>, changing nothing' -ForEach @(
            @{ Case = 'a user that does not exist'; Arguments = @{ Owner = 'nosuchuser' }; Id = 'InvalidUser'; Category = 'InvalidArgument' }
            @{ Case = 'a bridge name too long'; Arguments = @{ BridgeName = 'averyveryverylongbridge' }; Id = 'InvalidBridgeName'; Category = 'InvalidArgument' }
            @{ Case = 'lo as the bridge'; Arguments = @{ BridgeName = 'lo' }; Id = 'NotABridge'; Category = 'InvalidArgument' }
            @{ Case = 'a relative socket path'; Arguments = @{ SocketPath = 'rel/sw' }; Id = 'InvalidSocketPath'; Category = 'InvalidArgument' }
            @{ Case = 'a taken TAP name'; Arguments = @{ TapName = 'lo' }; Id = 'TapExists'; Category = 'ResourceExists' }
            @{ Case = 'an uplink that does not exist'; Arguments = @{ Interface = 'nosuchif' }; Id = 'InvalidInterface'; Category = 'InvalidArgument' }
            @{ Case = 'the loopback as uplink'; Arguments = @{ Interface = 'lo' }; Id = 'InvalidInterface'; Category = 'InvalidArgument' }
        ) {
            $state = Get-SystemState
            { New-VdeSwitch @Arguments -ErrorAction Stop } |
                Should -Throw -ErrorId "$Id,CtysVde.Commands.NewVdeSwitchCommand"
            New-VdeSwitch @Arguments -ErrorAction SilentlyContinue -ErrorVariable err
            $err[0].CategoryInfo.Category | Should -Be $Category
            (Get-SystemState).Links | Should -Be $state.Links
            (Get-SystemState).Files | Should -Be $state.Files
        }
    }

    Context 'Get-VdeSwitch' {
        It 'finds switches by wildcard, silently when nothing matches' {
            New-VdeSwitch | Out-Null
            (Get-VdeSwitch -Name 'vde_switch0.*').Name | Should -Be 'vde_switch0.root'
            Get-VdeSwitch -Name 'nomatch*' -ErrorVariable err | Should -BeNullOrEmpty
            $err | Should -BeNullOrEmpty
        }

        It 'reports a literal name that matches nothing as ObjectNotFound' {
            { Get-VdeSwitch -Name nosuch -ErrorAction Stop } | Should -Throw -ErrorId 'SwitchNotFound,CtysVde.Commands.GetVdeSwitchCommand'
            Get-VdeSwitch -Name nosuch -ErrorAction SilentlyContinue -ErrorVariable err
            $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $err[0].TargetObject | Should -Be 'nosuch'
        }

        It 'shows leftovers of a killed switch with -IncludeStale' {
            $sw = New-VdeSwitch
            Stop-Process -Id $sw.ProcessId -Force
            Wait-Process -Id $sw.ProcessId -Timeout 5 -ErrorAction Ignore
            Get-VdeSwitch | Should -BeNullOrEmpty
            (Get-VdeSwitch -IncludeStale).State | Should -Be 'Stale'
        }
    }

    Context 'Pipelines' {
        It 'Get-VdeSwitch | Remove-VdeSwitch removes every switch and writes nothing' {
            New-VdeSwitch | Out-Null
            Get-VdeSwitch | Remove-VdeSwitch -Force | Should -BeNullOrEmpty
            Get-VdeSwitch -IncludeStale | Should -BeNullOrEmpty
        }

        It 'Remove-VdeSwitch -PassThru writes the removed switch' {
            $sw = New-VdeSwitch
            (Remove-VdeSwitch -Name $sw.Name -PassThru -Force).ProcessId | Should -Be $sw.ProcessId
        }

        It 'Get-VdeSwitch | Test-VdeSwitch gives one result per switch, -Detailed every check' {
            New-VdeSwitch | Out-Null
            Get-VdeSwitch | Test-VdeSwitch | Should -Be @($true)
            $checks = Get-VdeSwitch | Test-VdeSwitch -Detailed
            $checks.Count | Should -Be 7
            $checks.Passed | Should -Not -Contain $false
        }

        It 'Get-VdeSwitch | Get-VdePort and Get-VdePort | Get-VdeSwitch' {
            $sw = New-VdeSwitch
            $ports = Get-VdeSwitch | Get-VdePort
            $ports.Endpoints | Should -Contain "6 tuntap: $($sw.TapName)"
            ($ports | Get-VdeSwitch).Name | Select-Object -Unique | Should -Be $sw.Name
        }

        It 'Get-VdeTap | Get-VdeSwitch, Get-VdeBridge | Get-VdeTap, Get-VdeSwitch | Get-VdeBridge' {
            $sw = New-VdeSwitch
            (Get-VdeTap -TapName $sw.TapName | Get-VdeSwitch).Name | Should -Be $sw.Name
            (Get-VdeBridge -BridgeName ctysbr0 | Get-VdeTap).TapName | Should -Be $sw.TapName
            $bridge = Get-VdeSwitch | Get-VdeBridge
            $bridge.BridgeName | Should -Be 'ctysbr0'
            $bridge.CreatedByCtysVde | Should -BeTrue
            $bridge.Switches | Should -Be $sw.Name
        }

        It 'binds deserialized objects by property name and refuses another host''s switch' {
            $sw = New-VdeSwitch
            $bag = [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($sw))
            $bag.PSObject.TypeNames[0] | Should -Be 'Deserialized.CtysVde.Core.Model.VdeSwitch'
            $bag | Test-VdeSwitch | Should -BeTrue
            # A copy as another host would send it (PSObject.Copy() fails on deserialized objects): its own HostId.
            $foreign = [pscustomobject]@{}
            foreach ($p in $bag.PSObject.Properties) { $foreign | Add-Member -NotePropertyName $p.Name -NotePropertyValue $p.Value }
            $foreign.HostId = 'other-host-id'
            $foreign.PSTypeNames.Insert(0, 'Deserialized.CtysVde.Core.Model.VdeSwitch')
            { $foreign | Remove-VdeSwitch -Force -ErrorAction Stop } |
                Should -Throw -ErrorId 'ForeignHost,CtysVde.Commands.RemoveVdeSwitchCommand'
            Test-VdeSwitch -Name $sw.Name | Should -BeTrue
            $bag | Remove-VdeSwitch -Force
            Get-VdeSwitch | Should -BeNullOrEmpty
        }
    }

    Context 'Clients' {
        It 'shows a vde_plug client, its MAC, and needs -Force to remove a switch in use' {
            $sw = New-VdeSwitch
            $client = Start-Client -SocketPath $sw.SocketPath -Description 'pester-guest'
            try {
                $endpoint = Get-VdeEndpoint -Name $sw.Name | Where-Object Client -EQ 'pester-guest'
                $endpoint.ClientProcessId | Should -Be $client.Pid
                (Get-VdePort -Name $sw.Name -Port $endpoint.Port).Endpoints | Should -Match 'pester-guest'
                $deadline = (Get-Date).AddSeconds(60)
                while (-not (Get-VdeMacAddress -Name $sw.Name | Where-Object Port -EQ $endpoint.Port) -and (Get-Date) -lt $deadline) { Start-Sleep -Milliseconds 100 }
                Get-VdeMacAddress -Name $sw.Name | Where-Object Port -EQ $endpoint.Port | Should -Not -BeNullOrEmpty
                Remove-VdeSwitch -Name $sw.Name -Force
                Get-VdeSwitch | Should -BeNullOrEmpty
            }
            finally { Stop-Client $client }
        }
    }

    Context 'Bridges' {
        It 'New-VdeBridge creates a marked bridge, idempotently, and Remove-VdeBridge removes it' {
            $bridge = New-VdeBridge -BridgeName br-pester
            $bridge.CreatedByCtysVde | Should -BeTrue
            (New-VdeBridge -BridgeName br-pester).BridgeName | Should -Be 'br-pester'
            Get-VdeBridge -BridgeName br-pester | Remove-VdeBridge -Force
            Get-VdeBridge -BridgeName br-pester -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        }

        It 'Remove-VdeBridge leaves foreign bridges and bridges in use alone' {
            ip link add br-foreign type bridge
            try {
                { Remove-VdeBridge -BridgeName br-foreign -Force -ErrorAction Stop } |
                    Should -Throw -ErrorId 'ForeignBridge,CtysVde.Commands.RemoveVdeBridgeCommand'
            }
            finally { ip link del br-foreign }
            New-VdeSwitch | Out-Null
            { Remove-VdeBridge -BridgeName ctysbr0 -Force -ErrorAction Stop } |
                Should -Throw -ErrorId 'BridgeInUse,CtysVde.Commands.RemoveVdeBridgeCommand'
        }
    }

    # .ci/pester runs pwsh -NonInteractive: no prompt can be shown here, as in a scheduled job or over ssh.
    Context 'Removal where nobody can be asked' {
        It 'a switch in use gets its own SwitchInUse error and the others are removed' {
            New-VdeSwitch | Out-Null
            New-VdeSwitch -SocketPath /var/tmp/vde_switch1.root -ManagementSocket /var/tmp/vde_mgmt1.root | Out-Null
            $client = Start-Client -SocketPath /var/tmp/vde_switch1.root -Description 'qemu-guest'
            try {
                Remove-VdeSwitch -Name vde_switch0.root, vde_switch1.root -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
                $err.Count | Should -Be 1
                $err[0].FullyQualifiedErrorId | Should -Be 'SwitchInUse,CtysVde.Commands.RemoveVdeSwitchCommand'
                $err[0].TargetObject | Should -Be 'vde_switch1.root'
                $err[0].Exception.Message | Should -Match 'qemu-guest'
                (Get-VdeSwitch).Name | Should -Be 'vde_switch1.root'
                Remove-VdeSwitch -Name vde_switch1.root -Force
                Get-VdeSwitch | Should -BeNullOrEmpty
            }
            finally { Stop-Client $client }
        }

        It 'without -Force or -Confirm:$false each removal needs a confirmation, so nothing is removed' {
            New-VdeSwitch | Out-Null
            New-VdeBridge -BridgeName br-ask | Out-Null
            Get-VdeSwitch | Remove-VdeSwitch -ErrorVariable err -ErrorAction SilentlyContinue
            Remove-VdeBridge -BridgeName br-ask -ErrorVariable +err -ErrorAction SilentlyContinue
            $err.FullyQualifiedErrorId | Should -Be @('ConfirmationRequired,CtysVde.Commands.RemoveVdeSwitchCommand', 'ConfirmationRequired,CtysVde.Commands.RemoveVdeBridgeCommand')
            (Get-VdeSwitch).Name | Should -Be 'vde_switch0.root'
            (Get-VdeBridge -BridgeName br-ask).CreatedByCtysVde | Should -BeTrue
        }
    }
}
