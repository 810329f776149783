package nowcast

import (
	"errors"
	"fmt"
	"slices"

	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/results"
)

// fileSpec and signpostsSpec are how nowcast.json and signposts.json are
// read: a nowcast's output folder stands for the file inside it.
var (
	fileSpec      = results.FileSpec{Kind: "nowcast file", Name: "nowcast.json", Limit: 64 << 20}
	signpostsSpec = results.FileSpec{Kind: "signposts file", Name: "signposts.json", Limit: 64 << 20}
)

// ReadNowcast reads nowcast.json from path, a nowcast's output folder or
// the file itself, and checks its schema and that every rung array has a
// share per rung of this version's ladder.
func ReadNowcast(path string) (*File, error) {
	return results.ReadJSON(path, fileSpec, (*File).check)
}

// ReadSignposts reads signposts.json from path, a nowcast's output folder
// or the file itself, and checks that its years are in order and every
// condition is in words.
func ReadSignposts(path string) (*SignpostsJSON, error) {
	return results.ReadJSON(path, signpostsSpec, (*SignpostsJSON).check)
}

func (f *File) check() error {
	if err := results.CheckSchema("nowcast", f.Schema, SchemaVersion); err != nil {
		return fmt.Errorf("%w: write it again with this version's alliancesim nowcast", err)
	}
	if err := checkLadder("nowcast file", f.StateKeys); err != nil {
		return err
	}
	if len(f.Years) == 0 {
		return errors.New("nowcast file: no filtered year")
	}
	n := len(f.StateKeys)
	for i, y := range f.Years {
		if len(y.Filtered) != n || len(y.Predicted) != n {
			return fmt.Errorf("nowcast file: year %d has %d filtered and %d predicted shares, want %d each", y.Year, len(y.Filtered), len(y.Predicted), n)
		}
		if i > 0 && y.Year != f.Years[i-1].Year+1 {
			return fmt.Errorf("nowcast file: year %d follows %d", y.Year, f.Years[i-1].Year)
		}
	}
	if len(f.State.Rungs) != n {
		return fmt.Errorf("nowcast file: the state has %d rung shares, want %d", len(f.State.Rungs), n)
	}
	for _, y := range f.Forecast.Years {
		if len(y.Rungs) != n {
			return fmt.Errorf("nowcast file: forecast year %d has %d rung shares, want %d", y.Year, len(y.Rungs), n)
		}
	}
	for _, e := range f.Emissions {
		if e.Indicator == "" {
			return errors.New("nowcast file: an emission names no indicator")
		}
	}
	return nil
}

// checkLadder refuses a file (what: "nowcast file", "state file") whose
// rung keys are not this version's ladder, in order: its rung arrays and
// indexes would mean other rungs.
func checkLadder(what string, keys []string) error {
	if !slices.Equal(keys, model.StateKeys()) {
		return fmt.Errorf("%s: rungs %v, this alliancesim's ladder is %v", what, keys, model.StateKeys())
	}
	return nil
}

func (s *SignpostsJSON) check() error {
	if s.Schema != 0 {
		if err := results.CheckSchema("signposts", s.Schema, SignpostsSchemaVersion); err != nil {
			return fmt.Errorf("%w: write it again with this version's alliancesim", err)
		}
	}
	switch {
	case s.Year == 0 || s.Horizon == 0:
		return errors.New("not a signposts file: no year or horizon")
	case s.WatchFrom > s.WatchTo || s.WatchTo > s.Horizon:
		return fmt.Errorf("signposts file: watch window %d–%d and horizon %d are out of order", s.WatchFrom, s.WatchTo, s.Horizon)
	}
	for i, c := range s.Conditions {
		if c.Clause == "" || c.Indicator == "" {
			return fmt.Errorf("signposts file: condition %d has no indicator or words", i+1)
		}
	}
	return nil
}
