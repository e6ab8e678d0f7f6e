#!/usr/bin/env bash
# capture-wirefilter-mgmt.sh - capture REAL, byte-exact wirefilter 2.3.2 (Debian 12 vde-wirefilter) management
# socket sessions as test fixtures for the CtysVde cable/impairment parsers (issue 13).
#
# Modelled on tests/fixtures-capture/capture-vde-mgmt.sh. Every fixture file holds the raw bytes of ONE
# management connection:
#   banner "\nVDE wirefilter V.2.3.2\n(C) R.Davoli 2005,2006 - GPLv2\n" + prompt "\nVDEwf$ "
#   + reply to one command + "\nVDEwf$ " prompt
# exactly as produced by
#   printf 'CMD\n' | socat -t1 - UNIX-CONNECT:$MGMT > file
# (wirefilter, like vde_switch, handles each read() as one command, so one command is sent per connection).
# File names: <scenario>.<command>.txt where in <command> '/' is replaced by '-', ' ' by '_' and ':' by '-';
# an empty command is "empty-line". The files are never edited.
#
# Scenarios:
#   dpipe       bidirectional wirefilter spliced into a cable: dpipe vde_plug A = wirefilter -M … = vde_plug B
#   startup     the same, but with impairment given on the command line (-l -d -D -b -m)
#   mono        monodirectional filter (dpipe vde_plug A =} wirefilter -M … }= vde_plug B: only A->B filtered)
#   vplug       wirefilter -v SWITCHDIR1:SWITCHDIR2 --daemon (one process, no dpipe)
#   markov      Markov mode commands (markov-numnodes, showinfo N, showedges, showcurrent)
#   shutdown    logout and shutdown
# plus wirefilter.help.txt (the output of `wirefilter -h`, which exits 1) and *.pid.txt / *.port-print.txt
# (the pidfile as wirefilter wrote it; the switch's port/print showing the cable's endpoints).
#
# Usage (as root):  ./capture-wirefilter-mgmt.sh [OUTDIR]     default OUTDIR: tests/CtysVde.Tests/Fixtures/wirefilter-2.3.2
#
# Safety:
#  * everything runs inside a private network + mount namespace (unshare --net --mount --fork); /run, /var/tmp
#    and the work directory are private tmpfs mounts inside it, so nothing touches the real network, the real
#    /run or the shared /tmp (only an empty mktemp directory is created there, as the mount point, and removed).
#  * no interface is created at all (the cables join switches without TAPs); lo is brought up.
#  * only processes started here are stopped, by the pid in their own pidfile (after checking /proc/PID/comm),
#    and at the end anything still alive in the private network namespace (nobody else can be in it).
#
# Requirements: root, vde_switch (vde2 2.3.2), vde_plug + dpipe (vdeplug4), wirefilter (vde-wirefilter), socat,
# unshare, ip.
set -u

die() { echo "capture-wirefilter-mgmt: ERROR: $*" >&2; exit 1; }
log() { echo "capture-wirefilter-mgmt: $*" >&2; }

###########################################################################
# Outer part
###########################################################################
if [ -z "${WFFIX_INNER:-}" ]; then
    [ "$(id -u)" = 0 ] || die "must run as root"
    for t in vde_switch vde_plug dpipe wirefilter socat ip unshare mktemp; do
        command -v "$t" >/dev/null 2>&1 || die "missing tool: $t"
    done
    SCRIPT=$(readlink -f "$0")
    OUT=${1:-$(dirname "$SCRIPT")/../CtysVde.Tests/Fixtures/wirefilter-2.3.2}
    mkdir -p "$OUT" || die "cannot create $OUT"
    OUT=$(cd "$OUT" && pwd)
    OUTER_NS=$(readlink /proc/self/ns/net) || die "cannot read own netns"
    T=$(mktemp -d /tmp/wffix.XXXXXX) || die "mktemp failed"
    before_run=$(ls -A /run 2>/dev/null); before_vartmp=$(ls -A /var/tmp 2>/dev/null)

    WFFIX_INNER=1 WFFIX_OUTER_NS="$OUTER_NS" WFFIX_TMP="$T" WFFIX_OUT="$OUT" \
        unshare --net --mount --fork -- bash "$SCRIPT"
    rc=$?

    left=0
    # the inner part records every pid it learned; none may survive
    if [ -f "$OUT/.started.pids" ]; then
        while read -r pid what; do
            [ -n "$pid" ] || continue
            if [ -e "/proc/$pid" ] && [ "$(cut -d' ' -f3 /proc/"$pid"/stat 2>/dev/null)" != Z ] &&
               [ "$(cat /proc/"$pid"/comm 2>/dev/null)" = "$what" ]; then
                log "WARNING: started process $pid ($what) still alive"; left=1
            fi
        done < "$OUT/.started.pids"
        rm -f "$OUT/.started.pids"
    fi
    after_run=$(ls -A /run 2>/dev/null); after_vartmp=$(ls -A /var/tmp 2>/dev/null)
    [ "$before_run" = "$after_run" ] || { log "WARNING: /run changed"; left=1; }
    [ "$before_vartmp" = "$after_vartmp" ] || { log "WARNING: /var/tmp changed"; left=1; }
    # the tmpfs was mounted inside the namespace only: here the directory is still the empty mount point
    rmdir "$T" 2>/dev/null || { log "WARNING: $T not empty"; left=1; }
    [ $left = 0 ] && log "cleanup verified: no started process alive, /run and /var/tmp unchanged, $T removed"
    log "fixtures in $OUT (inner rc=$rc)"
    exit $rc
fi

###########################################################################
# Inner part: private network + mount namespace
###########################################################################
OUT=$WFFIX_OUT
MYNS=$(readlink /proc/self/ns/net)
[ -n "$MYNS" ] && [ "$MYNS" != "$WFFIX_OUTER_NS" ] || die "not in a private netns ($MYNS)"
if INITNS=$(readlink /proc/1/ns/net 2>/dev/null); then
    [ "$MYNS" != "$INITNS" ] || die "netns equals the one of pid 1"
fi
[ "$(ip -o link show | wc -l)" = 1 ] || die "unexpected interfaces in new netns: $(ip -o link show)"

# NB: always 'mount -n' (no /run/mount/utab on the real /run)
mount -n --make-rprivate / || die "make-rprivate failed"
mount -n -t tmpfs -o mode=0755 wffix-run /run || die "tmpfs /run failed"
mount -n -t tmpfs -o mode=1777 wffix-vartmp /var/tmp || die "tmpfs /var/tmp failed"
mount -n -t tmpfs -o mode=0755 wffix-work "$WFFIX_TMP" || die "tmpfs over $WFFIX_TMP failed"
ip link set lo up
T=$WFFIX_TMP
STARTED=$OUT/.started.pids
: > "$STARTED"

record_pid() { # pidfile comm -> echoes pid
    local i pid=""
    for i in $(seq 1 50); do
        [ -s "$1" ] && pid=$(tr -dc '0-9' < "$1") && [ -n "$pid" ] && break
        sleep 0.1
    done
    [ -n "$pid" ] || { log "WARNING: no pid in $1"; return 1; }
    echo "$pid $2" >> "$STARTED"
    echo "$pid"
}
alive() { [ -e "/proc/$1" ] && [ "$(cut -d' ' -f3 /proc/"$1"/stat 2>/dev/null)" != Z ]; }
stop_pid() { # pid comm
    local pid=$1 comm=$2 i
    alive "$pid" || return 0
    if [ "$(cat /proc/"$pid"/comm 2>/dev/null)" != "$comm" ]; then
        log "WARNING: pid $pid is not $comm any more, not killing"; return 0
    fi
    kill "$pid"
    for i in $(seq 1 50); do alive "$pid" || return 0; sleep 0.1; done
    log "WARNING: $pid ($comm) ignored SIGTERM, sending SIGKILL"
    kill -9 "$pid" 2>/dev/null
    sleep 0.2
}
cleanup() {
    local pid comm p
    if [ -f "$STARTED" ]; then
        tac "$STARTED" | while read -r pid comm; do [ -n "$pid" ] && stop_pid "$pid" "$comm"; done
    fi
    # anything else still in this private netns was started by this script (children of dpipe etc.)
    for p in /proc/[0-9]*; do
        p=${p#/proc/}
        [ "$p" = $$ ] && continue
        [ "$(readlink /proc/"$p"/ns/net 2>/dev/null)" = "$MYNS" ] || continue
        case "$(cat /proc/"$p"/comm 2>/dev/null)" in
            vde_switch|vde_plug|dpipe|wirefilter)
                log "WARNING: leftover $p ($(cat /proc/"$p"/comm)), killing"; kill -9 "$p" 2>/dev/null;;
        esac
    done
    true
}
trap cleanup EXIT

fname() { # scenario command -> fixture path
    local c
    c=$(printf '%s' "$2" | tr '/ :' '-_-')
    [ -n "$c" ] || c=empty-line
    echo "$OUT/$1.$c.txt"
}
cap() { # scenario mgmt-socket command [filename-override]
    local f
    if [ -n "${4:-}" ]; then f=$OUT/$1.$4.txt; else f=$(fname "$1" "$3"); fi
    printf '%s\n' "$3" | socat -t1 - UNIX-CONNECT:"$2" > "$f"
    [ -s "$f" ] || log "WARNING: empty capture $f"
    log "captured $(basename "$f") ($(wc -c < "$f") bytes)"
}
q() { printf '%s\n' "$2" | socat -t1 - UNIX-CONNECT:"$1" 2>/dev/null; }
wait_sock() { local i; for i in $(seq 1 50); do [ -S "$1" ] && return 0; sleep 0.1; done; log "WARNING: no socket $1"; return 1; }

SW1=$T/sw1; SW2=$T/sw2
start_switches() {
    vde_switch -d -s "$SW1" -M "$SW1.mgmt" -p "$SW1.pid" || die "vde_switch 1"
    SW1PID=$(record_pid "$SW1.pid" vde_switch) || die "no pid sw1"
    vde_switch -d -s "$SW2" -M "$SW2.mgmt" -p "$SW2.pid" || die "vde_switch 2"
    SW2PID=$(record_pid "$SW2.pid" vde_switch) || die "no pid sw2"
    wait_sock "$SW1.mgmt"; wait_sock "$SW2.mgmt"
}
stop_switches() { stop_pid "$SW2PID" vde_switch; stop_pid "$SW1PID" vde_switch; }
# a cable: dpipe -d (session leader) with its children; stopped through dpipe (SIGTERM ends the chain)
start_cable() { # name wirefilter-args... (the wirefilter stage is "wirefilter -M $T/NAME.wf --pidfile $T/NAME.wfpid ARGS")
    local n=$1; shift
    dpipe -d -p "$T/$n.dpipe" vde_plug -D "wffix $n to sw2" "vde://$SW1" = \
        wirefilter -M "$T/$n.wf" --pidfile "$T/$n.wfpid" "$@" = vde_plug -D "wffix $n to sw1" "vde://$SW2" || die "dpipe $n"
    CABLE_PID=$(record_pid "$T/$n.dpipe" dpipe) || die "no dpipe pid"
    WF_PID=$(record_pid "$T/$n.wfpid" wirefilter) || die "no wirefilter pid"
    WF=$T/$n.wf; wait_sock "$WF"
}
stop_cable() { stop_pid "$CABLE_PID" dpipe; local i; for i in $(seq 1 50); do alive "$WF_PID" || break; sleep 0.1; done; }

wirefilter -h > "$OUT/wirefilter.help.txt" 2>&1
echo "wirefilter -h exit=$?" >&2

###########################################################################
# dpipe: bidirectional, set every parameter live, odd input
###########################################################################
log "=== dpipe"
start_switches
start_cable dpipe
cat "$T/dpipe.wfpid" > "$OUT/dpipe.wirefilter-pidfile.txt"
q "$SW1.mgmt" port/print > "$OUT/dpipe.sw1-port-print.txt"
q "$SW2.mgmt" port/print > "$OUT/dpipe.sw2-port-print.txt"
stat -c '%A' "$WF" > "$OUT/dpipe.mgmt-socket-mode.txt"
for c in help showinfo \
         "loss 100" "loss 0" "loss 12.5" "loss LR20.5" "loss RL10" "lostburst 3" \
         "delay 50" "delay 50+10" "delay 50+10N" "delay LR30" "delay RL0" \
         "dup 5" "bandwidth 125000" "bandwidth 128K" "band 1M" "speed 1M" "noise 100" \
         "mtu 1516" "chanbufsize 65536" "capacity 131072" "fifo 0"; do
    cap dpipe "$WF" "$c"
done
cap dpipe "$WF" showinfo showinfo_after-set
for c in "loss 0" "lostburst 0" "delay 0" "dup 0" "bandwidth 0" "speed 0" "noise 0" "mtu 0" "chanbufsize 0" "fifo 1"; do
    q "$WF" "$c" >/dev/null
done
cap dpipe "$WF" showinfo showinfo_after-reset
# odd input: wirefilter accepts out-of-range and unparsable values silently (1000 Success)
for c in "nosuchcmd" "" "LOSS 10" "loss" "loss abc" "loss 150" "loss -5" "delay -10" "mtu -1" \
         "showinfo 3" "showinfoXX" "showcurrent" "showedges" "load /nonexistent" "markov-setnode 5"; do
    cap dpipe "$WF" "$c"
done
cap dpipe "$WF" showinfo showinfo_after-odd
cap dpipe "$WF" $'loss 1\nshowinfo' two-commands-one-write
cap dpipe "$WF" showinfo showinfo_after-two-commands
stop_cable

###########################################################################
# startup: values from the command line
###########################################################################
log "=== startup"
start_cable startup -l 10 -d 50+10N -D 2 -b 1M -m 1516 -c 65536 -N
cap startup "$WF" showinfo
stop_cable

###########################################################################
# mono: monodirectional filter (only sw1 -> sw2 passes through wirefilter)
###########################################################################
log "=== mono"
dpipe -d -p "$T/mono.dpipe" vde_plug -D "wffix mono to sw2" "vde://$SW1" =} \
    wirefilter -M "$T/mono.wf" --pidfile "$T/mono.wfpid" }= vde_plug -D "wffix mono to sw1" "vde://$SW2" || die "dpipe mono"
CABLE_PID=$(record_pid "$T/mono.dpipe" dpipe); WF_PID=$(record_pid "$T/mono.wfpid" wirefilter); WF=$T/mono.wf; wait_sock "$WF"
cap mono "$WF" showinfo
cap mono "$WF" "loss LR20"
cap mono "$WF" "delay 50"
cap mono "$WF" showinfo showinfo_after-set
stop_cable

###########################################################################
# vplug: wirefilter -v DIR1:DIR2 (vde:// URLs do not work: the argument is split at the first ':')
###########################################################################
log "=== vplug"
wirefilter -v "$SW1:$SW2" -M "$T/vplug.wf" --mgmtmode 0660 --daemon --pidfile "$T/vplug.wfpid" || die "wirefilter -v"
WF_PID=$(record_pid "$T/vplug.wfpid" wirefilter) || die "no pid vplug"; WF=$T/vplug.wf; wait_sock "$WF"
sleep 0.3
cat "$T/vplug.wfpid" > "$OUT/vplug.wirefilter-pidfile.txt"
q "$SW1.mgmt" port/print > "$OUT/vplug.sw1-port-print.txt"
stat -c '%A' "$WF" > "$OUT/vplug.mgmt-socket-mode.txt"
cap vplug "$WF" showinfo
cap vplug "$WF" "loss 100"
cap vplug "$WF" showinfo showinfo_after-set
stop_pid "$WF_PID" wirefilter

###########################################################################
# markov: a two-state chain
###########################################################################
log "=== markov"
start_cable markov
for c in "markov-numnodes 2" "markov-name 1,bad" "loss 100[1]" "delay 20[1]" "setedge 0,1,10" "markov-time 500" \
         showcurrent "showinfo 1" "showedges 0" "showedges 1" "markov-setnode 1"; do
    cap markov "$WF" "$c"
done
cap markov "$WF" showcurrent showcurrent_after-setnode
cap markov "$WF" showinfo
stop_cable

###########################################################################
# shutdown: logout keeps the filter, shutdown ends it (no reply: it exits at once) and so the whole cable
###########################################################################
log "=== shutdown"
start_cable shutdown
cap shutdown "$WF" logout
cap shutdown "$WF" shutdown
for i in $(seq 1 50); do alive "$CABLE_PID" || break; sleep 0.1; done
{
    alive "$WF_PID" && echo "wirefilter alive" || echo "wirefilter gone"
    alive "$CABLE_PID" && echo "dpipe alive" || echo "dpipe gone"
    [ -e "$WF" ] && echo "mgmt socket present" || echo "mgmt socket removed"
    [ -e "$T/shutdown.wfpid" ] && echo "pidfile present" || echo "pidfile removed"
    grep -c 'wffix shutdown' <(q "$SW1.mgmt" port/print) | sed 's/^/cable endpoints left on sw1: /'
} > "$OUT/shutdown.after.txt"
stop_cable
stop_switches

log "done"
exit 0
