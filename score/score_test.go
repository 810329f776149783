package score

import (
	"math"
	"testing"
)

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

// four is a small set whose scores are worked out by hand below.
var four = []Forecast{{P: 0.9, Onset: true}, {P: 0.2}, {P: 0.6, Onset: true}, {P: 0}}

func TestBrier(t *testing.T) {
	t.Parallel()
	// (p − y)²: 0.01, 0.04, 0.16, 0; mean 0.21/4 = 0.0525. Deviations
	// from the mean −0.0425, −0.0125, 0.1075, −0.0525 have squares
	// summing to 0.016275; SE = √(0.016275/3/4) = 0.0368273.
	b := Brier(four)
	if b.N != 4 || !near(b.Value, 0.0525, 1e-12) || !near(b.SE, 0.0368273, 1e-7) {
		t.Errorf("Brier = %+v, want 0.0525 ± 0.0368273 on 4", b)
	}
	// Always 0.5 scores 0.25 with no spread.
	half := []Forecast{{P: 0.5, Onset: true}, {P: 0.5}}
	if b := Brier(half); b.Value != 0.25 || b.SE != 0 {
		t.Errorf("p = 0.5: %+v", b)
	}
	// One case: no standard error; none: no score.
	if b := Brier(four[:1]); !near(b.Value, 0.01, 1e-12) || !math.IsNaN(b.SE) {
		t.Errorf("one case: %+v", b)
	}
	if b := Brier(nil); !math.IsNaN(b.Value) || b.N != 0 {
		t.Errorf("no case: %+v", b)
	}
}

func TestLogScore(t *testing.T) {
	t.Parallel()
	// ln 0.9 + ln 0.8 + ln 0.6 + ln 1 = −0.1053605 − 0.2231436 − 0.5108256 + 0
	// = −0.8393297; mean −0.2098324.
	l := LogScore(four)
	if !near(l.Value, -0.2098324, 1e-7) {
		t.Errorf("log score %v, want −0.2098324", l.Value)
	}
	// A sure forecast that turned out wrong is −∞ unless clipped.
	wrong := []Forecast{{P: 0, Onset: true}, {P: 1}}
	if l := LogScore(wrong); !math.IsInf(l.Value, -1) {
		t.Errorf("unclipped: %v", l.Value)
	}
	eps := MonteCarloEpsilon(999) // 0.5/1000
	if eps != 0.0005 {
		t.Errorf("epsilon %v", eps)
	}
	c := Clip(wrong, eps)
	if c[0].P != 0.0005 || c[1].P != 0.9995 || wrong[0].P != 0 {
		t.Errorf("clip gave %+v (input now %+v)", c, wrong)
	}
	if l := LogScore(c); !near(l.Value, math.Log(0.0005), 1e-12) {
		t.Errorf("clipped: %v, want ln 0.0005 = %v", l.Value, math.Log(0.0005))
	}
}

func TestBrierMonteCarloSE(t *testing.T) {
	t.Parallel()
	// 2(p − y)·SE/N: 2·(−0.5)·0.01/2 = −0.005 and 2·0.2·0.02/2 = 0.004;
	// √(0.005² + 0.004²) = 0.0064031.
	fs := []Forecast{{P: 0.5, SE: 0.01, Onset: true}, {P: 0.2, SE: 0.02}}
	if got := BrierMonteCarloSE(fs); !near(got, 0.0064031, 1e-7) {
		t.Errorf("MC SE %v, want 0.0064031", got)
	}
	if got := BrierMonteCarloSE(four); got != 0 {
		t.Errorf("exact forecasts: MC SE %v", got)
	}
}

func TestCompare(t *testing.T) {
	t.Parallel()
	ref := []Forecast{{P: 0.5, Onset: true}, {P: 0.5}, {P: 0.5, Onset: true}, {P: 0.5}}
	c, err := Compare(four, ref)
	if err != nil {
		t.Fatal(err)
	}
	// Brier 0.0525 against 0.25: skill 1 − 0.0525/0.25 = 0.79. Differences
	// −0.24, −0.21, −0.09, −0.25: mean −0.1975; squared deviations
	// 0.00180625, 0.00015625, 0.01155625, 0.00275625 sum to 0.016275, the
	// same as the Brier terms' since ref's terms are constant.
	if c.N != 4 || !near(c.Skill, 0.79, 1e-12) || !near(c.Diff, -0.1975, 1e-12) || !near(c.DiffSE, 0.0368273, 1e-7) || !c.Beats() {
		t.Errorf("compare %+v", c)
	}
	if s := Skill(0.1, 0); !math.IsNaN(s) {
		t.Errorf("skill against a perfect reference %v", s)
	}
	if _, err := Compare(four, ref[:3]); err == nil {
		t.Error("different lengths accepted")
	}
	ref[1].Onset = true
	if _, err := Compare(four, ref); err == nil {
		t.Error("different outcomes accepted")
	}
}

func TestReliability(t *testing.T) {
	t.Parallel()
	fs := []Forecast{
		{P: 0.05}, {P: 0.15, Onset: true}, {P: 0.1}, // bin 0: mean 0.1, 1 of 3
		{P: 0.2}, {P: 0.3, Onset: true}, // bin 1 (0.2 is its lower edge): mean 0.25, 1 of 2
		{P: 0.8, Onset: true}, {P: 1, Onset: true}, {P: 0.9}, // bin 4 (1 belongs to the last bin): mean 0.9, 2 of 3
	}
	bins := Reliability(fs, 5)
	want := []struct {
		lo, hi   float64
		n        int
		meanP, o float64
	}{
		{0, 0.2, 3, 0.1, 1.0 / 3},
		{0.2, 0.4, 2, 0.25, 0.5},
		{0.4, 0.6, 0, math.NaN(), math.NaN()},
		{0.6, 0.8, 0, math.NaN(), math.NaN()},
		{0.8, 1, 3, 0.9, 2.0 / 3},
	}
	if len(bins) != 5 {
		t.Fatalf("%d bins", len(bins))
	}
	same := func(a, b float64) bool { return (math.IsNaN(a) && math.IsNaN(b)) || near(a, b, 1e-12) }
	for k, w := range want {
		b := bins[k]
		if !near(b.Lo, w.lo, 1e-12) || !near(b.Hi, w.hi, 1e-12) || b.N != w.n || !same(b.MeanP, w.meanP) || !same(b.Observed, w.o) {
			t.Errorf("bin %d: %+v, want %+v", k, b, w)
		}
	}
}

func TestSplit(t *testing.T) {
	t.Parallel()
	s := Split(four)
	if s.Onsets != 2 || s.NonOnsets != 2 || !near(s.MeanPOnset, 0.75, 1e-12) || !near(s.MeanPNonOnset, 0.1, 1e-12) {
		t.Errorf("split %+v", s)
	}
	if s := Split(four[:1]); s.NonOnsets != 0 || !math.IsNaN(s.MeanPNonOnset) {
		t.Errorf("no non-onsets: %+v", s)
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	if err := Validate(four); err != nil {
		t.Error(err)
	}
	for _, f := range []Forecast{{P: -0.1}, {P: 1.1}, {P: math.NaN()}, {P: 0.5, SE: -1}, {P: 0.5, SE: math.Inf(1)}} {
		if err := Validate([]Forecast{f}); err == nil {
			t.Errorf("%+v accepted", f)
		}
	}
}

func TestCumulative(t *testing.T) {
	t.Parallel()
	// 1 − (1 − 0.0049)^10 = 0.0479335; ^2: 0.00977599; one year is h itself.
	for _, tc := range []struct {
		years int
		want  float64
	}{{1, 0.0049}, {2, 0.00977599}, {10, 0.0479335}, {0, 0}} {
		if got := BaseRate(tc.years); !near(got, tc.want, 1e-7) {
			t.Errorf("base rate over %d years: %v, want %v", tc.years, got, tc.want)
		}
	}
	if got := Cumulative(0.5, 3); !near(got, 0.875, 1e-12) {
		t.Errorf("Cumulative(0.5, 3) = %v", got)
	}
}

// The reference logit reproduces the research's two published hazards
// (domain research §1.1): 0.021 for the China–Russia 2022 profile, which
// fixes the intercept, and the "same ≈0.020" for the 1950 Sino-Soviet
// profile, which checks it.
func TestLogitReferenceHazards(t *testing.T) {
	t.Parallel()
	l := DefaultLogit()
	cr2022 := Covariates{CommonRival: true, Contiguous: true, BothMajor: true, CapabilityRatio: 6.13, Year: 2022}
	if h := l.Hazard(cr2022); !near(h, 0.021, 0.0005) {
		t.Errorf("China–Russia 2022: h = %.5f, want 0.021 ± 0.0005", h)
	}
	ss1950 := Covariates{CommonRival: true, Contiguous: true, BothMajor: true, CapabilityRatio: 1 / 0.66, Year: 1950}
	if h := l.Hazard(ss1950); !near(h, 0.020, 0.0005) {
		t.Errorf("Sino-Soviet 1950: h = %.5f, want ≈0.020", h)
	}
	// A ratio below 1 reads as its inverse.
	inv := ss1950
	inv.CapabilityRatio = 0.66
	if a, b := l.Hazard(inv), l.Hazard(ss1950); !near(a, b, 1e-15) {
		t.Errorf("ratio 0.66 gives %v, 1/0.66 gives %v", a, b)
	}
	// With every covariate off (equals, before 1946): 1/(1 + e^5.18) = 0.0055965.
	if h := l.Hazard(Covariates{CapabilityRatio: 1, Year: 1900}); !near(h, 0.0055965, 1e-7) {
		t.Errorf("intercept alone: %v", h)
	}
	// Each term moves the log odds by its coefficient.
	base := Covariates{CapabilityRatio: 1, Year: 1900}
	z0 := l.LogOdds(base)
	for name, tc := range map[string]struct {
		c    Covariates
		want float64
	}{
		"rivals":   {Covariates{Rivals: true, CapabilityRatio: 1, Year: 1900}, math.Log(0.63)},
		"ratio e":  {Covariates{CapabilityRatio: math.E, Year: 1900}, math.Log(0.92)},
		"1946":     {Covariates{CapabilityRatio: 1, Year: 1946}, math.Log(0.44)},
		"1992":     {Covariates{CapabilityRatio: 1, Year: 1992}, math.Log(0.44) + math.Log(1.16)},
		"1991":     {Covariates{CapabilityRatio: 1, Year: 1991}, math.Log(0.44)},
		"major":    {Covariates{BothMajor: true, CapabilityRatio: 1, Year: 1900}, math.Log(1.27)},
		"common":   {Covariates{CommonRival: true, CapabilityRatio: 1, Year: 1900}, math.Log(1.32)},
		"contig.":  {Covariates{Contiguous: true, CapabilityRatio: 1, Year: 1900}, math.Log(5.18)},
		"ratio 10": {Covariates{CapabilityRatio: 10, Year: 1900}, math.Log(0.92) * math.Log(10)},
	} {
		if d := l.LogOdds(tc.c) - z0; !near(d, tc.want, 1e-12) {
			t.Errorf("%s: Δ log odds %v, want %v", name, d, tc.want)
		}
	}
	for _, r := range []float64{0, -1, math.NaN(), math.Inf(1)} {
		if h := l.Hazard(Covariates{CapabilityRatio: r}); !math.IsNaN(h) {
			t.Errorf("ratio %v: hazard %v", r, h)
		}
	}
	if r := CapabilityRatio(0.119, 0.181); !near(r, 0.181/0.119, 1e-12) {
		t.Errorf("ratio %v", r)
	}
	if r := CapabilityRatio(0, 1); !math.IsNaN(r) {
		t.Errorf("ratio with a zero: %v", r)
	}
}
