package nowcast

import (
	"context"
	"encoding/json"
	"testing"
)

// runFixture runs a nowcast of the fixture's record with opt.
func runFixture(t *testing.T, opt Options) *Result {
	t.Helper()
	opt.Record, _ = fixture(t)
	res, err := Run(context.Background(), opt)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestMarshal runs a small nowcast of the fixture and checks nowcast.json
// holds every year with its observations, the state, the forecast, the
// scores and the emissions.
func TestMarshal(t *testing.T) {
	t.Parallel()
	res := runFixture(t, Options{Particles: 2000, Seed: 2, ForecastDraws: 2000})
	b, err := res.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	var f File
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	if f.Schema != SchemaVersion || len(f.Years) != 2025-1992+1 || f.Years[27].Year != 2019 || f.Years[27].Observations["unsc_joint_veto"] != 3 {
		t.Errorf("years: %d, 2019: %+v", len(f.Years), f.Years[27])
	}
	if f.State.Year != 2025 || len(f.State.Rungs) != NumStates || f.Forecast.From != 2026 || f.Forecast.To != 2035 || len(f.Emissions) != emitted() {
		t.Errorf("state %+v, forecast %d-%d, %d emissions", f.State, f.Forecast.From, f.Forecast.To, len(f.Emissions))
	}
	if f.Scores.Years != len(f.Years) || f.Notes == nil {
		t.Errorf("scores over %d years, notes %v", f.Scores.Years, f.Notes)
	}
}

// emitted is the number of indicators with an emission of the rung: all
// but the doctrines' (IndicatorSpec.Doctrine), which the filter reads apart.
func emitted() int {
	n := 0
	for _, s := range Indicators {
		if s.Doctrine == "" {
			n++
		}
	}
	return n
}
