#!/bin/sh
# /init of the bond test's guest (BondUplinkTests): a model host whose uplink is a bond, built in a kernel
# of its own (the test machine's has no bonding driver). Prints what it finds as "RESULT key=value" lines
# and the CLI's output as "OUT step: line" on the serial console, then powers off. Never exits: PID 1
# exiting is a panic.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
# busybox's sh runs its own applets before anything on PATH; its ip knows neither netns nor bonds.
ip() { /usr/sbin/ip "$@"; }
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /run
mount -t tmpfs tmpfs /tmp
mount -t tmpfs tmpfs /var/tmp
# Kernel messages would land in the middle of result lines.
echo 1 > /proc/sys/kernel/printk

result() { echo "RESULT $1=$2"; }
run() { # run STEP ARGS...: the CLI, its exit code and every line it printed
  step=$1; shift
  output=$(ctys-setupvde "$@" 2>&1)
  rc=$?
  echo "$output" | while IFS= read -r line; do echo "OUT $step: $line"; done
  result "$step" "$rc"
}
oneline() { sed 's/ *$//' | tr '\n' '|' | sed 's/|$//'; }
master() { if [ -e "/sys/class/net/$1/master" ]; then basename "$(readlink "/sys/class/net/$1/master")"; else echo none; fi; }
# bond0 and its slave as an admin would compare them: MAC, MTU, master, addresses, every IPv4 route.
state() {
  echo "mac=$(cat /sys/class/net/bond0/address) mtu=$(cat /sys/class/net/bond0/mtu) master=$(master bond0)" \
    "slave_master=$(master eth0) addrs=$(ip -4 -o addr show dev bond0 | awk '{print $4}' | oneline)" \
    "routes=$(ip -4 route show table all | grep -v '^local\|^broadcast' | oneline)"
}
ping_ok() { if ping -c 1 -W 2 "$@" >/dev/null 2>&1; then echo yes; else echo no; fi; }

for m in $(cat /lib/modules/load-order); do
  # Without max_bonds=0 the driver makes a bond0 of its own (balance-rr) as it loads.
  case $m in bonding) args=max_bonds=0 ;; *) args= ;; esac
  insmod "/lib/modules/$m.ko" $args || result "insmod_$m" failed
done
result kernel "$(uname -r)"
result booted_after_s "$(cut -d' ' -f1 /proc/uptime)"

# The model host: bond0 (active-backup) with the veth eth0 as its slave, to a router namespace.
ip link set lo up
ip netns add router
ip -n router link set lo up
ip link add eth0 type veth peer name up0 netns router
ip -n router addr add 10.199.20.1/24 dev up0
ip -n router link set up0 up
ip link add bond0 type bond mode active-backup miimon 100
ip link set eth0 master bond0
ip link set bond0 up
ip addr add 10.199.20.10/24 dev bond0
ip route add default via 10.199.20.1 metric 100
ip route add 192.0.2.0/24 via 10.199.20.1 proto static
# The bond reports carrier only after its first miimon round.
up=no
for _ in 1 2 3 4 5 6 7 8 9 10; do
  [ "$(ping_ok 10.199.20.1)" = yes ] && { up=yes; break; }
done
result model_up "$up"
result bond_type "$(grep ^DEVTYPE= /sys/class/net/bond0/uevent | cut -d= -f2)"
result bond_mode "$(cut -d' ' -f1 /sys/class/net/bond0/bonding/mode)"
before=$(state)
result before "$before"

# The slave cannot be the uplink: the refusal must point at the bond.
run refuse_slave -i eth0 -f create
result after_refuse "$(state)"

run create -i bond0 -f create
result bridge_mac "$(cat /sys/class/net/ctysbr0/address 2>/dev/null)"
result bridge_addrs "$(ip -4 -o addr show dev ctysbr0 2>/dev/null | awk '{print $4}' | oneline)"
result bridge_routes "$(ip -4 route show dev ctysbr0 2>/dev/null | oneline)"
result bridge_ports "$(ls /sys/class/net/ctysbr0/brif 2>/dev/null | oneline)"
result bond_master "$(master bond0)"
result bond_addrs "$(ip -4 -o addr show dev bond0 | awk '{print $4}' | oneline)"
result slave_master "$(master eth0)"
result switch_running "$(if pidof vde_switch >/dev/null; then echo yes; else echo no; fi)"
result ping_router "$(ping_ok 10.199.20.1)"
result router_pings_host "$(ip netns exec router ping -c 1 -W 2 10.199.20.10 >/dev/null 2>&1 && echo yes || echo no)"

run cancel cancel
result after "$(state)"
result bridge_gone "$(if [ -e /sys/class/net/ctysbr0 ]; then echo no; else echo yes; fi)"
result switch_gone "$(if pidof vde_switch >/dev/null; then echo no; else echo yes; fi)"
result ping_after_cancel "$(ping_ok 10.199.20.1)"
result done_after_s "$(cut -d' ' -f1 /proc/uptime)"
sync
poweroff -f
