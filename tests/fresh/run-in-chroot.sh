#!/usr/bin/env bash
# Runs the committed project on a fresh Debian 12 (debootstrap minbase, in a chroot) to check
# that install.sh and test.sh set up everything from nothing. Default command: bash .ci/run.
# Needs root and the Debian archive; takes a few minutes, so it is not part of ./test.sh.
# Usage: tests/fresh/run-in-chroot.sh [--keep] [COMMAND...]   (COMMAND runs in the repo copy)
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
KEEP=0
if [ "${1:-}" = --keep ]; then KEEP=1; shift; fi
CMD=${*:-bash .ci/run}

[ "$(id -u)" -eq 0 ] || { echo "run-in-chroot: needs root (debootstrap, chroot, mount)" >&2; exit 1; }
command -v debootstrap >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap >/dev/null

DIR=$(mktemp -d /tmp/jparallel-fresh.XXXXXX)
ROOT="$DIR/root"
cleanup() {
  local m
  for m in dev/shm dev/pts dev sys proc; do
    if mountpoint -q "$ROOT/$m" 2>/dev/null; then umount "$ROOT/$m"; fi
  done
  if [ "$KEEP" = 1 ]; then echo "run-in-chroot: kept $ROOT"; else rm -rf "$DIR"; fi
}
trap cleanup EXIT

echo "==> debootstrap bookworm (minbase) into $ROOT"
debootstrap --variant=minbase bookworm "$ROOT" >"$DIR/debootstrap.log" 2>&1 \
  || { tail -n 20 "$DIR/debootstrap.log" >&2; exit 1; }
cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
# debootstrap's /etc/hosts knows only localhost; a machine installed from Debian's installer also
# resolves its own name (127.0.1.1), which the tutorial's InetAddress.getLocalHost() and
# ipyparallel's engines need. The chroot shares this host's name.
grep -qw "$(hostname)" "$ROOT/etc/hosts" 2>/dev/null || printf '127.0.1.1\t%s\n' "$(hostname)" >> "$ROOT/etc/hosts"
# Trust the certificate authorities this host adds (a proxy's, say), as a machine on the same
# network would; they take effect when install.sh's apt-get pulls in ca-certificates.
mkdir -p "$ROOT/usr/local/share/ca-certificates"
cp /usr/local/share/ca-certificates/*.crt "$ROOT/usr/local/share/ca-certificates/" 2>/dev/null || true
for m in proc sys dev dev/pts; do mount --bind "/$m" "$ROOT/$m"; done
mount -t tmpfs tmpfs "$ROOT/dev/shm"
mkdir -p "$ROOT/root/jparallel"
git -C "$REPO" archive HEAD | tar -x -C "$ROOT/root/jparallel"

echo "==> in the chroot: $CMD"
certs=/etc/ssl/certs/ca-certificates.crt
chroot "$ROOT" env -i HOME=/root LANG=C.UTF-8 TERM=dumb CI=true \
  PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  SSL_CERT_FILE=$certs PIP_CERT=$certs REQUESTS_CA_BUNDLE=$certs NODE_EXTRA_CA_CERTS=$certs \
  bash -c "cd /root/jparallel && $CMD" </dev/null
