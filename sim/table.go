package sim

import (
	"math"
	"sync"

	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/alliancesim/alliancesim/internal/stats"
	"github.com/alliancesim/alliancesim/model"
)

// tableSampling switches the engine to table sampling: each uncertain
// input draws one standard normal number z from a counter-based hash of
// (draw key, input path) and maps it through a quantile table in z built
// when the scenario is compiled (x = Q(Φ(z)), tabulated on a uniform grid
// in z with cubic Hermite interpolation). It is faster by an order of
// magnitude per input than Rand, and than Quantile under Latin hypercube
// sampling and the copula, but it draws other random numbers: every result
// changes by a reshuffling of the random streams (the distributions are
// the same). It is on by default; off (build tag alliancesim_exact), the
// engine draws as it did before tables (PCG re-seeded per input, Rand or
// the exact Quantile), bit for bit.
var tableSampling = true

// Quantile tables.
//
// A table holds x(z) = Q(Φ(z)) for z on a uniform grid over [−tabZ, tabZ],
// as one cubic per interval: the Hermite interpolant of the values and the
// slopes dx/dz = φ(z)/f(x) at the interval's ends. x(z) is smooth for
// every continuous kind: the normal and ci90 (affine, kept exact), the
// truncated normal, uniform, lognormal, beta, PERT and triangular (whose
// second derivative jumps at the mode: the interval that holds it is
// refined like any other). Discrete kinds (bernoulli, choice) keep their
// thresholds in z instead: x is the first value whose Φ⁻¹(cumulative
// probability) is at least z. Outside [−tabZ, tabZ] (probability 1e-16)
// and for distributions of other types the exact Q(Φ(z)) is used.
//
// Error bound: for every table the engine uses, the clamped interpolant
// lies within tabTol × R of the clamped exact quantile, for every z (the
// tails included), R being the input's range: the span from Q(0) to Q(1)
// clamped to the input's allowed range, an infinite end replaced by
// Q(1e-6) or Q(1−1e-6) (clamped). The build checks it: starting from 64
// intervals it doubles the grid until the error at three points inside
// every interval (¼, ½ and ¾, where the Hermite error of an interval
// peaks) is at most tabTol·R/2; a distribution that needs more than
// tabMaxN intervals is not tabulated (the exact quantile is used).
// TestTableErrorBound checks the bound on 64 points per interval of
// every table, against Quantile.
const (
	tabZ    = 8.3
	tabTol  = 1e-5
	tabMinN = 64
	tabMaxN = 1 << 14
)

// Table kinds.
const (
	tabExact    uint8 = iota // no table: Q(Φ(z))
	tabAffine                // x = a + b·z
	tabCubic                 // one cubic per interval of the z grid
	tabDiscrete              // thresholds in z
)

// qtable is one input's quantile function as a function of the normal
// score z. It is read-only once built, and shared.
type qtable struct {
	kind uint8
	a, b float64 // affine
	// cubic: interval i covers [z0 + i/invh, z0 + (i+1)/invh]; its cubic
	// in s ∈ [0, 1) is c[4i] + s(c[4i+1] + s(c[4i+2] + s·c[4i+3])).
	z0, invh, nf float64
	c            []float64
	// discrete: the value is vals[i] for the first i with z <= zth[i].
	zth, vals []float64
	dist      model.Distribution
}

// at returns x(z), unclamped.
func (t *qtable) at(z float64) float64 {
	switch t.kind {
	case tabCubic:
		s := (z - t.z0) * t.invh
		if s >= 0 && s < t.nf {
			i := int(s)
			s -= float64(i)
			c := t.c[4*i : 4*i+4 : 4*i+4]
			return c[0] + s*(c[1]+s*(c[2]+s*c[3]))
		}
	case tabAffine:
		return t.a + t.b*z
	case tabDiscrete:
		for i, th := range t.zth {
			if z <= th {
				return t.vals[i]
			}
		}
		return t.vals[len(t.vals)-1]
	}
	return t.dist.Quantile(normalCDF(z))
}

// tableKey identifies a table: a distribution, by its parameters, and the
// clamp range its error bound is measured in.
type tableKey struct {
	d        any
	min, max float64
}

// paramKey is d as a map key by its parameters rather than its address: a
// table is a function of them alone, and each load of a scenario makes new
// distributions of the same parameters (a backtest's cases, a calibration's
// rounds, the tests), which then share the tables built once. A choice holds
// slices, not comparable, so it is keyed by its address.
func paramKey(d model.Distribution) any {
	switch v := d.(type) {
	case *fixed:
		return *v
	case *uniform:
		return *v
	case *truncNormal:
		return *v
	case *triangle:
		return *v
	case *beta:
		return *v
	case *pert:
		return *v
	case *lognormal:
		return *v
	case *bernoulli:
		return *v
	}
	return d
}

// tableCache shares tables between compilations (a sweep compiles one
// scenario per grid point, with the same distributions). It is read only
// when a scenario is compiled, never in the hot loop.
var tableCache struct {
	sync.Mutex
	m map[tableKey]*qtable
}

const tableCacheMax = 4096

// tableFor returns the (cached) table of d clamped to [lo, hi].
func tableFor(d model.Distribution, lo, hi float64) *qtable {
	switch d.(type) {
	case *fixed, *uniform, *truncNormal, *triangle, *beta, *pert, *lognormal, *bernoulli, *choice:
	default:
		// Another package's distribution: perhaps not comparable (not a
		// map key), and without a table anyway.
		return &qtable{kind: tabExact, dist: d}
	}
	k := tableKey{paramKey(d), lo, hi}
	tableCache.Lock()
	t, ok := tableCache.m[k]
	tableCache.Unlock()
	if ok {
		return t
	}
	t = buildTable(d, lo, hi)
	tableCache.Lock()
	if tableCache.m == nil || len(tableCache.m) >= tableCacheMax {
		tableCache.m = map[tableKey]*qtable{}
	}
	tableCache.m[k] = t
	tableCache.Unlock()
	return t
}

// phi is the standard normal density.
func phi(z float64) float64 { return math.Exp(-z*z/2) / math.Sqrt(2*math.Pi) }

// logPhi is its logarithm.
func logPhi(z float64) float64 { return -z*z/2 - 0.5*math.Log(2*math.Pi) }

// cdf is Φ, accurate in both tails through erfc.
func cdf(z float64) float64 { return distuv.UnitNormal.CDF(z) }

// inputRange is the span the error bound is measured in (see tabTol).
func inputRange(d model.Distribution, lo, hi float64) (float64, float64) {
	a, b := d.Quantile(0), d.Quantile(1)
	if math.IsInf(a, -1) {
		a = d.Quantile(1e-6)
	}
	if math.IsInf(b, 1) {
		b = d.Quantile(1 - 1e-6)
	}
	return stats.Clamp(a, lo, hi), stats.Clamp(b, lo, hi)
}

// buildTable tabulates d for inputs clamped to [lo, hi].
func buildTable(d model.Distribution, lo, hi float64) *qtable {
	exact := &qtable{kind: tabExact, dist: d}
	switch d := d.(type) {
	case *fixed:
		return &qtable{kind: tabAffine, a: d.v, dist: d}
	case *truncNormal:
		if !d.trunc {
			return &qtable{kind: tabAffine, a: d.mu, b: d.sd, dist: d}
		}
	case *bernoulli:
		return &qtable{kind: tabDiscrete, zth: []float64{zOf(1 - d.p), math.Inf(1)}, vals: []float64{0, 1}, dist: d}
	case *choice:
		t := &qtable{kind: tabDiscrete, vals: d.vals, dist: d}
		for i, c := range d.cum {
			if i == len(d.cum)-1 {
				c = 1
			}
			t.zth = append(t.zth, zOf(c))
		}
		return t
	}
	xz := xOfZ(d)
	if xz == nil {
		return exact
	}
	rlo, rhi := inputRange(d, lo, hi)
	tol := tabTol * (rhi - rlo) / 2
	if !(tol > 0) {
		return exact
	}
	for n := tabMinN; n <= tabMaxN; n *= 2 {
		if t := cubicTable(d, xz, n, lo, hi, tol); t != nil {
			return t
		}
	}
	return exact
}

// zOf is Φ⁻¹(p), ±Inf at 0 and 1.
func zOf(p float64) float64 {
	switch {
	case p <= 0:
		return math.Inf(-1)
	case p >= 1:
		return math.Inf(1)
	}
	return mathext.NormalQuantile(p)
}

// cubicTable builds the n-interval table of xz and checks it; nil when the
// check fails.
func cubicTable(d model.Distribution, xz func(float64) (float64, float64), n int, lo, hi, tol float64) *qtable {
	h := 2 * tabZ / float64(n)
	xs := make([]float64, n+1)
	ds := make([]float64, n+1)
	for i := range xs {
		xs[i], ds[i] = xz(-tabZ + float64(i)*h)
		if math.IsNaN(xs[i]) || math.IsInf(xs[i], 0) {
			return nil
		}
	}
	// A slope that cannot be computed (a density of 0 or +Inf where a
	// quantile underflows) is replaced by the secant.
	for i := range ds {
		if !(ds[i] >= 0) || math.IsInf(ds[i], 0) {
			a, b := max(i-1, 0), min(i+1, n)
			ds[i] = (xs[b] - xs[a]) / (float64(b-a) * h)
		}
	}
	t := &qtable{kind: tabCubic, z0: -tabZ, invh: 1 / h, nf: float64(n), c: make([]float64, 4*n), dist: d}
	for i := range n {
		x0, x1 := xs[i], xs[i+1]
		m0, m1 := ds[i]*h, ds[i+1]*h
		c := t.c[4*i:]
		c[0] = x0
		c[1] = m0
		c[2] = 3*(x1-x0) - 2*m0 - m1
		c[3] = 2*(x0-x1) + m0 + m1
	}
	for i := range n {
		for _, s := range [...]float64{0.25, 0.5, 0.75} {
			z := -tabZ + (float64(i)+s)*h
			want, _ := xz(z)
			if !(math.Abs(stats.Clamp(t.at(z), lo, hi)-stats.Clamp(want, lo, hi)) <= tol) {
				return nil
			}
		}
	}
	return t
}

// xOfZ returns x(z) = Q(Φ(z)) and dx/dz for the continuous kinds, computed
// in whichever tail keeps its precision (the upper half through 1 − Φ(z)
// = Φ(−z) and the mirrored distribution), or nil for a kind without one.
func xOfZ(d model.Distribution) func(z float64) (x, dxdz float64) {
	switch d := d.(type) {
	case *uniform:
		lo, w := d.d.Min, d.d.Max-d.d.Min
		return func(z float64) (float64, float64) {
			if z <= 0 {
				return lo + w*cdf(z), w * phi(z)
			}
			return d.d.Max - w*cdf(-z), w * phi(z)
		}
	case *lognormal:
		mu, s := d.d.Mu, d.d.Sigma
		return func(z float64) (float64, float64) {
			x := math.Exp(mu + s*z)
			return x, s * x
		}
	case *triangle:
		lo, m, hi := d.lo, d.mode, d.hi
		w := hi - lo
		c := (m - lo) / w
		return func(z float64) (float64, float64) {
			u, v := cdf(z), cdf(-z)
			if u < c {
				return lo + math.Sqrt(u*w*(m-lo)), phi(z) * math.Sqrt(w*(m-lo)) / (2 * math.Sqrt(u))
			}
			return hi - math.Sqrt(v*w*(hi-m)), phi(z) * math.Sqrt(w*(hi-m)) / (2 * math.Sqrt(v))
		}
	case *beta:
		return betaXZ(d.d.Alpha, d.d.Beta, 0, 1)
	case *pert:
		return betaXZ(d.b.Alpha, d.b.Beta, d.lo, d.hi-d.lo)
	case *truncNormal:
		if !d.trunc {
			return nil
		}
		mu, sd := d.mu, d.sd
		a, b := (d.lo-mu)/sd, (d.hi-mu)/sd
		pa, pb := cdf(a), cdf(-b) // the mass below the lower bound, above the upper
		mass := 1 - pa - pb
		if a > 0 {
			mass = cdf(-a) - pb
		} else if b < 0 {
			mass = cdf(b) - pa
		}
		return func(z float64) (float64, float64) {
			ql, qh := pa+cdf(z)*mass, pb+cdf(-z)*mass
			var w float64
			if ql <= qh {
				w = zOf(ql)
			} else {
				w = -zOf(qh)
			}
			x := max(d.lo, min(d.hi, mu+sd*w))
			return x, sd * mass * math.Exp((w*w-z*z)/2)
		}
	}
	return nil
}

// betaXZ is x(z) of lo + w·Beta(α, β): the lower half through the beta's
// quantile, the upper half through that of Beta(β, α) at Φ(−z).
func betaXZ(alpha, bet, lo, w float64) func(float64) (float64, float64) {
	up, dn := distuv.Beta{Alpha: alpha, Beta: bet}, distuv.Beta{Alpha: bet, Beta: alpha}
	return func(z float64) (float64, float64) {
		if z <= 0 {
			y := up.Quantile(cdf(z))
			return lo + w*y, w * math.Exp(logPhi(z)-up.LogProb(y))
		}
		y := dn.Quantile(cdf(-z))
		return lo + w*(1-y), w * math.Exp(logPhi(z)-dn.LogProb(y))
	}
}
