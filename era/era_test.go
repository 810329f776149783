package era

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// The eras of docs/model.md §8, from the bundled record.
var (
	bipolar  = Period{From: 1946, To: 1991, AtRisk: 32076, Onsets: 39}
	unipolar = Period{From: 1992, To: 2016, AtRisk: 35236, Onsets: 4}
)

// TestMarginal checks the negative binomial marginal against its
// definition, the Poisson probability integrated over the era's Gamma
// posterior, written over x = log r (a smooth integrand that decays faster
// than exponentially on both sides) and summed by the trapezoidal rule on
// 40,000 points over rates from 1e-30 to 0.1 per dyad-year. The two must
// agree to 1e-8 (relative); cases whose probability is below 1e-12 are
// left out.
func TestMarginal(t *testing.T) {
	const n = 40000
	lo, hi := math.Log(1e-30), math.Log(0.1)
	h := (hi - lo) / n
	for _, ref := range []Period{bipolar, unipolar, {AtRisk: 500, Onsets: 0}} {
		g := distuv.Gamma{Alpha: float64(ref.Onsets) + 0.5, Beta: ref.AtRisk}
		for _, k := range []int{0, 1, 2, 6, 17, 40} {
			for _, d := range []float64{1346, 13504, 35236} {
				var want float64
				for i := 0; i <= n; i++ {
					r := math.Exp(lo + float64(i)*h)
					f := math.Exp(g.LogProb(r) + math.Log(r) + distuv.Poisson{Lambda: d * r}.LogProb(float64(k)))
					if i == 0 || i == n {
						f /= 2
					}
					want += f * h
				}
				if want < 1e-12 {
					continue
				}
				got := math.Exp(logMarginal(k, d, ref))
				if math.Abs(got-want) > 1e-8*want {
					t.Errorf("rate of %d in %.0f, %d onsets in %.0f: %.12g, integral %.12g", ref.Onsets, ref.AtRisk, k, d, got, want)
				}
			}
		}
	}
}

// TestOrder checks the direction and the two eras' own records: more
// onsets in a window, a lower probability of the later era; a window at
// the later era's rate is all but surely in it, one at the earlier era's
// surely not; Even is the count at which the odds turn.
func TestOrder(t *testing.T) {
	last := 2.0
	for k := 0; k <= 20; k++ {
		e, err := Unipolarity(bipolar, unipolar, Period{AtRisk: 13504, Onsets: k})
		if err != nil {
			t.Fatal(err)
		}
		if !(e.P < last) || (k < e.Even) != (e.P >= 0.5) {
			t.Errorf("K=%d: P %.4g after %.4g, even at %d", k, e.P, last, e.Even)
		}
		last = e.P
	}
	// 1992–2001, the later era's busiest window (all four of its onsets),
	// against the era's other fifteen years, which hold none: still the
	// later era's (0.92, the lowest of its own windows).
	rest := Period{From: 2002, To: 2016, AtRisk: 35236 - 14455, Onsets: 0}
	if e, _ := Unipolarity(bipolar, rest, Period{AtRisk: 14455, Onsets: 4}); e.P < 0.9 {
		t.Errorf("1992–2001 against 2002–2016: P %.4f, want above 0.9", e.P)
	}
	if e, _ := Unipolarity(bipolar, unipolar, Period{AtRisk: 8000, Onsets: 10}); e.P > 0.01 {
		t.Errorf("a window at the earlier era's rate: P %.4f, want below 0.01", e.P)
	}
}

func TestUnipolarityErrors(t *testing.T) {
	for _, c := range []struct {
		b, u, w Period
	}{
		{Period{AtRisk: 0, Onsets: 3}, unipolar, Period{AtRisk: 1, Onsets: 0}},
		{bipolar, unipolar, Period{AtRisk: math.NaN(), Onsets: 0}},
		{bipolar, unipolar, Period{AtRisk: math.Inf(1), Onsets: 0}},
		{bipolar, unipolar, Period{AtRisk: 100, Onsets: -1}},
		{unipolar, bipolar, Period{AtRisk: 100, Onsets: 1}},
		{Period{AtRisk: 1000, Onsets: 5}, Period{AtRisk: 1000, Onsets: 5}, Period{AtRisk: 100, Onsets: 1}},
	} {
		if _, err := Unipolarity(c.b, c.u, c.w); err == nil {
			t.Errorf("%v %v %v: no error", c.b, c.u, c.w)
		}
	}
}
