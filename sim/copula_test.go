package sim_test

import (
	"context"
	"math"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/alliancesim/alliancesim/design"
	"github.com/alliancesim/alliancesim/internal/stats"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/sim"
)

// correlatedToy is the toy scenario with Russia's threat and pressure
// rank-correlated at rank, and an uncertain weight when weight is true.
func correlatedToy(t testing.TB, rank float64, weight bool) *model.Scenario {
	t.Helper()
	sc := toyScenario(t)
	if rank != 0 {
		sc.Correlations = []model.Correlation{{A: "russia.threat", B: "russia.pressure", Rank: rank}}
	}
	if weight {
		d, err := sim.NewDist(sim.DistSpec{Kind: "pert", Min: 1.5, Mode: 2.6, Max: 3.5})
		if err != nil {
			t.Fatal(err)
		}
		sc.Inputs = append(sc.Inputs, model.Input{Path: "weights.shared_opposition", Dist: d})
	}
	return sc
}

// column returns the records' values of the input at path.
func column(t testing.TB, rec *sim.Records, path string) []float64 {
	t.Helper()
	k := slices.Index(rec.Paths, path)
	if k < 0 {
		t.Fatalf("no records column %s in %v", path, rec.Paths)
	}
	x := make([]float64, len(rec.X))
	for i, row := range rec.X {
		x[i] = row[k]
	}
	return x
}

func quantile(x []float64, p float64) float64 {
	s := slices.Clone(x)
	sort.Float64s(s)
	return s[int(p*float64(len(s)-1))]
}

// The copula achieves the requested rank correlation. With 50,000 draws
// the standard error of Spearman's ρ near 0.6 is about
// 1.06·(1−ρ²)/√n ≈ 0.003, so a tolerance of 0.03 (10 standard errors)
// holds for any seed; the tighter check at 0.012 (4 standard errors)
// catches a sampler that skips the 2·sin(πρ/6) conversion, which gives
// (6/π)·asin(0.3) ≈ 0.582 instead of 0.6.
func TestCopulaAchievesRankCorrelation(t *testing.T) {
	t.Parallel()
	const rank, draws = 0.6, 50_000
	w := model.DefaultWeights()
	for _, sampler := range design.Samplers() {
		rec := &sim.Records{}
		r, err := sim.Run(context.Background(), correlatedToy(t, rank, false), &w, sim.Plan{Draws: draws, Seed: 4, Sampler: sampler, Records: rec})
		if err != nil {
			t.Fatal(err)
		}
		all := stats.Spearman(column(t, rec, "russia.threat"), column(t, rec, "russia.pressure"))
		switch d := math.Abs(all - rank); {
		case d > 0.03:
			t.Errorf("%s: Spearman over %d draws %.4f, want %.1f ± 0.03", sampler, draws, all, rank)
		case d > 0.012:
			t.Errorf("%s: Spearman over %d draws %.4f, want %.1f ± 0.012: is the 2·sin(πρ/6) conversion applied?", sampler, draws, all, rank)
		}
		if len(r.Correlations) != 1 {
			t.Fatalf("%s: Result.Correlations = %+v, want one pair", sampler, r.Correlations)
		}
		c := r.Correlations[0]
		if c.A != "russia.threat" || c.B != "russia.pressure" || c.Target != rank || c.N != 20_000 || math.Abs(c.Achieved-rank) > 0.03 {
			t.Errorf("%s: reported %+v, want the pair at 0.6 ± 0.03 from 20,000 draws", sampler, c)
		}
		t.Logf("%s: achieved %.4f over %d draws, reported %.4f over %d", sampler, all, draws, c.Achieved, c.N)
	}
	// A negative correlation too.
	rec := &sim.Records{}
	if _, err := sim.Run(context.Background(), correlatedToy(t, -0.4, false), &w, sim.Plan{Draws: draws, Seed: 4, Records: rec}); err != nil {
		t.Fatal(err)
	}
	if got := stats.Spearman(column(t, rec, "russia.threat"), column(t, rec, "russia.pressure")); math.Abs(got+0.4) > 0.03 {
		t.Errorf("rank -0.4: achieved %.4f", got)
	}
}

// The copula changes how values pair up across inputs, not their
// distributions: a correlated input's quantiles match both its own
// quantile function and the uncorrelated run's, within 0.006 (the
// sampling error of a central quantile of this PERT at 50,000 draws is
// about 0.0007; its range is 0.35 wide).
func TestCopulaKeepsMarginals(t *testing.T) {
	t.Parallel()
	w := model.DefaultWeights()
	for _, sampler := range design.Samplers() {
		var cols [2][]float64
		for i, rank := range []float64{0, 0.6} {
			rec := &sim.Records{}
			if _, err := sim.Run(context.Background(), correlatedToy(t, rank, false), &w, sim.Plan{Draws: 50_000, Seed: 8, Sampler: sampler, Records: rec}); err != nil {
				t.Fatal(err)
			}
			cols[i] = column(t, rec, "russia.pressure")
		}
		dist := toyScenario(t).Inputs[1].Dist // russia.pressure
		for _, p := range []float64{0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99} {
			plain, corr, exact := quantile(cols[0], p), quantile(cols[1], p), dist.Quantile(p)
			if math.Abs(plain-corr) > 0.006 || math.Abs(corr-exact) > 0.006 {
				t.Errorf("%s: quantile %v of russia.pressure: uncorrelated %.4f, correlated %.4f, exact %.4f", sampler, p, plain, corr, exact)
			}
		}
	}
}

// The result is byte-identical for any number of workers, with
// correlations and an uncertain weight, under both samplers; the
// achieved correlations and the records too.
func TestCopulaIdenticalForAnyWorkers(t *testing.T) {
	t.Parallel()
	sc := correlatedToy(t, 0.6, true)
	sc.Correlations = append(sc.Correlations,
		model.Correlation{A: "china.threat", B: "china.pressure", Rank: 0.5},
		model.Correlation{A: "china.pressure", B: "weights.shared_opposition", Rank: -0.3})
	w := model.DefaultWeights()
	for _, sampler := range design.Samplers() {
		var want []byte
		var wantX [][]float64
		for _, workers := range []int{1, 2, 16} {
			rec := &sim.Records{}
			r, err := sim.Run(context.Background(), sc, &w, sim.Plan{Draws: 30_000, Seed: 7, Sampler: sampler, Workers: workers, Records: rec})
			if err != nil {
				t.Fatal(err)
			}
			if len(r.Correlations) != 3 {
				t.Fatalf("%d achieved correlations, want 3", len(r.Correlations))
			}
			got := stable(t, r)
			if want == nil {
				want, wantX = got, rec.X
				continue
			}
			if string(got) != string(want) {
				t.Errorf("%s: result with %d workers differs from 1 worker", sampler, workers)
			}
			for i := range rec.X {
				if !slices.Equal(rec.X[i], wantX[i]) {
					t.Fatalf("%s: draw %d's inputs differ with %d workers", sampler, i, workers)
				}
			}
		}
	}
}

// With a precision target the draws come in batches; the achieved
// correlations still come from the first 20,000 draws, whatever the
// workers.
func TestCopulaPrecisionBatches(t *testing.T) {
	t.Parallel()
	sc := correlatedToy(t, 0.6, true)
	w := model.DefaultWeights()
	batches := func(r *sim.Result) {
		if r.Draws <= 20_000 || len(r.Correlations) != 1 || r.Correlations[0].N != 20_000 {
			t.Fatalf("draws %d, correlations %+v: want more than 20,000 draws and the pair from 20,000", r.Draws, r.Correlations)
		}
	}
	for _, workers := range workersDiffer(t, sc, &w, sim.Plan{Draws: 3000, Seed: 5, Precision: 0.004}, []int{1, 3}, batches) {
		t.Errorf("precision run with %d workers differs from 1 worker", workers)
	}
}

// Common random numbers survive correlations: an input outside every
// correlation draws exactly the same values whether or not two other
// inputs are correlated.
func TestCopulaKeepsCommonRandomNumbers(t *testing.T) {
	t.Parallel()
	w := model.DefaultWeights()
	var recs [2]*sim.Records
	for i, rank := range []float64{0, 0.6} {
		recs[i] = &sim.Records{}
		if _, err := sim.Run(context.Background(), correlatedToy(t, rank, true), &w, sim.Plan{Draws: 5000, Seed: 3, Records: recs[i]}); err != nil {
			t.Fatal(err)
		}
	}
	for _, path := range []string{"china.growth", "china.pressure", "events.crisis.probability", "weights.shared_opposition"} {
		if !slices.Equal(column(t, recs[0], path), column(t, recs[1], path)) {
			t.Errorf("%s: values changed when two other inputs were correlated", path)
		}
	}
	if slices.Equal(column(t, recs[0], "russia.pressure"), column(t, recs[1], "russia.pressure")) {
		t.Error("russia.pressure: the correlation changed nothing")
	}
}

// An uncertain weight is drawn per run: its values follow its
// distribution, stay in range, and move the result; the evaluator takes
// it as an input.
func TestUncertainWeight(t *testing.T) {
	t.Parallel()
	w := model.DefaultWeights()
	low, high := w, w
	low.SharedOpposition, high.SharedOpposition = 1.5, 3.5
	sc := correlatedToy(t, 0, true)
	rec := &sim.Records{}
	mid, err := sim.Run(context.Background(), sc, &w, sim.Plan{Draws: 20_000, Seed: 2, Records: rec})
	if err != nil {
		t.Fatal(err)
	}
	x := column(t, rec, "weights.shared_opposition")
	if lo, hi := slices.Min(x), slices.Max(x); lo < 1.5 || hi > 3.5 || math.Abs(quantile(x, 0.5)-sim.Median(sc.Inputs[len(sc.Inputs)-1].Dist)) > 0.02 {
		t.Errorf("weights.shared_opposition drawn in [%v, %v], median %v", lo, hi, quantile(x, 0.5))
	}
	plain := toyScenario(t)
	a, _ := sim.Run(context.Background(), plain, &low, sim.Plan{Draws: 20_000, Seed: 2})
	b, _ := sim.Run(context.Background(), plain, &high, sim.Plan{Draws: 20_000, Seed: 2})
	if !(a.ByHorizon.P < mid.ByHorizon.P && mid.ByHorizon.P < b.ByHorizon.P) {
		t.Errorf("P(alliance) with shared_opposition 1.5 %v, uncertain in [1.5, 3.5] %v, 3.5 %v: want increasing", a.ByHorizon.P, mid.ByHorizon.P, b.ByHorizon.P)
	}

	// A fixed weight input (as a sweep writes) acts like the weight itself.
	fx := toyScenario(t)
	d, _ := sim.NewDist(sim.DistSpec{Kind: "fixed", Value: 3.5})
	fx.Inputs = append(fx.Inputs, model.Input{Path: "weights.shared_opposition", Dist: d, Fixed: true})
	c, _ := sim.Run(context.Background(), fx, &w, sim.Plan{Draws: 20_000, Seed: 2})
	if string(stable(t, c)) != string(stable(t, b)) {
		t.Error("a fixed weights.shared_opposition input differs from setting the weight")
	}

	e, err := sim.NewEvaluator(sc, &w, sim.Output{Kind: sim.OutAllianceByHorizon}, 2000, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	in := e.Inputs()
	k := slices.IndexFunc(in, func(x sim.EvalInput) bool { return x.Path == "weights.shared_opposition" })
	if k < 0 || in[k].Min != 0 || in[k].Max != 10 {
		t.Fatalf("evaluator inputs lack weights.shared_opposition in [0, 10]: %+v", in)
	}
	xs := make([]float64, len(in))
	for j, x := range in {
		xs[j] = sim.Median(x.Dist)
	}
	xs[k] = 1.5
	lo := e.Eval(xs)
	xs[k] = 3.5
	if hi := e.Eval(xs); hi <= lo {
		t.Errorf("evaluator: shared_opposition 3.5 gives %v, not above %v at 1.5", hi, lo)
	}
}

// compile rejects what the loader rejects in files, for scenarios built
// in code; a correlation with a fixed input is dropped (a sweep fixes the
// inputs it varies).
func TestCopulaCompileErrors(t *testing.T) {
	t.Parallel()
	w := model.DefaultWeights()
	for _, tc := range []struct {
		name  string
		corrs []model.Correlation
		want  string
	}{
		{"not PD", []model.Correlation{{A: "russia.threat", B: "china.threat", Rank: 0.9}, {A: "russia.threat", B: "china.pressure", Rank: 0.9}, {A: "china.threat", B: "china.pressure", Rank: -0.9}}, "not positive definite"},
		{"unknown", []model.Correlation{{A: "russia.threat", B: "russia.gdp", Rank: 0.5}}, "no input russia.gdp"},
		{"self", []model.Correlation{{A: "russia.threat", B: "russia.threat", Rank: 0.5}}, "with itself"},
		{"rank 1", []model.Correlation{{A: "russia.threat", B: "china.threat", Rank: 1}}, "strictly between -1 and 1"},
		{"twice", []model.Correlation{{A: "russia.threat", B: "china.threat", Rank: 0.5}, {A: "china.threat", B: "russia.threat", Rank: 0.5}}, "given twice"},
	} {
		sc := toyScenario(t)
		sc.Correlations = tc.corrs
		if _, err := sim.Run(context.Background(), sc, &w, sim.Plan{Draws: 10}); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.name, err, tc.want)
		}
	}
	sc := toyScenario(t)
	sc.Correlations = []model.Correlation{{A: "russia.threat", B: "russia.capability", Rank: 0.5}}
	r, err := sim.Run(context.Background(), sc, &w, sim.Plan{Draws: 10})
	if err != nil || len(r.Correlations) != 0 {
		t.Errorf("a correlation with a fixed input: %v, %+v; want it dropped", err, r)
	}
}

// The ladder's thresholds may be uncertain when they stay ordered in every
// draw: each over its prior range (which do not overlap), but not over a
// range that reaches past a neighbour, fixed or uncertain.
func TestUncertainThresholds(t *testing.T) {
	t.Parallel()
	w := model.DefaultWeights()
	uniform := func(lo, hi float64) model.Distribution {
		d, err := sim.NewDist(sim.DistSpec{Kind: "uniform", Min: lo, Max: hi})
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	var ladder []model.WeightSpec
	for _, s := range model.WeightSpecs {
		if s.IsThreshold() {
			ladder = append(ladder, s)
		}
	}
	sc := toyScenario(t)
	for _, s := range ladder {
		sc.Inputs = append(sc.Inputs, model.Input{Path: model.WeightPathPrefix + s.Key, Dist: uniform(s.PriorLo, s.PriorHi)})
	}
	if _, err := sim.Run(context.Background(), sc, &w, sim.Plan{Draws: 200}); err != nil {
		t.Errorf("every threshold over its prior range: %v", err)
	}
	// The top threshold reaching down past the fixed one below it.
	top, below := ladder[len(ladder)-1], ladder[len(ladder)-2]
	sc = toyScenario(t)
	sc.Inputs = append(sc.Inputs, model.Input{Path: model.WeightPathPrefix + top.Key, Dist: uniform(below.Get(&w)-0.01, top.Get(&w))})
	if _, err := sim.Run(context.Background(), sc, &w, sim.Plan{Draws: 10}); err == nil || !strings.Contains(err.Error(), "must increase in every draw") {
		t.Errorf("an uncertain threshold overlapping a fixed one: %v", err)
	}
	// Two uncertain thresholds whose ranges overlap.
	sc = toyScenario(t)
	sc.Inputs = append(sc.Inputs,
		model.Input{Path: model.WeightPathPrefix + below.Key, Dist: uniform(below.PriorLo, top.PriorLo+0.01)},
		model.Input{Path: model.WeightPathPrefix + top.Key, Dist: uniform(top.PriorLo, top.PriorHi)})
	if _, err := sim.Run(context.Background(), sc, &w, sim.Plan{Draws: 10}); err == nil || !strings.Contains(err.Error(), below.Key) {
		t.Errorf("two overlapping uncertain thresholds: %v", err)
	}
}

// The ranks and the Spearman correlation are tested in internal/stats.
func TestNormalCorrelation(t *testing.T) {
	t.Parallel()
	if got := sim.NormalCorrelation(0.6); math.Abs(6/math.Pi*math.Asin(got/2)-0.6) > 1e-15 {
		t.Errorf("NormalCorrelation(0.6) = %v does not invert (6/π)·asin(r/2)", got)
	}
}
