package sim

import (
	"context"
	"encoding/json"
	"math"
	"slices"
	"sort"
	"testing"

	"github.com/alliancesim/alliancesim/design"
	"github.com/alliancesim/alliancesim/internal/rng"
	"github.com/alliancesim/alliancesim/internal/stats"
	"github.com/alliancesim/alliancesim/model"
)

// tableCases are distributions as scenarios write them, with the range
// each is clamped to, chosen for the shapes that are hard to tabulate:
// skewed and extreme PERTs, triangles with the mode at an end and inside,
// betas with shapes below 1 (a density that is infinite at a bound),
// lognormals clamped and not, and normals truncated on one side, on both
// and far in a tail.
var tableCases = []struct {
	spec     DistSpec
	min, max float64
	want     uint8
}{
	{DistSpec{Kind: "pert", Min: 0.6, Mode: 0.8, Max: 0.95}, 0, 1, tabCubic},
	{DistSpec{Kind: "pert", Min: 0, Mode: 0.01, Max: 0.02}, 0, 1, tabCubic},
	{DistSpec{Kind: "pert", Min: 0, Mode: 0, Max: 1}, 0, 1, tabCubic},
	{DistSpec{Kind: "pert", Min: 0.2, Mode: 1, Max: 1}, 0, 1, tabCubic},
	{DistSpec{Kind: "pert", Min: 0.01, Mode: 0.04, Max: 0.10}, 0, 1, tabCubic},
	{DistSpec{Kind: "triangular", Min: 0, Mode: 0.3, Max: 1}, 0, 1, tabCubic},
	{DistSpec{Kind: "triangular", Min: 0, Mode: 0, Max: 1}, 0, 1, tabCubic},
	{DistSpec{Kind: "triangular", Min: 0, Mode: 1, Max: 1}, 0, 1, tabCubic},
	{DistSpec{Kind: "triangular", Min: 0.1, Mode: 0.1001, Max: 0.9}, 0, 1, tabCubic},
	{DistSpec{Kind: "uniform", Min: 0.2, Max: 0.7}, 0, 1, tabCubic},
	{DistSpec{Kind: "beta", Alpha: 2, Beta: 8}, 0, 1, tabCubic},
	{DistSpec{Kind: "beta", Alpha: 0.5, Beta: 0.5}, 0, 1, tabCubic},
	{DistSpec{Kind: "beta", Alpha: 0.3, Beta: 3}, 0, 1, tabCubic},
	{DistSpec{Kind: "beta", Alpha: 50, Beta: 400}, 0, 1, tabCubic},
	{DistSpec{Kind: "lognormal", Mu: 0, Sigma: 0.5}, 0, 3, tabCubic},
	{DistSpec{Kind: "lognormal", Mu: -1, Sigma: 1}, 0, math.Inf(1), tabCubic},
	{DistSpec{Kind: "lognormal", Mu: -2, Sigma: 0.3}, 0, 1, tabCubic},
	{DistSpec{Kind: "normal", Mean: 0.02, SD: 0.01}, -0.5, 0.5, tabAffine},
	{DistSpec{Kind: "ci90", Lo: 0.2, Hi: 0.6}, 0, 1, tabAffine},
	{DistSpec{Kind: "normal", Mean: 0.5, SD: 0.3, HasMin: true, Min: 0}, 0, 1, tabCubic},
	{DistSpec{Kind: "normal", Mean: 0.5, SD: 0.3, HasMax: true, Max: 0.6}, 0, 1, tabCubic},
	{DistSpec{Kind: "normal", Mean: 0.5, SD: 0.3, HasMin: true, Min: 0.1, HasMax: true, Max: 0.9}, 0, 1, tabCubic},
	{DistSpec{Kind: "normal", Mean: 0, SD: 1, HasMin: true, Min: 2.5}, 0, 10, tabCubic},
	{DistSpec{Kind: "normal", Mean: 0, SD: 1, HasMin: true, Min: 2.5}, math.Inf(-1), math.Inf(1), tabCubic},
	{DistSpec{Kind: "normal", Mean: 0, SD: 1, HasMax: true, Max: -3}, -10, 0, tabCubic},
	{DistSpec{Kind: "ci90", Lo: 0.2, Hi: 0.6, HasMin: true, Min: 0.3}, 0, 1, tabCubic},
	{DistSpec{Kind: "bernoulli", P: 0.3}, 0, 1, tabDiscrete},
	{DistSpec{Kind: "choice", Values: []float64{0.1, 0.5, 0.9}, Weights: []float64{1, 0, 3}}, 0, 1, tabDiscrete},
}

// TestTableErrorBound checks the tables' promise: the clamped interpolant
// lies within tabTol × the input's range of the clamped exact quantile,
// Quantile(Φ(z)), on 64 points per interval over the whole table (the
// tails included) and beyond it (where the exact quantile is used).
func TestTableErrorBound(t *testing.T) {
	t.Parallel()
	for _, tc := range tableCases {
		d, err := NewDist(tc.spec)
		if err != nil {
			t.Fatal(err)
		}
		tab := buildTable(d, tc.min, tc.max)
		if tab.kind != tc.want {
			t.Errorf("%v: table kind %d, want %d", d, tab.kind, tc.want)
			continue
		}
		lo, hi := inputRange(d, tc.min, tc.max)
		tol := tabTol * (hi - lo)
		n := 1 << 14
		if tab.kind == tabCubic {
			n = int(tab.nf) * 64
		}
		mirror := mirrored(t, tc.spec)
		worst, at := 0.0, 0.0
		for i := 0; i < n; i++ { // z = tabZ is past the table's last interval
			z := -tabZ + 2*tabZ*float64(i)/float64(n)
			got := stats.Clamp(tab.at(z), tc.min, tc.max)
			// Above the median the exact quantile is read through the
			// mirrored distribution at Φ(−z): Φ(z) itself rounds to 1
			// beyond z ≈ 8.1 and loses digits of 1 − Φ(z) well before.
			want := d.Quantile(normalCDF(z))
			if z > 0 {
				want = mirror(normalCDF(-z))
			}
			want = stats.Clamp(want, tc.min, tc.max)
			if e := math.Abs(got - want); !(e <= worst) {
				worst, at = e, z
			}
		}
		// Beyond the table the exact quantile is used.
		for _, z := range []float64{-9, -tabZ - 1e-9, tabZ + 1e-9, 9} {
			if tab.kind == tabCubic && tab.at(z) != d.Quantile(normalCDF(z)) {
				t.Errorf("%v: at(%g) = %g, not the exact quantile %g", d, z, tab.at(z), d.Quantile(normalCDF(z)))
			}
		}
		intervals := 0
		if tab.kind == tabCubic {
			intervals = int(tab.nf)
		}
		t.Logf("%v on [%g, %g]: %d intervals, worst error %.2g of the range at z = %.3f", d, tc.min, tc.max, intervals, worst/(hi-lo), at)
		if !(worst <= tol) {
			t.Errorf("%v: error %g at z = %g, above %g (%g of the range)", d, worst, at, tol, tabTol)
		}
	}
}

// mirrored returns x(p) = Q(1 − p) of the distribution s describes, from
// the exact Quantile of its mirror image (−X, 1 − X, or 1/X for a
// lognormal), so that the upper tail keeps its digits.
func mirrored(t *testing.T, s DistSpec) func(p float64) float64 {
	t.Helper()
	m := s
	neg := true
	switch s.Kind {
	case "pert", "triangular", "uniform":
		m.Min, m.Max, m.Mode = -s.Max, -s.Min, -s.Mode
	case "beta":
		m.Alpha, m.Beta = s.Beta, s.Alpha
		d, _ := NewDist(m)
		return func(p float64) float64 { return 1 - d.Quantile(p) }
	case "lognormal":
		m.Mu = -s.Mu
		d, _ := NewDist(m)
		return func(p float64) float64 { return 1 / d.Quantile(p) }
	case "normal", "ci90":
		m.Mean, m.Lo, m.Hi = -s.Mean, -s.Hi, -s.Lo
		m.Min, m.Max, m.HasMin, m.HasMax = -s.Max, -s.Min, s.HasMax, s.HasMin
	default:
		neg = false
	}
	d, err := NewDist(m)
	if err != nil {
		t.Fatal(err)
	}
	if !neg {
		return func(p float64) float64 { return d.Quantile(1 - p) }
	}
	return func(p float64) float64 { return -d.Quantile(p) }
}

// TestTableDiscrete checks that a discrete table gives each value its
// probability: the thresholds split z at Φ⁻¹ of the cumulative weights.
func TestTableDiscrete(t *testing.T) {
	t.Parallel()
	d, _ := NewDist(DistSpec{Kind: "choice", Values: []float64{3, 1, 2}, Weights: []float64{1, 2, 1}})
	tab := buildTable(d, math.Inf(-1), math.Inf(1))
	for _, c := range []struct{ z, want float64 }{{-3, 1}, {-0.01, 1}, {0.01, 2}, {0.6, 2}, {0.7, 3}, {9, 3}} {
		if got := tab.at(c.z); got != c.want || got != d.Quantile(normalCDF(c.z)) {
			t.Errorf("at(%g) = %g, want %g", c.z, got, c.want)
		}
	}
}

// TestZiggurat checks the counter-based normal against Φ: moments, the
// Kolmogorov–Smirnov distance and the tails beyond the base layer.
func TestZiggurat(t *testing.T) {
	t.Parallel()
	const n = 1 << 20
	x := make([]float64, n)
	var s1, s2, s4 float64
	tail := 0
	for i := range x {
		z := zigNormal(rng.Mix(rng.Derive(7, uint64(i))))
		x[i] = z
		s1 += z
		s2 += z * z
		s4 += z * z * z * z
		if math.Abs(z) > zigR {
			tail++
		}
	}
	mean, v, k := s1/n, s2/n, s4/n
	if math.Abs(mean) > 5/math.Sqrt(n) || math.Abs(v-1) > 5*math.Sqrt(2.0/n) || math.Abs(k-3) > 5*math.Sqrt(96.0/n) {
		t.Errorf("mean %g, variance %g, fourth moment %g: want 0, 1, 3", mean, v, k)
	}
	sort.Float64s(x)
	ks := 0.0
	for i, z := range x {
		f := normalCDF(z)
		ks = max(ks, math.Abs(f-float64(i)/n), math.Abs(f-float64(i+1)/n))
	}
	if ks > 1.95/math.Sqrt(n) { // the 0.1% critical value
		t.Errorf("Kolmogorov–Smirnov distance %g", ks)
	}
	p := 2 * normalCDF(-zigR)
	if want := p * n; math.Abs(float64(tail)-want) > 5*math.Sqrt(want) {
		t.Errorf("%d numbers beyond ±%g, want about %.0f", tail, zigR, want)
	}
	if zigX[zigN-1] <= 0 || math.Abs(zigV/zigX[zigN-1]+zigY[zigN-1]-1) > 1e-9 {
		t.Errorf("the ziggurat's top layer does not close: f(x[N−1]) + V/x[N−1] = %g", zigV/zigX[zigN-1]+zigY[zigN-1])
	}
}

// withTables runs f with table sampling on. Tests that call it must not be
// parallel: the switch is a package variable.
func withTables(t *testing.T, f func()) {
	t.Helper()
	old := tableSampling
	tableSampling = true
	defer func() { tableSampling = old }()
	f()
}

// TestTableSamplingMarginals draws a scenario's inputs under table
// sampling (Monte Carlo and Latin hypercube) and compares each input's
// values with its distribution (Kolmogorov–Smirnov, against Quantile).
func TestTableSamplingMarginals(t *testing.T) {
	sc := tableScenario(t)
	w := model.DefaultWeights()
	const draws = 1 << 15
	withTables(t, func() {
		for _, s := range []string{"mc", "lhs"} {
			rec := &Records{}
			if _, err := Run(context.Background(), sc, &w, Plan{Draws: draws, Seed: 3, Sampler: samplerOf(s), Records: rec}); err != nil {
				t.Fatal(err)
			}
			for k, path := range rec.Paths {
				var d model.Distribution
				var lo, hi float64
				for _, in := range sc.Inputs {
					if in.Path == path {
						d = in.Dist
						tg, _ := sc.Resolve(path)
						lo, hi = tg.Min, tg.Max
					}
				}
				x := make([]float64, draws)
				for i := range x {
					x[i] = rec.X[i][k]
				}
				switch d.(type) {
				case *bernoulli, *choice:
					// Each value's share against its probability.
					for _, v := range []float64{0, 0.2, 0.5, 0.9, 1} {
						p := cdfByQuantile(d, v+1e-9, lo, hi) - cdfByQuantile(d, v-1e-9, lo, hi)
						got := float64(countOf(x, v)) / draws
						if math.Abs(got-p) > 5*math.Sqrt(p*(1-p)/draws)+1e-12 {
							t.Errorf("%s %s (%v): value %g in %.4f of draws, want %.4f", s, path, d, v, got, p)
						}
					}
					continue
				}
				slices.Sort(x)
				ks := 0.0
				for i := 0; i < draws; i += 7 {
					if x[i] <= lo || x[i] >= hi {
						continue // an atom of the clamp
					}
					// the exact CDF through bisection on the quantile lies
					// in [a, b]; the distance is taken at whichever end is
					// farther, an upper bound of the exact one
					a, b := cdfBracket(d, x[i], lo, hi, ksBisections)
					for _, e := range []float64{float64(i) / draws, float64(i+1) / draws} {
						ks = max(ks, math.Abs(a-e), math.Abs(b-e))
					}
				}
				limit := 1.95 / math.Sqrt(draws)
				if s == "lhs" && path != "a.threat" && path != "b.threat" {
					limit = 10.0 / draws // stratified (the copula's inputs are not)
				}
				if ks > limit {
					t.Errorf("%s %s (%v): Kolmogorov–Smirnov distance %g above %g", s, path, d, ks, limit)
				}
			}
		}
	})
}

func countOf(x []float64, v float64) int {
	n := 0
	for _, y := range x {
		if y == v {
			n++
		}
	}
	return n
}

// cdfByQuantile inverts d.Quantile (clamped to [lo, hi]) at x by bisection.
func cdfByQuantile(d model.Distribution, x, lo, hi float64) float64 {
	a, b := cdfBracket(d, x, lo, hi, 60)
	return (a + b) / 2
}

// ksBisections is the number of halvings of the bracket of each CDF value
// of the Kolmogorov–Smirnov distances: a width of 2⁻³⁰ (about 1e-9), which
// the distance adds to at most, against limits of 3e-4 and more.
const ksBisections = 30

// cdfBracket is the bracket [a, b] of the CDF of d (clamped to [lo, hi])
// at x after n halvings of [0, 1]: stats.Clamp(Quantile(a)) < x ≤
// stats.Clamp(Quantile(b)) unless a = 0 or b = 1.
func cdfBracket(d model.Distribution, x, lo, hi float64, n int) (a, b float64) {
	a, b = 0, 1
	for range n {
		m := (a + b) / 2
		if stats.Clamp(d.Quantile(m), lo, hi) < x {
			a = m
		} else {
			b = m
		}
	}
	return a, b
}

// TestTableSamplingKeepsDeterminism checks, with table sampling on, that
// the result does not depend on the number of workers and that a scenario
// sharing an input path with another sees the same values of it (common
// random numbers).
func TestTableSamplingKeepsDeterminism(t *testing.T) {
	sc := tableScenario(t)
	w := model.DefaultWeights()
	withTables(t, func() {
		var first *Result
		for _, workers := range []int{1, 3} {
			r, err := Run(context.Background(), sc, &w, Plan{Draws: 5000, Seed: 9, Workers: workers})
			if err != nil {
				t.Fatal(err)
			}
			r.ElapsedSeconds, r.Workers = 0, 0
			if first == nil {
				first = r
			} else if !equalResults(first, r) {
				t.Errorf("table sampling: %d workers differ from 1", workers)
			}
		}
		// Drop one input: every other input keeps its values, draw by draw.
		other := *sc
		other.Inputs = slices.Delete(slices.Clone(sc.Inputs), 3, 4) // b.pressure
		a, b := &Records{}, &Records{}
		for _, x := range []struct {
			sc  *model.Scenario
			rec *Records
		}{{sc, a}, {&other, b}} {
			if _, err := Run(context.Background(), x.sc, &w, Plan{Draws: 2000, Seed: 9, Records: x.rec}); err != nil {
				t.Fatal(err)
			}
		}
		for kb, path := range b.Paths {
			ka := slices.Index(a.Paths, path)
			for i := range a.X {
				if a.X[i][ka] != b.X[i][kb] {
					t.Fatalf("%s, draw %d: %g with the first input, %g without", path, i, a.X[i][ka], b.X[i][kb])
				}
			}
		}
	})
}

// tableScenario is a toy world whose uncertain inputs cover every kind a
// table handles, with one rank correlation (the copula's path).
func tableScenario(t *testing.T) *model.Scenario {
	t.Helper()
	d := func(s DistSpec) model.Distribution {
		x, err := NewDist(s)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	sc := &model.Scenario{
		Name: "tables", StartYear: 2027, HorizonYears: 5, InitialState: model.Entente,
		Actors: [2]model.ActorInfo{{ID: "a", Name: "A"}, {ID: "b", Name: "B"}},
		Rival:  model.ActorInfo{ID: "r", Name: "R"},
		Events: []model.Event{{Name: "crisis", Decay: 0.5, Effects: []model.Effect{{Target: "latent", Delta: 0.5}}}},
	}
	in := func(path string, s DistSpec) {
		sc.Inputs = append(sc.Inputs, model.Input{Path: path, Dist: d(s)})
	}
	in("a.threat", DistSpec{Kind: "pert", Min: 0.6, Mode: 0.8, Max: 0.95})
	in("a.pressure", DistSpec{Kind: "triangular", Min: 0.2, Mode: 0.7, Max: 0.9})
	in("b.threat", DistSpec{Kind: "beta", Alpha: 0.5, Beta: 2})
	in("b.pressure", DistSpec{Kind: "uniform", Min: 0.3, Max: 0.8})
	in("b.growth", DistSpec{Kind: "normal", Mean: 0.02, SD: 0.01})
	in("a.growth", DistSpec{Kind: "normal", Mean: -0.01, SD: 0.02, HasMin: true, Min: -0.02})
	in("a.autonomy_value", DistSpec{Kind: "lognormal", Mu: 0, Sigma: 0.4})
	in("b.doctrine", DistSpec{Kind: "bernoulli", P: 0.4})
	in("dyad.regime_similarity", DistSpec{Kind: "choice", Values: []float64{0.2, 0.5, 0.9}, Weights: []float64{1, 2, 1}})
	in("events.crisis.probability", DistSpec{Kind: "pert", Min: 0.01, Mode: 0.04, Max: 0.1})
	sc.Correlations = []model.Correlation{{A: "a.threat", B: "b.threat", Rank: 0.5}}
	if err := sc.Compile(); err != nil {
		t.Fatal(err)
	}
	return sc
}

func samplerOf(s string) design.Sampler {
	if s == "lhs" {
		return design.LatinHypercube
	}
	return design.MonteCarlo
}

func equalResults(a, b *Result) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

// TestEvalInputQuantile: the quantile a sensitivity design maps its
// points through is the table's, within the tables' bound (tabTol × the
// input's range) of the clamped exact quantile, from p = 1e-9 to 1 − 1e-9.
func TestEvalInputQuantile(t *testing.T) {
	t.Parallel()
	for _, tc := range tableCases {
		if tc.want == tabDiscrete {
			continue // a step function: the two agree but at the steps
		}
		d, err := NewDist(tc.spec)
		if err != nil {
			t.Fatal(err)
		}
		q := EvalInput{Path: "x", Dist: d, Min: tc.min, Max: tc.max}.Quantile()
		lo, hi := inputRange(d, tc.min, tc.max)
		tol := tabTol * (hi - lo)
		for _, p := range []float64{1e-9, 1e-6, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999, 1 - 1e-6, 1 - 1e-9} {
			want := min(max(d.Quantile(p), tc.min), tc.max)
			if got := q(p); math.Abs(got-want) > tol {
				t.Errorf("%+v at p = %g: table quantile %v, exact %v (bound %g)", tc.spec, p, got, want, tol)
			}
		}
	}
}
