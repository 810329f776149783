#!/usr/bin/env bash
# A single-node Slurm cluster for CI and for trying the job scripts on one
# machine: munged, slurmctld and slurmd from Debian's munge and slurm-wlm
# packages, run as root with a minimal slurm.conf. It starts the daemons in
# the foreground under this script's control, records their PIDs, and stops
# exactly those PIDs.
#
#   deploy/slurm/cluster.sh up     # install if missing (apt-get), configure, start, wait until idle
#   deploy/slurm/cluster.sh down   # stop the daemons this script started
#
# State lives in $SLURM_CI_DIR (default /tmp/alliancesim-slurm).
set -euo pipefail
dir=${SLURM_CI_DIR:-/tmp/alliancesim-slurm}
host=$(hostname -s)

up() {
	if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
		apt-get update -qq
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >/dev/null
	fi
	mkdir -p "$dir"/{ctld,d,log,run}
	# munge: the package makes a key on installation; make one if it did not.
	if [ ! -s /etc/munge/munge.key ]; then
		mkdir -p /etc/munge
		dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key status=none
		chown munge:munge /etc/munge/munge.key 2>/dev/null || true
		chmod 400 /etc/munge/munge.key
	fi
	mkdir -p /run/munge /var/log/munge /var/lib/munge
	chown munge:munge /run/munge /var/log/munge /var/lib/munge 2>/dev/null || true
	# --foreground keeps munged under this script; run as the munge user
	# when it exists (munged refuses to run as root without --force).
	if id munge >/dev/null 2>&1; then
		setsid runuser -u munge -- munged --foreground >"$dir/log/munged.log" 2>&1 &
	else
		setsid munged --foreground --force >"$dir/log/munged.log" 2>&1 &
	fi
	echo $! >"$dir/run/munged.pid"
	cpus=$(nproc)
	mem=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 - 512 ))
	cat >"$dir/slurm.conf" <<CONF
ClusterName=alliancesim-ci
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
StateSaveLocation=$dir/ctld
SlurmdSpoolDir=$dir/d
SlurmctldPidFile=$dir/run/slurmctld.pid.unused
SlurmdPidFile=$dir/run/slurmd.pid.unused
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
SchedulerType=sched/backfill
NodeName=$host NodeAddr=127.0.0.1 NodeHostname=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=ci Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
	export SLURM_CONF="$dir/slurm.conf"
	for i in $(seq 50); do munge -n </dev/null >/dev/null 2>&1 && break; sleep 0.2; done
	munge -n </dev/null | unmunge >/dev/null || { echo "munge does not work; see $dir/log/munged.log" >&2; cat "$dir/log/munged.log" >&2; exit 1; }
	setsid slurmctld -D -i -f "$SLURM_CONF" >>"$dir/log/slurmctld.out" 2>&1 &
	echo $! >"$dir/run/slurmctld.pid"
	setsid slurmd -D -f "$SLURM_CONF" >>"$dir/log/slurmd.out" 2>&1 &
	echo $! >"$dir/run/slurmd.pid"
	for i in $(seq 100); do
		if sinfo -h -o %t 2>/dev/null | grep -qE '^(idle|mix|alloc)'; then
			echo "slurm: node $host up ($cpus CPUs); export SLURM_CONF=$SLURM_CONF"
			return 0
		fi
		sleep 0.3
	done
	echo "slurm did not come up; logs:" >&2
	tail -n 30 "$dir"/log/*.log "$dir"/log/*.out >&2 || true
	down
	exit 1
}

down() {
	for d in slurmd slurmctld munged; do
		f="$dir/run/$d.pid"
		[ -s "$f" ] || continue
		pid=$(cat "$f")
		if kill "$pid" 2>/dev/null; then
			for i in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
			kill -9 "$pid" 2>/dev/null || true
		fi
		rm -f "$f"
	done
}

case "${1:-}" in
up) up ;;
down) down ;;
*) echo "usage: $0 up|down" >&2; exit 2 ;;
esac
