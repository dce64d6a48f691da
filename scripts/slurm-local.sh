#!/usr/bin/env bash
# A single-node Slurm on this machine, for trying `infersim sweep --slurm` and for its CI test:
# munged, slurmctld and slurmd with every file (config, key, state, logs, pids, sockets) in one
# directory, so it touches nothing of a system Slurm and stops without a trace.
#
#   scripts/slurm-local.sh start     # prints `export SLURM_CONF=...`; eval it to use sbatch, squeue, ...
#   scripts/slurm-local.sh status    # exit 0 when the node is up and idle or busy
#   scripts/slurm-local.sh stop
#
# Needs root (slurmd runs jobs as their user) and the Debian packages slurm-wlm and munge:
#   apt-get install -y slurm-wlm munge
# No cgroups (TaskPlugin=task/none, ProctrackType=proctrack/linuxproc), no accounting database
# (so `sacct` says accounting is disabled; infersim's status falls back to squeue and the shards' rows).
# INFERSIM_SLURM_DIR sets the directory (default /tmp/infersim-slurm); INFERSIM_SLURM_PORT the first
# of the two TCP ports on 127.0.0.1 (default 16817, away from Slurm's usual 6817 and 6818).
set -euo pipefail

DIR=${INFERSIM_SLURM_DIR:-/tmp/infersim-slurm}
PORT=${INFERSIM_SLURM_PORT:-16817}
HOST=$(hostname -s)
export SLURM_CONF="$DIR/slurm.conf"

die() { echo "slurm-local: $*" >&2; exit 1; }

pid_alive() { [[ -f $1 ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

node_state() { sinfo -h -N -n "$HOST" -o '%T' 2>/dev/null | head -n1; }

write_config() {
  local cpus mem
  cpus=$(nproc)
  mem=$(( $(awk '/MemTotal/ { print $2 }' /proc/meminfo) / 1024 / 2 ))
  cat >"$DIR/slurm.conf" <<EOF
# Written by scripts/slurm-local.sh: one node, this machine, everything under $DIR.
ClusterName=infersim-local
SlurmctldHost=$HOST(127.0.0.1)
SlurmctldPort=$PORT
SlurmdPort=$((PORT + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$DIR/munge.socket
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
# Cancelled tasks get SIGTERM, then SIGKILL 2 s later; finished jobs stay visible to squeue 10 min.
KillWait=2
MinJobAge=600
SchedulerParameters=sched_interval=2
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/slurmctld.log
SlurmdLogFile=$DIR/slurmd.log
NodeName=$HOST NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=local Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
EOF
}

start() {
  command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v munged >/dev/null ||
    die "slurmctld, slurmd or munged not found: apt-get install -y slurm-wlm munge"
  [[ $(id -u) == 0 ]] || die "needs root (slurmd starts jobs as their user)"
  if pid_alive "$DIR/slurmctld.pid"; then
    echo "export SLURM_CONF=$SLURM_CONF"
    return
  fi
  mkdir -p "$DIR/state" "$DIR/spool"
  chmod 700 "$DIR"
  # munge: a fresh key of our own, a socket in $DIR that slurm.conf's AuthInfo points at.
  [[ -f $DIR/munge.key ]] || { dd if=/dev/urandom of="$DIR/munge.key" bs=1024 count=1 status=none; chmod 600 "$DIR/munge.key"; }
  pid_alive "$DIR/munged.pid" || munged --force --key-file="$DIR/munge.key" --socket="$DIR/munge.socket" \
    --pid-file="$DIR/munged.pid" --log-file="$DIR/munged.log" --seed-file="$DIR/munged.seed" ||
    die "munged did not start (see $DIR/munged.log)"
  write_config
  # -i: ignore a state saved by an earlier run (a clean start, job ids from 1 on).
  slurmctld -i || die "slurmctld did not start (see $DIR/slurmctld.log)"
  slurmd -N "$HOST" || die "slurmd did not start (see $DIR/slurmd.log)"
  for _ in $(seq 1 60); do
    case $(node_state) in
      idle* | mixed* | allocated*) echo "export SLURM_CONF=$SLURM_CONF"; return ;;
      down* | drain*) scontrol update nodename="$HOST" state=resume 2>/dev/null || true ;;
    esac
    sleep 0.5
  done
  die "the node did not come up within 30 s (state: $(node_state || true); see $DIR/slurmctld.log and $DIR/slurmd.log)"
}

stop() {
  local f
  for f in slurmd slurmctld munged; do
    if pid_alive "$DIR/$f.pid"; then
      kill "$(cat "$DIR/$f.pid")" 2>/dev/null || true
      for _ in $(seq 1 50); do pid_alive "$DIR/$f.pid" || break; sleep 0.1; done
    fi
  done
  for f in slurmd slurmctld munged; do
    ! pid_alive "$DIR/$f.pid" || die "$f (pid $(cat "$DIR/$f.pid")) did not stop"
  done
  # Only what start made (never a blanket rm -rf of a directory the caller named).
  rm -rf "$DIR/state" "$DIR/spool"
  rm -f "$DIR"/slurm.conf "$DIR"/munge.key "$DIR"/munge.socket "$DIR"/munge.socket.lock "$DIR"/munged.seed "$DIR"/*.log "$DIR"/*.pid
  rmdir "$DIR" 2>/dev/null || true
}

status() {
  pid_alive "$DIR/slurmctld.pid" || die "not running"
  local s
  s=$(node_state)
  echo "node $HOST: ${s:-unknown}"
  case $s in idle* | mixed* | allocated*) ;; *) exit 1 ;; esac
}

case ${1:-} in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
