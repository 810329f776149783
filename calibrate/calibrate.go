package calibrate

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/alliancesim/alliancesim/backtest"
	"github.com/alliancesim/alliancesim/internal/par"
	"github.com/alliancesim/alliancesim/internal/rng"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/scenarios"
	"github.com/alliancesim/alliancesim/sim"
)

// Defaults of Options. A full calibration of the bundled library with
// them takes a few minutes on two cores (docs/calibration.md).
const (
	DefaultPoints    = 2000
	DefaultStages    = 4
	DefaultDraws     = 1500
	DefaultResample  = 1000
	DefaultDefensive = 0.3
	// DefaultInflation scales the adaptive proposals' covariance.
	DefaultInflation = 1.5
)

// CI-sized settings (a check that runs in under a minute).
const (
	CIPoints = 300
	CIStages = 2
	CIDraws  = 200
)

// Method names the method in results files.
const Method = "adaptive importance sampling from the prior (Latin hypercube first stage, deterministic-mixture weights), simulated likelihood with common random numbers"

// MethodEffectPriors names the method with effect priors, whose adaptive
// rounds are built on emulators (emulatedFit).
const MethodEffectPriors = "adaptive importance sampling (first stage from the prior and the cited-range normals; later stages normals fitted to MCMC draws of an emulated posterior; deterministic-mixture weights on the simulated values), simulated likelihood and effect priors with common random numbers"

// Stage names a phase of Run, for progress reports.
type Stage string

// The stages of Run, in order.
const (
	// StagePrepare draws every target's inputs (Done and Total count targets).
	StagePrepare Stage = "prepare"
	// StageSimulate simulates the targets under the weight vectors of one
	// round (Round from 1; Done and Total count weight vectors).
	StageSimulate Stage = "simulate"
	// StageSummarize computes the posterior, the cross-validation and the
	// sample.
	StageSummarize Stage = "summarize"
)

// Progress is one progress report.
type Progress struct {
	Stage Stage
	// Round is the importance-sampling round of StageSimulate (1 is the
	// Latin hypercube from the prior), Rounds their number.
	Round, Rounds int
	Done, Total   int
}

// Options says what to calibrate and how.
type Options struct {
	// Priors are the weights' priors; nil means scenarios.BundledPriors().
	Priors *scenarios.Priors
	// Cases are the library's cases, each with an outcome. The calibration
	// replaces every weight by the weight vector's, except the weights a
	// case's file sets itself (fixed or uncertain), which win as in a
	// backtest; Case.Weights are used only for the default-weights
	// reference forecast.
	Cases []backtest.Case
	// Library names where the cases came from, for the results.
	Library string
	// Path is the observed ordinal path (ChinaRussiaPath); nil leaves the
	// path out of the likelihood.
	Path *Path
	// Points is the number of weight vectors per round; 0 means
	// DefaultPoints.
	Points int
	// Stages is the number of importance-sampling rounds: 1 samples the
	// prior only; each further round samples a mixture of the prior and a
	// normal fitted to the posterior so far. 0 means DefaultStages.
	Stages int
	// Draws is the number of simulated runs per case per weight vector; 0
	// means DefaultDraws.
	Draws int
	// Seed roots every random number: the design, the cases' draws and the
	// resampling.
	Seed uint64
	// Workers is the number of goroutines; 0 means one per CPU. The result
	// does not depend on it.
	Workers int
	// Resample is the number of rows of the posterior sample; 0 means
	// DefaultResample.
	Resample int
	// Defensive is the prior's share in the adaptive rounds' proposal (it
	// bounds every importance ratio by 1/Defensive times the likelihood);
	// 0 means DefaultDefensive.
	Defensive float64
	// EffectPriors multiplies every weight vector's importance weight by
	// the effect priors: Π_k φ((log OR_k(w) − μ_k)/s_k) over the rows of
	// study.EffectSizes that are constraints, each row's cited range read
	// as a central 90% interval of log OR, OR_k(w) estimated on
	// EffectBaseline with common random numbers. The priors of the weights
	// those rows are about are then widened (widePrior), so that the
	// literature enters once, through the odds ratios
	// (docs/calibration.md §3.1). The adaptive rounds then build their
	// proposals on emulators of the log ORs and the log-likelihood
	// (emulatedFit); the importance weights stay those of the simulated
	// values.
	EffectPriors bool
	// EffectDraws is the number of runs of the baseline per setting and
	// weight vector (a row the pilot finds too noisy gets up to
	// MaxEffectMultiplier times as many); 0 means Draws, so that the odds
	// ratios get as many runs as each case.
	EffectDraws int
	// EffectBaseline is the scenario the odds ratios are measured on
	// (started on its asserted rung, study.EffectBase); nil means the
	// bundled baseline, as in docs/model.md §7.5.
	EffectBaseline *model.Scenario
	// Progress, when not nil, is called as the run advances, from one
	// goroutine at a time.
	Progress func(Progress)
}

// point is one weight vector and what the targets gave under it.
type point struct {
	round int
	z     []float64 // standard normal coordinates of the free weights
	w     model.Weights
	// k[c] is case c's number of draws with a pact by its outcome year.
	k []int32
	// ll[c] is case c's log-likelihood; ll[len(cases)] the path's.
	ll   []float64
	path pathCounts
	// logq is the log density of the mixture of proposals at z, logPrior
	// that of the prior (standard normal).
	logq, logPrior float64
	// With effect priors: eff[2k] and eff[2k+1] are effect prior k's
	// counts on its on and off settings, logOR[k] and seLogOR[k] its
	// estimated log OR and that estimate's paired Monte Carlo standard
	// error, lep the log density of the effect priors (up to a constant),
	// a factor of the prior.
	eff            []effectCounts
	logOR, seLogOR []float64
	lep            float64
}

// run is the state of one calibration.
type run struct {
	o       Options
	free    []*scenarios.Prior
	base    model.Weights
	cases   []*target
	path    *target
	obs     []checkpoint
	eff     *effects // nil without effect priors
	points  []*point
	workers int
	// noEmulator, set only by measurements, makes the adaptive rounds
	// with effect priors fit their normal to the weighted points as
	// without them (the sampler before emulatedFit).
	noEmulator bool
	mu         sync.Mutex
}

// Run calibrates the weights as o says. A cancelled ctx stops it with an
// error wrapping sim.ErrInterrupted.
func Run(ctx context.Context, o Options) (*Result, error) {
	r, err := newRun(o)
	if err != nil {
		return nil, err
	}
	return r.run(ctx)
}

// run prepares the targets, runs every round and summarizes.
func (r *run) run(ctx context.Context) (*Result, error) {
	start := time.Now()
	if err := r.prepare(ctx); err != nil {
		return nil, err
	}
	prep := time.Since(start).Seconds()
	var rounds []roundInfo
	for s := range r.o.Stages {
		t0 := time.Now()
		pts, prop, err := r.design(s)
		if err != nil {
			return nil, err
		}
		if err := r.evaluate(ctx, s, pts); err != nil {
			return nil, err
		}
		rounds = r.addRound(rounds, pts, prop, time.Since(t0).Seconds())
	}
	r.report(StageSummarize, 0, 0, 0, 1)
	res, err := r.summarize(ctx, rounds)
	if err != nil {
		return nil, err
	}
	res.Timing.PrepareSeconds = prep
	res.Timing.TotalSeconds = time.Since(start).Seconds()
	r.report(StageSummarize, 0, 0, 1, 1)
	return res, nil
}

// newRun checks o, fills in its defaults and sets up a calibration
// without drawing or simulating anything.
func newRun(o Options) (*run, error) {
	if err := o.defaults(); err != nil {
		return nil, err
	}
	if o.EffectPriors {
		o.Priors = widenPriors(o.Priors)
	}
	r := &run{o: o, free: o.Priors.Free(), base: o.Priors.Weights()}
	if len(r.free) == 0 {
		return nil, errors.New("calibrate: every prior is fixed: nothing to calibrate")
	}
	r.workers = o.Workers
	if r.workers <= 0 {
		r.workers = runtime.NumCPU()
	}
	return r, nil
}

// addRound adds an evaluated round's points to the run and reweights
// every point by the mixture of the rounds' proposals. A calibration in
// one process and one assembled from shards go through it alike, which
// keeps the two bit for bit the same.
func (r *run) addRound(rounds []roundInfo, pts []*point, prop proposal, seconds float64) []roundInfo {
	r.points = append(r.points, pts...)
	rounds = append(rounds, roundInfo{proposal: prop, n: len(pts)})
	r.mixture(rounds)
	ri := &rounds[len(rounds)-1]
	ri.seconds = seconds
	ri.ess = ess(r.logWeights(-1))
	return rounds
}

func (o *Options) defaults() error {
	if o.Priors == nil {
		ps, err := scenarios.BundledPriors()
		if err != nil {
			return err
		}
		o.Priors = ps
	}
	if len(o.Cases) == 0 && o.Path == nil {
		return errors.New("calibrate: no cases and no path: nothing to calibrate against")
	}
	if o.Points == 0 {
		o.Points = DefaultPoints
	}
	if o.Stages == 0 {
		o.Stages = DefaultStages
	}
	if o.Draws == 0 {
		o.Draws = DefaultDraws
	}
	if o.Resample == 0 {
		o.Resample = DefaultResample
	}
	if o.Defensive == 0 {
		o.Defensive = DefaultDefensive
	}
	if o.EffectDraws == 0 {
		o.EffectDraws = o.Draws
	}
	switch {
	case o.Points < 10:
		return fmt.Errorf("calibrate: points %d: use at least 10 weight vectors per round", o.Points)
	case o.Stages < 1 || o.Stages > 20:
		return fmt.Errorf("calibrate: stages %d: use 1 to 20 rounds", o.Stages)
	case o.Draws < 10:
		return fmt.Errorf("calibrate: draws %d: use at least 10 draws per case", o.Draws)
	case o.Resample < 1:
		return fmt.Errorf("calibrate: resample %d: use at least 1 row", o.Resample)
	case !(o.Defensive > 0 && o.Defensive <= 1):
		return fmt.Errorf("calibrate: defensive share %v: use a share in (0, 1]", o.Defensive)
	case o.EffectDraws < 10:
		return fmt.Errorf("calibrate: effect draws %d: use at least 10 draws per setting", o.EffectDraws)
	}
	seen := map[string]bool{}
	for _, c := range o.Cases {
		if c.Scenario == nil || c.Scenario.Outcome == nil {
			return fmt.Errorf("calibrate: case %s has no scenario or no outcome", c.Name)
		}
		if seen[c.Name] {
			return fmt.Errorf("calibrate: two cases are named %q: give each case a distinct name", c.Name)
		}
		seen[c.Name] = true
	}
	return nil
}

func (r *run) report(s Stage, round, rounds, done, total int) {
	if r.o.Progress == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.o.Progress(Progress{Stage: s, Round: round, Rounds: rounds, Done: done, Total: total})
}

// targetSeed is the seed of a target's draws: derived from the run's seed
// and the target's name, so that adding a case does not change another's
// draws.
func targetSeed(seed uint64, kind, name string) uint64 {
	return rng.Derive(seed, rng.HashName(kind+":"+name))
}

func (r *run) prepare(ctx context.Context) error {
	n := len(r.o.Cases)
	if r.o.Path != nil {
		n++
	}
	r.report(StagePrepare, 0, 0, 0, n)
	for i, c := range r.o.Cases {
		sc := c.Scenario
		t, err := prepare(ctx, c.Name, sc, sc.Outcome.Year()-sc.StartYear, sc.Outcome.Pact(), r.o.Draws, targetSeed(r.o.Seed, "case", c.Name), r.workers)
		if err != nil {
			return wrapCtx(ctx, err)
		}
		r.cases = append(r.cases, t)
		r.report(StagePrepare, 0, 0, i+1, n)
	}
	if p := r.o.Path; p != nil {
		obs, _, err := p.compile()
		if err != nil {
			return err
		}
		r.obs = obs
		t, err := prepare(ctx, p.Name, p.Scenario, p.Scenario.HorizonYears-1, false, r.o.Draws, targetSeed(r.o.Seed, "path", p.Name), r.workers)
		if err != nil {
			return wrapCtx(ctx, err)
		}
		r.path = t
		r.report(StagePrepare, 0, 0, n, n)
	}
	if r.o.EffectPriors {
		return r.prepareEffects(ctx)
	}
	return nil
}

func wrapCtx(ctx context.Context, err error) error {
	if ctx.Err() != nil && !errors.Is(err, sim.ErrInterrupted) {
		return fmt.Errorf("%w: %w", sim.ErrInterrupted, ctx.Err())
	}
	return err
}

// proposal is one round's proposal density over z: the prior (standard
// normal) for the first round, a defensive mixture afterwards.
type proposal struct {
	defensive float64
	normal    *mvn // nil for the prior
	// narrow, with effect priors, is the first round's component in place
	// of normal (firstEffectProposal).
	narrow *narrowProposal
}

// mvn is a multivariate normal density, by its Cholesky factor.
type mvn struct {
	mu     []float64
	chol   mat.Cholesky
	logDet float64
}

func newMVN(mu []float64, cov *mat.SymDense) (*mvn, bool) {
	m := &mvn{mu: mu}
	if !m.chol.Factorize(cov) {
		return nil, false
	}
	m.logDet = m.chol.LogDet()
	return m, true
}

// LogProb is the log density at z.
func (m *mvn) LogProb(z []float64) float64 {
	d := len(z)
	diff := mat.NewVecDense(d, nil)
	for i := range d {
		diff.SetVec(i, z[i]-m.mu[i])
	}
	var x mat.VecDense
	if err := m.chol.SolveVecTo(&x, diff); err != nil {
		return math.Inf(-1)
	}
	q := mat.Dot(diff, &x)
	return -0.5*q - 0.5*m.logDet - 0.5*float64(d)*math.Log(2*math.Pi)
}

func (p proposal) logProb(z []float64) float64 {
	lp := logStdNormal(z)
	switch {
	case p.narrow != nil:
		return logSumExp2(math.Log(p.defensive)+lp, math.Log1p(-p.defensive)+p.narrow.logProb(z))
	case p.normal == nil:
		return lp
	}
	return logSumExp2(math.Log(p.defensive)+lp, math.Log1p(-p.defensive)+p.normal.LogProb(z))
}

type roundInfo struct {
	proposal proposal
	n        int
	ess      float64
	seconds  float64
}

func logStdNormal(z []float64) float64 {
	s := 0.0
	for _, x := range z {
		s += x * x
	}
	return -0.5*s - 0.5*float64(len(z))*math.Log(2*math.Pi)
}

func logSumExp2(a, b float64) float64 {
	if a < b {
		a, b = b, a
	}
	if math.IsInf(a, -1) {
		return a
	}
	return a + math.Log1p(math.Exp(b-a))
}

// design makes round s's weight vectors. Round 0 is a Latin hypercube in
// the priors' quantiles; later rounds draw from a mixture of the prior and
// a normal fitted (in the standard normal coordinates z) to the weighted
// points so far, its covariance inflated by DefaultInflation.
func (r *run) design(s int) ([]*point, proposal, error) {
	d, m := len(r.free), r.o.Points
	var pcg rand.PCG
	pcg.Seed(rng.SubSeed(rng.Derive(r.o.Seed, uint64(s)), 0x64657369676e)) // "design"
	src := rand.New(&pcg)
	pts := make([]*point, m)
	for i := range pts {
		pts[i] = &point{round: s, z: make([]float64, d)}
	}
	prop := proposal{defensive: r.o.Defensive}
	if s == 0 && r.o.EffectPriors {
		prop.narrow = r.firstEffectProposal()
		for _, p := range pts {
			if rng.OpenUnit(src.Uint64()) < r.o.Defensive {
				for j := range p.z {
					p.z[j] = src.NormFloat64()
				}
			} else {
				prop.narrow.draw(src, p.z)
			}
		}
	} else if s == 0 {
		perm := make([]int, m)
		for j := range d {
			rng.Permute(src, perm)
			for i := range m {
				u := (float64(perm[i]) + rng.OpenUnit(src.Uint64())) / float64(m)
				pts[i].z[j] = distuv.UnitNormal.Quantile(u)
			}
		}
	} else {
		mu, cov := r.fit()
		infl := DefaultInflation
		if r.eff != nil && !r.noEmulator {
			if m, c := r.emulatedFit(s); m != nil {
				mu, cov, infl = m, c, EffectInflation
			}
		}
		cov.ScaleSym(infl, cov)
		nrm, ok := newMVN(mu, cov)
		if !ok {
			// A degenerate fit (too few distinct points): widen it.
			for j := range d {
				cov.SetSym(j, j, cov.At(j, j)+0.05)
			}
			if nrm, ok = newMVN(mu, cov); !ok {
				return nil, prop, errors.New("calibrate: the adaptive proposal's covariance is not positive definite")
			}
		}
		prop.normal = nrm
		var l mat.TriDense
		nrm.chol.LTo(&l)
		eps := make([]float64, d)
		for _, p := range pts {
			useP := rng.OpenUnit(src.Uint64()) < r.o.Defensive
			for j := range eps {
				eps[j] = src.NormFloat64()
			}
			if useP {
				copy(p.z, eps)
				continue
			}
			for a := range d {
				v := mu[a]
				for b := 0; b <= a; b++ {
					v += l.At(a, b) * eps[b]
				}
				p.z[a] = v
			}
		}
	}
	for _, p := range pts {
		p.w = r.weightsAt(p.z)
		p.logPrior = logStdNormal(p.z)
		if err := p.w.Validate(); err != nil {
			return nil, prop, fmt.Errorf("calibrate: a weight vector drawn from the priors is invalid (check the priors' supports): %w", err)
		}
	}
	return pts, prop, nil
}

// weightsAt maps standard normal coordinates to weights: weight j is its
// prior's quantile at Φ(z_j).
func (r *run) weightsAt(z []float64) model.Weights {
	w := r.base
	for j, p := range r.free {
		u := distuv.UnitNormal.CDF(z[j])
		u = min(max(u, 1e-12), 1-1e-12)
		p.Spec.Set(&w, p.Dist.Quantile(u))
	}
	return w
}

// fit is the weighted mean and covariance of the points' z under the
// current importance weights.
func (r *run) fit() ([]float64, *mat.SymDense) {
	return fitZ(r.points, r.logWeights(-1), len(r.free))
}

// fitZ is the mean and covariance of the points' z under log weights lw,
// shrunk and floored as fit says.
func fitZ(pts []*point, lw []float64, d int) ([]float64, *mat.SymDense) {
	wn := normalize(lw)
	mu := make([]float64, d)
	for i, p := range pts {
		for j := range d {
			mu[j] += wn[i] * p.z[j]
		}
	}
	cov := mat.NewSymDense(d, nil)
	for i, p := range pts {
		if wn[i] == 0 {
			continue
		}
		for a := range d {
			da := p.z[a] - mu[a]
			for b := a; b < d; b++ {
				cov.SetSym(a, b, cov.At(a, b)+wn[i]*da*(p.z[b]-mu[b]))
			}
		}
	}
	// Shrink towards the diagonal and keep a floor: with a small
	// effective sample the fitted covariance is noisy and may be singular.
	for a := range d {
		for b := a + 1; b < d; b++ {
			cov.SetSym(a, b, 0.8*cov.At(a, b))
		}
		cov.SetSym(a, a, max(cov.At(a, a), 0.01))
	}
	return mu, cov
}

// mixture sets every point's log mixture density: the deterministic
// mixture of all rounds' proposals, each weighted by its share of points
// (the balance heuristic).
func (r *run) mixture(rounds []roundInfo) {
	n := 0
	for _, ri := range rounds {
		n += ri.n
	}
	for _, p := range r.points {
		lq := math.Inf(-1)
		for _, ri := range rounds {
			lq = logSumExp2(lq, math.Log(float64(ri.n)/float64(n))+ri.proposal.logProb(p.z))
		}
		p.logq = lq
	}
}

// logWeights returns every point's log importance weight, leaving out
// the likelihood of case drop (−1 keeps every case). The effect priors
// are part of the prior, so they are never left out.
func (r *run) logWeights(drop int) []float64 {
	lw := make([]float64, len(r.points))
	for i, p := range r.points {
		s := p.logPrior - p.logq + p.lep
		for c, l := range p.ll {
			if c != drop {
				s += l
			}
		}
		lw[i] = s
	}
	return lw
}

// evaluate simulates every target under the points' weights, in
// parallel; each point's results depend only on its weights.
func (r *run) evaluate(ctx context.Context, round int, pts []*point) error {
	var done atomic.Int64
	n := len(pts)
	r.report(StageSimulate, round+1, r.o.Stages, 0, n)
	sims := make([]*simulator, min(r.workers, n))
	err := par.Chunks(ctx, n, 1, len(sims), func(w, i, _ int) {
		if sims[w] == nil {
			sims[w] = newSimulator()
		}
		r.evalPoint(sims[w], pts[i])
		r.report(StageSimulate, round+1, r.o.Stages, int(done.Add(1)), n)
	})
	if err != nil {
		return fmt.Errorf("%w: %w", sim.ErrInterrupted, err)
	}
	return nil
}

// smoothed is (k + 0.5)/(n + 1): the estimate of a probability from k
// successes in n draws, kept off 0 and 1 as if half a draw had gone the
// other way.
func smoothed(k, n int) float64 { return (float64(k) + 0.5) / (float64(n) + 1) }

func (r *run) evalPoint(s *simulator, p *point) {
	k := make([]int32, len(r.cases))
	for c, t := range r.cases {
		k[c] = s.run(t, &p.w, nil, nil)
	}
	var pc *pathCounts
	if r.path != nil {
		h := r.path.sc.HorizonYears
		pc = &pathCounts{states: make([]int32, h*model.NumStates), onset: make([]int32, h)}
		s.run(r.path, &p.w, pc, r.obs)
	}
	r.setCounts(p, k, pc)
	if r.eff != nil {
		r.evalEffects(s, p)
	}
}

// setCounts gives point p the counts the targets gave under its weights
// and the log-likelihoods they imply. Points evaluated here and points
// read back from shards both get their likelihoods from it.
func (r *run) setCounts(p *point, k []int32, pc *pathCounts) {
	n := r.o.Draws
	nc := len(k)
	p.k = k
	p.ll = make([]float64, nc, nc+1)
	for c, kc := range k {
		if r.o.Cases[c].Scenario.Outcome.Pact() {
			p.ll[c] = math.Log(smoothed(int(kc), n))
		} else {
			p.ll[c] = math.Log(smoothed(n-int(kc), n))
		}
	}
	if pc != nil {
		p.path = *pc
		p.ll = append(p.ll, math.Log(smoothed(int(p.path.match), n)))
	}
}

// normalize turns log weights into weights summing to 1.
func normalize(lw []float64) []float64 {
	mx := math.Inf(-1)
	for _, x := range lw {
		mx = max(mx, x)
	}
	w := make([]float64, len(lw))
	s := 0.0
	for i, x := range lw {
		w[i] = math.Exp(x - mx)
		s += w[i]
	}
	for i := range w {
		w[i] /= s
	}
	return w
}

// ess is the effective sample size (Σw)²/Σw² of log weights lw.
func ess(lw []float64) float64 {
	w := normalize(lw)
	s := 0.0
	for _, x := range w {
		s += x * x
	}
	return 1 / s
}
