#!/usr/bin/env bash
# Submits a whole sharded calibration to Slurm at once: for each round an
# array job of SHARDS tasks (calibrate-shard.sbatch), then a merge job
# (calibrate-merge.sbatch) that waits for it (--dependency=afterok); the
# next round's array waits for that merge. A failed task stops the chain
# there: fix the cause and resubmit from that round with FROM=ROUND.
#
#   deploy/slurm/calibrate.sh SHARDS OUTDIR [CALIBRATE FLAGS...]
#   ROUNDS=2 deploy/slurm/calibrate.sh 4 $HOME/cal --quick --seed 3
#
# ROUNDS (default 4, calibrate's default) must equal the calibration's
# rounds: --rounds is passed on to every task (--quick has 2). The results
# land in OUTDIR/calibration. Prints the last merge job's id; with
# WAIT=1 it waits for it and fails if it failed. SBATCH_FLAGS are added to
# every sbatch (e.g. "--partition=long --cpus-per-task=4"), MERGE_FLAGS to
# every merge (the charts' --format and --dpi).
set -euo pipefail
if [ $# -lt 2 ]; then echo "usage: [ROUNDS=4] [FROM=1] $0 SHARDS OUTDIR [CALIBRATE FLAGS...]" >&2; exit 2; fi
shards=$1 out=$2
shift 2
rounds=${ROUNDS:-4} from=${FROM:-1}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
dep=""
for round in $(seq "$from" "$rounds"); do
	# shellcheck disable=SC2086 # SBATCH_FLAGS is a list of flags
	aid=$(sbatch --parsable ${SBATCH_FLAGS:-} ${dep:+--dependency=afterok:$dep --kill-on-invalid-dep=yes} --array=0-$((shards - 1)) \
		"$here/calibrate-shard.sbatch" "$round" "$out" --rounds "$rounds" "$@")
	wait=()
	if [ "$round" -eq "$rounds" ] && [ "${WAIT:-0}" = 1 ]; then wait=(--wait); fi
	# shellcheck disable=SC2086 # SBATCH_FLAGS and MERGE_FLAGS are lists of flags
	dep=$(sbatch --parsable ${SBATCH_FLAGS:-} --dependency=afterok:"$aid" --kill-on-invalid-dep=yes "${wait[@]}" \
		"$here/calibrate-merge.sbatch" "$round" "$out" ${MERGE_FLAGS:-})
	echo "round $round: shards job $aid, merge job $dep" >&2
done
echo "$dep"
