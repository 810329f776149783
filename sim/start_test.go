package sim_test

import (
	"context"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/sim"
)

// oneRung is a start state of n particles all on rung s, at the end of the
// year before sc starts.
func oneRung(t *testing.T, sc *model.Scenario, s model.State, n int) *sim.StartState {
	t.Helper()
	carry := make([]model.Carry, n)
	wt := make([]float64, n)
	for i := range carry {
		carry[i] = model.Carry{Rung: s, Noise: float64(i%7-3) / 10, Standing: [2]float64{0.1, -0.1}, DocInForce: [2]bool{true, true}}
		wt[i] = float64(1 + i%3)
	}
	st, err := sim.NewStartState(sc.StartYear-1, "test", carry, wt)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// TestStartStateOneRung: a run from a state whose particles are all on
// one rung starts on that rung, not on the scenario's initial state.
func TestStartStateOneRung(t *testing.T) {
	t.Parallel()
	sc := toyScenario(t) // initial_state: entente
	w := model.DefaultWeights()
	for _, s := range []model.State{model.Rivalry, model.Normalization, model.DefenceAlliance} {
		got, err := sim.StartRungs(sc, &w, sim.Plan{Draws: 100, Seed: 3, Start: oneRung(t, sc, s, 50)}, 100)
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range got {
			if r != s {
				t.Fatalf("rung %v: draw %d starts on %v", s, i, r)
			}
		}
	}
	got, err := sim.StartRungs(sc, &w, sim.Plan{Draws: 10, Seed: 3}, 10)
	if err != nil || got[0] != model.Entente {
		t.Fatalf("without a start state: %v, %v", got, err)
	}
	// The run's first year follows from the carried rung: from rivalry
	// the pair cannot stand where it does from the scenario's entente.
	plain, err := sim.Run(context.Background(), sc, &w, sim.Plan{Draws: 5000, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	from, err := sim.Run(context.Background(), sc, &w, sim.Plan{Draws: 5000, Seed: 3, Start: oneRung(t, sc, model.Rivalry, 50)})
	if err != nil {
		t.Fatal(err)
	}
	low := from.StateProb[0][model.Rivalry] + from.StateProb[0][model.Normalization]
	if low < 0.5 || from.StateProb[0][model.Entente] >= plain.StateProb[0][model.Entente] {
		t.Errorf("first year from rivalry %v, from the scenario's entente %v", from.StateProb[0], plain.StateProb[0])
	}
}

// TestStartStateWorkers: a run from a start state is the same for any
// number of workers, and a mixed state is drawn by its weights.
func TestStartStateWorkers(t *testing.T) {
	t.Parallel()
	sc, w := toy(t)
	carry := []model.Carry{{Rung: model.Rivalry}, {Rung: model.Entente, Noise: 0.3}, {Rung: model.DefenceAlliance, DocInForce: [2]bool{false, true}}}
	st, err := sim.NewStartState(sc.StartYear-1, "test", carry, []float64{1, 2, 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, workers := range workersDiffer(t, sc, &w, sim.Plan{Draws: 20_000, Seed: 11, Start: st}, []int{1, 3, 16}, nil) {
		t.Errorf("from a start state, %d workers differ from 1", workers)
	}
	rungs, err := sim.StartRungs(sc, &w, sim.Plan{Draws: 20_000, Seed: 11, Start: st}, 20_000)
	if err != nil {
		t.Fatal(err)
	}
	var n [model.NumStates]int
	for _, r := range rungs {
		n[r]++
	}
	if p := float64(n[model.Entente]) / 20_000; p < 0.48 || p > 0.52 {
		t.Errorf("P(start on entente) = %.3f, want 0.5 (its weight)", p)
	}
}

// TestStartStateChecks: a state a year off the scenario's start, and bad
// particles, are refused with a clear error.
func TestStartStateChecks(t *testing.T) {
	t.Parallel()
	sc, w := toy(t)
	st := oneRung(t, sc, model.Entente, 3)
	st.Year--
	_, err := sim.Run(context.Background(), sc, &w, sim.Plan{Draws: 10, Start: st})
	if err == nil || !strings.Contains(err.Error(), "starts in 2027") || !strings.Contains(err.Error(), "end of 2025") {
		t.Errorf("a state of 2025 for a 2027 start: %v", err)
	}
	bad := []struct {
		carry []model.Carry
		wt    []float64
	}{
		{nil, nil},
		{[]model.Carry{{}}, []float64{1, 2}},
		{[]model.Carry{{}}, []float64{-1}},
		{[]model.Carry{{}}, []float64{0}},
		{[]model.Carry{{Rung: 99}}, []float64{1}},
	}
	for i, b := range bad {
		if _, err := sim.NewStartState(2026, "test", b.carry, b.wt); err == nil {
			t.Errorf("case %d: accepted", i)
		}
	}
}

// TestEvaluatorStart: an evaluator whose replications start from a state
// on rivalry gives (almost) no alliance where the scenario's own entente
// start gives some, at the same inputs; a state of another year is
// refused, and so is a scenario from the nowcast without a state.
func TestEvaluatorStart(t *testing.T) {
	t.Parallel()
	sc, w := toy(t)
	ev, err := sim.NewEvaluator(sc, &w, sim.Output{Kind: sim.OutAllianceByHorizon}, 4000, 5, nil)
	if err != nil {
		t.Fatal(err)
	}
	x := make([]float64, len(ev.Inputs()))
	for k, in := range ev.Inputs() {
		x[k] = sim.Median(in.Dist)
	}
	own := ev.Eval(x)
	from, err := sim.NewEvaluator(sc, &w, sim.Output{Kind: sim.OutAllianceByHorizon}, 4000, 5, oneRung(t, sc, model.Rivalry, 20))
	if err != nil {
		t.Fatal(err)
	}
	if riv := from.Eval(x); !(riv < own) {
		t.Errorf("P(alliance) from rivalry %.4f, from the entente %.4f: want lower", riv, own)
	}
	wrong := oneRung(t, sc, model.Rivalry, 5)
	wrong.Year--
	if _, err := sim.NewEvaluator(sc, &w, sim.Output{Kind: sim.OutAllianceByHorizon}, 10, 5, wrong); err == nil || !strings.Contains(err.Error(), "must start in") {
		t.Errorf("a state of another year: %v", err)
	}
	nc := *sc
	nc.FromNowcast = true
	if _, err := sim.NewEvaluator(&nc, &w, sim.Output{Kind: sim.OutAllianceByHorizon}, 10, 5, nil); err == nil || !strings.Contains(err.Error(), "no start state was given") {
		t.Errorf("a scenario from the nowcast without a start: %v", err)
	}
	if _, err := sim.Run(context.Background(), &nc, &w, sim.Plan{Draws: 10, Seed: 1}); err == nil || !strings.Contains(err.Error(), "no start state was given") {
		t.Errorf("a run of a scenario from the nowcast without a start: %v", err)
	}
}

// TestPickEvenWeights: with equal weights (a state file's resample) Pick
// walks from u·n and must give exactly what the binary search gives, at
// random numbers, at every cumulative weight and its neighbours, and at
// the ends.
func TestPickEvenWeights(t *testing.T) {
	t.Parallel()
	src := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{1, 2, 3, 7, 1000, 10_000} {
		carry := make([]model.Carry, n)
		wt := make([]float64, n)
		for i := range wt {
			carry[i].Rung, wt[i] = model.Entente, 1
		}
		st, err := sim.NewStartState(2026, "test", carry, wt)
		if err != nil {
			t.Fatal(err)
		}
		us := []float64{0, math.SmallestNonzeroFloat64, 1 - 1e-16, math.Nextafter(1, 0)}
		for k := 1; k <= n; k++ {
			c := float64(k) / float64(n)
			us = append(us, c, math.Nextafter(c, 0), math.Nextafter(c, 2))
		}
		for range 20_000 {
			us = append(us, src.Float64())
		}
		for _, u := range us {
			if u >= 1 {
				continue
			}
			if got, want := st.Pick(u), st.PickSearch(u); got != want {
				t.Fatalf("n %d, u %v: Pick %d, binary search %d", n, u, got, want)
			}
		}
	}
}
