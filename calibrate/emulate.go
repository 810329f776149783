package calibrate

import (
	"math"
	"math/rand/v2"
	"sort"

	"gonum.org/v1/gonum/mat"

	"github.com/alliancesim/alliancesim/internal/rng"
)

// featureKind is a set of regression features of z for an emulator.
type featureKind int

const (
	// featLinear: 1 and z.
	featLinear featureKind = iota
	// featDiag: 1, z and z_j².
	featDiag
	// featWideQuad: 1, z, z_j² and the products z_a z_b of the widened
	// coordinates (those the effect priors are about).
	featWideQuad
)

func (k featureKind) String() string {
	switch k {
	case featLinear:
		return "linear"
	case featDiag:
		return "linear+squares"
	}
	return "linear+squares+widened products"
}

// emulator is a least-squares regression of one quantity on features of
// z: a cheap stand-in, used only to build proposals (the importance
// weights always use the simulated values, so the target stays exact).
type emulator struct {
	kind featureKind
	wide []int // the widened coordinates (featWideQuad's products)
	coef []float64
}

// features appends the features of z to dst.
func (e *emulator) features(dst, z []float64) []float64 {
	dst = append(dst[:0], 1)
	dst = append(dst, z...)
	if e.kind == featLinear {
		return dst
	}
	for _, x := range z {
		dst = append(dst, x*x)
	}
	if e.kind == featWideQuad {
		for a := range e.wide {
			for b := a + 1; b < len(e.wide); b++ {
				dst = append(dst, z[e.wide[a]]*z[e.wide[b]])
			}
		}
	}
	return dst
}

// at is the emulated value at z.
func (e *emulator) at(z []float64) float64 {
	var buf [512]float64
	f := e.features(buf[:0], z)
	s := 0.0
	for i, x := range f {
		s += e.coef[i] * x
	}
	return s
}

// emulatorRidge is the ridge penalty on every coefficient but the
// intercept, relative to the total weight: enough to keep the normal
// equations solvable when points are few, far too small to bias a fit of
// hundreds of points.
const emulatorRidge = 1e-6

// fitEmulator fits an emulator of y on the points' z by least squares
// with weights wt; nil when the normal equations cannot be solved (too
// few points).
func fitEmulator(zs [][]float64, y, wt []float64, kind featureKind, wide []int) *emulator {
	e := &emulator{kind: kind, wide: wide}
	if len(zs) == 0 {
		return nil
	}
	var buf []float64
	p := len(e.features(buf, zs[0]))
	if len(zs) < p+2 {
		return nil
	}
	// The normal equations, accumulated in plain slices (the upper
	// triangle, row by row) and then handed to a SymDense.
	xtx := make([]float64, p*p)
	xty := make([]float64, p)
	tw := 0.0
	for i, z := range zs {
		buf = e.features(buf, z)
		w := wt[i]
		tw += w
		for a := range p {
			fa := w * buf[a]
			xty[a] += fa * y[i]
			row := xtx[a*p : (a+1)*p]
			for b := a; b < p; b++ {
				row[b] += fa * buf[b]
			}
		}
	}
	for a := 1; a < p; a++ {
		xtx[a*p+a] += emulatorRidge * tw
	}
	ata := mat.NewSymDense(p, xtx)
	atb := mat.NewVecDense(p, xty)
	var ch mat.Cholesky
	if !ch.Factorize(ata) {
		return nil
	}
	var c mat.VecDense
	if err := ch.SolveVecTo(&c, atb); err != nil {
		return nil
	}
	e.coef = make([]float64, p)
	for a := range p {
		e.coef[a] = c.AtVec(a)
	}
	return e
}

// widened returns the indices in r.free of the weights whose priors the
// effect priors widened.
func (r *run) widened() []int {
	var idx []int
	for j, p := range r.free {
		if _, ok := p.Dist.(*widePrior); ok {
			idx = append(idx, j)
		}
	}
	return idx
}

// surrogate is the cheap stand-in of the target a round's proposal is
// built on with effect priors: the prior (standard normal in z) times
// the effect priors with every log OR_k replaced by its emulator, times,
// when lik is not nil, exp of the emulated total log-likelihood (capped
// at the largest simulated one, so that a quadratic cannot run off to
// +∞ outside the points).
type surrogate struct {
	terms  []effectTerm
	or     []*emulator
	lik    *emulator
	likMax float64
}

// logDensity is the surrogate's log density at z, up to a constant.
func (s *surrogate) logDensity(z []float64) float64 {
	l := logStdNormal(z)
	for k, e := range s.or {
		x := (e.at(z) - s.terms[k].mu) / s.terms[k].s
		l -= 0.5 * x * x
	}
	if s.lik != nil {
		l += min(s.lik.at(z), s.likMax)
	}
	return l
}

// emulatorKind is the richest feature set the points can carry: the
// widened products only with at least five points per coefficient.
func emulatorKind(n, d, wide int) featureKind {
	if n >= 5*(1+2*d+wide*(wide-1)/2) {
		return featWideQuad
	}
	return featDiag
}

// newSurrogate fits the emulators on every point so far: each log OR_k
// weighted by 1/SE_k² (its Monte Carlo precision), the log-likelihood
// alike by its delta-method variance, when withLik.
func (r *run) newSurrogate(withLik bool) *surrogate {
	n, d := len(r.points), len(r.free)
	wide := r.widened()
	kind := emulatorKind(n, d, len(wide))
	zs := make([][]float64, n)
	for i, p := range r.points {
		zs[i] = p.z
	}
	s := &surrogate{terms: r.eff.terms}
	loc := r.localization()
	y, wt := make([]float64, n), make([]float64, n)
	for k := range r.eff.terms {
		for i, p := range r.points {
			y[i] = p.logOR[k]
			se := max(p.seLogOR[k], 1e-3)
			wt[i] = loc[i] / (se * se)
		}
		e := fitEmulator(zs, y, wt, kind, wide)
		if e == nil {
			return nil
		}
		s.or = append(s.or, e)
	}
	if withLik {
		nd := float64(r.o.Draws)
		s.likMax = -1e300
		for i, p := range r.points {
			y[i], wt[i] = 0, 0
			v := 0.0
			for _, l := range p.ll {
				y[i] += l
				pr := min(max(1e-9, math.Exp(l)), 1-1e-9)
				v += (1 - pr) / (nd * pr)
			}
			wt[i] = loc[i] / max(v, 1e-3)
			s.likMax = max(s.likMax, y[i])
		}
		if s.lik = fitEmulator(zs, y, wt, kind, wide); s.lik == nil {
			return nil
		}
	}
	return s
}

// MCMC settings of the emulated proposal: chains, and steps per chain in
// the adaptation phase and in the sampling phase (every thin-th kept).
const (
	mcmcChains = 4
	mcmcAdapt  = 4000
	mcmcSample = 8000
	mcmcThin   = 4
)

// sampleSurrogate draws from the surrogate by random-walk Metropolis:
// mcmcChains chains started at the points of highest surrogate density,
// each with a Gaussian step of covariance (2.38²/d) C, C first the
// effect-prior-weighted covariance of the points and then that of the
// adaptation phase's draws. It returns the sampling phase's draws. All
// randomness comes from src, so the draws are a function of the seed and
// the points.
func (r *run) sampleSurrogate(sg *surrogate, src *rand.Rand) [][]float64 {
	d := len(r.free)
	// Start points: the best points by surrogate density.
	idx := make([]int, len(r.points))
	dens := make([]float64, len(r.points))
	for i, p := range r.points {
		idx[i] = i
		dens[i] = sg.logDensity(p.z)
	}
	sort.SliceStable(idx, func(a, b int) bool { return dens[idx[a]] > dens[idx[b]] })
	lw := make([]float64, len(r.points))
	for i, p := range r.points {
		lw[i] = p.logPrior - p.logq + p.lep
	}
	_, c0 := fitZ(r.points, lw, d)
	run := func(cov *mat.SymDense, steps, thin int, keep bool) [][]float64 {
		var ch mat.Cholesky
		if !ch.Factorize(cov) {
			for j := range d {
				cov.SetSym(j, j, cov.At(j, j)+0.05)
			}
			ch.Factorize(cov)
		}
		var l mat.TriDense
		ch.LTo(&l)
		sc := 2.38 / math.Sqrt(float64(d))
		var out [][]float64
		eps, prop := make([]float64, d), make([]float64, d)
		for c := range mcmcChains {
			z := append([]float64(nil), r.points[idx[c%len(idx)]].z...)
			lz := sg.logDensity(z)
			for it := range steps {
				for j := range eps {
					eps[j] = src.NormFloat64()
				}
				for a := range d {
					v := z[a]
					for b := 0; b <= a; b++ {
						v += sc * l.At(a, b) * eps[b]
					}
					prop[a] = v
				}
				lp := sg.logDensity(prop)
				if math.Log(rng.OpenUnit(src.Uint64())) < lp-lz {
					copy(z, prop)
					lz = lp
				}
				if (keep || it >= steps/2) && it%thin == 0 {
					out = append(out, append([]float64(nil), z...))
				}
			}
		}
		return out
	}
	adapt := run(c0, mcmcAdapt, mcmcThin, false)
	_, c1 := fitZ(zPoints(adapt), make([]float64, len(adapt)), d)
	return run(c1, mcmcSample, mcmcThin, true)
}

// zPoints wraps coordinates as points, for fitZ.
func zPoints(zs [][]float64) []*point {
	out := make([]*point, len(zs))
	for i, z := range zs {
		out[i] = &point{z: z}
	}
	return out
}

// emulatedFit is the mean and covariance of round s's Gaussian component
// with effect priors: those of draws of the surrogate (newSurrogate,
// sampleSurrogate), or nil when the emulators cannot be fitted.
func (r *run) emulatedFit(s int) ([]float64, *mat.SymDense) {
	sg := r.newSurrogate(true)
	if sg == nil {
		return nil, nil
	}
	var pcg rand.PCG
	pcg.Seed(rng.SubSeed(rng.Derive(r.o.Seed, uint64(s)), 0x656d756c61746f72)) // "emulator"
	zs := r.sampleSurrogate(sg, rand.New(&pcg))
	return moments(zs)
}

// localization is every point's weight in the emulators' fits, relative
// to its Monte Carlo precision: exp(β lep), the effect priors' density
// tempered by the β at which the effective number of points is half
// their number. The log ORs are curved over the wide priors' range, and a
// fit over all points alike misses where the effect priors put the mass;
// tempering keeps half the points in the fit, the nearer ones most.
func (r *run) localization() []float64 {
	n := len(r.points)
	lw := make([]float64, n)
	at := func(b float64) []float64 {
		for i, p := range r.points {
			lw[i] = b * p.lep
		}
		return lw
	}
	b := temperFor(at, float64(n)/2)
	w := normalize(at(b))
	for i := range w {
		w[i] *= float64(n)
	}
	return w
}

// temperFor is the largest β in [0, 1] at which the ESS of the log
// weights at(β) is at least target, by bisection (ESS falls as β grows).
func temperFor(at func(float64) []float64, target float64) float64 {
	if ess(at(1)) >= target {
		return 1
	}
	lo, hi := 0.0, 1.0
	for range 40 {
		m := (lo + hi) / 2
		if ess(at(m)) >= target {
			lo = m
		} else {
			hi = m
		}
	}
	return lo
}

// EffectInflation scales the covariance of the emulated proposal's
// normal (DefaultInflation's counterpart with effect priors). In 27
// dimensions inflating a normal's covariance by c costs a factor
// (√(2c − 1)/c)^27 of the ESS even where the normal is right: 0.20 at
// DefaultInflation's 1.5, 0.56 at 1.2 (docs/calibration.md §3.1). The
// emulated normal is fitted to many draws of the surrogate, not to a
// few weighted points, so it needs less room; measured on the CI-sized
// calibration, 1.2 gave twice the ESS of 1.5.
const EffectInflation = 1.2

// moments is the mean and covariance of draws zs, the variances floored
// at 0.01 as fitZ floors them. Unlike fitZ it does not shrink the
// correlations: it reads thousands of MCMC draws, not a few weighted
// points, and the effect priors correlate the weights they are about
// (an odds ratio fixes a combination of weights, not each).
func moments(zs [][]float64) ([]float64, *mat.SymDense) {
	d := len(zs[0])
	n := float64(len(zs))
	mu := make([]float64, d)
	for _, z := range zs {
		for j, x := range z {
			mu[j] += x / n
		}
	}
	c := make([]float64, d*d)
	for _, z := range zs {
		for a := range d {
			da := (z[a] - mu[a]) / n
			for b := a; b < d; b++ {
				c[a*d+b] += da * (z[b] - mu[b])
			}
		}
	}
	for a := range d {
		c[a*d+a] = max(c[a*d+a], 0.01)
	}
	return mu, mat.NewSymDense(d, c)
}

// emulatorPoints is the least number of points the emulators can be
// fitted on (featDiag's coefficients and two more); with fewer, an
// adaptive round falls back to the normal fitted to the weighted points.
func (r *run) emulatorPoints() int { return 1 + 2*len(r.free) + 2 }
