package sim_test

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"testing"

	"github.com/alliancesim/alliancesim/design"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/sim"
)

// toyScenario is a small, fully specified world for engine tests: a
// pressured entente with one event, so that every aggregate is exercised.
func toyScenario(t testing.TB) *model.Scenario {
	t.Helper()
	d := func(s sim.DistSpec) model.Distribution {
		x, err := sim.NewDist(s)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	pert := func(lo, m, hi float64) model.Distribution {
		return d(sim.DistSpec{Kind: "pert", Min: lo, Mode: m, Max: hi})
	}
	fix := func(v float64) model.Distribution { return d(sim.DistSpec{Kind: "fixed", Value: v}) }
	sc := &model.Scenario{
		Name: "toy", StartYear: 2027, HorizonYears: 8, InitialState: model.Entente,
		Actors: [2]model.ActorInfo{{ID: "russia", Name: "Russia"}, {ID: "china", Name: "China"}},
		Rival:  model.ActorInfo{ID: "us", Name: "United States"},
		Events: []model.Event{{Name: "crisis", Decay: 0.5, Effects: []model.Effect{{Target: "latent", Delta: 0.5}, {Target: "china.doctrine", Delta: -0.5}}}},
	}
	in := func(path string, dist model.Distribution, fixed bool) {
		sc.Inputs = append(sc.Inputs, model.Input{Path: path, Dist: dist, Fixed: fixed})
	}
	in("russia.threat", pert(0.6, 0.8, 0.95), false)
	in("russia.pressure", pert(0.6, 0.8, 0.95), false)
	in("russia.capability", fix(0.04), true)
	in("russia.autonomy_value", pert(0.3, 0.6, 1.0), false)
	in("russia.self_sufficiency", fix(0.8), true)
	in("russia.disorder_appetite", fix(0.7), true)
	in("china.threat", pert(0.5, 0.7, 0.9), false)
	in("china.pressure", pert(0.5, 0.7, 0.9), false)
	in("china.capability", fix(0.2), true)
	in("china.growth", d(sim.DistSpec{Kind: "normal", Mean: 0.02, SD: 0.01}), false)
	in("china.disorder_appetite", fix(0.3), true)
	in("china.self_sufficiency", fix(0.6), true)
	in("china.doctrine", pert(0.5, 0.8, 1.0), false)
	in("china.doctrine_hazard", fix(0.03), true)
	in("dyad.regime_similarity", fix(0.8), true)
	in("dyad.interdependence", fix(0.5), true)
	in("dyad.treaty", fix(1), true)
	in("events.crisis.probability", pert(0.02, 0.08, 0.2), false)
	if err := sc.Compile(); err != nil {
		t.Fatal(err)
	}
	return sc
}

// toy is the toy scenario (toyScenario) at the default weights, the
// setup most engine tests start from.
func toy(t testing.TB) (*model.Scenario, model.Weights) {
	t.Helper()
	return toyScenario(t), model.DefaultWeights()
}

// stable blanks the fields that legitimately differ between runs with
// different worker counts (the worker count itself and the wall time).
func stable(t *testing.T, r *sim.Result) []byte {
	t.Helper()
	c := *r
	c.Workers, c.ElapsedSeconds = 0, 0
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// workersDiffer runs plan once with each of the worker counts and returns
// those whose result, but for what stable blanks, differs from the first
// count's. check, when not nil, sees every result first.
func workersDiffer(t *testing.T, sc *model.Scenario, w *model.Weights, plan sim.Plan, workers []int, check func(*sim.Result)) []int {
	t.Helper()
	var want []byte
	var differ []int
	for _, n := range workers {
		plan.Workers = n
		r, err := sim.Run(context.Background(), sc, w, plan)
		if err != nil {
			t.Fatal(err)
		}
		if check != nil {
			check(r)
		}
		if got := stable(t, r); want == nil {
			want = got
		} else if string(got) != string(want) {
			differ = append(differ, n)
		}
	}
	return differ
}

func TestRunIdenticalForAnyWorkers(t *testing.T) {
	t.Parallel()
	sc, w := toy(t)
	for _, sampler := range design.Samplers() {
		for _, workers := range workersDiffer(t, sc, &w, sim.Plan{Draws: 20_000, Seed: 7, Sampler: sampler}, []int{1, 2, 16}, nil) {
			t.Errorf("%s: result with %d workers differs from 1 worker", sampler, workers)
		}
	}
}

func TestRunSeedChangesResult(t *testing.T) {
	t.Parallel()
	sc, w := toy(t)
	a, _ := sim.Run(context.Background(), sc, &w, sim.Plan{Draws: 5000, Seed: 1})
	b, _ := sim.Run(context.Background(), sc, &w, sim.Plan{Draws: 5000, Seed: 2})
	if reflect.DeepEqual(a.Onset, b.Onset) && reflect.DeepEqual(a.StateProb, b.StateProb) {
		t.Error("seeds 1 and 2 gave identical results")
	}
}

// The aggregates must agree with one another: state shares sum to one,
// the cumulative curve is non-decreasing and matches the onset counts,
// and the alliance share in the last year never exceeds P(formed).
func TestRunAggregatesConsistent(t *testing.T) {
	t.Parallel()
	sc, w := toy(t)
	r, err := sim.Run(context.Background(), sc, &w, sim.Plan{Draws: 30_000, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	var cum int64
	for ti := range r.Years {
		sum := 0.0
		for _, p := range r.StateProb[ti] {
			sum += p
		}
		if math.Abs(sum-1) > 1e-9 {
			t.Errorf("year %d: state shares sum to %v", r.Years[ti], sum)
		}
		cum += r.Onset[ti]
		if r.Alliance[ti].Count != cum {
			t.Errorf("year %d: cumulative count %d, onsets sum to %d", r.Years[ti], r.Alliance[ti].Count, cum)
		}
		if r.StateProb[ti][model.DefenceAlliance] > r.Alliance[ti].P+1e-12 {
			t.Errorf("year %d: more runs in alliance than ever formed one", r.Years[ti])
		}
		q := r.Latent[ti]
		if !(q.P05 <= q.P25 && q.P25 <= q.P50 && q.P50 <= q.P75 && q.P75 <= q.P95) {
			t.Errorf("year %d: latent quantiles out of order: %+v", r.Years[ti], q)
		}
	}
	if r.NoOnset+cum != r.Draws {
		t.Errorf("runs with and without an alliance: %d + %d != %d", r.NoOnset, cum, r.Draws)
	}
	if r.ByHorizon.P <= 0 || r.ByHorizon.P >= 1 {
		t.Fatalf("toy scenario should give an interior probability, got %v", r.ByHorizon.P)
	}
	e := r.Events[0]
	if e.Occurred.Count == 0 || e.AllianceIf.N != e.Occurred.Count || e.AllianceIfNot.N != r.Draws-e.Occurred.Count {
		t.Errorf("event counts inconsistent: %+v", e)
	}
	if e.AllianceIf.P <= e.AllianceIfNot.P {
		t.Errorf("a crisis that raises the latent pressure and weakens the doctrine should raise P(alliance): %v vs %v", e.AllianceIf.P, e.AllianceIfNot.P)
	}
}

// Latin hypercube and Monte Carlo estimate the same probability: they must
// agree within 4 combined standard errors (a false alarm about 1 in 16,000).
func TestLHSAgreesWithMC(t *testing.T) {
	t.Parallel()
	sc, w := toy(t)
	mc, _ := sim.Run(context.Background(), sc, &w, sim.Plan{Draws: 40_000, Seed: 11})
	lhs, _ := sim.Run(context.Background(), sc, &w, sim.Plan{Draws: 40_000, Seed: 11, Sampler: design.LatinHypercube})
	se := math.Hypot(mc.ByHorizon.SE, lhs.ByHorizon.SE)
	if d := math.Abs(mc.ByHorizon.P - lhs.ByHorizon.P); d > 4*se {
		t.Errorf("MC %v and LHS %v differ by %v > 4 SE (%v)", mc.ByHorizon.P, lhs.ByHorizon.P, d, 4*se)
	}
}

func TestPrecisionStopping(t *testing.T) {
	t.Parallel()
	sc, w := toy(t)
	r, err := sim.Run(context.Background(), sc, &w, sim.Plan{Draws: 2000, Seed: 5, Precision: 0.005})
	if err != nil {
		t.Fatal(err)
	}
	if r.Stopped != sim.StopPrecision || r.ByHorizon.HalfWidth() > 0.005 {
		t.Errorf("stopped=%s half-width=%v draws=%d; want the target 0.005 met", r.Stopped, r.ByHorizon.HalfWidth(), r.Draws)
	}
	r, err = sim.Run(context.Background(), sc, &w, sim.Plan{Draws: 2000, Seed: 5, Precision: 0.0001, MaxDraws: 6000})
	if err != nil {
		t.Fatal(err)
	}
	if r.Stopped != sim.StopMaxDraws || r.Draws != 6000 {
		t.Errorf("stopped=%s draws=%d; want max_draws at 6000", r.Stopped, r.Draws)
	}
}

func TestRunInterrupted(t *testing.T) {
	t.Parallel()
	sc, w := toy(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := sim.Run(ctx, sc, &w, sim.Plan{Draws: 1_000_000, Seed: 1})
	if !errors.Is(err, sim.ErrInterrupted) || !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v; want ErrInterrupted wrapping context.Canceled", err)
	}
}

func TestRunRejectsBadPlans(t *testing.T) {
	t.Parallel()
	sc, w := toy(t)
	bad := model.DefaultWeights()
	bad.NoiseSD = math.NaN()
	for _, tc := range []struct {
		name string
		w    *model.Weights
		plan sim.Plan
	}{
		{"zero draws", &w, sim.Plan{Draws: 0}},
		{"unknown sampler", &w, sim.Plan{Draws: 10, Sampler: "sobol"}},
		{"negative precision", &w, sim.Plan{Draws: 10, Precision: -1}},
		{"NaN weight", &bad, sim.Plan{Draws: 10}},
	} {
		if _, err := sim.Run(context.Background(), sc, tc.w, tc.plan); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
}

// Common random numbers: adding an event without effects in front of the
// others, and reordering the inputs, changes nothing at all.
func TestCommonRandomNumbersAcrossScenarios(t *testing.T) {
	t.Parallel()
	a := toyScenario(t)
	b := toyScenario(t)
	b.Events = append([]model.Event{{Name: "noop", Decay: 0.5}}, b.Events...)
	nd, _ := sim.NewDist(sim.DistSpec{Kind: "uniform", Min: 0, Max: 1})
	b.Inputs = append([]model.Input{{Path: "events.noop.probability", Dist: nd}}, b.Inputs...)
	for i, j := 0, len(b.Inputs)-1; i < j; i, j = i+1, j-1 {
		b.Inputs[i], b.Inputs[j] = b.Inputs[j], b.Inputs[i]
	}
	if err := b.Compile(); err != nil {
		t.Fatal(err)
	}
	w := model.DefaultWeights()
	ra, _ := sim.Run(context.Background(), a, &w, sim.Plan{Draws: 10_000, Seed: 3})
	rb, _ := sim.Run(context.Background(), b, &w, sim.Plan{Draws: 10_000, Seed: 3})
	if !reflect.DeepEqual(ra.Onset, rb.Onset) || !reflect.DeepEqual(ra.StateProb, rb.StateProb) || !reflect.DeepEqual(ra.Latent, rb.Latent) {
		t.Error("an extra, inert event changed the results")
	}
	if !reflect.DeepEqual(ra.Events[0], rb.Events[1]) {
		t.Errorf("the shared event's statistics differ: %+v vs %+v", ra.Events[0], rb.Events[1])
	}
}

// RunSet pairs scenarios draw by draw: each result equals a solo run with
// the same seed, a scenario compared with itself differs by exactly zero,
// and a real difference has a paired standard error well below the
// unpaired one.
func TestRunSetPaired(t *testing.T) {
	t.Parallel()
	a := toyScenario(t)
	b := toyScenario(t)
	for i := range b.Inputs {
		if b.Inputs[i].Path == "china.pressure" {
			d, _ := sim.NewDist(sim.DistSpec{Kind: "pert", Min: 0.7, Mode: 0.85, Max: 1})
			b.Inputs[i].Dist = d
		}
	}
	w := model.DefaultWeights()
	plan := sim.Plan{Draws: 20_000, Seed: 9, Workers: 2}
	set, err := sim.RunSet(context.Background(), []*model.Scenario{a, a, b}, []*model.Weights{&w, &w, &w}, plan)
	if err != nil {
		t.Fatal(err)
	}
	solo, _ := sim.Run(context.Background(), b, &w, plan)
	if string(stable(t, set.Results[2])) != string(stable(t, solo)) {
		t.Error("a scenario's result in a set differs from its solo run")
	}
	if d := set.Diffs[1]; d.Delta != 0 || d.SE != 0 || d.OnlyBase != 0 || d.OnlyOther != 0 {
		t.Errorf("a scenario against itself: %+v", d)
	}
	d := set.Diffs[2]
	want := set.Results[2].ByHorizon.P - set.Results[0].ByHorizon.P
	if math.Abs(d.Delta-want) > 1e-12 {
		t.Errorf("paired Δ %v, difference of estimates %v", d.Delta, want)
	}
	unpaired := math.Hypot(set.Results[0].ByHorizon.SE, set.Results[2].ByHorizon.SE)
	// A large change (here about 12 points) makes the two disagree in many
	// runs, so pairing gains less than for a small change; it must still gain.
	if !(d.SE < 0.8*unpaired) || d.Delta <= 4*d.SE {
		t.Errorf("paired SE %v (unpaired %v), Δ %v: want a clearly positive, tightly estimated difference", d.SE, unpaired, d.Delta)
	}
}
