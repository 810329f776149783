package sim

import (
	"math"

	"github.com/alliancesim/alliancesim/internal/format"
)

// zWilson is the standard normal quantile for a two-sided 95% interval.
const zWilson = 1.959963984540054

// Wilson returns the proportion count/n with its 95% Wilson score interval
// and binomial standard error. The Wilson interval keeps its coverage near
// 0 and 1, where the Wald interval collapses, which matters here: the
// headline probabilities are often a few percent. n = 0 gives NaN.
func Wilson(count, n int64) Proportion {
	pr := Proportion{Count: count, N: n}
	if n <= 0 {
		pr.P, pr.Lo, pr.Hi, pr.SE = math.NaN(), math.NaN(), math.NaN(), math.NaN()
		return pr
	}
	nf := float64(n)
	p := float64(count) / nf
	z2 := zWilson * zWilson
	denom := 1 + z2/nf
	centre := (p + z2/(2*nf)) / denom
	half := zWilson * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf)) / denom
	pr.P = p
	pr.Lo = math.Max(0, centre-half)
	pr.Hi = math.Min(1, centre+half)
	pr.SE = math.Sqrt(p * (1 - p) / nf)
	return pr
}

// HalfWidth is the larger distance from P to either end of the interval.
func (p Proportion) HalfWidth() float64 { return math.Max(p.P-p.Lo, p.Hi-p.P) }

// WithInterval is the estimate with its 95% interval as the tables print
// it, "6.1% (5.9–6.3%)", or "–" for a proportion of no runs.
func (p Proportion) WithInterval() string {
	if p.N == 0 {
		return "–"
	}
	return format.Percent(p.P) + " (" + format.Interval(p.Lo, p.Hi) + ")"
}
