namespace CtysVde.Cli;

/// <summary>The `-h` text: the seed's syntax, what each action does, and the exit values.</summary>
internal static class HelpText
{
    public const string Usage = """
        NAME
            ctys-setupvde - on-the-fly TAP, bridge and per-user vde_switch for QEMU/KVM

        SYNTAX
            ctys-setupvde [-b <virtual-bridge>] [-d <level>] [-f] [-g <sbit-group>] [-h]
                          [-i <interface>] [-s <data-socket-dir>] [-S <mgmt-socket>]
                          [-u <user>[.<group>]] [-n] [-V] [-X] [--json] [--tap <name>]
                          [--probe <ip>] [--probe-timeout <seconds>] [--unmanage]
                          [--port <n> [--access <vlan> | --trunk <vlan>[,<vlan>...] [--native <vlan>] | --untagged]]
                          [--file <pcap> [--port <n>] | --stop]
                          [--to <switch> [--to-host [<user>@]<host>]
                               [--remove | --test | --loss <%> --delay <ms> --jitter <ms> --bandwidth <kbit/s> --mtu <n>]]
                          [-r <host>[,<host>...]] [-l <remote-user>] [-Z sudo|ksu] [--timeout <seconds>]
                          (cancel|check|create|info|ports|list|listall|vlan|capture|cable) [[<user>@]<host>[(-Z sudo|ksu)] ...]
            ctys-setupvde -r <host>[,...] [--module <dir>] [--prefix <dir>] deploy

        ACTIONS (case-insensitive, one per call; default: info)
            create   TAP owned by the user on the bridge, plus the user's vde_switch; idempotent
            cancel   stop the switch, delete its TAP, sockets and pidfile (also after a crash)
            check    end-to-end health, one line per check; exit 0 only if all pass
            info     the switch's details
            ports    ports with counters, learned MACs and endpoints (QEMU, vde_plug, the TAP)
            list     running switches
            listall  switches, their port sockets, and every leftover (stale sockets, pidfiles, orphan TAPs)
            vlan     each port's VLANs (access, trunk or untagged); with --port and --access, --trunk or
                     --untagged, set one port's (VLANs are created and removed as ports need them)
            capture  the switch's running packet capture; with --file start one (with --port of one port's
                     frames only); with --stop stop it and complete its file (each frame once)
            cable    the caller's cables; with --to SWITCH connect the switch to SWITCH on this host, or with
                     --to-host [USER@]HOST to SWITCH on that host over ssh (idempotent; a down cable is made
                     again; with --loss, --delay... through a wirefilter, changed live by giving them again);
                     with --to SWITCH --remove remove that cable; with --test see whether frames pass both
                     ways (one line per check; exit 0 only if all pass)
            deploy   copy this program (and with --module the PowerShell module) to the hosts over ssh

        OPTIONS
            -b BRIDGE  bridge for the TAP (default: first existing bridge, else ctysbr0)
            -d LEVEL   debug level 0-9; 1 and above print every side effect on stderr
            -f         force: kill a switch that does not shut down; move an uplink that carries
                       your SSH session or the default route; let create replace a running
                       switch that only a new daemon can mend (its clients are disconnected)
            -g GROUP   give GROUP (the switch's group) access to the sockets, setgid directory
            -h         this help
            -i IF      move IF into the new bridge, with its MAC, addresses and routes; ping the
                       gateway afterwards and put IF back by itself if it does not answer
            -n         show the plan and change nothing
            -s DIR     data socket directory (default /var/tmp/vde_switch0.USER)
            -S SOCK    management socket (default /var/tmp/vde_mgmt0.USER)
            -u U[.G]   owner (and group) of the TAP and sockets (default: the caller)
            -V         version
            -X         terse output for scripts: one record per line, fields separated by ';'
            --json     objects as JSON, with the property names the PowerShell cmdlets use
            --tap NAME TAP name (default: the first free tapN)
            --probe IP what must answer after -i moved the uplink (default: the default gateway)
            --probe-timeout S  seconds the probe may take before the move is undone (default 5)
            --unmanage with -i, when NetworkManager manages IF: have it leave IF alone until the bridge
                       is removed (nmcli device set IF managed no; cancel gives IF back). Without it
                       such an IF is refused
            --port N   vlan: the port to show or set (1 to the switch's number of ports less one); a port no
                       client uses yet is made ready, so QEMU can attach to it later (-netdev vde,...,port=N)
            --access V vlan: make the port an untagged member of VLAN V (1-4093)
            --trunk V,...  vlan: make the port a tagged member of these VLANs
            --native V vlan --trunk: the trunk's untagged VLAN (default 0, the default VLAN)
            --untagged vlan: take the port back to the default VLAN 0
            --file PCAP  capture: start capturing into this new pcap file (the switch owner's, 0600; never an
                       existing file or a link, never in a directory others can redirect); tshark reads it
            --stop     capture: stop the running capture and complete its file
            --to SW    cable: the switch at the cable's other end
            --to-host [USER@]HOST  cable --to: SW is on that host, reached with ssh as -r reaches hosts; the
                       switch there must be USER's (root: anyone's), as that host's ctys-setupvde checks
            --remove   cable --to: remove the cable     --test: send test frames through it both ways
            --loss P   cable --to: frames lost each way, 0-100 %    --delay MS, --jitter MS: added each way
            --bandwidth K  cable --to: kbit/s each way (0: no limit)    --mtu N: largest IP packet, 576-1500
            -r HOSTS   run the action on these hosts (comma-separated, user@host allowed) over ssh,
                       all at once; hosts may also follow the action, as in the seed: root@h1 h2'(-Z sudo)'
            -l USER    login user on hosts that do not name one (default: ssh's own choice)
            -Z sudo|ksu  as a non-root caller, have the privileged steps run as root through sudo -n
                       (never a password prompt; a refusal names the sudoers rule to add); with hosts,
                       on each host
            --timeout S  ssh connect timeout; a host that stops answering is given up after about as long
                       (default 10)
            --module DIR  deploy: also install the module folder DIR (the one with CtysVde.psd1)
            --prefix DIR  deploy: install under DIR on the hosts (default /usr/local; ~/.local for a user)

        WHICH OPTIONS GO WITH WHICH ACTION
            Each option may be given once (a repeated flag such as -ff too), and only to an action that uses it;
            anything else, and -X with --json, is refused (exit 1) before anything is done:
                create                       -b -f -g -i -n -s -S -u --tap;
                                             with -i also --probe --probe-timeout --unmanage
                cancel                       -b -f -n -s -S -u (-b is checked like create's; cancel removes only
                                             the bridge the TAP is on, if CtysVde made it and it is empty)
                check                        -g -s -S -u
                info, ports, list, listall   -s -S -u
                vlan                         -s -S -u --port; with --port also --access, --trunk (and --native)
                                             or --untagged, and then -n
                capture                      -s -S -u; --file (and --port, -n) or --stop
                cable                        -s -S -u; --to (and --to-host, -n, --remove, --test or --loss
                                             --delay --jitter --bandwidth --mtu)
                deploy                       --module --prefix
                every action but deploy      -d, -X or --json, -Z
                every action                 -r or hosts after the action; with hosts also -l --timeout

        REMOTE HOSTS
            ssh runs with BatchMode (keys or agent only) and the user's own ~/.ssh/config; the hosts need
            ctys-setupvde on their PATH (see deploy). Set CTYSVDE_SSH_COMMAND to replace "ssh" (e.g.
            "ssh -F /path/config"). Output has the host in every row; the exit value is 0 only if every
            host succeeded, and each failing host prints its own error.

        QEMU
            qemu-system-x86_64 ... -netdev vde,id=n0,sock=/var/tmp/vde_switch0.$USER -device virtio-net-pci,netdev=n0

        EXIT VALUES
            0 ok, 1 erroneous parameters, 2 a missing environment element (no switch, no vde_switch, kernel
            refused, a host unreachable); with several hosts the highest of theirs
        """;
}
