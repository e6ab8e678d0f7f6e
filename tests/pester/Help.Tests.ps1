#Requires -Version 7.4
#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# The help as a pwsh user meets it: Get-Help from the checkout and from a copy installed the README way, the
# about_CtysVde topic, -Online, and every example of every cmdlet run for real in a lab that the test builds
# (users, switches, a paused QEMU guest, a cable, bridges, an uplink with a router) and tears down again.
# Run it through `bash .ci/pester`, which makes a private network and mount namespace; it refuses the machine's own.

BeforeDiscovery {
    $repo = (Resolve-Path "$PSScriptRoot/../..").Path
    $script:CmdletNames = (Import-PowerShellDataFile "$repo/CtysVde.psd1").CmdletsToExport
    # The examples exactly as Get-Help shows them, so that what a user copies is what runs. Reading help
    # needs the module imported; nothing here touches the network.
    Import-Module "$repo/CtysVde.psd1" -Force
    $script:Examples = foreach ($name in $script:CmdletNames) {
        $number = 0
        foreach ($example in @((Get-Help $name -Full).examples.example)) {
            $number++
            @{
                Cmdlet = $name
                Number = $number
                Code   = [string]$example.code
                # New-* examples build from nothing (New-VdeCable's need switches); the others act on switches,
                # guests, bridges and cables that exist.
                LabKind = if ($name -like 'New-*' -and $name -ne 'New-VdeCable') { 'Empty' } else { 'Running' }
            }
        }
    }
}

BeforeAll {
    $script:Repo = (Resolve-Path "$PSScriptRoot/../..").Path
    Import-Module "$PSScriptRoot/TestHost.psm1" -Force
    Assert-TestHost -Why 'the help examples create users, TAPs and bridges'
    Import-Module "$script:Repo/CtysVde.psd1" -Force
    $script:ReadmeBase = 'https://github.com/ctysvde/CtysVde/blob/main/README.md#'

    # GitHub's anchor for a heading: lower case, punctuation other than '-' and '_' dropped, spaces to '-'.
    function ConvertTo-GitHubAnchor([string] $Heading) {
        ($Heading.Trim().ToLowerInvariant() -replace '[^\p{L}\p{Nd}\s_-]', '') -replace ' ', '-'
    }

    # The headings of a markdown file, outside fenced code blocks (whose '#' lines are comments).
    function Get-MarkdownHeading([string] $Path) {
        $fenced = $false
        foreach ($line in Get-Content -LiteralPath $Path) {
            if ($line -match '^\s*```') { $fenced = -not $fenced; continue }
            if (-not $fenced -and $line -match '^#{1,6}\s+(.+?)\s*#*\s*$') { $Matches[1] }
        }
    }

    # Waits for a condition, never for a time: generous bounds for a loaded 2-core CI machine.
    function Wait-Condition([scriptblock] $Condition, [string] $What, [int] $Seconds = 60) {
        $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
        while (-not (& $Condition)) {
            if ([DateTime]::UtcNow -gt $deadline) { throw "gave up after $Seconds s waiting for $What" }
            Start-Sleep -Milliseconds 50
        }
    }

    # PID 1 of these machines reaps orphans late: a zombie is gone for every purpose.
    function Test-ProcessAlive([int] $Id) {
        $stat = Get-Content -LiteralPath "/proc/$Id/stat" -Raw -ErrorAction Ignore
        $stat -and ($stat -replace '^.*\) ', '')[0] -ne 'Z'
    }

    function Stop-LabProcess([int] $Id) {
        Stop-Process -Id $Id -Force -ErrorAction Ignore
        Wait-Condition { -not (Test-ProcessAlive $Id) } "process $Id to end"
    }
}

Describe 'Help' {
    Context 'from the checkout' {
        It 'imports the module with the repository root as its base, where en-US/ is' {
            (Get-Module CtysVde).ModuleBase | Should -Be $script:Repo
        }

        It '<_> has a synopsis, a description, text for every parameter and at least two examples' -ForEach $CmdletNames {
            $name = $_
            $help = Get-Help $name -Full
            # Without help files, Get-Help makes up a synopsis from the syntax: that is not a synopsis.
            $help.Synopsis | Should -Not -BeNullOrEmpty
            $help.Synopsis | Should -Not -Match "^$name "
            ($help.description.Text -join ' ').Length | Should -BeGreaterThan 40
            $common = [System.Management.Automation.Cmdlet]::CommonParameters
            $documented = @{}
            foreach ($p in $help.parameters.parameter) { $documented[$p.name] = $p.description.Text -join ' ' }
            foreach ($parameter in (Get-Command $name).Parameters.Keys | Where-Object { $_ -notin $common }) {
                $documented[$parameter] | Should -Not -BeNullOrEmpty -Because "-$parameter of $name needs its text"
            }
            $examples = @($help.examples.example)
            $examples.Count | Should -BeGreaterOrEqual 2
            foreach ($example in $examples) {
                [string]$example.code | Should -Match ([regex]::Escape($name)) -Because 'each example uses the cmdlet it documents'
                ($example.remarks.Text -join ' ').Trim() | Should -Not -BeNullOrEmpty -Because 'each example says what it does'
            }
        }

        It 'Get-Help about_CtysVde shows the topic with every concept' {
            $topic = Get-Help about_CtysVde | Out-String
            $topic | Should -Match 'about_CtysVde'
            foreach ($section in 'SHORT DESCRIPTION', 'LONG DESCRIPTION', 'SWITCHES', 'BRIDGES AND THE MAIN VIRTUAL BRIDGE',
                'THE UPLINK', 'REMOTING', 'PIPELINES', 'ERROR IDS', 'THE COMMAND LINE') {
                $topic | Should -Match ([regex]::Escape($section))
            }
        }

        It 'about_CtysVde lists exactly the error ids of the catalog, each with its category' {
            $text = Get-Content -LiteralPath "$script:Repo/en-US/about_CtysVde.help.txt" -Raw
            $section = [regex]::Match($text, '(?s)\n  ERROR IDS\n(.*?)\n  THE COMMAND LINE\n').Groups[1].Value
            $listed = [regex]::Matches($section, '(?m)^ {8}(\w+) \((\w+)(, command line|, module)?\)$') |
                ForEach-Object { '{0} {1} {2}' -f $_.Groups[1].Value, $_.Groups[2].Value, $_.Groups[3].Value }
            $catalog = [CtysVde.Core.Errors.ErrorCatalog]::All |
                ForEach-Object { '{0} {1} {2}' -f $_.Id, $_.Category, $(if ($_.CommandLineOnly) { ', command line' } elseif ($_.ModuleOnly) { ', module' } else { '' }) }
            $listed | Should -Be $catalog
        }

        It 'about_CtysVde keeps every line under 80 columns' {
            $long = Get-Content -LiteralPath "$script:Repo/en-US/about_CtysVde.help.txt" | Where-Object Length -GE 80
            $long | Should -BeNullOrEmpty
        }

        It '<_>''s HelpUri is a heading of README.md' -ForEach $CmdletNames {
            $name = $_
            $uri = (Get-Command $name).HelpUri
            $uri | Should -BeLike "$script:ReadmeBase*"
            $anchors = Get-MarkdownHeading "$script:Repo/README.md" | ForEach-Object { ConvertTo-GitHubAnchor $_ }
            $uri.Substring($script:ReadmeBase.Length) | Should -BeIn $anchors
            $uri.Substring($script:ReadmeBase.Length) | Should -Be (ConvertTo-GitHubAnchor $name)
        }

        It 'README.md''s section on <_> shows the syntax that Get-Command shows' -ForEach $CmdletNames {
            $name = $_
            # The first plain fenced block after the cmdlet's heading, its lines joined as they wrap.
            $text = Get-Content -LiteralPath "$script:Repo/README.md" -Raw
            $section = [regex]::Match($text, "(?s)\n#### $([regex]::Escape($name))\n(.*?)(\n#{1,4} |\z)").Groups[1].Value
            $block = [regex]::Match($section, '(?s)```\n(.*?)\n```').Groups[1].Value -replace '\s+', ' '
            $block | Should -Not -BeNullOrEmpty -Because "README.md has a section #### $name with its syntax"
            foreach ($syntax in (Get-Command $name -Syntax) -split '\r?\n' | Where-Object { $_.Trim() }) {
                $expected = $syntax.Trim() -replace '\s+', ' '
                $block.Contains($expected) | Should -BeTrue -Because "README.md's syntax of $name should read: $expected"
            }
        }

        It 'Get-Help <_> -Online opens its README section' -ForEach $CmdletNames {
            # On Linux, Get-Help -Online hands the address to xdg-open: a stand-in first on PATH records it.
            $name = $_
            $bin = New-Item -ItemType Directory -Path "TestDrive:/online-$name"
            $log = Join-Path $bin.FullName 'opened'
            Set-Content -LiteralPath "$($bin.FullName)/xdg-open" -Value "#!/bin/sh`nprintf '%s\n' `"`$*`" >> '$log'"
            chmod +x "$($bin.FullName)/xdg-open"
            $path = $env:PATH
            try {
                $env:PATH = "$($bin.FullName):$path"
                Get-Help $name -Online
                Wait-Condition { Get-Content -LiteralPath $log -ErrorAction Ignore } 'the browser stand-in to be called'
            }
            finally { $env:PATH = $path }
            Get-Content -LiteralPath $log | Should -Be (Get-Command $name).HelpUri
        }
    }

    Context 'installed the README way' {
        It 'a fresh pwsh imports CtysVde by name from a module path and shows its help and about_CtysVde' {
            $layout = "$script:Repo/artifacts/module/CtysVde"
            Test-Path -LiteralPath "$layout/CtysVde.psd1" | Should -BeTrue -Because 'bash .ci/build lays the module out there'
            $modules = New-Item -ItemType Directory -Path 'TestDrive:/Modules'
            Copy-Item -LiteralPath $layout -Destination $modules.FullName -Recurse
            $probe = {
                $ErrorActionPreference = 'Stop'
                Import-Module CtysVde
                $help = Get-Help New-VdeSwitch -Full
                [pscustomobject]@{
                    ModuleBase = (Get-Module CtysVde).ModuleBase
                    Synopsis   = $help.Synopsis
                    Examples   = @($help.examples.example).Count
                    Full       = $help | Out-String -Width 200
                    About      = Get-Help about_CtysVde | Out-String
                } | ConvertTo-Json -Compress
            }
            $path = $env:PSModulePath
            try {
                # Only the private folder: pwsh adds its own module paths, never the checkout.
                $env:PSModulePath = $modules.FullName
                $json = & (Join-Path $PSHOME 'pwsh') -NoProfile -NonInteractive -Command $probe.ToString()
            }
            finally { $env:PSModulePath = $path }
            $LASTEXITCODE | Should -Be 0
            $seen = $json | ConvertFrom-Json
            $seen.ModuleBase | Should -Be (Join-Path $modules.FullName 'CtysVde')
            $seen.Synopsis | Should -Be (Get-Help New-VdeSwitch).Synopsis
            $seen.Examples | Should -Be @((Get-Help New-VdeSwitch -Full).examples.example).Count
            $seen.Full | Should -Match 'EXAMPLE 1'
            $seen.Full | Should -Match ([regex]::Escape('Import-Csv lab-users.csv | New-VdeSwitch -BridgeName br-lab'))
            $seen.About | Should -Match 'SHORT DESCRIPTION'
            $seen.About | Should -Match 'THE UPLINK'
        }
    }

    Context 'every example, run in a lab' {
        BeforeAll {
            # Users and groups go into a copy of /etc mounted over it in this private mount namespace: the
            # machine's own /etc is never written, nothing of them can outlive the namespace, and what other
            # runs on this machine do to /etc meanwhile (their users, their lock files) does not show here.
            $script:EtcStore = '/run/ctysvde-help-etc'
            New-Item -ItemType Directory -Path $script:EtcStore | Out-Null
            mount -t tmpfs -o mode=0755 ctysvde-help-etc $script:EtcStore
            cp -a /etc "$script:EtcStore/etc"
            if ($LASTEXITCODE -ne 0) { throw 'could not copy /etc' }
            mount --bind "$script:EtcStore/etc" /etc
            if ($LASTEXITCODE -ne 0) { throw 'could not mount the copy of /etc' }

            # ip netns leaves /run/netns mounted once it has been used: have it so before the first snapshot.
            ip netns add "ctysvde-help-$PID"
            ip netns del "ctysvde-help-$PID"

            $script:LabDirectory = '/var/tmp/ctysvde-help-lab'
            $script:GuestMac = '52:54:00:ab:cd:01'

            # The daemons and guests of this test run. The machine's other runs share the process table, each
            # in its own mount namespace: a process is ours when it sees our private /var/tmp (clients started
            # with ip netns exec see a copy of our mounts, so they count too).
            function Get-LabProcess {
                $candidates = @(Get-Process -Name vde_switch, vde_plug, qemu-system-x86_64, dpipe, wirefilter -ErrorAction Ignore |
                        Where-Object { Test-ProcessAlive $_.Id })
                if ($candidates.Count -eq 0) { return }
                $ours = stat -L -c '%d:%i' /var/tmp
                $seen = @{}
                foreach ($line in stat -L -c '%d:%i %n' ($candidates | ForEach-Object { "/proc/$($_.Id)/root/var/tmp" }) 2>$null) {
                    $identity, $path = $line -split ' ', 2
                    $seen[$path] = $identity
                }
                $candidates | Where-Object { $seen["/proc/$($_.Id)/root/var/tmp"] -eq $ours } |
                    ForEach-Object { "$($_.Id) $($_.CommandLine)" }
            }

            # What a leak would change: interfaces, namespaces, daemons, files, accounts and mounts.
            function Get-HostState {
                [pscustomobject]@{
                    Links      = @(Get-ChildItem /sys/class/net).Name | Sort-Object
                    Namespaces = @(ip netns list) | Sort-Object
                    Processes  = @(Get-LabProcess) | Sort-Object
                    Files      = @(Get-ChildItem -Path /var/tmp, /run -Recurse -Force -ErrorAction Ignore |
                            Where-Object FullName -NotLike "$script:EtcStore*").FullName | Sort-Object
                    Users      = @(getent passwd) | Sort-Object
                    Groups     = @(getent group) | Sort-Object
                    Mounts     = @(Get-Content /proc/self/mountinfo | ForEach-Object { ($_ -split ' ')[4] }) | Sort-Object
                }
            }

            function Add-LabAccount($Lab, [string] $Name, [switch] $Group) {
                if ($Group) {
                    if (getent group $Name) { return }
                    groupadd $Name
                    if ($LASTEXITCODE -ne 0) { throw "groupadd $Name failed" }
                    $Lab.Groups.Add($Name)
                }
                else {
                    if (getent passwd $Name) { return }
                    useradd --no-log-init --no-create-home --user-group --shell /usr/sbin/nologin $Name
                    if ($LASTEXITCODE -ne 0) { throw "useradd $Name failed" }
                    $Lab.Users.Add($Name)
                }
            }

            # Runs a program with its arguments as given (a simple function, so '-n' stays an argument).
            function Invoke-Native {
                $command = $args[0]
                $arguments = @($args | Select-Object -Skip 1)
                $out = & $command @arguments 2>&1
                if ($LASTEXITCODE -ne 0) { throw "$command $($arguments -join ' ') failed: $out" }
            }

            # Empty: the students alice and bob, the group kvm, lab-users.csv, and the host's uplink eth0 (a veth)
            # whose default gateway 192.0.2.1 is a router namespace that answers pings.
            # Running: on top, eth0 moved into br0; the switches of root, alice and bob on br-lab, bob's crashed;
            # alice's QEMU guest alice-vm1 (paused, run as alice) and a cable (vde_plug) from a namespace that
            # stands for a second guest with the MAC address $GuestMac, which the switch has learned; root's switch
            # captures into the lab directory; carol's switch, on br-carol, is cabled to root's.
            function New-Lab([string] $Kind) {
                $lab = [pscustomobject]@{
                    Users = [System.Collections.Generic.List[string]]::new()
                    Groups = [System.Collections.Generic.List[string]]::new()
                    Namespaces = [System.Collections.Generic.List[string]]::new()
                    Processes = [System.Collections.Generic.List[int]]::new()
                }
                $script:Lab = $lab
                Add-LabAccount $lab kvm -Group
                Add-LabAccount $lab alice
                Add-LabAccount $lab bob
                New-Item -ItemType Directory -Path $script:LabDirectory | Out-Null
                # Sticky and open to all, as /var/tmp: the examples capture into it as alice too.
                Invoke-Native chmod 1777 $script:LabDirectory
                Set-Content -LiteralPath "$script:LabDirectory/lab-users.csv" -Value 'Owner', 'alice', 'bob'

                $router = "ctysvde-router-$PID"
                Invoke-Native ip netns add $router
                $lab.Namespaces.Add($router)
                Invoke-Native ip link add eth0 type veth peer name lan0 netns $router
                Invoke-Native ip -n $router link set lo up
                Invoke-Native ip -n $router addr add 192.0.2.1/24 dev lan0
                Invoke-Native ip -n $router link set lan0 up
                Invoke-Native ip addr add 192.0.2.10/24 dev eth0
                Invoke-Native ip link set eth0 up
                Invoke-Native ip route add default via 192.0.2.1
                if ($Kind -eq 'Empty') { return }

                New-VdeBridge -BridgeName br0 -Interface eth0 -Force -ProbeTarget 192.0.2.1 -ErrorAction Stop | Out-Null
                New-VdeSwitch -BridgeName br-lab -ErrorAction Stop | Out-Null
                $alice = New-VdeSwitch -Owner alice -BridgeName br-lab -ErrorAction Stop
                $bob = New-VdeSwitch -Owner bob -BridgeName br-lab -ErrorAction Stop
                Stop-LabProcess $bob.ProcessId

                # setpriv execs QEMU, so the process started is the guest itself, a child that .NET reaps.
                $qemu = Start-Process -FilePath setpriv -PassThru `
                    -RedirectStandardOutput "$script:LabDirectory/qemu.out" -RedirectStandardError "$script:LabDirectory/qemu.err" `
                    -ArgumentList '--reuid', 'alice', '--regid', 'alice', '--init-groups', '--', 'qemu-system-x86_64',
                    '-name', 'alice-vm1', '-S', '-accel', 'tcg', '-m', '64M', '-display', 'none', '-nodefaults',
                    '-netdev', "vde,id=n0,sock=$($alice.SocketPath)", '-device', 'virtio-net-pci,netdev=n0,mac=52:54:00:12:34:56'
                $lab.Processes.Add($qemu.Id)
                Wait-Condition {
                    if ($qemu.HasExited) { throw "QEMU ended: $(Get-Content -Raw "$script:LabDirectory/qemu.err")" }
                    Get-VdeEndpoint -Name $alice.Name | Where-Object ClientProcessId -EQ $qemu.Id
                } 'the QEMU guest on alice''s switch'

                $guest = "ctysvde-guest-$PID"
                Invoke-Native ip netns add $guest
                $lab.Namespaces.Add($guest)
                Invoke-Native ip -n $guest link set lo up
                # ip netns exec execs vde_plug too: the process started is the cable.
                $cable = Start-Process -FilePath ip -PassThru `
                    -RedirectStandardOutput "$script:LabDirectory/cable.out" -RedirectStandardError "$script:LabDirectory/cable.err" `
                    -ArgumentList 'netns', 'exec', $guest, 'vde_plug', '-D', 'alice-vm2', "vde://$($alice.SocketPath)", 'tap://vdetap'
                $lab.Processes.Add($cable.Id)
                Wait-Condition {
                    if ($cable.HasExited) { throw "vde_plug ended: $(Get-Content -Raw "$script:LabDirectory/cable.err")" }
                    ip -n $guest link show vdetap 2>$null
                } 'the cable''s TAP'
                Invoke-Native ip -n $guest link set vdetap address $script:GuestMac up
                Invoke-Native ip -n $guest addr add 10.99.0.2/24 dev vdetap
                # The guest's frames teach the switch its MAC address: its IPv6 duplicate address detection, and
                # where IPv6 is off, the ARP request of a ping that nobody needs to answer.
                Wait-Condition {
                    if (Get-VdeMacAddress -Name $alice.Name | Where-Object MacAddress -EQ $script:GuestMac) { return $true }
                    ip netns exec $guest ping -c 1 -W 1 10.99.0.1 *> $null
                    $false
                } 'the guest''s MAC address'
                Start-VdeCapture -Path "$script:LabDirectory/root.pcap" -ErrorAction Stop | Out-Null
                # carol's switch on a bridge of its own, cabled to root's through a wirefilter (no loop: only the cable
                # joins br-lab and br-carol).
                Add-LabAccount $lab carol
                New-VdeSwitch -Owner carol -BridgeName br-carol -ErrorAction Stop | Out-Null
                New-VdeCable -SwitchName vde_switch0.root -RemoteSwitchName vde_switch0.carol -LossPercent 0 -ErrorAction Stop | Out-Null
            }

            # Every step runs even when one fails; the failures are reported together.
            function Remove-Lab($Lab) {
                $failures = [System.Collections.Generic.List[string]]::new()
                $steps = @(
                    { foreach ($id in $Lab.Processes) { Stop-LabProcess $id } }
                    { Get-VdeCable | Remove-VdeCable -Confirm:$false -ErrorAction Stop }
                    { Get-VdeSwitch -IncludeStale | Remove-VdeSwitch -Force -Confirm:$false -ErrorAction Stop }
                    { Get-VdeBridge | Where-Object CreatedByCtysVde | Remove-VdeBridge -Confirm:$false -ErrorAction Stop }
                    { if (Test-Path /sys/class/net/eth0) { Invoke-Native ip link del eth0 } }
                    { foreach ($ns in $Lab.Namespaces) { Invoke-Native ip netns del $ns } }
                    { Remove-Item -LiteralPath $script:LabDirectory -Recurse -Force -ErrorAction Ignore }
                    { foreach ($user in $Lab.Users) { Invoke-Native userdel $user } }
                    { foreach ($group in $Lab.Groups) { Invoke-Native groupdel $group } }
                )
                foreach ($step in $steps) {
                    try { & $step } catch { $failures.Add("$step".Trim() + ': ' + $_) }
                }
                if ($failures.Count -gt 0) { throw "tearing the lab down failed:`n$($failures -join "`n")" }
            }

            # A fresh runspace for each example: only the module is there, nothing of this test, so an example
            # must define everything it uses (as $vm) itself. Returns the output; errors fail the test.
            function Invoke-Example([string] $Code) {
                $state = [initialsessionstate]::CreateDefault2()
                $state.ImportPSModule("$script:Repo/CtysVde.psd1")
                $shell = [powershell]::Create($state)
                try {
                    $null = $shell.AddCommand('Set-Location').AddParameter('LiteralPath', $script:LabDirectory).AddStatement().AddScript($Code)
                    $output = $shell.Invoke()
                    if ($shell.Streams.Error.Count -gt 0) {
                        throw "the example wrote errors:`n$($shell.Streams.Error | ForEach-Object { "$($_.FullyQualifiedErrorId): $_" } | Out-String)"
                    }
                    , $output
                }
                finally { $shell.Dispose() }
            }
        }

        AfterAll {
            umount /etc
            umount $script:EtcStore
            Remove-Item -LiteralPath $script:EtcStore
        }

        It '<Cmdlet> example <Number> runs without error and leaves nothing behind' -ForEach $Examples {
            $before = Get-HostState
            $script:Lab = $null
            $failure = $null
            try {
                New-Lab $LabKind
                $output = Invoke-Example $Code
                if (($Cmdlet -like 'Get-*' -or $Cmdlet -like 'Test-*') -and $Code -notmatch 'Remove-Vde') {
                    # A reading example that shows nothing in a lab that has what it reads proves nothing.
                    $output.Count | Should -BeGreaterThan 0 -Because "the lab has what this example reads:`n$Code"
                }
            }
            catch { $failure = $_ }
            # The lab goes in any case; the example's own failure is the one reported first.
            try { if ($script:Lab) { Remove-Lab $script:Lab } }
            catch { if (-not $failure) { $failure = $_ } }
            if ($failure) { throw $failure }
            $after = Get-HostState
            foreach ($aspect in 'Links', 'Namespaces', 'Processes', 'Files', 'Users', 'Groups', 'Mounts') {
                $after.$aspect | Should -Be $before.$aspect -Because "the lab and the example leave no $aspect behind"
            }
        }
    }
}
