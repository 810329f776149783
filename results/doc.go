// Package results is the results contract: the summary.json, by_year.csv,
// manifest.json, explain.json, compare.json, sensitivity.json, sweep.csv,
// sweep.json and discover.json files and what era --json prints, their
// schema versions and the readers that check them, and the atomic writes that make sure a failed or interrupted run
// leaves no half-written file.
//
// It is also where the other packages' files are read and rendered:
// ReadJSON reads a file with a size limit and names it in every message,
// CheckSchema words a refused schema version, and JSON and JSONLine render
// a file as every results file is written, so that backtest.json,
// calibration.json, nowcast.json, state.json and shard.json follow one set
// of rules.
//
// summary.json is stable and documented in docs/results.md. Apart from
// run.workers and run.elapsed_s it is byte-identical for the same scenario,
// weights and seed whatever the number of workers.
package results // import "github.com/alliancesim/alliancesim/results"
