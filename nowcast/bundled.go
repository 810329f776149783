package nowcast

import (
	"bytes"
	"compress/gzip"
	"context"
	"embed"
	"fmt"
	"io"
	"sync"

	"github.com/alliancesim/alliancesim/data"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/results"
	"github.com/alliancesim/alliancesim/sim"
)

// BundledDyad is the bundled record the bundled scenarios start from.
const BundledDyad = "china-russia"

// DefaultParticles and DefaultSeed are the filter's defaults: alliancesim
// nowcast's, and those of every bundled state.
const (
	DefaultParticles        = 100_000
	DefaultSeed      uint64 = 1
)

// BundledYears are the years whose bundled state is kept precomputed in
// the binary (bundled/china-russia-YEAR.json.gz): the ends of the years
// before the bundled scenarios that start from the nowcast begin (2021
// for article-2021, 2027 for the rest).
// Filtering the record takes a couple of seconds, too long to pay on
// every `alliancesim run baseline`; TestBundledStates recomputes each
// file and fails when the record, the model, its weights or the filter
// have moved it (regenerate with go test ./nowcast -run
// TestBundledStates -update).
var BundledYears = []int{2020, 2026}

//go:embed bundled/*.json.gz
var bundledFiles embed.FS

// bundledFile is the embedded file of year's state.
func bundledFile(year int) string { return fmt.Sprintf("bundled/%s-%d.json.gz", BundledDyad, year) }

// BundledState is the state of the bundled China–Russia record at the end
// of year, filtered under DefaultScenario with DefaultParticles and
// DefaultSeed (what `alliancesim nowcast --through YEAR` writes as
// state.json), the years past the record's end predicted without
// observations. A year of BundledYears is read from the binary; another
// is filtered now (progress, when not nil, hears the filter's steps).
// Either way it is kept for the process: the filter is deterministic.
func BundledState(ctx context.Context, year int, progress func(stage string, done, total int)) (*StateFile, error) {
	bundledMu.Lock()
	f := bundledStates[year]
	bundledMu.Unlock()
	if f != nil {
		return f, nil
	}
	f, err := readBundled(year)
	if err == nil && f == nil {
		f, err = FilterBundled(ctx, year, progress)
	}
	if err != nil {
		return nil, err
	}
	bundledMu.Lock()
	bundledStates[year] = f
	bundledMu.Unlock()
	return f, nil
}

var (
	bundledMu     sync.Mutex
	bundledStates = map[int]*StateFile{}
)

// readBundled reads year's embedded state, or returns nil when none is
// kept for year.
func readBundled(year int) (*StateFile, error) {
	gz, err := bundledFiles.ReadFile(bundledFile(year))
	if err != nil {
		return nil, nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("%s: %v", bundledFile(year), err)
	}
	b, err := io.ReadAll(io.LimitReader(zr, MaxStateFileSize))
	if err != nil {
		return nil, fmt.Errorf("%s: %v", bundledFile(year), err)
	}
	return results.DecodeJSON(bundledFile(year), b, stateSpec, (*StateFile).check)
}

// BundledRecord reads the bundled China–Russia record.
func BundledRecord() (*Record, error) {
	b, name, ok := data.Observations(BundledDyad)
	if !ok {
		return nil, fmt.Errorf("no bundled record %s", BundledDyad)
	}
	return Read(name, bytes.NewReader(b))
}

// FilterBundled filters the bundled record through year with the
// defaults, as BundledState does for a year it keeps no file for.
func FilterBundled(ctx context.Context, year int, progress func(stage string, done, total int)) (*StateFile, error) {
	rec, err := BundledRecord()
	if err != nil {
		return nil, err
	}
	if year > rec.Last+MaxBeyond {
		return nil, fmt.Errorf("the bundled record ends in %d, and a nowcast predicts at most %d years past it, so it has no state for the end of %d", rec.Last, MaxBeyond, year)
	}
	res, err := Run(ctx, Options{Record: rec, Through: year, Particles: DefaultParticles, Seed: DefaultSeed, ForecastDraws: 1, Progress: progress})
	if err != nil {
		return nil, err
	}
	return res.StateFile(), nil
}

// StartFor is where the runs of sc start: nil for a scenario that asserts
// its initial rung, and the bundled record's state for the end of the
// year before it starts for one that says `initial_state: nowcast`
// (model.Scenario.FromNowcast), as every command resolves it. It is the
// start a library caller gives sim.Plan.Start.
func StartFor(ctx context.Context, sc *model.Scenario) (*sim.StartState, error) {
	if !sc.FromNowcast {
		return nil, nil
	}
	f, err := BundledState(ctx, sc.StartYear-1, nil)
	if err != nil {
		return nil, fmt.Errorf("%s starts from the nowcast: %w", sc.Name, err)
	}
	return f.Start()
}
