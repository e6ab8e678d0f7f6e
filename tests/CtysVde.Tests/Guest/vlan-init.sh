#!/bin/sh
# /init of the VLAN trunk test's guest (GuestVlanTests): a guest on a trunk port of VLANs 20 and 30, with a
# VLAN interface in each (the test machine's kernel has no 8021q driver, this guest's kernel has). Prints
# "RESULT key=value" lines on the serial console, then stays up, answering, until the test stops QEMU.
# Never exits: PID 1 exiting is a panic.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
# busybox's sh runs its own applets before anything on PATH; its ip knows no VLAN interfaces.
ip() { /usr/sbin/ip "$@"; }
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /run
mount -t tmpfs tmpfs /tmp
# Kernel messages would land in the middle of result lines.
echo 1 > /proc/sys/kernel/printk

result() { echo "RESULT $1=$2"; }

for m in $(cat /lib/modules/load-order); do
  # Without max_bonds=0 the bonding driver makes a bond0 of its own as it loads.
  case $m in bonding) args=max_bonds=0 ;; *) args= ;; esac
  insmod "/lib/modules/$m.ko" $args || result "insmod_$m" failed
done
result kernel "$(uname -r)"

# Linux answers ARP for any of its addresses on any interface. A client in VLAN 20 asking for the VLAN 30
# address would get an answer through eth0.20, and its ping would pass with the switch blameless; a host on
# two separate networks answers each only for its own address there.
echo 1 > /proc/sys/net/ipv4/conf/all/arp_ignore
ip link set lo up
ip link set eth0 up
ip link add link eth0 name eth0.20 type vlan id 20
ip link add link eth0 name eth0.30 type vlan id 30
ip addr add 10.199.52.1/24 dev eth0.20
ip addr add 10.199.53.1/24 dev eth0.30
ip link set eth0.20 up
ip link set eth0.30 up
result vlan20 "$(ip -d -o link show eth0.20 | grep -o 'vlan protocol 802.1Q id [0-9]*')"
result vlan30 "$(ip -d -o link show eth0.30 | grep -o 'vlan protocol 802.1Q id [0-9]*')"

# e1000 reports carrier a moment after the link is set up; until then the guest drops what it is sent.
carrier=no
for _ in $(seq 1 100); do
  [ "$(cat /sys/class/net/eth0/carrier 2>/dev/null)" = 1 ] && { carrier=yes; break; }
  sleep 0.1
done
result carrier "$carrier"
result ready_after_s "$(cut -d' ' -f1 /proc/uptime)"
while :; do sleep 3600; done
