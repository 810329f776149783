#!/usr/bin/env bash
# Runs the baseline as a job array of 4 shards and a merge job that waits
# for them (--dependency=afterok) on the Slurm cluster SLURM_CONF points to,
# then checks that the merged result equals a single run with the same seed
# and draws: summary.json but for run.elapsed_s and run.workers, and
# by_year.csv byte for byte. `make slurm-demo` runs it; deploy/slurm/
# cluster.sh starts a one-node cluster to run it on.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${ALLIANCESIM:-$PWD/bin/alliancesim}
draws=${DRAWS:-200000} seed=${SEED:-7} shards=${SHARDS:-4}
work=$(mktemp -d "${TMPDIR:-/tmp}/alliancesim-slurm-demo.XXXXXX")
trap 'rm -rf "$work"' EXIT
export ALLIANCESIM=$bin
jid=$(sbatch --parsable --chdir="$work" --array=0-$((shards - 1)) deploy/slurm/shards.sbatch baseline "$draws" "$seed" "$work/out")
mid=$(sbatch --parsable --chdir="$work" --dependency=afterok:"$jid" --kill-on-invalid-dep=yes --wait deploy/slurm/merge.sbatch "$work/out") || {
	echo "slurm-demo: the merge job failed; job logs:" >&2
	tail -n 20 "$work"/*.out >&2 || true
	exit 1
}
"$bin" run baseline --draws "$draws" --seed "$seed" --no-progress -o "$work/single" >/dev/null
strip='del(.run.elapsed_s, .run.workers)'
if ! diff <(jq -S "$strip" "$work/single/summary.json") <(jq -S "$strip" "$work/out/merged/summary.json") >/dev/null; then
	echo "slurm-demo: the merged summary.json differs from a single run:" >&2
	diff <(jq -S "$strip" "$work/single/summary.json") <(jq -S "$strip" "$work/out/merged/summary.json") | head -20 >&2
	exit 1
fi
cmp "$work/single/by_year.csv" "$work/out/merged/by_year.csv"
echo "slurm-demo: $shards shards (array job $jid) merged by job $mid equal a single run of $draws draws: P = $(jq -r '.alliance.by_horizon.p' "$work/out/merged/summary.json")"
