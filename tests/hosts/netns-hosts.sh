#!/usr/bin/env bash
# Network namespaces that stand in for the hosts of a cluster (tests only; needs root and iproute2).
#   netns-hosts.sh up [HOST...]     bridge jph-br0 (10.78.0.1/24) and one namespace jph-HOST per host
#                                   (10.78.0.11, .12, ...), each with lo and eth0; /etc/hosts names them
#   netns-hosts.sh down             removes every jph- namespace, veth, the bridge and the /etc/hosts lines
#   netns-hosts.sh cut HOST         takes HOST's link down (inside its namespace): it stops answering
#   netns-hosts.sh mend HOST        brings it back
#   netns-hosts.sh lack HOST DIR    DIR (/etc/jph-NAME) looks empty on HOST: files there exist here, not on HOST
#   netns-hosts.sh pids             the processes still running in any jph- namespace ("" when none)
# The namespaces have no default route: their traffic can reach only the bridge and each other.
# Default hosts: hostA hostB. Subnet and names are this project's own (the Slurm tests use 10.77.0.0/24).
set -euo pipefail
BR=jph-br0
NET=10.78.0
MARK="# jph-hosts (jparallel tests)"

hosts_lines() { # rewrite /etc/hosts in place (it may be a bind mount, so no rename)
  local keep
  keep=$(grep -vF "$MARK" /etc/hosts || true)
  { printf '%s\n' "$keep"; cat; } > /etc/hosts
}

up() {
  local hosts=("$@") i=11 h
  [ ${#hosts[@]} -gt 0 ] || hosts=(hostA hostB)
  down >/dev/null 2>&1 || true
  ip link add "$BR" type bridge
  ip addr add "$NET.1/24" dev "$BR"
  ip link set "$BR" up
  local entries=""
  for h in "${hosts[@]}"; do
    [[ "$h" =~ ^[A-Za-z][A-Za-z0-9]{0,9}$ ]] || { echo "netns-hosts: '$h' is not a short host name" >&2; exit 2; }
    ip netns add "jph-$h"
    ip link add "jph-$h-h" type veth peer name "jph-$h-n"
    ip link set "jph-$h-h" master "$BR" up
    ip link set "jph-$h-n" netns "jph-$h"
    ip -n "jph-$h" link set "jph-$h-n" name eth0
    ip -n "jph-$h" addr add "$NET.$i/24" dev eth0
    ip -n "jph-$h" link set eth0 up
    ip -n "jph-$h" link set lo up
    entries+="$NET.$i $h $MARK"$'\n'
    i=$((i + 1))
  done
  printf '%s' "$entries" | hosts_lines
}

down() {
  local ns pid
  for ns in $(ip netns list | awk '{print $1}' | grep '^jph-' || true); do
    for pid in $(ip netns pids "$ns" 2>/dev/null || true); do kill -9 "$pid" 2>/dev/null || true; done
    ip netns del "$ns" 2>/dev/null || true
  done
  for l in $(ip -o link show | awk -F': ' '{print $2}' | sed 's/@.*//' | grep '^jph-' || true); do
    ip link del "$l" 2>/dev/null || true
  done
  : | hosts_lines
  rm -rf /etc/netns/jph-* /etc/jph-*
}

lack() { # ip netns exec bind-mounts /etc/netns/NS/X over /etc/X: an empty directory hides DIR's files on that host
  [[ "$2" =~ ^/etc/jph-[A-Za-z0-9._-]+$ ]] || { echo "netns-hosts: lack takes a directory /etc/jph-NAME" >&2; exit 2; }
  mkdir -p "$2" "/etc/netns/jph-$1/${2#/etc/}"
}

pids() {
  local ns
  for ns in $(ip netns list | awk '{print $1}' | grep '^jph-' || true); do
    ip netns pids "$ns" 2>/dev/null | while read -r p; do echo "$ns $p $(tr '\0' ' ' < /proc/"$p"/cmdline 2>/dev/null | cut -c1-120)"; done
  done
}

cmd=${1:-}
shift || true
case "$cmd" in
  up) up "$@" ;;
  down) down ;;
  cut) ip -n "jph-$1" link set eth0 down ;;
  mend) ip -n "jph-$1" link set eth0 up ;;
  lack) lack "$@" ;;
  pids) pids ;;
  *) echo "usage: netns-hosts.sh up [HOST...] | down | cut HOST | mend HOST | lack HOST DIR | pids" >&2; exit 2 ;;
esac
