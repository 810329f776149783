// Package results is the results contract: the summary.json, by_year.csv,
// manifest.json, explain.json, compare.json, sensitivity.json, sweep.csv and
// discover.json files, their schema versions and the readers that check
// them, and the atomic writes that make sure a failed or interrupted run
// leaves no half-written file.
//
// summary.json is stable and documented in docs/results.md. Apart from
// run.workers and run.elapsed_s it is byte-identical for the same scenario,
// weights and seed whatever the number of workers.
package results // import "github.com/alliancesim/alliancesim/results"
