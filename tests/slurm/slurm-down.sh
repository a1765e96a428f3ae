#!/usr/bin/env bash
# Stops the test Slurm of tests/slurm/slurm-up.sh and removes what it made: its jobs, daemons
# (only those it started, by their recorded pids), network namespaces, bridge, /etc/hosts lines and
# state directory ($JPS_SLURM_DIR, default /run/jps-slurm). Safe to run again or on a partial set-up.
set -uo pipefail
DIR=${JPS_SLURM_DIR:-/run/jps-slurm}
if [ -f "$DIR/etc/slurm.conf" ] && [ -f "$DIR/pids/slurmctld" ]; then
  SLURM_CONF=$DIR/etc/slurm.conf timeout 5 scancel --full --quiet --user=root >/dev/null 2>&1 || true
  sleep 0.3
fi
# The daemons, by the pids slurm-up.sh recorded (their process groups: setsid made each a leader).
for p in "$DIR"/pids/slurmd-node1 "$DIR"/pids/slurmd-node2 "$DIR"/pids/slurmctld "$DIR"/pids/munged; do
  [ -f "$p" ] || continue
  pid=$(cat "$p")
  case $p in *munged) kill "$pid" 2>/dev/null ;; *) kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null ;; esac
done
for p in "$DIR"/pids/*; do
  [ -f "$p" ] || continue
  pid=$(cat "$p")
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  case $p in *munged) kill -9 "$pid" 2>/dev/null ;; *) kill -9 -- "-$pid" 2>/dev/null || kill -9 "$pid" 2>/dev/null ;; esac
done
# Job steps left in the node namespaces (slurmstepd and its children) die with their namespace's
# processes: each pid whose network namespace is one of ours.
for n in node1 node2; do
  if [ -e "/run/netns/jps-$n" ]; then
    for pid in $(ip netns pids "jps-$n" 2>/dev/null); do kill -9 "$pid" 2>/dev/null; done
    ip netns del "jps-$n" 2>/dev/null
  fi
  ip link del "jps-$n-h" 2>/dev/null
done
ip link del jps-br0 2>/dev/null
if grep -q '# jps-slurm$' /etc/hosts 2>/dev/null; then
  # /etc/hosts may be a bind mount: rewrite it in place rather than replacing the file.
  tmp=$(mktemp); grep -v '# jps-slurm$' /etc/hosts >"$tmp"; cat "$tmp" >/etc/hosts; rm -f "$tmp"
fi
rm -rf "$DIR"
exit 0
