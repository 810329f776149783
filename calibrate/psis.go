package calibrate

import (
	"math"
	"sort"
)

// psis smooths log importance weights by Pareto-smoothed importance
// sampling (Vehtari, Simpson, Gelman, Yao & Gabry 2024, "Pareto smoothed
// importance sampling", JMLR 25): the largest M = min(n/5, 3√n) weights
// are replaced by the expected order statistics of a generalized Pareto
// distribution fitted to them (Zhang & Stephens 2009), capped at the
// largest raw weight. It returns the smoothed log weights and the fitted
// shape k̂: below 0.5 the estimates are reliable, from 0.5 to 0.7 usable
// with care, above 0.7 the importance sampling is unreliable (the
// variance of the weights is effectively infinite) and the estimate
// should not be trusted. With too few weights to fit (M < 5) k̂ is NaN and
// the weights are returned unchanged.
func psis(lw []float64) ([]float64, float64) {
	n := len(lw)
	out := append([]float64(nil), lw...)
	m := int(math.Ceil(min(0.2*float64(n), 3*math.Sqrt(float64(n)))))
	if m < 5 || n < m+1 {
		return out, math.NaN()
	}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return lw[idx[a]] < lw[idx[b]] })
	mx := lw[idx[n-1]]
	cut := lw[idx[n-m-1]]
	if math.IsInf(cut, -1) || mx == cut {
		return out, math.NaN()
	}
	// Exceedances over the cutoff, on the scale of the largest weight.
	x := make([]float64, m)
	ec := math.Exp(cut - mx)
	for i := range m {
		x[i] = math.Exp(lw[idx[n-m+i]]-mx) - ec
	}
	k, sigma := gpdFit(x)
	if math.IsNaN(k) || math.IsInf(k, 0) {
		return out, k
	}
	for i := range m {
		p := (float64(i) + 0.5) / float64(m)
		q := gpdQuantile(p, k, sigma) + ec
		out[idx[n-m+i]] = min(math.Log(q)+mx, mx)
	}
	return out, k
}

// gpdFit estimates the generalized Pareto distribution's shape k and scale
// σ from exceedances x sorted ascending, by the empirical Bayes method of
// Zhang & Stephens (2009, Technometrics 51), with the weakly informative
// prior of Vehtari et al. that pulls k̂ towards 0.5 by the weight of 10
// observations (as in the R package loo).
func gpdFit(x []float64) (float64, float64) {
	n := len(x)
	const prior = 3
	m := 30 + int(math.Sqrt(float64(n)))
	xstar := x[int(math.Floor(float64(n)/4+0.5))-1]
	if xstar <= 0 || x[n-1] <= 0 {
		return math.NaN(), math.NaN()
	}
	theta := make([]float64, m)
	lth := make([]float64, m)
	for j := range m {
		theta[j] = 1/x[n-1] + (1-math.Sqrt(float64(m)/(float64(j+1)-0.5)))/prior/xstar
		a := -theta[j]
		k := 0.0
		for _, v := range x {
			k += math.Log1p(a * v)
		}
		k /= float64(n)
		lth[j] = float64(n) * (math.Log(a/k) - k - 1)
	}
	mx := math.Inf(-1)
	for _, l := range lth {
		if !math.IsNaN(l) {
			mx = max(mx, l)
		}
	}
	s := 0.0
	for _, l := range lth {
		if !math.IsNaN(l) {
			s += math.Exp(l - mx)
		}
	}
	th := 0.0
	for j, l := range lth {
		if !math.IsNaN(l) {
			th += theta[j] * math.Exp(l-mx) / s
		}
	}
	k := 0.0
	for _, v := range x {
		k += math.Log1p(-th * v)
	}
	k /= float64(n)
	sigma := -k / th
	k = (k*float64(n) + 0.5*10) / (float64(n) + 10)
	return k, sigma
}

// gpdQuantile is the generalized Pareto quantile at p, location 0.
func gpdQuantile(p, k, sigma float64) float64 {
	if k == 0 {
		return -sigma * math.Log1p(-p)
	}
	return sigma * math.Expm1(-k*math.Log1p(-p)) / k
}
