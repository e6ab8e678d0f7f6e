#!/usr/bin/env bash
# capture-vde-mgmt.sh - capture REAL, byte-exact vde_switch 2.3.2 management
# socket sessions as test fixtures for the CtysVde parsers.
#
# Every fixture file holds the raw bytes of ONE management connection:
#   banner + "\nvde$ " prompt + reply to one command + "\nvde$ " prompt
# exactly as produced by
#   printf 'CMD\n' | socat -t1 - UNIX-CONNECT:$MGMT > file
# (vde_switch treats each read() as one command, so one command is sent per
# connection). File names: <scenario>.<command>.txt where in <command> '/' is
# replaced by '-', ' ' by '_' and ':' by '-'.  The files are never edited.
#
# Usage (as root):  tests/fixtures-capture/capture-vde-mgmt.sh [OUTDIR]
#   default OUTDIR: tests/CtysVde.Tests/Fixtures/vde_switch-2.3.2
#
# Safety:
#  * the whole capture runs inside a private network + mount namespace
#    (unshare --net --mount --fork); client namespaces (ctysfix-a/-b) are
#    created with `ip netns` inside that mount namespace, on a private tmpfs
#    mounted over /run, so nothing touches the real network or the real /run.
#  * /var/tmp is also covered by a private tmpfs inside the namespace.
#  * all sockets / pidfiles live in a mktemp dir /tmp/ctysfix.XXXXXX that is
#    removed at the end.
#  * only processes started here are stopped, by the pid in their own pidfile
#    (and only after checking /proc/PID/comm).
#
# Requirements: root, vde_switch (vde2 2.3.2), vde_plug (vdeplug4),
# vde_plug2tap, qemu-system-x86_64 with the vde netdev, socat, ip, unshare,
# runuser.
set -u

die() { echo "capture-vde-mgmt: ERROR: $*" >&2; exit 1; }
log() { echo "capture-vde-mgmt: $*" >&2; }

###########################################################################
# Outer part: runs in the caller's namespaces, re-executes itself inside a
# private net+mount namespace, then verifies that nothing is left behind.
###########################################################################
if [ -z "${CTYSFIX_INNER:-}" ]; then
    [ "$(id -u)" = 0 ] || die "must run as root"
    for t in vde_switch vde_plug vde_plug2tap qemu-system-x86_64 socat ip unshare runuser mktemp; do
        command -v "$t" >/dev/null 2>&1 || die "missing tool: $t"
    done
    SCRIPT=$(readlink -f "$0")
    REPO=$(cd "$(dirname "$SCRIPT")/../.." && pwd)
    OUT=${1:-$REPO/tests/CtysVde.Tests/Fixtures/vde_switch-2.3.2}
    mkdir -p "$OUT" || die "cannot create $OUT"
    OUT=$(cd "$OUT" && pwd)

    OUTER_NS=$(readlink /proc/self/ns/net) || die "cannot read own netns"
    T=$(mktemp -d /tmp/ctysfix.XXXXXX) || die "mktemp failed"
    chmod 711 "$T"            # the no-tap scenario runs a switch as 'nobody'
    before_run=$(ls -A /run 2>/dev/null); before_vartmp=$(ls -A /var/tmp 2>/dev/null)

    CTYSFIX_INNER=1 CTYSFIX_OUTER_NS="$OUTER_NS" CTYSFIX_TMP="$T" CTYSFIX_OUT="$OUT" \
        unshare --net --mount --fork -- bash "$SCRIPT"
    rc=$?

    # ---- leftovers check (outer namespace) ----
    left=0
    if [ -f "$T/started.pids" ]; then
        while read -r pid what; do
            [ -n "$pid" ] || continue
            if kill -0 "$pid" 2>/dev/null; then
                log "WARNING: started process $pid ($what) still alive"
                left=1
            fi
        done < "$T/started.pids"
    fi
    if ip netns list 2>/dev/null | grep -q '^ctysfix-'; then
        log "WARNING: ctysfix-* netns visible in the outer namespace"; left=1
    fi
    after_run=$(ls -A /run 2>/dev/null); after_vartmp=$(ls -A /var/tmp 2>/dev/null)
    [ "$before_run" = "$after_run" ] || { log "WARNING: /run changed"; left=1; }
    [ "$before_vartmp" = "$after_vartmp" ] || { log "WARNING: /var/tmp changed"; left=1; }
    rm -rf "$T"
    [ $left = 0 ] && log "cleanup verified: no started process alive, /run and /var/tmp unchanged"
    log "fixtures in $OUT (inner rc=$rc)"
    exit $rc
fi

###########################################################################
# Inner part: private network + mount namespace.
###########################################################################
T=$CTYSFIX_TMP
OUT=$CTYSFIX_OUT
STARTED=$T/started.pids
: > "$STARTED"

# --- prove that we are NOT in the machine's network namespace -------------
MYNS=$(readlink /proc/self/ns/net)
[ -n "$MYNS" ] && [ "$MYNS" != "$CTYSFIX_OUTER_NS" ] || die "not in a private netns ($MYNS)"
if INITNS=$(readlink /proc/1/ns/net 2>/dev/null); then
    [ "$MYNS" != "$INITNS" ] || die "netns equals the one of pid 1"
fi
# a fresh netns only has 'lo'
[ "$(ip -o link show | wc -l)" = 1 ] || die "unexpected interfaces in new netns: $(ip -o link show)"
ip link show eth0 >/dev/null 2>&1 && die "eth0 visible - refusing to continue"

# NB: always 'mount -n': without it util-linux mount creates /run/mount (utab)
# on the REAL /run even though we are in a private mount namespace.
mount -n --make-rprivate / || die "make-rprivate failed"
mount -n -t sysfs sysfs /sys || die "mount sysfs failed"
mount -n -t tmpfs ctysfix-run /run || die "tmpfs /run failed"          # ip netns state stays private
mount -n -t tmpfs ctysfix-vartmp /var/tmp || die "tmpfs /var/tmp failed"
ip link set lo up

# --- process bookkeeping -----------------------------------------------------
# record PID (from a pidfile we asked the daemon to write) + expected comm
record_pid() { # pidfile comm
    local i pid=""
    for i in $(seq 1 50); do
        [ -s "$1" ] && pid=$(tr -dc '0-9' < "$1") && [ -n "$pid" ] && break
        sleep 0.1
    done
    [ -n "$pid" ] || { log "WARNING: no pid in $1"; return 1; }
    echo "$pid $2" >> "$STARTED"
    echo "$pid"
}
stop_pid() { # pid comm
    local pid=$1 comm=$2 i
    kill -0 "$pid" 2>/dev/null || return 0
    if [ "$(cat /proc/"$pid"/comm 2>/dev/null)" != "$comm" ]; then
        log "WARNING: pid $pid is not $comm any more, not killing"; return 0
    fi
    kill "$pid"
    for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
    log "WARNING: $pid ($comm) ignored SIGTERM, sending SIGKILL"
    kill -9 "$pid" 2>/dev/null
    sleep 0.2
}
cleanup() {
    local pid comm
    if [ -f "$STARTED" ]; then
        tac "$STARTED" | while read -r pid comm; do [ -n "$pid" ] && stop_pid "$pid" "$comm"; done
    fi
    for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep '^ctysfix-'); do ip netns del "$ns"; done
    ip link del br0 2>/dev/null
    true
}
trap cleanup EXIT

# --- mgmt helpers -----------------------------------------------------------
fname() { # scenario command -> fixture path
    local c
    c=$(printf '%s' "$2" | tr '/ :' '-_-')
    [ -n "$c" ] || c=empty-line
    echo "$OUT/$1.$c.txt"
}
# capture ONE command on ONE connection, raw bytes, into the fixture file
cap() { # scenario mgmt-socket command [filename-override]
    local f
    if [ -n "${4:-}" ]; then f=$OUT/$1.$4.txt; else f=$(fname "$1" "$3"); fi
    printf '%s\n' "$3" | socat -t1 - UNIX-CONNECT:"$2" > "$f"
    if [ ! -s "$f" ]; then log "WARNING: empty capture $f"; fi
    log "captured $(basename "$f") ($(wc -c < "$f") bytes)"
}
# query without storing (used for waiting)
q() { printf '%s\n' "$2" | socat -t1 - UNIX-CONNECT:"$1" 2>/dev/null; }
wait_for() { # mgmt command extended-regex timeout-seconds
    local i n=$(( ${4:-10} * 5 ))
    for i in $(seq 1 $n); do
        q "$1" "$2" | grep -Eq "$3" && return 0
        sleep 0.2
    done
    log "WARNING: timeout waiting for /$3/ in '$2'"
    return 1
}
count_in() { q "$1" "$2" | grep -Ec "$3"; }

# --- switch helpers ---------------------------------------------------------
ip link add br0 type bridge || die "bridge"
ip link set br0 up

SW_PID=""
start_switch() { # name tap [extra vde_switch args...]
    local name=$1 tap=$2; shift 2
    D=$T/$name; mkdir -p "$D"
    SW_DIR=$D/sw; MGMT=$D/mgmt; SW_PIDF=$D/sw.pid; SW_TAP=$tap
    ip tuntap add dev "$tap" mode tap user root || die "tuntap $tap"
    ip link set "$tap" master br0
    ip link set "$tap" up
    vde_switch -d -t "$tap" -s "$SW_DIR" -M "$MGMT" -p "$SW_PIDF" "$@" || die "vde_switch $name failed"
    SW_PID=$(record_pid "$SW_PIDF" vde_switch) || die "no switch pid"
    local i; for i in $(seq 1 50); do [ -S "$MGMT" ] && break; sleep 0.1; done
    [ -S "$MGMT" ] || die "no mgmt socket for $name"
    wait_for "$MGMT" port/print "module tuntap" 5
}
stop_switch() {
    stop_pid "$SW_PID" vde_switch
    ip tuntap del dev "$SW_TAP" mode tap 2>/dev/null
    true
}

# tool version / help output (not mgmt) --------------------------------------
vde_switch --help > "$OUT/vde_switch.help.txt" 2>&1
echo "vde_switch --help exit=$?" >&2
vde_switch -v > "$OUT/vde_switch.version.txt" 2>&1
echo "vde_switch -v exit=$?" >&2

###########################################################################
# a. tap-only
###########################################################################
log "=== tap-only"
start_switch tap-only tap0
for c in showinfo port/showinfo ds/showinfo hash/showinfo port/print port/allprint \
         hash/print vlan/print vlan/allprint help debug/list plugin/list fstp/showinfo; do
    cap tap-only "$MGMT" "$c"
done
stop_switch

###########################################################################
# b. clients: vde_plug (vdeplug4) in ctysfix-a, vde_plug2tap (vde2) in ctysfix-b
###########################################################################
log "=== clients"
start_switch clients tap0
ip addr add 10.199.77.254/24 dev br0
for ns in ctysfix-a ctysfix-b; do
    ip netns add "$ns" || die "netns $ns"
    NSNET=$(ip netns exec "$ns" readlink /proc/self/ns/net)
    [ "$NSNET" != "$CTYSFIX_OUTER_NS" ] && [ "$NSNET" != "$MYNS" ] || die "bad netns $ns"
    ip netns exec "$ns" ip link set lo up
done
ip netns exec ctysfix-a vde_plug -d -p "$D/plug-a.pid" -D "ctysfix client A" "vde://$SW_DIR" tap://tapa \
    || die "vde_plug a"
record_pid "$D/plug-a.pid" vde_plug >/dev/null
ip netns exec ctysfix-b vde_plug2tap -d -P "$D/plug-b.pid" -s "$SW_DIR" tapb || die "vde_plug2tap b"
record_pid "$D/plug-b.pid" vde_plug2tap >/dev/null
for i in $(seq 1 50); do
    ip netns exec ctysfix-a ip link show tapa >/dev/null 2>&1 &&
        ip netns exec ctysfix-b ip link show tapb >/dev/null 2>&1 && break
    sleep 0.1
done
ip netns exec ctysfix-a ip addr add 10.199.77.1/24 dev tapa
ip netns exec ctysfix-a ip link set tapa up
ip netns exec ctysfix-b ip addr add 10.199.77.2/24 dev tapb
ip netns exec ctysfix-b ip link set tapb up
wait_for "$MGMT" port/print "vde_plug2tap" 5
wait_for "$MGMT" port/print "ctysfix client A" 5
sleep 1
# traffic (no ping binary here): TCP connects to closed ports -> ARP + SYN + RST
probe() { # ns ip
    local r
    r=$(ip netns exec "$1" socat -T1 /dev/null "TCP:$2:7,connect-timeout=2" 2>&1)
    case $r in *"Connection refused"*) log "reach $1 -> $2: ok (refused)";;
               *) log "reach $1 -> $2: $r";; esac
}
for round in 1 2 3; do
    probe ctysfix-a 10.199.77.2; probe ctysfix-a 10.199.77.254
    probe ctysfix-b 10.199.77.1; probe ctysfix-b 10.199.77.254
done
wait_for "$MGMT" hash/print "port: 00[23]" 5
for c in port/print port/allprint hash/print vlan/print hash/showinfo; do
    cap clients "$MGMT" "$c"
done
PA=$(q "$MGMT" port/print | awk '/^Port /{p=$2} /ctysfix client A/{print p+0; exit}')
[ -n "$PA" ] || die "cannot find port of client A"
cap clients "$MGMT" "port/print $PA"
PB=$(q "$MGMT" port/print | awk '/^Port /{p=$2} /vde_plug2tap/{print p+0; exit}')
[ -n "$PB" ] && cap clients "$MGMT" "port/print $PB"
# hash/find hit (MAC of client A's tap, as learned by the switch)
MACA=$(ip netns exec ctysfix-a cat /sys/class/net/tapa/address)
cap clients "$MGMT" "hash/find $MACA" hash-find_hit
# pids as the clients reported them, for cross-checking descriptions
cat "$D/plug-a.pid" > "$OUT/clients.plug-a.pid.txt"
cat "$D/plug-b.pid" > "$OUT/clients.plug-b.pid.txt"
stop_pid "$(tr -dc 0-9 < "$D/plug-a.pid")" vde_plug
stop_pid "$(tr -dc 0-9 < "$D/plug-b.pid")" vde_plug2tap
ip netns del ctysfix-a; ip netns del ctysfix-b
ip addr del 10.199.77.254/24 dev br0
stop_switch

###########################################################################
# c. multi-endpoint: two vde_plug on the SAME port 5
###########################################################################
log "=== multi-endpoint"
start_switch multi-endpoint tap0
vde_plug -d -p "$D/m1.pid" -D "ctysfix multi 1" "vde://$SW_DIR[5]" null:// || die "vde_plug m1"
record_pid "$D/m1.pid" vde_plug >/dev/null
wait_for "$MGMT" port/print "ctysfix multi 1" 5
vde_plug -d -p "$D/m2.pid" -D "ctysfix multi 2" "vde://$SW_DIR[5]" null:// || die "vde_plug m2"
record_pid "$D/m2.pid" vde_plug >/dev/null
wait_for "$MGMT" port/print "ctysfix multi 2" 5
[ "$(count_in "$MGMT" port/print 'ctysfix multi')" = 2 ] || log "WARNING: not two endpoints"
cap multi-endpoint "$MGMT" port/print
cap multi-endpoint "$MGMT" "port/print 5"
stop_pid "$(tr -dc 0-9 < "$D/m2.pid")" vde_plug
stop_pid "$(tr -dc 0-9 < "$D/m1.pid")" vde_plug
stop_switch

###########################################################################
# d. qemu (TCG, iPXE sends DHCP through the e1000 -> hash entry)
###########################################################################
log "=== qemu"
start_switch qemu tap0
qemu-system-x86_64 -accel tcg -m 64M -nographic -nodefaults \
    -netdev "vde,id=n0,sock=$SW_DIR" -device e1000,netdev=n0,mac=52:54:00:99:00:01 \
    -pidfile "$D/vm.pid" -daemonize || die "qemu failed"
QPID=$(record_pid "$D/vm.pid" qemu-system-x86) || die "no qemu pid"
wait_for "$MGMT" port/print "QEMU" 10
sleep 3
wait_for "$MGMT" hash/print "52:54:00:99:00:01" 30
cap qemu "$MGMT" port/print
cap qemu "$MGMT" hash/print
cat "$D/vm.pid" > "$OUT/qemu.pid.txt"    # raw pidfile as written by qemu
stop_pid "$QPID" qemu-system-x86
stop_switch

###########################################################################
# e. inactive: port 7 created + user/group set but nothing connected
###########################################################################
log "=== inactive"
start_switch inactive tap0
cap inactive "$MGMT" "port/create 7"
cap inactive "$MGMT" "port/setuser 7 nobody"
cap inactive "$MGMT" "port/setgroup 7 nogroup"
cap inactive "$MGMT" port/allprint
cap inactive "$MGMT" port/print
stop_switch

###########################################################################
# f. errors
###########################################################################
log "=== errors"
start_switch errors tap0
cap errors "$MGMT" "port/print 99"
cap errors "$MGMT" "port/print 5"
cap errors "$MGMT" "nosuchcmd"
cap errors "$MGMT" ""
cap errors "$MGMT" "port/create 1"
cap errors "$MGMT" "hash/find 00:11:22:33:44:55"
cap errors "$MGMT" "showinfoXX"
# two commands in ONE write(): vde_switch handles one read() as one command
cap errors "$MGMT" $'port/showinfo\nhash/showinfo' two-commands-one-write
cap errors "$MGMT" "port/remove 1"
cap errors "$MGMT" port/print          # state after the port/remove attempt
stop_switch

###########################################################################
# g. shutdown / logout
###########################################################################
log "=== shutdown"
start_switch shutdown tap0
cap shutdown "$MGMT" logout
cap shutdown "$MGMT" shutdown
for i in $(seq 1 50); do kill -0 "$SW_PID" 2>/dev/null || break; sleep 0.1; done
kill -0 "$SW_PID" 2>/dev/null && log "WARNING: switch still alive after shutdown" || log "switch exited after shutdown"
stop_switch

###########################################################################
# h. no-tap: TAP owned by 'nobody', switch run as 'nobody'
#    (/dev/net/tun is root-only 0600 here, so the tap cannot be opened)
###########################################################################
log "=== no-tap"
D=$T/no-tap; mkdir -p "$D"; chown nobody:nogroup "$D"
ip tuntap add dev tapo mode tap user nobody || die "tuntap tapo"
ip link set tapo up
ls -l /dev/net/tun >&2
# foreground first (stdin=/dev/null -> it exits on EOF): shows the error messages
timeout 10 runuser -u nobody -- vde_switch -t tapo -s "$D/fg-sw" -M "$D/fg-mgmt" \
    > "$OUT/no-tap.foreground-output.txt" 2>&1 < /dev/null
echo "no-tap foreground exit=$?" >&2
runuser -u nobody -- vde_switch -d -t tapo -s "$D/sw" -M "$D/mgmt" -p "$D/sw.pid" \
    > "$OUT/no-tap.daemon-output.txt" 2>&1 < /dev/null
echo "no-tap daemon exit=$?" >&2
if NPID=$(record_pid "$D/sw.pid" vde_switch); then
    for i in $(seq 1 50); do [ -S "$D/mgmt" ] && break; sleep 0.1; done
    cap no-tap "$D/mgmt" showinfo
    cap no-tap "$D/mgmt" port/print
    cap no-tap "$D/mgmt" port/allprint
    stop_pid "$NPID" vde_switch
fi
ip tuntap del dev tapo mode tap

###########################################################################
# i. numports: -n 4
###########################################################################
log "=== numports"
start_switch numports tap0 -n 4
cap numports "$MGMT" port/showinfo
cap numports "$MGMT" "port/print 3"
cap numports "$MGMT" "port/print 4"
cap numports "$MGMT" "port/print 5"
stop_switch

###########################################################################
# j. vlans: an access port, a trunk with a native VLAN, ports made ready, an
#    empty VLAN, and the switch's refusals (issue 12)
###########################################################################
log "=== vlans"
start_switch vlans tap0
for c in "vlan/create 10" "vlan/create 20" "vlan/create 30" "vlan/create 4094" "vlan/create 99" \
         "port/create 3" "port/create 5" "port/create 31" "port/setvlan 3 10" "vlan/addport 20 5" \
         "vlan/addport 4094 5" "port/setvlan 5 30" "vlan/addport 20 1"; do
    cap vlans "$MGMT" "$c"
done
cap vlans "$MGMT" vlan/allprint
cap vlans "$MGMT" vlan/print
cap vlans "$MGMT" "vlan/print 20"
cap vlans "$MGMT" port/allprint
cap vlans "$MGMT" port/showinfo
cap vlans "$MGMT" "vlan/create 0"
cap vlans "$MGMT" "vlan/create 4095"
cap vlans "$MGMT" "vlan/create 10"
cap vlans "$MGMT" "vlan/remove 10"
cap vlans "$MGMT" "port/setvlan 9 10"
cap vlans "$MGMT" "port/setvlan 3 77"
cap vlans "$MGMT" "port/create 32"
stop_switch

###########################################################################
# k. addresses: the iplog plugin learns which addresses speak on which port
#    (issue 12); one vde_plug client in ctysfix-a, the bridge's address beside
###########################################################################
log "=== addresses"
# Before the ranges are added: vde_switch parses them with getaddrinfo(3) without hints, i.e. AI_ADDRCONFIG, so on
# a host with IPv6 but no IPv4 address "0.0.0.0/0" comes back v4-mapped, as ::/0 (then "File exists").
ip addr add 10.199.78.254/24 dev br0
start_switch addresses tap0
cap addresses "$MGMT" "plugin/add /usr/lib/vde2/plugins/iplog.so" plugin-add_iplog
cap addresses "$MGMT" plugin/list
cap addresses "$MGMT" "iplog/logfile $D/iplog" iplog-logfile
cap addresses "$MGMT" "iplog/ipadd 0.0.0.0/0"
cap addresses "$MGMT" "iplog/ipadd ::/0"
cap addresses "$MGMT" "iplog/setexpire 86400"
cap addresses "$MGMT" "iplog/list"
cap addresses "$MGMT" "iplog/iplist" iplog-iplist_empty
ip netns add ctysfix-a || die "netns ctysfix-a"
ip netns exec ctysfix-a ip link set lo up
ip netns exec ctysfix-a vde_plug -d -p "$D/plug-a.pid" -D "ctysfix client A" "vde://$SW_DIR" tap://tapa || die "vde_plug a"
record_pid "$D/plug-a.pid" vde_plug >/dev/null
for i in $(seq 1 50); do ip netns exec ctysfix-a ip link show tapa >/dev/null 2>&1 && break; sleep 0.1; done
ip netns exec ctysfix-a ip addr add 10.199.78.1/24 dev tapa
ip netns exec ctysfix-a ip link set tapa up
wait_for "$MGMT" port/print "ctysfix client A" 5
sleep 1
for round in 1 2; do
    ip netns exec ctysfix-a socat -T1 /dev/null "TCP:10.199.78.254:7,connect-timeout=2" >/dev/null 2>&1
done
wait_for "$MGMT" iplog/iplist "10.199.78.1 " 5
cap addresses "$MGMT" port/print
cap addresses "$MGMT" iplog/iplist
PA=$(q "$MGMT" port/print | awk '/^Port /{p=$2} /ctysfix client A/{print p+0; exit}')
cap addresses "$MGMT" "iplog/ipport $PA" iplog-ipport_client
cap addresses "$MGMT" "iplog/ipport 30" iplog-ipport_unused
cp "$D/iplog" "$OUT/addresses.logfile.txt"
cat "$D/plug-a.pid" > "$OUT/addresses.plug-a.pid.txt"
stop_pid "$(tr -dc 0-9 < "$D/plug-a.pid")" vde_plug
for i in $(seq 1 50); do q "$MGMT" port/print | grep -q "ctysfix client A" || break; sleep 0.1; done
cap addresses "$MGMT" iplog/iplist iplog-iplist_after-client-left
ip netns del ctysfix-a
ip addr del 10.199.78.254/24 dev br0
stop_switch

###########################################################################
# l. capture: the pdump plugin writes a pcap of every frame the switch
#    forwards (issue 12); clients A, B, C in namespaces, A and C talk to B
###########################################################################
log "=== capture"
start_switch capture tap0
cap capture "$MGMT" "plugin/add /usr/lib/vde2/plugins/pdump.so" plugin-add_pdump
cap capture "$MGMT" plugin/list
cap capture "$MGMT" "pdump/filename $D/dump.pcap" pdump-filename
cap capture "$MGMT" "pdump/buffered 0"
for c in a b c; do
    ip netns add "ctysfix-$c" || die "netns ctysfix-$c"
    ip netns exec "ctysfix-$c" ip link set lo up
    ip netns exec "ctysfix-$c" vde_plug -d -p "$D/plug-$c.pid" -D "ctysfix client $c" "vde://$SW_DIR" tap://tapx || die "vde_plug $c"
    record_pid "$D/plug-$c.pid" vde_plug >/dev/null
done
i=1
for c in a b c; do
    for _ in $(seq 1 50); do ip netns exec "ctysfix-$c" ip link show tapx >/dev/null 2>&1 && break; sleep 0.1; done
    # IPv6 off: only the frames the test sends, no router solicitations or duplicate address detection
    ip netns exec "ctysfix-$c" sysctl -qw net.ipv6.conf.tapx.disable_ipv6=1
    ip netns exec "ctysfix-$c" ip addr add "10.199.79.$i/24" dev tapx
    ip netns exec "ctysfix-$c" ip link set tapx up
    i=$((i + 1))
done
wait_for "$MGMT" port/print "ctysfix client c" 5
cap capture "$MGMT" "pdump/active 1"
for round in 1 2; do
    ip netns exec ctysfix-a socat -T1 /dev/null "TCP:10.199.79.2:7,connect-timeout=2" >/dev/null 2>&1
    ip netns exec ctysfix-c socat -T1 /dev/null "TCP:10.199.79.2:9,connect-timeout=2" >/dev/null 2>&1
done
cap capture "$MGMT" "pdump/active 0"
cap capture "$MGMT" port/print
cap capture "$MGMT" hash/print
# not dumping any more: a second stop is ENOENT; unloading closes the file; then no plugin is listed
cap capture "$MGMT" "pdump/active 0" pdump-active_0-again
cap capture "$MGMT" "plugin/del pdump" plugin-del_pdump
cap capture "$MGMT" plugin/list plugin-list-after-del
cp "$D/dump.pcap" "$OUT/capture.dump.pcap"
for c in a b c; do
    ip netns exec "ctysfix-$c" cat /sys/class/net/tapx/address > "$OUT/capture.mac-$c.txt"
    stop_pid "$(tr -dc 0-9 < "$D/plug-$c.pid")" vde_plug
    ip netns del "ctysfix-$c"
done
stop_switch

log "done"
exit 0
