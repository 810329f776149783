package stats

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat"
)

// Ranks returns the 1-based ranks of x, tied values sharing their average
// rank (so the ranks always sum to n(n+1)/2). x is not modified and must
// not contain NaN.
func Ranks(x []float64) []float64 {
	n := len(x)
	sorted := slices.Clone(x)
	idx := make([]int, n)
	floats.Argsort(sorted, idx)
	r := make([]float64, n)
	for i := 0; i < n; {
		j := i + 1
		for j < n && sorted[j] == sorted[i] {
			j++
		}
		avg := float64(i+j+1) / 2 // mean of ranks i+1 … j
		for k := i; k < j; k++ {
			r[idx[k]] = avg
		}
		i = j
	}
	return r
}

// Spearman returns the Spearman rank correlation of x and y: the Pearson
// correlation (stat.Correlation) of their ranks, tied values sharing their
// average rank. It is NaN when x or y has fewer than two distinct values
// (including fewer than two values), and it panics if the lengths differ.
// Neither slice may contain NaN.
func Spearman(x, y []float64) float64 {
	if len(x) != len(y) {
		panic("stats: Spearman of slices of different lengths")
	}
	return stat.Correlation(Ranks(x), Ranks(y), nil)
}

// NormalCorrelation converts a rank (Spearman) correlation ρ into the
// correlation r = 2·sin(π·ρ/6) of a bivariate normal whose rank
// correlation is ρ (Pearson 1907; Kruskal 1958). It is the conversion a
// Gaussian copula, or the method of Iman & Conover (1982), applies to a
// requested rank correlation.
func NormalCorrelation(rank float64) float64 { return 2 * math.Sin(math.Pi*rank/6) }

// CountTrue is the number of true values in xs.
func CountTrue(xs []bool) int {
	k := 0
	for _, v := range xs {
		if v {
			k++
		}
	}
	return k
}

// BinomialUpperTail returns P(X ≥ k) for X ~ Binomial(n, p), computed as a
// regularised incomplete beta function so that tiny tails keep their
// precision. It is the quasi p-value of a box of scenario discovery
// (PRIM): how likely a box's cases are if a condition did not matter.
func BinomialUpperTail(k, n int, p float64) float64 {
	switch {
	case k <= 0 || p >= 1:
		return 1
	case k > n || p <= 0:
		return 0
	}
	return mathext.RegIncBeta(float64(k), float64(n-k+1), p)
}

// Clamp returns x limited to [lo, hi], and x itself (a NaN, or a −0 at a
// bound of +0) when it is inside: the engine's inputs and the model's
// drivers are clamped this way, bit for bit, so it is written with
// comparisons rather than min and max, which turn −0 into +0.
func Clamp(x, lo, hi float64) float64 {
	if x < lo {
		return lo
	}
	if x > hi {
		return hi
	}
	return x
}
