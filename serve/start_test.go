package serve

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/scenarios"
	"github.com/alliancesim/alliancesim/sim"
)

// TestStartState: a scenario served with a start state re-runs from it
// (both the starting point and a changed run): from a state on rivalry,
// doctrines in force,
// the baseline's P(alliance) falls to (almost) nothing, against its own
// entente start's.
func TestStartState(t *testing.T) {
	t.Parallel()
	l, err := scenarios.Open("baseline")
	if err != nil {
		t.Fatal(err)
	}
	l.Scenario = l.Scenario.OnInitialState() // its own start: the entente
	carry := make([]model.Carry, 10)
	wt := make([]float64, 10)
	for i := range carry {
		carry[i], wt[i] = model.Carry{Rung: model.Rivalry, DocInForce: [2]bool{true, true}}, 1
	}
	start, err := sim.NewStartState(l.Scenario.StartYear-1, "test", carry, wt)
	if err != nil {
		t.Fatal(err)
	}
	p := func(st *sim.StartState) (base, cur float64) {
		dir := t.TempDir()
		s, err := newServer(Options{Scenarios: []Scenario{{Loaded: l, Start: st}}, Draws: 3000, Seed: 7, ConfigPath: filepath.Join(dir, "a.yaml")}, testHost)
		if err != nil {
			t.Fatal(err)
		}
		out, err := s.simulate(context.Background(), s.scs[0], &request{Draws: 3000, Changes: map[string]float64{"weights.bias": 0.05}})
		if err != nil {
			t.Fatal(err)
		}
		return out.base.ByHorizon.P, out.cur.ByHorizon.P
	}
	ob, oc := p(nil)
	rb, rc := p(start)
	if !(rb < ob/2 && rc < oc/2) {
		t.Errorf("from rivalry: base %.4f, changed %.4f; from the entente: %.4f, %.4f", rb, rc, ob, oc)
	}
}
