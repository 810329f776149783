package scenarios_test

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	"github.com/alliancesim/alliancesim/design"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/nowcast"
	"github.com/alliancesim/alliancesim/scenarios"
	"github.com/alliancesim/alliancesim/sim"
	"github.com/alliancesim/alliancesim/study"
)

// calibrationDraws keeps every estimate's standard error below 0.0025, so
// that the 4-standard-error margins below are at most 0.01 wide.
const calibrationDraws = 40_000

func run(t testing.TB, sc *model.Scenario, draws int64) *sim.Result {
	t.Helper()
	r, err := simulate(t, sc, draws)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func simulate(t testing.TB, sc *model.Scenario, draws int64) (*sim.Result, error) {
	w := probeWeights(t) // PROBEW: the defaults unless the calibration aid's W is set
	return simulateWith(sc, w, draws)
}

// simulateWith runs sc as the calibration tests do, under w with the
// scenario's own fixed weights on top, from the start every command
// gives it.
func simulateWith(sc *model.Scenario, w model.Weights, draws int64) (*sim.Result, error) {
	for k, v := range sc.Weights {
		s, _ := model.LookupWeight(k)
		s.Set(&w, v)
	}
	start, err := nowcast.StartFor(context.Background(), sc)
	if err != nil {
		return nil, err
	}
	return sim.Run(context.Background(), sc, &w, sim.Plan{Draws: draws, Seed: 20261127, Start: start})
}

// startFor is where sc's runs start, as every command starts them: nil
// for a scenario that asserts its rung, the bundled record's state for
// one from the nowcast.
func startFor(t testing.TB, sc *model.Scenario) *sim.StartState {
	t.Helper()
	st, err := nowcast.StartFor(context.Background(), sc)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// sharedRuns holds the runs that several tests read: run is deterministic
// (the same scenario, weights, draws and seed give the same result), so a
// scenario named by the same key at the same draws is run once for the
// package. The results are shared between parallel tests: read them,
// never change them.
var sharedRuns sync.Map // sharedKey → *sharedRun

type sharedKey struct {
	key   string
	draws int64
}

type sharedRun struct {
	once sync.Once
	r    *sim.Result
	err  error
}

// runShared is run of the scenario that build makes, memoised under key,
// which must name that scenario exactly (edits included).
func runShared(t testing.TB, key string, draws int64, build func() (*model.Scenario, error)) *sim.Result {
	t.Helper()
	v, _ := sharedRuns.LoadOrStore(sharedKey{key, draws}, &sharedRun{})
	e := v.(*sharedRun)
	e.once.Do(func() {
		sc, err := build()
		if err != nil {
			e.err = err
			return
		}
		e.r, e.err = simulate(t, sc, draws)
	})
	if e.err != nil {
		t.Fatalf("%s: %v", key, e.err)
	}
	return e.r
}

// runBundled is run of the bundled scenario name as it is, shared.
func runBundled(t testing.TB, name string, draws int64) *sim.Result {
	t.Helper()
	return runShared(t, name, draws, func() (*model.Scenario, error) {
		l, err := scenarios.Open(name)
		if err != nil {
			return nil, err
		}
		return l.Scenario, nil
	})
}

func open(t testing.TB, name string) *model.Scenario {
	t.Helper()
	l, err := scenarios.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	return l.Scenario
}

// recordTarget is one of the record's targets (docs/model.md §7.1): a
// share of a bundled scenario's runs that the defaults must put inside
// [lo, hi] by 4 standard errors, so that a pass is not a fluke of the seed
// (a false pass or failure from Monte Carlo noise alone has a chance of
// about 1 in 30,000). The tests below and TestDefaultsFromPosterior read
// them from here.
type recordTarget struct {
	scenario string
	what     string
	get      func(r *sim.Result) (p, se float64)
	lo, hi   float64
	// short, when set, says why the defaults (the fitted posterior's
	// medians) miss the target within its 4 standard errors: the miss is
	// reported, not hidden, and the test fails once the target holds
	// again, so that the reason is dropped.
	short string
}

// fails reports whether r misses the target by 4 of its standard errors
// scaled by k (1 at the tests' draws; a screen at fewer draws scales its
// standard errors to the tests'). The shares lie in [0, 1], so a bound at
// 0 or 1 is none: such a target is one-sided.
func (c recordTarget) fails(r *sim.Result, k float64) bool {
	p, se := c.get(r)
	return c.lo > 0 && p-4*k*se < c.lo || c.hi < 1 && p+4*k*se > c.hi
}

var recordTargets = []recordTarget{
	{"hindcast-1992", "P(no defence alliance by end 2025)", func(r *sim.Result) (float64, float64) {
		return 1 - r.ByHorizon.P, r.ByHorizon.SE
	}, 0.6, 0.97, ""},
	// Paths, not only modal states: the record since 1992 is a climb with
	// no step down and no alliance.
	{"hindcast-1992", "P(no step down and no alliance, 1992–2025)", func(r *sim.Result) (float64, float64) {
		return r.Calm.P, r.Calm.SE
	}, 0.4, 1, ""},
	{"sino-soviet-1950", "P(defence alliance by end 1951)", func(r *sim.Result) (float64, float64) {
		return r.ByHorizon.P, r.ByHorizon.SE
	}, 0.5, 1, ""},
	// An alliance in force can end for the reasons that stop one forming:
	// with the 1950 treaty in force from 1956 and the conditions of the
	// split as scheduled history, it ends by the early 1960s in most runs.
	{"sino-soviet-split", "P(the alliance has ended by end 1962)", func(r *sim.Result) (float64, float64) {
		e := r.Ended[1962-r.StartYear]
		return e.P, e.SE
	}, 0.5, 1, ""},
	{"baseline", "P(defence alliance within 10 years)", func(r *sim.Result) (float64, float64) {
		return r.ByHorizon.P, r.ByHorizon.SE
	}, 0.005, 0.25, ""},
	// The baseline's entente has held since about 2014.
	{"baseline", "P(the pair steps down from the entente within 10 years)", func(r *sim.Result) (float64, float64) {
		return r.StepDown.P, r.StepDown.SE
	}, 0, 0.15, "the weights fitted to the record as a whole put the entente's 10-year step-down at the bound itself (docs/model.md §7.4)"},
}

// No hindcast year may imply more than hazardBound a year. A year's hazard
// is a binomial share of the runs still at risk (about 30,000 or more at
// the tests' draws), so its standard error is under 0.0009 near 2%;
// hazardSEs standard errors keep a pass from resting on a lucky seed while
// the target is a point bound.
const hazardBound, hazardSEs = 0.02, 2

// A side that walked out rejoins only on its standing calculus, and the
// split's history never restores it: no new pact (the record: rivalry
// from 1958, border clashes in 1969). splitNewPact leaves room for runs
// where the pressure, not a walk-out, ended the alliance.
const splitNewPact = 0.05

// checkTargets runs the record's targets of the named scenarios at the
// calibration's draws.
func checkTargets(t *testing.T, scenarios ...string) {
	t.Helper()
	for _, c := range recordTargets {
		if !slices.Contains(scenarios, c.scenario) {
			continue
		}
		r := runBundled(t, c.scenario, calibrationDraws)
		p, se := c.get(r)
		t.Logf("%s: %s = %.4f ± %.4f (target %.2f–%.2f)", c.scenario, c.what, p, se, c.lo, c.hi)
		switch fails := c.fails(r, 1); {
		case fails && c.short == "":
			t.Errorf("%s: %s = %.4f (SE %.4f): not inside %.2f–%.2f by 4 SE", c.scenario, c.what, p, se, c.lo, c.hi)
		case fails:
			t.Logf("%s: %s misses %.2f–%.2f by 4 SE, as recorded: %s", c.scenario, c.what, c.lo, c.hi, c.short)
		case c.short != "":
			t.Errorf("%s: %s = %.4f now meets %.2f–%.2f by 4 SE: drop the target's reason (%s)", c.scenario, c.what, p, c.lo, c.hi, c.short)
		}
	}
}

// The defaults must reproduce the record: the shares of §7.1.
func TestCalibration(t *testing.T) {
	t.Parallel()
	checkTargets(t, "sino-soviet-1950", "baseline")
}

// In the baseline the pair starts the first year on the entente: closer
// than a strategic partnership, less than an alliance.
func TestBaselineModalStateIsEntente(t *testing.T) {
	t.Parallel()
	r := runBundled(t, "baseline", 20_000)
	first := r.StateProb[0]
	for s, p := range first {
		if model.State(s) != model.Entente && p >= first[model.Entente] {
			t.Errorf("first year: %v (%.3f) at least as likely as the entente (%.3f)", model.State(s), p, first[model.Entente])
		}
	}
}

// The hindcast follows the observed path: normalization in 1992, a
// strategic partnership or more by 2001, and the entente as the modal
// state by 2020 (Trenin 2015; the 2022 "no limits" statement).
func TestHindcastPath(t *testing.T) {
	t.Parallel()
	r := runBundled(t, "hindcast-1992", 20_000)
	modal := func(year int) model.State {
		ps := r.StateProb[year-r.StartYear]
		best := 0
		for s := range ps {
			if ps[s] > ps[best] {
				best = s
			}
		}
		return model.State(best)
	}
	for _, tc := range []struct {
		year     int
		min, max model.State
	}{
		{1992, model.Normalization, model.Normalization},
		{2001, model.StrategicPartnership, model.TreatyPartnership},
		{2020, model.Entente, model.Entente},
	} {
		if s := modal(tc.year); s < tc.min || s > tc.max {
			t.Errorf("%d: modal state %v, want %v to %v", tc.year, s, tc.min, tc.max)
		}
	}
}

// scaled multiplies a distribution's values.
type scaled struct {
	model.Distribution
	by float64
}

func (s scaled) Rand(src rand.Source) float64 { return s.Distribution.Rand(src) * s.by }
func (s scaled) Quantile(p float64) float64   { return s.Distribution.Quantile(p) * s.by }

func modify(t *testing.T, sc *model.Scenario, path string, f func(model.Distribution) model.Distribution) *model.Scenario {
	t.Helper()
	c, ok := study.WithInput(sc, path, f)
	if !ok {
		t.Fatalf("no input %s", path)
	}
	return c
}

// Direction tests: each change is run against the baseline with the same
// seed, so both runs share every random number they can (common random
// numbers) and the difference shows the change, not noise. The difference
// must exceed 4 times the standard error of an unpaired difference; pairing
// makes the true error smaller, so this margin is conservative. The runs
// take four times the calibration's draws: the rival's pressure moves P
// least, since China's cost of protecting a more exposed Russia
// (protection_cost) offsets part of both sides' rise in opposition.
func TestDirections(t *testing.T) {
	t.Parallel()
	const draws = 4 * calibrationDraws
	base := open(t, "baseline")
	ref := runBundled(t, "baseline", draws)
	for _, tc := range []struct {
		name  string
		edits map[string]func(model.Distribution) model.Distribution
		up    bool
	}{
		{"raising the rival's pressure raises P(alliance)",
			map[string]func(model.Distribution) model.Distribution{"russia.pressure": shift(0.2), "china.pressure": shift(0.2)}, true},
		// From parity to the baseline's ratio of 6.2: the net of Russia's
		// autonomy cost, its security gain and China's influence. A further
		// widening from 6.2 moves P by well under a point, as the pooled
		// logit's OR of 0.92 per e-fold says it should (domain research §1.1).
		{"the capability asymmetry lowers P(alliance) against parity",
			map[string]func(model.Distribution) model.Distribution{"china.capability": scale(0.038 / 0.234)}, true},
		{"raising Russia's autonomy value lowers P(alliance)",
			map[string]func(model.Distribution) model.Distribution{"russia.autonomy_value": shift(0.3)}, false},
		{"widening the disorder gap lowers P(alliance)",
			map[string]func(model.Distribution) model.Distribution{"russia.disorder_appetite": shift(0.1), "china.disorder_appetite": shift(-0.1)}, false},
		{"a firmer non-alignment doctrine lowers P(alliance)",
			map[string]func(model.Distribution) model.Distribution{"china.doctrine_hazard": scale(0.5)}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			sc := base
			for path, f := range tc.edits {
				sc = modify(t, sc, path, f)
			}
			r := run(t, sc, draws)
			d := r.ByHorizon.P - ref.ByHorizon.P
			se := math.Hypot(r.ByHorizon.SE, ref.ByHorizon.SE)
			t.Logf("%s: ΔP = %+.4f (unpaired SE %.4f)", tc.name, d, se)
			if tc.up && d < 4*se || !tc.up && d > -4*se {
				t.Errorf("ΔP = %+.4f, want %s by more than 4 SE (%.4f)", d, map[bool]string{true: "a rise", false: "a fall"}[tc.up], 4*se)
			}
		})
	}
}

// BenchmarkBaseline measures the headline target: the ten-year baseline
// at 1,000,000 draws on all cores. It reports draws per second and
// nanoseconds per draw-year.
func BenchmarkBaseline(b *testing.B) {
	sc := open(b, "baseline")
	w := model.DefaultWeights()
	start := startFor(b, sc)
	for _, draws := range []int64{100_000, 1_000_000} {
		b.Run(design.MonteCarlo.String()+"/"+itoa(draws), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := sim.Run(context.Background(), sc, &w, sim.Plan{Draws: draws, Seed: 1, Start: start}); err != nil {
					b.Fatal(err)
				}
			}
			sec := b.Elapsed().Seconds()
			b.ReportMetric(float64(int64(b.N)*draws)/sec, "draws/s")
			b.ReportMetric(sec*1e9/float64(int64(b.N)*draws*int64(sc.HorizonYears)), "ns/draw-year")
		})
	}
}

func itoa(n int64) string {
	switch n {
	case 100_000:
		return "100k"
	case 1_000_000:
		return "1M"
	}
	return "n"
}

// The hindcast's targets, and its yearly hazards against hazardBound.
func TestPathCalibration(t *testing.T) {
	t.Parallel()
	checkTargets(t, "hindcast-1992")
	hind := runBundled(t, "hindcast-1992", calibrationDraws)
	for i, h := range yearHazards(hind) {
		if h.P+hazardSEs*h.SE > hazardBound {
			t.Errorf("hindcast-1992 %d: implied hazard %.4f (SE %.4f) above %.0f%%/yr by %d SE", hind.Years[i], h.P, h.SE, 100*hazardBound, hazardSEs)
		}
	}
}

// The split's target, and no new pact after it.
func TestSinoSovietSplit(t *testing.T) {
	t.Parallel()
	checkTargets(t, "sino-soviet-split")
	r := runBundled(t, "sino-soviet-split", calibrationDraws)
	t.Logf("sino-soviet-split: in force at end 1965 %.4f; a new pact formed by 1965 %.4f", r.InForce[len(r.InForce)-1].P, r.ByHorizon.P)
	if p := r.ByHorizon.P; p > splitNewPact {
		t.Errorf("P(a new pact by 1965) = %.4f, want at most %.2f", p, splitNewPact)
	}
}

// Morrow (1991): a small state under threat seeks a strong partner. With
// North Korea and Russia on the entente (testdata/morrow-dprk-russia.yaml:
// two years from 2024, North Korea's autonomy value at the coding
// protocol's default of 1), the pact
// grows more likely the stronger Russia is; v1 had it the other way round
// (100%, 86.5%, 4.2% at Russian CINCs of 0.012, 0.038, 0.12). Each step
// must exceed 4 unpaired standard errors.
func TestJuniorSeeksAStrongPartner(t *testing.T) {
	t.Parallel()
	// A fixture, not the library case: the case's coding may change under
	// the protocol, the mechanism under test must not depend on it.
	l, err := scenarios.Load("testdata/morrow-dprk-russia.yaml")
	if err != nil {
		t.Fatal(err)
	}
	sc := *l.Scenario
	junior := modify(t, &sc, "dprk.autonomy_value", pin(1))
	var prev *sim.Result
	for _, cinc := range []float64{0.012, 0.038, 0.12} {
		r := run(t, modify(t, junior, "russia.capability", pin(cinc)), calibrationDraws)
		t.Logf("Russian CINC %.3f: P(pact within 2 years) = %.4f ± %.4f", cinc, r.ByHorizon.P, r.ByHorizon.SE)
		if prev != nil {
			d, se := r.ByHorizon.P-prev.ByHorizon.P, math.Hypot(r.ByHorizon.SE, prev.ByHorizon.SE)
			if d < 4*se {
				t.Errorf("CINC %.3f: P rose by %+.4f over the weaker partner, want a rise of more than 4 SE (%.4f)", cinc, d, 4*se)
			}
		}
		prev = r
	}
}
