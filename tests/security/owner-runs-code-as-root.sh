#!/usr/bin/env bash
# Shows what the owner of a switch can make its vde_switch do through the management socket they hold:
# `plugin/add PATH` dlopen()s the owner's own library inside the switch's process. Before 2026-12-06 CtysVde ran
# every switch as root, so this printed uid=0 (the owner ran code as root). A user's switch now runs as that
# user, so it prints the user's uid. Not run by CI (it needs gcc); OwnerSwitchTests check the same without it.
#
# Usage (as root, after bash .ci/build): bash tests/security/owner-runs-code-as-root.sh
# Safety: everything runs in a private network and mount namespace (.ci/in-netns: private /var/tmp and /run);
# the switch is removed with ctys-setupvde cancel. Needs gcc and socat.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
if [ -z "${CTYSVDE_REPRO_INNER:-}" ]; then
  [ "$(id -u)" = 0 ] || { echo "run as root" >&2; exit 2; }
  exec env CTYSVDE_REPRO_INNER=1 unshare --net --mount --fork -- bash "$repo/.ci/in-netns" bash "$0"
fi
cli=$repo/artifacts/cli/ctys-setupvde
dir=/var/tmp/repro
mkdir -p "$dir"
cat > "$dir/plugin.c" <<'C'
#include <stdio.h>
#include <unistd.h>
__attribute__((constructor)) static void init(void) {
    FILE *f = fopen("/var/tmp/repro/ran-as", "w");
    if (f) { fprintf(f, "uid=%d euid=%d\n", getuid(), geteuid()); fclose(f); }
}
C
gcc -shared -fPIC -o "$dir/plugin.so" "$dir/plugin.c"
chown -R nobody "$dir"
"$cli" -u nobody create >/dev/null
runuser -u nobody -- sh -c "printf 'plugin/add $dir/plugin.so\n' | socat - UNIX-CONNECT:/var/tmp/vde_mgmt0.nobody" >/dev/null
"$cli" -u nobody cancel 2>/dev/null
echo "the owner's plugin ran as: $(cat "$dir/ran-as")"
grep -q '^uid=0 ' "$dir/ran-as" && { echo "HOLE: the switch's owner ran code as root"; exit 1; }
echo "no escalation: the switch runs as its owner"
