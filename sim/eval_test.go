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

// TestEvalPoints checks that EvalPoints gives Eval's value of every point
// bit for bit, for points that differ from the first in one input (a
// tornado's), in several, or not at all, for any number of workers, with
// replications in blocks and one block short (300 = 4·64 + 44), with the
// draws kept and drawn again, and that it stops on a cancelled context.
func TestEvalPoints(t *testing.T) {
	t.Parallel()
	sc, w := toy(t)
	r := rand.New(rand.NewPCG(5, 6))
	for _, out := range []sim.Output{{Kind: sim.OutAllianceByHorizon}, {Kind: sim.OutAllianceByYear, Year: 2030}, {Kind: sim.OutMeanState}} {
		for _, start := range []*sim.StartState{nil, oneRung(t, sc, model.TreatyPartnership, 30)} {
			for _, drop := range []bool{false, true} {
				e, err := sim.NewEvaluator(sc, &w, out, 300, 7, start)
				if err != nil {
					t.Fatal(err)
				}
				if drop && !sim.DropDraws(e) {
					t.Fatal("the evaluator kept no draws")
				}
				d := len(e.Inputs())
				point := func() []float64 {
					x := make([]float64, d)
					for k, in := range e.Inputs() {
						x[k] = in.Dist.Quantile(r.Float64())
					}
					return x
				}
				xs := [][]float64{point()}
				for k, in := range e.Inputs() {
					for _, q := range []float64{0.1, 0.9} {
						x := append([]float64(nil), xs[0]...)
						x[k] = in.Dist.Quantile(q)
						xs = append(xs, x)
					}
				}
				xs = append(xs, point(), append([]float64(nil), xs[0]...), point())
				for _, workers := range []int{1, 3} {
					y, err := e.EvalPoints(context.Background(), xs, workers, nil)
					if err != nil {
						t.Fatal(err)
					}
					for j, x := range xs {
						if want := e.Eval(x); math.Float64bits(y[j]) != math.Float64bits(want) {
							t.Fatalf("%v, start %v, draws dropped %v, %d workers, point %d: EvalPoints %v, Eval %v", out, start != nil, drop, workers, j, y[j], want)
						}
					}
				}
			}
		}
	}
	e, err := sim.NewEvaluator(sc, &w, sim.Output{Kind: sim.OutAllianceByHorizon}, 300, 7, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := e.EvalPoints(ctx, [][]float64{make([]float64, len(e.Inputs()))}, 2, nil); err == nil {
		t.Error("EvalPoints on a cancelled context: no error")
	}
}

// TestEvalChangedInputs: Eval, which writes only the inputs whose value
// differs from the last point's, gives at each point of a Sobol-like
// sequence (rows of B, A and A with one input of B, values out of range
// among them, points repeated) the value of an evaluator that writes
// every input of a fresh point.
func TestEvalChangedInputs(t *testing.T) {
	t.Parallel()
	sc, w := toy(t)
	e, err := sim.NewEvaluator(sc, &w, sim.Output{Kind: sim.OutMeanState}, 200, 9, nil)
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(7, 8))
	d := len(e.Inputs())
	point := func() []float64 {
		x := make([]float64, d)
		for k, in := range e.Inputs() {
			x[k] = in.Dist.Quantile(r.Float64())
			if r.IntN(8) == 0 {
				x[k] = in.Max + 1 // clamped
			}
		}
		return x
	}
	var xs [][]float64
	for range 4 {
		a, b := point(), point()
		xs = append(xs, b, a)
		for k := range d {
			x := append([]float64(nil), a...)
			x[k] = b[k]
			xs = append(xs, x, x)
		}
	}
	for j, x := range xs {
		fresh, err := sim.NewEvaluator(sc, &w, sim.Output{Kind: sim.OutMeanState}, 200, 9, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := e.Eval(x), fresh.Eval(x); math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("point %d: %v after the points before it, %v alone", j, got, want)
		}
	}
}
