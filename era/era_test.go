package era

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/integrate/quad"
	"gonum.org/v1/gonum/stat/distuv"
)

// The eras of docs/model.md §8, from the bundled record.
var (
	bipolar  = Period{From: 1946, To: 1991, AtRisk: 32076, Onsets: 39}
	unipolar = Period{From: 1992, To: 2016, AtRisk: 35236, Onsets: 4}
)

// TestClosedForm checks the estimate against its closed form when the two
// eras' rates are known (their counts a billion times larger): then
// u = log(r/r₀)/log(r₁/r₀) with r ~ Gamma(K + ½, D), so
// P(u ≤ x) = P(r ≥ r₀·(r₁/r₀)^x), a Gamma survival function, and the mean
// is an integral of it. The tolerance of the distribution function is one
// node's probability (1/48: the estimate's values are the window's rate at
// 48 quantiles); of the mean 0.003, above the midpoint rule's error,
// measured at 0.0002–0.0006 for these windows.
func TestClosedForm(t *testing.T) {
	const big = 1e9
	b := Period{AtRisk: bipolar.AtRisk * big, Onsets: bipolar.Onsets * big}
	u := Period{AtRisk: unipolar.AtRisk * big, Onsets: unipolar.Onsets * big}
	r0, r1 := float64(b.Onsets)/b.AtRisk, float64(u.Onsets)/u.AtRisk
	lq := math.Log(r1 / r0)
	for _, k := range []int{0, 1, 3, 6, 15} {
		w := Period{From: 2017, To: 2026, AtRisk: 13620, Onsets: k}
		e, err := Unipolarity(b, u, w)
		if err != nil {
			t.Fatal(err)
		}
		g := distuv.Gamma{Alpha: float64(k) + 0.5, Beta: w.AtRisk}
		cdf := func(x float64) float64 {
			if x >= 1 {
				return 1
			}
			return g.Survival(r0 * math.Exp(lq*x))
		}
		for _, p := range []float64{0.05, 0.25, 0.5, 0.75, 0.95} {
			// At the ends u has point masses: a quantile of 0 is right
			// when P(u ≤ 0) reaches p, one of 1 when P(u < 1) does not.
			x := e.Quantile(p)
			got := cdf(x)
			switch {
			case x == 0 && got >= p-1.0/nodes:
			case x == 1 && g.Survival(r1) <= p+1.0/nodes:
			case math.Abs(got-p) > 1.0/nodes:
				t.Errorf("K=%d: P(u ≤ %.4f) = %.4f, want %.2f ± 1/%d", k, x, got, p, nodes)
			}
		}
		// E[u] = ∫₀¹ P(u > x) dx for u in [0, 1].
		mean := quad.Fixed(func(x float64) float64 { return 1 - cdf(x) }, 0, 1, 2000, nil, 0)
		if math.Abs(e.Mean-mean) > 0.003 {
			t.Errorf("K=%d: mean %.4f, closed form %.4f", k, e.Mean, mean)
		}
		if want := g.Survival(r1); math.Abs(e.AtOne-(1-want)) > 1.0/nodes {
			t.Errorf("K=%d: P(u = 1) %.4f, closed form %.4f", k, e.AtOne, 1-want)
		}
	}
}

// TestNodes checks that the quadrature has converged: doubling the nodes
// moves the mean, the quantiles and P(u = 1) by less than 0.01 for windows
// from no onsets to the earlier era's rate.
func TestNodes(t *testing.T) {
	for _, k := range []int{0, 2, 5, 16} {
		w := Period{From: 2017, To: 2026, AtRisk: 13620, Onsets: k}
		a, err := unipolarity(bipolar, unipolar, w, nodes)
		if err != nil {
			t.Fatal(err)
		}
		b, err := unipolarity(bipolar, unipolar, w, 2*nodes)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range [][3]any{
			{"mean", a.Mean, b.Mean}, {"Q05", a.Q05, b.Q05}, {"Q50", a.Q50, b.Q50}, {"Q95", a.Q95, b.Q95}, {"P(u=1)", a.AtOne, b.AtOne},
		} {
			if x, y := d[1].(float64), d[2].(float64); math.Abs(x-y) > 0.01 {
				t.Errorf("K=%d: %s %.4f at %d nodes, %.4f at %d", k, d[0], x, nodes, y, 2*nodes)
			}
		}
	}
}

// TestOrder checks the direction: more onsets in the window, a lower
// value (the bar weaker); the later era's own rate, a value near 1.
func TestOrder(t *testing.T) {
	last := 2.0
	for k := 0; k <= 20; k++ {
		e, err := Unipolarity(bipolar, unipolar, Period{AtRisk: 13620, Onsets: k})
		if err != nil {
			t.Fatal(err)
		}
		if !(e.Mean < last) || e.Q05 > e.Q50 || e.Q50 > e.Q95 {
			t.Errorf("K=%d: mean %.3f after %.3f; quantiles %.3f %.3f %.3f", k, e.Mean, last, e.Q05, e.Q50, e.Q95)
		}
		last = e.Mean
	}
	at, _ := Unipolarity(bipolar, unipolar, Period{AtRisk: 35236, Onsets: 4})
	if at.Q50 < 0.9 {
		t.Errorf("the later era's own record: median %.3f, want about 1", at.Q50)
	}
	back, _ := Unipolarity(bipolar, unipolar, Period{AtRisk: 32076, Onsets: 39})
	if back.Q50 > 0.1 {
		t.Errorf("the earlier era's own record: median %.3f, want about 0", back.Q50)
	}
}

func TestUnipolarityErrors(t *testing.T) {
	for _, c := range []struct {
		b, u, w Period
	}{
		{Period{AtRisk: 0, Onsets: 3}, unipolar, Period{AtRisk: 1, Onsets: 0}},
		{bipolar, unipolar, Period{AtRisk: math.NaN(), Onsets: 0}},
		{bipolar, unipolar, Period{AtRisk: 100, Onsets: -1}},
		{unipolar, bipolar, Period{AtRisk: 100, Onsets: 1}},
	} {
		if _, err := Unipolarity(c.b, c.u, c.w); err == nil {
			t.Errorf("%v %v %v: no error", c.b, c.u, c.w)
		}
	}
}
