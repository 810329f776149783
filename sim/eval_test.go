package sim_test

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/sim"
)

func TestEvaluator(t *testing.T) {
	t.Parallel()
	sc, w := toy(t)
	e, err := sim.NewEvaluator(sc, &w, sim.Output{Kind: sim.OutAllianceByHorizon}, 2000, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	x := make([]float64, len(e.Inputs()))
	pressure := -1
	for k, in := range e.Inputs() {
		x[k] = sim.Median(in.Dist)
		if in.Path == "china.pressure" {
			pressure = k
		}
	}
	a, b := e.Eval(x), e.Eval(x)
	if a != b || a <= 0 || a >= 1 {
		t.Fatalf("Eval at the medians: %v then %v; want the same interior value twice", a, b)
	}
	// Common random numbers make the output monotone in a driver that
	// only pushes one way, even with finite replications.
	x[pressure] = 0.95
	if hi := e.Eval(x); hi <= a {
		t.Errorf("more pressure on China: %v, not above %v", hi, a)
	}
	if _, err := sim.NewEvaluator(sc, &w, sim.Output{Kind: sim.OutAllianceByYear, Year: 1990}, 10, 1, nil); err == nil {
		t.Error("no error for a year outside the horizon")
	}
}

func TestRecords(t *testing.T) {
	t.Parallel()
	sc, w := toy(t)
	rec := &sim.Records{}
	r, err := sim.Run(context.Background(), sc, &w, sim.Plan{Draws: 5000, Seed: 2, Records: rec})
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.X) != 5000 || len(rec.Paths) == 0 || len(rec.X[0]) != len(rec.Paths) {
		t.Fatalf("records shape: %d rows, %d paths", len(rec.X), len(rec.Paths))
	}
	var formed int64
	for _, o := range rec.Onset {
		if o >= 0 {
			formed++
		}
	}
	if formed != r.ByHorizon.Count {
		t.Errorf("records hold %d alliances, the result %d", formed, r.ByHorizon.Count)
	}
	if _, err := sim.Run(context.Background(), sc, &w, sim.Plan{Draws: 10, Precision: 0.01, Records: &sim.Records{}}); err == nil {
		t.Error("records with a precision target: no error")
	}
}

// TestEvaluatorDraws: an evaluator that keeps its replications' random
// numbers (model.Draws) evaluates every point exactly as one that draws
// them again, with and without a start state, for every output.
func TestEvaluatorDraws(t *testing.T) {
	t.Parallel()
	sc, w := toy(t)
	r := rand.New(rand.NewPCG(3, 4))
	for _, out := range []sim.Output{{Kind: sim.OutAllianceByHorizon}, {Kind: sim.OutAllianceByYear, Year: 2030}, {Kind: sim.OutMeanState}} {
		for _, start := range []*sim.StartState{nil, oneRung(t, sc, model.TreatyPartnership, 30)} {
			kept, err := sim.NewEvaluator(sc, &w, out, 300, 7, start)
			if err != nil {
				t.Fatal(err)
			}
			fresh, err := sim.NewEvaluator(sc, &w, out, 300, 7, start)
			if err != nil {
				t.Fatal(err)
			}
			if !sim.DropDraws(fresh) {
				t.Fatal("the evaluator kept no draws")
			}
			x := make([]float64, len(kept.Inputs()))
			for range 30 {
				for k, in := range kept.Inputs() {
					x[k] = in.Dist.Quantile(r.Float64())
				}
				if a, b := kept.Eval(x), fresh.Eval(x); math.Float64bits(a) != math.Float64bits(b) {
					t.Fatalf("%v, start %v: %v with the kept draws, %v drawn again", out, start != nil, a, b)
				}
			}
		}
	}
}
