package calibrate

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/alliancesim/alliancesim/backtest"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/scenarios"
)

// DrawWeights draws a weight vector from the priors, each free weight
// independently (a fixed one at its value), using src.
func DrawWeights(ps *scenarios.Priors, src *rand.Rand) model.Weights {
	w := ps.Weights()
	for _, p := range ps.Free() {
		u := min(max(src.Float64(), 1e-12), 1-1e-12)
		p.Spec.Set(&w, p.Dist.Quantile(u))
	}
	return w
}

// Synthesize replaces what happened by what the model gives under truth:
// each case's outcome is one simulated run of the case (a pact by its
// outcome year or none through it), and the path's checkpoints, pact
// condition and observed rungs are those of one simulated run of the path's
// scenario. The draws use seed, through streams of their own (so they are
// not among the draws a calibration with the same seed simulates). The
// cases and the path are copies: the originals are not changed.
func Synthesize(ctx context.Context, cases []backtest.Case, path *Path, truth model.Weights, seed uint64) ([]backtest.Case, *Path, error) {
	if err := truth.Validate(); err != nil {
		return nil, nil, err
	}
	s := newSimulator()
	var out []backtest.Case
	for _, c := range cases {
		sc := c.Scenario
		if sc == nil || sc.Outcome == nil {
			return nil, nil, fmt.Errorf("calibrate: case %s has no scenario or no outcome", c.Name)
		}
		year := sc.Outcome.Year()
		t, err := prepare(ctx, c.Name, sc, year-sc.StartYear, false, 1, targetSeed(seed, "synthetic-case", c.Name), 1)
		if err != nil {
			return nil, nil, err
		}
		k := s.run(t, &truth, nil, nil)
		cp := *sc
		cp.Outcome = &model.Outcome{}
		if k > 0 {
			cp.Outcome.PactBy = year
		} else {
			cp.Outcome.NoPactThrough = year
		}
		nc := c
		nc.Scenario = &cp
		out = append(out, nc)
	}
	if path == nil {
		return out, nil, nil
	}
	if _, _, err := path.compile(); err != nil {
		return nil, nil, err
	}
	sc := path.Scenario
	t, err := prepare(ctx, path.Name, sc, sc.HorizonYears-1, false, 1, targetSeed(seed, "synthetic-path", path.Name), 1)
	if err != nil {
		return nil, nil, err
	}
	h := sc.HorizonYears
	pc := pathCounts{states: make([]int32, h*model.NumStates), onset: make([]int32, h)}
	s.run(t, &truth, &pc, nil)
	tr := s.trs[t]
	np := *path
	np.Observed = append([]model.State(nil), tr.States...)
	np.Checkpoints = nil
	for _, c := range path.Checkpoints {
		np.Checkpoints = append(np.Checkpoints, Checkpoint{Year: c.Year, State: tr.States[c.Year-sc.StartYear]})
	}
	last := path.NoPactThrough
	if last == 0 {
		last = path.PactBy
	}
	np.NoPactThrough, np.PactBy = 0, 0
	if last != 0 {
		if tr.Onset >= 0 && tr.Onset <= last-sc.StartYear {
			np.PactBy = last
		} else {
			np.NoPactThrough = last
		}
	}
	return out, &np, nil
}
