package sim

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/stat/distuv"
)

func mustDist(t testing.TB, s DistSpec) interface {
	Rand(rand.Source) float64
	Quantile(float64) float64
	String() string
} {
	t.Helper()
	d, err := NewDist(s)
	if err != nil {
		t.Fatalf("NewDist(%+v): %v", s, err)
	}
	return d
}

// truncNormalMoments returns the mean and variance of a normal(mu, sd)
// truncated to [lo, hi] (Johnson, Kotz & Balakrishnan 1994, §10.1).
func truncNormalMoments(mu, sd, lo, hi float64) (mean, variance float64) {
	a, b := (lo-mu)/sd, (hi-mu)/sd
	n := distuv.UnitNormal
	z := n.CDF(b) - n.CDF(a)
	pa, pb := n.Prob(a), n.Prob(b)
	apa, bpb := a*pa, b*pb
	if math.IsInf(a, 0) {
		apa = 0
	}
	if math.IsInf(b, 0) {
		bpb = 0
	}
	r := (pa - pb) / z
	return mu + sd*r, sd * sd * (1 + (apa-bpb)/z - r*r)
}

// TestDistMoments checks every kind's sample mean and variance from 1e5
// draws against the analytic values.
//
// Tolerances are four standard errors of the estimate: sqrt(var/n) for the
// mean and sqrt((m4 - var²)/n) for the variance, m4 being the sample fourth
// central moment. With a correct implementation a deviation beyond four
// standard errors has probability about 6e-5 per check, so the fixed seed
// is not hiding a marginal pass; a wrong formula (a PERT with the wrong
// shapes, a ci90 with the 97.5th instead of the 95th percentile, a
// truncation applied to the wrong tail) moves the moments by tens of
// standard errors.
func TestDistMoments(t *testing.T) {
	t.Parallel()
	const n = 1e5
	tnMean, tnVar := truncNormalMoments(0.3, 0.2, 0, 1)
	tnUpMean, tnUpVar := truncNormalMoments(0, 1, 3, math.Inf(1))
	tnLoMean, tnLoVar := truncNormalMoments(0.5, 0.3, math.Inf(-1), 0.4)
	ciSD := 0.4 / (2 * 1.6448536269514722)
	ciTMean, ciTVar := truncNormalMoments(0.4, ciSD, 0, 1)
	pertVar := func(lo, mode, hi float64) float64 {
		a := 1 + 4*(mode-lo)/(hi-lo)
		b := 1 + 4*(hi-mode)/(hi-lo)
		return a * b / ((a + b) * (a + b) * (a + b + 1)) * (hi - lo) * (hi - lo)
	}
	for _, test := range []struct {
		spec       DistSpec
		mean, vari float64
	}{
		{DistSpec{Kind: "fixed", Value: 0.4}, 0.4, 0},
		{DistSpec{Kind: "uniform", Min: 0.3, Max: 0.6}, 0.45, 0.09 / 12},
		{DistSpec{Kind: "normal", Mean: -0.005, SD: 0.01}, -0.005, 1e-4},
		{DistSpec{Kind: "normal", Mean: 0.3, SD: 0.2, Min: 0, Max: 1, HasMin: true, HasMax: true}, tnMean, tnVar},
		{DistSpec{Kind: "normal", Mean: 0, SD: 1, Min: 3, HasMin: true}, tnUpMean, tnUpVar},
		{DistSpec{Kind: "normal", Mean: 0.5, SD: 0.3, Max: 0.4, HasMax: true}, tnLoMean, tnLoVar},
		{DistSpec{Kind: "triangular", Min: 0, Mode: 0.3, Max: 1}, 1.3 / 3, (0 + 1 + 0.09 - 0 - 0 - 0.3) / 18},
		{DistSpec{Kind: "triangular", Min: 0.2, Mode: 0.2, Max: 0.5}, 0.3, (0.04 + 0.25 + 0.04 - 0.1 - 0.04 - 0.1) / 18},
		{DistSpec{Kind: "pert", Min: 0.5, Mode: 0.7, Max: 0.9}, 0.7, pertVar(0.5, 0.7, 0.9)},
		{DistSpec{Kind: "pert", Min: 0, Mode: 0.2, Max: 1}, (0 + 0.8 + 1) / 6, pertVar(0, 0.2, 1)},
		{DistSpec{Kind: "beta", Alpha: 8, Beta: 3}, 8.0 / 11, 24.0 / (121 * 12)},
		{DistSpec{Kind: "beta", Alpha: 0.5, Beta: 0.5}, 0.5, 0.25 / 2},
		{DistSpec{Kind: "lognormal", Mu: -1, Sigma: 0.5}, math.Exp(-1 + 0.125), (math.Exp(0.25) - 1) * math.Exp(-2+0.25)},
		{DistSpec{Kind: "bernoulli", P: 0.3}, 0.3, 0.21},
		{DistSpec{Kind: "choice", Values: []float64{0.1, 0.5, 0.9}}, 0.5, (0.16 + 0 + 0.16) / 3},
		{DistSpec{Kind: "choice", Values: []float64{1, 0, 2}, Weights: []float64{1, 2, 1}}, 0.75, 1.25 - 0.75*0.75},
		{DistSpec{Kind: "ci90", Lo: 0.2, Hi: 0.6}, 0.4, ciSD * ciSD},
		{DistSpec{Kind: "ci90", Lo: 0.2, Hi: 0.6, Min: 0, Max: 1, HasMin: true, HasMax: true}, ciTMean, ciTVar},
	} {
		d := mustDist(t, test.spec)
		src := rand.NewPCG(1, 1)
		xs := make([]float64, int(n))
		var sum float64
		for i := range xs {
			xs[i] = d.Rand(src)
			sum += xs[i]
		}
		mean := sum / n
		var m2, m4 float64
		for _, x := range xs {
			dx := x - mean
			m2 += dx * dx
			m4 += dx * dx * dx * dx
		}
		m2 /= n - 1
		m4 /= n
		seMean := math.Sqrt(test.vari / n)
		seVar := math.Sqrt(math.Max(m4-m2*m2, 0) / n)
		if math.Abs(mean-test.mean) > 4*seMean+1e-12 {
			t.Errorf("%v: mean %.6g, want %.6g ± %.2g (4 se)", d, mean, test.mean, 4*seMean)
		}
		if math.Abs(m2-test.vari) > 4*seVar+1e-12 {
			t.Errorf("%v: variance %.6g, want %.6g ± %.2g (4 se)", d, m2, test.vari, 4*seVar)
		}
	}
}

// TestDistQuantile compares Quantile with reference values computed with
// mpmath at 40 digits (the same values scipy.stats gives to double
// precision).
func TestDistQuantile(t *testing.T) {
	t.Parallel()
	for _, test := range []struct {
		spec DistSpec
		p    float64
		want float64
		tol  float64
	}{
		{DistSpec{Kind: "fixed", Value: 0.4}, 0.3, 0.4, 0},
		{DistSpec{Kind: "uniform", Min: 0.3, Max: 0.6}, 0.25, 0.375, 1e-15},
		{DistSpec{Kind: "normal", Mean: 0, SD: 1}, 0.95, 1.6448536269514722, 1e-14},
		{DistSpec{Kind: "normal", Mean: 0.3, SD: 0.1}, 0.025, 0.10400360154599455, 1e-14},
		{DistSpec{Kind: "normal", Mean: 0.3, SD: 0.2, Min: 0, Max: 1, HasMin: true, HasMax: true}, 0.1, 0.10119324990242974, 1e-12},
		{DistSpec{Kind: "normal", Mean: 0.3, SD: 0.2, Min: 0, Max: 1, HasMin: true, HasMax: true}, 0.5, 0.31670718132141917, 1e-12},
		{DistSpec{Kind: "normal", Mean: 0.3, SD: 0.2, Min: 0, Max: 1, HasMin: true, HasMax: true}, 0.9, 0.56386690999924018, 1e-12},
		{DistSpec{Kind: "normal", Mean: 0, SD: 1, Min: 0, HasMin: true}, 0.5, 0.67448975019608174, 1e-12},
		{DistSpec{Kind: "normal", Mean: 0, SD: 1, Min: 3, HasMin: true}, 0.5, 3.2051549205989332, 1e-10},
		{DistSpec{Kind: "triangular", Min: 0, Mode: 0.3, Max: 1}, 0.5, 0.40839202169003841, 1e-14},
		{DistSpec{Kind: "triangular", Min: 0, Mode: 0.3, Max: 1}, 0.1, 0.17320508075688773, 1e-14},
		{DistSpec{Kind: "pert", Min: 0.5, Mode: 0.7, Max: 0.9}, 0.25, 0.64377446591585884, 1e-10},
		{DistSpec{Kind: "pert", Min: 0, Mode: 0.2, Max: 1}, 0.9, 0.54533405043358182, 1e-10},
		{DistSpec{Kind: "beta", Alpha: 2, Beta: 5}, 0.5, 0.26444998329565996, 1e-10},
		{DistSpec{Kind: "beta", Alpha: 8, Beta: 3}, 0.1, 0.55039611132641410, 1e-10},
		{DistSpec{Kind: "lognormal", Mu: 0, Sigma: 1}, 0.9, 3.6022244792791577, 1e-13},
		{DistSpec{Kind: "lognormal", Mu: -1, Sigma: 0.5}, 0.5, 0.36787944117144232, 1e-15},
		{DistSpec{Kind: "bernoulli", P: 0.3}, 0.7, 0, 0},
		{DistSpec{Kind: "bernoulli", P: 0.3}, 0.71, 1, 0},
		{DistSpec{Kind: "choice", Values: []float64{0.9, 0.1, 0.5}}, 1.0 / 3, 0.1, 0},
		{DistSpec{Kind: "choice", Values: []float64{0.9, 0.1, 0.5}}, 0.34, 0.5, 0},
		{DistSpec{Kind: "choice", Values: []float64{0.9, 0.1, 0.5}, Weights: []float64{1, 0, 1}}, 0, 0.5, 0},
		{DistSpec{Kind: "choice", Values: []float64{0.9, 0.1, 0.5}, Weights: []float64{1, 0, 1}}, 0.6, 0.9, 0},
		{DistSpec{Kind: "ci90", Lo: 0.2, Hi: 0.6}, 0.05, 0.2, 1e-14},
		{DistSpec{Kind: "ci90", Lo: 0.2, Hi: 0.6}, 0.95, 0.6, 1e-14},
		{DistSpec{Kind: "ci90", Lo: -3, Hi: 11}, 0.05, -3, 1e-13},
		{DistSpec{Kind: "ci90", Lo: -3, Hi: 11}, 0.95, 11, 1e-13},
		{DistSpec{Kind: "ci90", Lo: -3, Hi: 11}, 0.5, 4, 1e-14},
		// Outside (0, 1) Quantile returns the support's bounds, never panics.
		{DistSpec{Kind: "uniform", Min: 0.3, Max: 0.6}, -1, 0.3, 0},
		{DistSpec{Kind: "uniform", Min: 0.3, Max: 0.6}, 2, 0.6, 0},
		{DistSpec{Kind: "normal", Mean: 0.3, SD: 0.2, Min: 0, Max: 1, HasMin: true, HasMax: true}, 0, 0, 0},
		{DistSpec{Kind: "normal", Mean: 0.3, SD: 0.2, Min: 0, Max: 1, HasMin: true, HasMax: true}, 1, 1, 0},
		{DistSpec{Kind: "beta", Alpha: 2, Beta: 5}, 1.5, 1, 0},
		{DistSpec{Kind: "normal", Mean: 0, SD: 1}, 0, math.Inf(-1), 0},
	} {
		d := mustDist(t, test.spec)
		got := d.Quantile(test.p)
		if !scalar.EqualWithinAbsOrRel(got, test.want, test.tol, test.tol) && got != test.want {
			t.Errorf("%v.Quantile(%v) = %.17g, want %.17g", d, test.p, got, test.want)
		}
	}
}

// TestCI90 checks that ci90 [lo, hi] puts 5% of its draws below lo and 5%
// above hi (tolerance: four binomial standard errors, sqrt(0.05·0.95/n)).
func TestCI90(t *testing.T) {
	t.Parallel()
	const n = 1e5
	d := mustDist(t, DistSpec{Kind: "ci90", Lo: 0.2, Hi: 0.6})
	src := rand.NewPCG(1, 1)
	var below, above int
	for range int(n) {
		x := d.Rand(src)
		if x < 0.2 {
			below++
		}
		if x > 0.6 {
			above++
		}
	}
	tol := 4 * math.Sqrt(0.05*0.95/n)
	for _, got := range []float64{float64(below) / n, float64(above) / n} {
		if math.Abs(got-0.05) > tol {
			t.Errorf("share outside the ci90 = %.4f, want 0.05 ± %.4f", got, tol)
		}
	}
}

// TestDistSupport checks that draws stay inside each bounded support.
func TestDistSupport(t *testing.T) {
	t.Parallel()
	for _, test := range []struct {
		spec   DistSpec
		lo, hi float64
	}{
		{DistSpec{Kind: "uniform", Min: 0.3, Max: 0.6}, 0.3, 0.6},
		{DistSpec{Kind: "normal", Mean: 0.3, SD: 0.5, Min: 0.2, Max: 0.4, HasMin: true, HasMax: true}, 0.2, 0.4},
		{DistSpec{Kind: "normal", Mean: 0, SD: 1, Min: 3.5, HasMin: true}, 3.5, math.Inf(1)},
		{DistSpec{Kind: "ci90", Lo: 0.2, Hi: 0.6, Min: 0, Max: 0.3, HasMin: true, HasMax: true}, 0, 0.3},
		{DistSpec{Kind: "triangular", Min: 0, Mode: 1, Max: 1}, 0, 1},
		{DistSpec{Kind: "pert", Min: 2, Mode: 3, Max: 7}, 2, 7},
		{DistSpec{Kind: "beta", Alpha: 0.01, Beta: 0.02}, 0, 1},
		{DistSpec{Kind: "lognormal", Mu: 0, Sigma: 2}, 0, math.Inf(1)},
	} {
		d := mustDist(t, test.spec)
		src := rand.NewPCG(2, 3)
		for range 20000 {
			x := d.Rand(src)
			if !(x >= test.lo && x <= test.hi) {
				t.Errorf("%v drew %v outside [%v, %v]", d, x, test.lo, test.hi)
				break
			}
		}
	}
}

func TestNewDistInvalid(t *testing.T) {
	t.Parallel()
	nan, inf := math.NaN(), math.Inf(1)
	for _, test := range []struct {
		name  string
		spec  DistSpec
		param string
	}{
		{"unknown kind", DistSpec{Kind: "gaussian"}, "kind"},
		{"no kind", DistSpec{}, "kind"},
		{"fixed NaN", DistSpec{Kind: "fixed", Value: nan}, "value"},
		{"fixed Inf", DistSpec{Kind: "fixed", Value: inf}, "value"},
		{"fixed huge", DistSpec{Kind: "fixed", Value: 1e300}, "value"},
		{"fixed with bounds", DistSpec{Kind: "fixed", Value: 1, HasMax: true}, "max"},
		{"uniform lo = hi", DistSpec{Kind: "uniform", Min: 0.5, Max: 0.5}, "hi"},
		{"uniform lo > hi", DistSpec{Kind: "uniform", Min: 0.6, Max: 0.3}, "hi"},
		{"uniform NaN lo", DistSpec{Kind: "uniform", Min: nan, Max: 0.3}, "lo"},
		{"uniform -Inf lo", DistSpec{Kind: "uniform", Min: -inf, Max: 0.3}, "lo"},
		{"normal sd 0", DistSpec{Kind: "normal", Mean: 0.3, SD: 0}, "sd"},
		{"normal sd < 0", DistSpec{Kind: "normal", Mean: 0.3, SD: -1}, "sd"},
		{"normal sd NaN", DistSpec{Kind: "normal", Mean: 0.3, SD: nan}, "sd"},
		{"normal mean Inf", DistSpec{Kind: "normal", Mean: inf, SD: 1}, "mean"},
		{"normal min >= max", DistSpec{Kind: "normal", Mean: 0.3, SD: 0.1, Min: 1, Max: 0, HasMin: true, HasMax: true}, "max"},
		{"normal min NaN", DistSpec{Kind: "normal", Mean: 0.3, SD: 0.1, Min: nan, HasMin: true}, "min"},
		{"normal bounds far above", DistSpec{Kind: "normal", Mean: 0, SD: 0.01, Min: 0.5, Max: 1, HasMin: true, HasMax: true}, "min"},
		{"normal bounds far below", DistSpec{Kind: "normal", Mean: 0, SD: 0.01, Min: -1, Max: -0.5, HasMin: true, HasMax: true}, "max"},
		{"normal min in the far tail", DistSpec{Kind: "normal", Mean: 0, SD: 1, Min: 40, HasMin: true}, "min"},
		{"triangular lo > hi", DistSpec{Kind: "triangular", Min: 0.9, Mode: 0.5, Max: 0.1}, "hi"},
		{"triangular mode outside", DistSpec{Kind: "triangular", Min: 0.1, Mode: 0.95, Max: 0.9}, "mode"},
		{"triangular mode NaN", DistSpec{Kind: "triangular", Min: 0.1, Mode: nan, Max: 0.9}, "mode"},
		{"pert mode below", DistSpec{Kind: "pert", Min: 0.5, Mode: 0.4, Max: 0.9}, "mode"},
		{"pert lo = hi", DistSpec{Kind: "pert", Min: 0.5, Mode: 0.5, Max: 0.5}, "hi"},
		{"beta alpha -1", DistSpec{Kind: "beta", Alpha: -1, Beta: 3}, "alpha"},
		{"beta alpha 0", DistSpec{Kind: "beta", Alpha: 0, Beta: 3}, "alpha"},
		{"beta beta 0", DistSpec{Kind: "beta", Alpha: 2, Beta: 0}, "beta"},
		{"beta beta Inf", DistSpec{Kind: "beta", Alpha: 2, Beta: inf}, "beta"},
		{"beta alpha huge", DistSpec{Kind: "beta", Alpha: 1e7, Beta: 1}, "alpha"},
		{"beta with bounds", DistSpec{Kind: "beta", Alpha: 2, Beta: 2, HasMin: true}, "min"},
		{"lognormal sigma 0", DistSpec{Kind: "lognormal", Mu: 0, Sigma: 0}, "sigma"},
		{"lognormal mu NaN", DistSpec{Kind: "lognormal", Mu: nan, Sigma: 1}, "mu"},
		{"lognormal overflow", DistSpec{Kind: "lognormal", Mu: 700, Sigma: 5}, "sigma"},
		{"bernoulli p > 1", DistSpec{Kind: "bernoulli", P: 1.5}, "p"},
		{"bernoulli p < 0", DistSpec{Kind: "bernoulli", P: -0.1}, "p"},
		{"bernoulli p NaN", DistSpec{Kind: "bernoulli", P: nan}, "p"},
		{"choice empty", DistSpec{Kind: "choice"}, "values"},
		{"choice NaN value", DistSpec{Kind: "choice", Values: []float64{1, nan}}, "values[1]"},
		{"choice weights length", DistSpec{Kind: "choice", Values: []float64{1, 2, 3}, Weights: []float64{1, 2}}, "weights"},
		{"choice negative weight", DistSpec{Kind: "choice", Values: []float64{1, 2, 3}, Weights: []float64{1, 2, -3}}, "weights[2]"},
		{"choice zero weights", DistSpec{Kind: "choice", Values: []float64{1, 2}, Weights: []float64{0, 0}}, "weights"},
		{"choice Inf weight", DistSpec{Kind: "choice", Values: []float64{1, 2}, Weights: []float64{inf, 1}}, "weights[0]"},
		{"ci90 lo = hi", DistSpec{Kind: "ci90", Lo: 0.3, Hi: 0.3}, "hi"},
		{"ci90 lo > hi", DistSpec{Kind: "ci90", Lo: 0.6, Hi: 0.2}, "hi"},
		{"ci90 hi NaN", DistSpec{Kind: "ci90", Lo: 0.6, Hi: nan}, "hi"},
		{"ci90 bounds without mass", DistSpec{Kind: "ci90", Lo: 0.2, Hi: 0.3, Min: 0.9, Max: 1, HasMin: true, HasMax: true}, "min"},
	} {
		d, err := NewDist(test.spec)
		if err == nil {
			t.Errorf("%s: NewDist(%+v) = %v, want an error", test.name, test.spec, d)
			continue
		}
		var pe *ParamError
		if !errors.As(err, &pe) {
			t.Errorf("%s: error %v is a %T, want *ParamError", test.name, err, err)
			continue
		}
		if pe.Param != test.param {
			t.Errorf("%s: error %q names param %q, want %q", test.name, err, pe.Param, test.param)
		}
		if err.Error() != pe.Param+": "+pe.Msg || pe.Msg == "" {
			t.Errorf("%s: Error() = %q", test.name, err)
		}
	}
}

func TestDistString(t *testing.T) {
	t.Parallel()
	for _, test := range []struct {
		spec DistSpec
		want string
	}{
		{DistSpec{Kind: "fixed", Value: 0.4}, "fixed(0.4)"},
		{DistSpec{Kind: "uniform", Min: 0.3, Max: 0.6}, "uniform(0.3, 0.6)"},
		{DistSpec{Kind: "normal", Mean: 0.3, SD: 0.1}, "normal(0.3, 0.1)"},
		{DistSpec{Kind: "normal", Mean: 0.3, SD: 0.1, Min: 0, Max: 1, HasMin: true, HasMax: true}, "normal(0.3, 0.1) truncated to [0, 1]"},
		{DistSpec{Kind: "normal", Mean: 0.3, SD: 0.1, Min: 0, HasMin: true}, "normal(0.3, 0.1) truncated to [0, +Inf]"},
		{DistSpec{Kind: "triangular", Min: 0.1, Mode: 0.2, Max: 0.5}, "triangular(0.1, 0.2, 0.5)"},
		{DistSpec{Kind: "pert", Min: 0.5, Mode: 0.7, Max: 0.9}, "pert(0.5, 0.7, 0.9)"},
		{DistSpec{Kind: "beta", Alpha: 8, Beta: 3}, "beta(8, 3)"},
		{DistSpec{Kind: "lognormal", Mu: -2, Sigma: 0.5}, "lognormal(-2, 0.5)"},
		{DistSpec{Kind: "bernoulli", P: 0.25}, "bernoulli(0.25)"},
		{DistSpec{Kind: "choice", Values: []float64{0.1, 0.5}}, "choice([0.1, 0.5])"},
		{DistSpec{Kind: "choice", Values: []float64{0.1, 0.5}, Weights: []float64{3, 1}}, "choice([0.1, 0.5], weights [3, 1])"},
		{DistSpec{Kind: "ci90", Lo: 0.2, Hi: 0.6}, "ci90[0.2, 0.6]"},
		{DistSpec{Kind: "ci90", Lo: 0.2, Hi: 0.6, Max: 1, HasMax: true}, "ci90[0.2, 0.6] truncated to [-Inf, 1]"},
	} {
		if got := mustDist(t, test.spec).String(); got != test.want {
			t.Errorf("String() = %q, want %q", got, test.want)
		}
	}
}

func TestIsFixedAndMedian(t *testing.T) {
	t.Parallel()
	d := mustDist(t, DistSpec{Kind: "fixed", Value: 0.4})
	if v, ok := IsFixed(d); !ok || v != 0.4 {
		t.Errorf("IsFixed(fixed(0.4)) = %v, %v", v, ok)
	}
	if Median(d) != 0.4 {
		t.Errorf("Median(fixed(0.4)) = %v", Median(d))
	}
	u := mustDist(t, DistSpec{Kind: "uniform", Min: 0.2, Max: 0.4})
	if _, ok := IsFixed(u); ok {
		t.Error("IsFixed(uniform) = true")
	}
	if m := Median(u); math.Abs(m-0.3) > 1e-15 {
		t.Errorf("Median(uniform(0.2, 0.4)) = %v", m)
	}
}

var allKinds = []DistSpec{
	{Kind: "fixed", Value: 0.4},
	{Kind: "uniform", Min: 0.3, Max: 0.6},
	{Kind: "normal", Mean: 0.3, SD: 0.1},
	{Kind: "normal", Mean: 0.3, SD: 0.2, Min: 0, Max: 1, HasMin: true, HasMax: true},
	{Kind: "triangular", Min: 0.1, Mode: 0.2, Max: 0.5},
	{Kind: "pert", Min: 0.5, Mode: 0.7, Max: 0.9},
	{Kind: "beta", Alpha: 8, Beta: 3},
	{Kind: "lognormal", Mu: -2, Sigma: 0.5},
	{Kind: "bernoulli", P: 0.25},
	{Kind: "choice", Values: []float64{0.1, 0.5, 0.9}, Weights: []float64{1, 2, 1}},
	{Kind: "ci90", Lo: 0.2, Hi: 0.6},
}

// TestRandDeterministic checks that the same source state gives the same
// draws, and that Rand reads nothing but the source it is given.
func TestRandDeterministic(t *testing.T) {
	t.Parallel()
	for _, s := range allKinds {
		d := mustDist(t, s)
		a, b := rand.NewPCG(7, 11), rand.NewPCG(7, 11)
		for i := range 1000 {
			x, y := d.Rand(a), d.Rand(b)
			if x != y {
				t.Fatalf("%v: draw %d differs: %v != %v", d, i, x, y)
			}
		}
	}
}

func TestNaNAndNilSource(t *testing.T) {
	t.Parallel()
	for _, s := range allKinds {
		d := mustDist(t, s)
		if q := d.Quantile(math.NaN()); !math.IsNaN(q) {
			t.Errorf("%v.Quantile(NaN) = %v", d, q)
		}
		if s.Kind == "fixed" {
			continue
		}
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%v.Rand(nil) did not panic", d)
				}
			}()
			d.Rand(nil)
		}()
	}
}

func TestRandNoAlloc(t *testing.T) {
	for _, s := range allKinds {
		d := mustDist(t, s)
		src := rand.NewPCG(1, 2)
		if n := testing.AllocsPerRun(1000, func() { d.Rand(src) }); n != 0 {
			t.Errorf("%v: Rand allocates %v times per call", d, n)
		}
	}
}

func benchmarkRand(b *testing.B, s DistSpec) {
	d := mustDist(b, s)
	var pcg rand.PCG
	pcg.Seed(1, 2)
	b.ReportAllocs()
	var sink float64
	for b.Loop() {
		sink += d.Rand(&pcg)
	}
	_ = sink
}

func BenchmarkRandFixed(b *testing.B)       { benchmarkRand(b, allKinds[0]) }
func BenchmarkRandUniform(b *testing.B)     { benchmarkRand(b, allKinds[1]) }
func BenchmarkRandNormal(b *testing.B)      { benchmarkRand(b, allKinds[2]) }
func BenchmarkRandTruncNormal(b *testing.B) { benchmarkRand(b, allKinds[3]) }
func BenchmarkRandTriangular(b *testing.B)  { benchmarkRand(b, allKinds[4]) }
func BenchmarkRandPERT(b *testing.B)        { benchmarkRand(b, allKinds[5]) }
func BenchmarkRandBeta(b *testing.B)        { benchmarkRand(b, allKinds[6]) }
func BenchmarkRandLogNormal(b *testing.B)   { benchmarkRand(b, allKinds[7]) }
func BenchmarkRandBernoulli(b *testing.B)   { benchmarkRand(b, allKinds[8]) }
func BenchmarkRandChoice(b *testing.B)      { benchmarkRand(b, allKinds[9]) }
func BenchmarkRandCI90(b *testing.B)        { benchmarkRand(b, allKinds[10]) }

// FuzzNewDist checks that NewDist either rejects a spec or returns a
// distribution whose Quantile and Rand give numbers (never NaN) without
// panicking.
func FuzzNewDist(f *testing.F) {
	kinds := Kinds()
	f.Add(uint8(0), 0.4, 0.0, 0.0, false, false)
	f.Add(uint8(2), 0.3, 0.1, 0.0, true, false)
	f.Add(uint8(5), 8.0, 3.0, 0.0, false, false)
	f.Add(uint8(4), 0.5, 0.9, 0.7, false, false)
	f.Add(uint8(9), 0.2, 0.6, 0.0, true, true)
	f.Fuzz(func(t *testing.T, k uint8, a, b, c float64, hasMin, hasMax bool) {
		s := DistSpec{Kind: kinds[int(k)%len(kinds)], Value: a, Min: a, Max: b, HasMin: hasMin, HasMax: hasMax,
			Mean: a, SD: b, Mode: c, Alpha: a, Beta: b, Mu: a, Sigma: b, P: a,
			Values: []float64{a, b, c}, Weights: []float64{b, c, a}, Lo: a, Hi: b}
		if s.Kind == "normal" || s.Kind == "ci90" {
			s.Min, s.Max = c, c+math.Abs(b)
		}
		d, err := NewDist(s)
		if err != nil {
			return
		}
		for _, p := range []float64{0, 0.01, 0.5, 0.99, 1} {
			if q := d.Quantile(p); math.IsNaN(q) {
				t.Fatalf("%v.Quantile(%v) = NaN", d, p)
			}
		}
		src := rand.NewPCG(1, 1)
		for range 20 {
			if x := d.Rand(src); math.IsNaN(x) {
				t.Fatalf("%v.Rand() = NaN", d)
			}
		}
	})
}
