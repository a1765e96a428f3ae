#!/usr/bin/env bash
# Starts a real two-node Slurm on this machine for the slurm launcher's tests (run as root).
# The nodes are network namespaces (jps-node1, jps-node2; Slurm names node1 and node2) on a bridge
# jps-br0 at 10.77.0.1/24; the controller runs in the root namespace with host name "ctl". Everything
# lives under one state directory (default /run/jps-slurm, or $JPS_SLURM_DIR), from which
# tests/slurm/slurm-down.sh removes it again. Prints "SLURM_CONF=<file>" on success; every Slurm
# command needs that variable. With --check, also runs a 2-node job that starts Java under mpirun.
# On any failure the partial set-up is removed (slurm-down.sh) and the script exits non-zero.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
DIR=${JPS_SLURM_DIR:-/run/jps-slurm}
CHECK=0
for a in "$@"; do
  case $a in
    --check) CHECK=1 ;;
    -h|--help) sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "slurm-up.sh: unknown option '$a'" >&2; exit 2 ;;
  esac
done

say() { printf 'slurm-up: %s\n' "$*" >&2; }
fail() {
  say "error: $*"
  for f in "$DIR"/log/*.log "$DIR"/log/*.out; do [ -f "$f" ] && { say "--- tail of $f"; tail -n 15 "$f" >&2; }; done
  JPS_SLURM_DIR=$DIR "$HERE/slurm-down.sh" >&2 || true
  exit 1
}
[ "$(id -u)" -eq 0 ] || { say "error: a Slurm with network namespaces needs root"; exit 1; }

# The packages (Debian's slurm-wlm 22.05 and munge), installed when missing.
need=()
for c in slurmctld slurmd sbatch munged mungekey; do command -v "$c" >/dev/null 2>&1 || need+=("$c"); done
if [ ${#need[@]} -gt 0 ]; then
  say "installing slurmctld slurmd slurm-client munge (missing: ${need[*]})"
  apt-get update -q >&2 || fail "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q slurmctld slurmd slurm-client munge >&2 \
    || fail "apt-get install slurmctld slurmd slurm-client munge failed"
fi

# A set-up left by an earlier run (a killed test) goes first.
if [ -e "$DIR" ] || ip link show jps-br0 >/dev/null 2>&1; then
  JPS_SLURM_DIR=$DIR "$HERE/slurm-down.sh" >&2 || true
fi
mkdir -p "$DIR"/{etc,log,ctld,munge,pids} "$DIR"/nodes/{node1,node2}/{spool,tmp}
chmod 700 "$DIR" "$DIR/munge"
chmod 1777 "$DIR"/nodes/*/tmp

# Network: the bridge (controller side) and one namespace per node.
ip link add jps-br0 type bridge || fail "cannot create the bridge jps-br0"
ip addr add 10.77.0.1/24 dev jps-br0
ip link set jps-br0 up
i=2
for n in node1 node2; do
  ip netns add "jps-$n" || fail "cannot create the network namespace jps-$n"
  ip link add "jps-$n-h" type veth peer name "jps-$n-n"
  ip link set "jps-$n-h" master jps-br0 up
  ip link set "jps-$n-n" netns "jps-$n"
  ip -n "jps-$n" link set "jps-$n-n" name eth0
  ip -n "jps-$n" addr add "10.77.0.$i/24" dev eth0
  ip -n "jps-$n" link set eth0 up
  ip -n "jps-$n" link set lo up
  ip -n "jps-$n" route add default via 10.77.0.1
  i=$((i + 1))
done

# Host names, so that node1/node2/ctl resolve everywhere (marked for slurm-down.sh).
{
  printf '10.77.0.1 ctl # jps-slurm\n'
  printf '10.77.0.2 node1 # jps-slurm\n'
  printf '10.77.0.3 node2 # jps-slurm\n'
} >>/etc/hosts

# munge with its own key and socket.
mungekey -c -k "$DIR/munge/munge.key" -f >/dev/null 2>&1 || fail "mungekey could not create a key"
chmod 400 "$DIR/munge/munge.key"
munged --key-file="$DIR/munge/munge.key" --socket="$DIR/munge/munge.sock" \
  --pid-file="$DIR/munge/munged.pid" --seed-file="$DIR/munge/munge.seed" \
  --log-file="$DIR/log/munged.log" --force >&2 || fail "munged did not start"
cp "$DIR/munge/munged.pid" "$DIR/pids/munged"

CONF=$DIR/etc/slurm.conf
cat >"$CONF" <<CONF
# Written by tests/slurm/slurm-up.sh: a two-node test cluster on network namespaces.
ClusterName=jps
SlurmctldHost=ctl(10.77.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$DIR/munge/munge.sock
SlurmctldPort=6817
SlurmdPort=6818
StateSaveLocation=$DIR/ctld
SlurmctldPidFile=$DIR/ctld/slurmctld.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdSpoolDir=$DIR/nodes/%n/spool
SlurmdPidFile=$DIR/nodes/%n/slurmd.pid
SlurmdLogFile=$DIR/log/slurmd-%n.log
TmpFS=$DIR/nodes/%n/tmp
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
MpiDefault=none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
ReturnToService=2
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
SlurmdParameters=config_overrides
OverTimeLimit=0
KillWait=5
InactiveLimit=0
MinJobAge=300
NodeName=node1 NodeAddr=10.77.0.2 CPUs=2 State=UNKNOWN
NodeName=node2 NodeAddr=10.77.0.3 CPUs=2 State=UNKNOWN
PartitionName=debug Nodes=node1,node2 Default=YES MaxTime=INFINITE State=UP OverSubscribe=FORCE:4
CONF
export SLURM_CONF=$CONF

# slurmctld in the root namespace, with host name ctl; one slurmd per node namespace. Not
# "ip netns exec": it remounts /sys, and slurmd then finds no cgroup file system.
setsid unshare --uts sh -c 'hostname ctl && exec slurmctld -D -i -f "$0"' "$CONF" \
  >"$DIR/log/slurmctld.out" 2>&1 </dev/null &
echo $! >"$DIR/pids/slurmctld"
for n in node1 node2; do
  setsid nsenter --net="/run/netns/jps-$n" unshare --uts sh -c 'hostname "$1" && exec slurmd -D -N "$1" -f "$0"' "$CONF" "$n" \
    >"$DIR/log/slurmd-$n.out" 2>&1 </dev/null &
  echo $! >"$DIR/pids/slurmd-$n"
done

# Both nodes idle (about a second after the start); bounded at 30 s.
deadline=$((SECONDS + 30))
while :; do
  states=$(sinfo -h -N -o '%N %T' 2>/dev/null | sort -u | tr '\n' ' ' || true)
  case $states in *"node1 idle"*"node2 idle"*) break ;; esac
  [ $SECONDS -lt $deadline ] || fail "the nodes are not idle after 30 s (sinfo: ${states:-no answer})"
  sleep 0.2
done
say "two nodes idle: $states"

if [ "$CHECK" = 1 ]; then
  # A 2-node job runs Java under mpirun, one rank per node: the engines' path in small.
  . "$HERE/../../build/install.env" 2>/dev/null || true
  java=${JAVA:-$(command -v java)}
  out=$DIR/check.out
  id=$(sbatch --parsable -N 2 -n 2 -t 2 -o "$out" --wrap "mpirun --allow-run-as-root $java -XshowSettings:properties -version 2>&1 | grep -F 'java.version =' ; mpirun --allow-run-as-root hostname") \
    || fail "sbatch refused the check job"
  deadline=$((SECONDS + 60))
  while squeue -h -j "$id" 2>/dev/null | grep -q .; do
    [ $SECONDS -lt $deadline ] || { scancel "$id"; fail "the check job $id did not end within 60 s"; }
    sleep 0.5
  done
  cat "$out" >&2
  grep -q '^node1$' "$out" && grep -q '^node2$' "$out" && [ "$(grep -c 'java.version =' "$out")" -eq 2 ] \
    || fail "the check job did not run Java on node1 and node2 (output above)"
  say "check: java and mpirun ran on node1 and node2"
fi
printf 'SLURM_CONF=%s\n' "$CONF"
