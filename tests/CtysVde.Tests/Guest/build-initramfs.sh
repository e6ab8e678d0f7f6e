#!/usr/bin/env bash
# Puts together the initramfs of a disk-less test guest: busybox, the kernel modules .ci/test-tools
# unpacked, this machine's real `ip` and vde_switch (the CLI runs `ip -json` and `ip -batch`, which
# busybox's ip lacks) and the CLI under test, each with the shared libraries ldd names, and INIT as /init.
# Usage: build-initramfs.sh OUT.gz INIT CLI GUEST-TOOLS-DIR
set -euo pipefail
out=$1 init=$2 cli=$3 tools=$4
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin,lib/modules,proc,sys,dev,run,tmp,var/tmp,etc}
ln -s ../run "$stage/var/run"
cp "$tools/busybox" "$stage/bin/busybox"
for applet in $("$tools/busybox" --list); do
  [ -e "$stage/bin/$applet" ] || ln -s busybox "$stage/bin/$applet"
done
cp "$tools"/modules/*.ko "$tools/modules/load-order" "$stage/lib/modules/"
# The guest's PATH puts /usr/sbin first, so the real ip shadows busybox's.
cp "$(command -v ip)" "$stage/usr/sbin/ip"
cp "$(command -v vde_switch)" "$stage/usr/bin/vde_switch"
cp "$cli" "$stage/usr/sbin/ctys-setupvde"
for exe in "$(command -v ip)" "$(command -v vde_switch)" "$cli"; do
  for lib in $(ldd "$exe" | grep -o '/[^ ]*'); do
    mkdir -p "$stage$(dirname "$lib")"
    cp -L "$lib" "$stage$lib"
  done
done
cp "$init" "$stage/init"
chmod 0755 "$stage/init"
# Owners and groups the CLI and vde_switch look up.
echo 'root:x:0:0:root:/root:/bin/sh' > "$stage/etc/passwd"
echo 'root:x:0:' > "$stage/etc/group"
(cd "$stage" && find . | "$tools/busybox" cpio -o -H newc 2>/dev/null) | gzip -1 > "$out"
