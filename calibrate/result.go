package calibrate

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"

	"github.com/alliancesim/alliancesim/backtest"
	"github.com/alliancesim/alliancesim/internal/find"
	"github.com/alliancesim/alliancesim/internal/rng"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/score"
	"github.com/alliancesim/alliancesim/sim"
)

// Summary is a distribution's mean, standard deviation and 5%, 50% and 95%
// quantiles.
type Summary struct {
	Mean, SD      float64
	Q05, Q50, Q95 float64
}

// WeightFit is one weight's prior and posterior.
type WeightFit struct {
	Key string
	// Fixed is true when the prior is a point (the weight was not
	// calibrated); Prior and Posterior are then that point.
	Fixed bool
	// Default is the weight's built-in default.
	Default float64
	// Prior summarizes the prior (its distribution, exactly), Posterior
	// the importance-weighted points.
	Prior, Posterior Summary
	// PriorDist describes the prior distribution, as in "ci90[0.6, 1.8]".
	PriorDist string
}

// CaseFit is one case's forecasts under the prior, the posterior, the
// posterior without the case (leave-one-out) and the references.
type CaseFit struct {
	Name, File string
	// StartYear is the first simulated year, Year the outcome year.
	StartYear, Year int
	// Pact reports what happened: a pact by Year, or none through it.
	Pact bool
	// Default is P(pact by Year) at the case's default weights (the
	// weights of backtest.Case), from the same draws.
	Default float64
	// Prior is the prior predictive P(pact by Year): the mean over the
	// first round's Latin hypercube.
	Prior float64
	// Posterior is the posterior predictive P(pact by Year), and PostLo,
	// PostHi the posterior's 5% and 95% quantiles of the case's P.
	Posterior, PostLo, PostHi float64
	// LOO is the posterior predictive P(pact by Year) given every other
	// case and the path (leave-one-case-out, Pareto-smoothed importance
	// weights); LOOESS its effective sample size and LOOParetoK the
	// smoothing's shape estimate k̂ (above 0.7: unreliable).
	LOO, LOOESS, LOOParetoK float64
	// BaseRate and Logit are the reference forecasters' P (Logit NaN and
	// HasLogit false when the case has no structural covariates).
	BaseRate, Logit float64
	HasLogit        bool
}

// PathFit is the path's fit: the state probabilities by year.
type PathFit struct {
	Name, File string
	StartYear  int
	Years      []int
	// Observed[t] is the observed rung in Years[t] (empty if not given).
	Observed []model.State
	// Checkpoints and NoPactThrough/PactBy are what entered the
	// likelihood.
	Checkpoints           []Checkpoint
	NoPactThrough, PactBy int
	// Prior[t][s] and Posterior[t][s] are the prior and posterior
	// predictive shares of runs on rung s at the end of Years[t].
	Prior, Posterior [][]float64
	// PriorAlliance[t] and PostAlliance[t] are P(an alliance has formed by
	// the end of Years[t]).
	PriorAlliance, PostAlliance []float64
	// PriorMatch and PostMatch are the predictive probabilities of the
	// observed coarse path (every checkpoint and the pact condition).
	PriorMatch, PostMatch float64
	// Default holds the same at the default weights (DefaultMatch, the
	// coarse-path probability).
	DefaultMatch float64
}

// ForecasterScore is one forecaster's scores over the cases.
type ForecasterScore struct {
	// Name is "posterior_loo", "posterior_in_sample", "default_weights",
	// "prior", "base_rate" or "logit".
	Name string
	// Cases is the number scored; Brier and Log the scores with their
	// standard errors over cases.
	Cases int
	Brier score.Mean
	Log   score.Mean
}

// CVComparison is the cross-validated posterior against one reference.
type CVComparison struct {
	Reference string
	score.Comparison
}

// Scores are the out-of-sample (leave-one-case-out) scores of the
// posterior and, for reference, the in-sample and reference forecasters'.
type Scores struct {
	Forecasters []ForecasterScore
	// Comparisons are the cross-validated posterior against the base rate
	// and the logit (on the cases the logit forecasts).
	Comparisons []CVComparison
	// LogClip is the ε the forecasts are clipped to for log scores,
	// 0.5/(Draws + 1).
	LogClip float64
}

// Round is one importance-sampling round.
type Round struct {
	// Points is the number of weight vectors; ESS the effective sample
	// size of all points so far after this round; Seconds its wall time.
	Points  int
	ESS     float64
	Seconds float64
}

// Timing is where the time went.
type Timing struct {
	PrepareSeconds, TotalSeconds float64
	// Simulations is the number of simulated runs (case-draws × weight
	// vectors), Years the number of simulated years.
	Simulations, Years int64
}

// Result is a calibration: the settings, the posterior of every weight,
// the cases' and the path's fits, the cross-validated scores and a
// resampled posterior sample.
type Result struct {
	Method  string
	Library string
	// PriorsFile and PriorsSHA256 identify the priors.
	PriorsFile, PriorsSHA256 string
	// Points, Stages, Draws, Seed, Workers, Resample and Defensive are the
	// settings the run used (Options after defaults).
	Points, Stages, Draws int
	Seed                  uint64
	Workers, Resample     int
	Defensive             float64
	// Weights holds every weight in model.WeightSpecs order.
	Weights []WeightFit
	// ESS is the effective sample size of the final importance weights,
	// out of TotalPoints; ParetoK the Pareto shape k̂ of the weights
	// (above 0.7 the posterior is unreliable: increase Points or Stages).
	ESS         float64
	TotalPoints int
	ParetoK     float64
	// LogLikMCSD is the Monte Carlo standard deviation of the estimated
	// total log-likelihood, by the delta method Σ (1 − p)/(N p) over the
	// targets (p the probability of what was observed), averaged over the
	// posterior; MaxLogLikMCSD its largest value at a point with
	// posterior weight above 1/TotalPoints.
	LogLikMCSD, MaxLogLikMCSD float64
	Rounds                    []Round
	Cases                     []CaseFit
	Path                      *PathFit
	Scores                    Scores
	// Sample is the posterior sample: Resample weight vectors drawn with
	// probability proportional to their importance weight (systematic
	// resampling), so that correlations between weights survive.
	Sample []model.Weights
	// EffectPriors and EffectDraws are the effect-prior settings (Options);
	// Effects, with effect priors, holds one fit per row of
	// study.EffectSizes, in its order.
	EffectPriors bool
	EffectDraws  int
	Effects      []EffectFit
	Timing       Timing
}

// wq is the weighted quantile at q of xs with normalized weights w.
func wq(xs, w []float64, q float64) float64 {
	idx := make([]int, len(xs))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return xs[idx[a]] < xs[idx[b]] })
	c := 0.0
	for _, i := range idx {
		c += w[i]
		if c >= q {
			return xs[i]
		}
	}
	return xs[idx[len(idx)-1]]
}

func wsummary(xs, w []float64) Summary {
	m := 0.0
	for i, x := range xs {
		m += w[i] * x
	}
	v := 0.0
	for i, x := range xs {
		v += w[i] * (x - m) * (x - m)
	}
	return Summary{Mean: m, SD: math.Sqrt(v), Q05: wq(xs, w, 0.05), Q50: wq(xs, w, 0.5), Q95: wq(xs, w, 0.95)}
}

// distSummary summarizes a distribution from its quantile function: the
// mean and variance by the midpoint rule on 4,000 quantiles (error far
// below the figures' rounding for these smooth, bounded priors).
func distSummary(d model.Distribution) Summary {
	const n = 4000
	m, m2 := 0.0, 0.0
	for i := range n {
		x := d.Quantile((float64(i) + 0.5) / n)
		m += x / n
		m2 += x * x / n
	}
	return Summary{Mean: m, SD: math.Sqrt(max(0, m2-m*m)), Q05: d.Quantile(0.05), Q50: d.Quantile(0.5), Q95: d.Quantile(0.95)}
}

func (r *run) summarize(ctx context.Context, rounds []roundInfo) (*Result, error) {
	o := r.o
	res := &Result{Method: Method, Library: o.Library, PriorsFile: o.Priors.File, PriorsSHA256: o.Priors.SHA256,
		Points: o.Points, Stages: o.Stages, Draws: o.Draws, Seed: o.Seed, Workers: r.workers, Resample: o.Resample, Defensive: o.Defensive,
		TotalPoints: len(r.points)}
	for _, ri := range rounds {
		res.Rounds = append(res.Rounds, Round{Points: ri.n, ESS: ri.ess, Seconds: ri.seconds})
	}
	lw := r.logWeights(-1)
	w := normalize(lw)
	res.ESS = ess(lw)
	_, res.ParetoK = psis(lw)

	// The weights.
	xs := make([]float64, len(r.points))
	for _, p := range o.Priors.Priors {
		wf := WeightFit{Key: p.Spec.Key, Fixed: p.Fixed, Default: p.Spec.Default, PriorDist: p.Dist.String()}

		if p.Fixed {
			v := p.Centre()
			wf.Prior = Summary{Mean: v, Q05: v, Q50: v, Q95: v}
			wf.Posterior = wf.Prior
		} else {
			wf.Prior = distSummary(p.Dist)
			for i, pt := range r.points {
				xs[i] = p.Spec.Get(&pt.w)
			}
			wf.Posterior = wsummary(xs, w)
		}
		res.Weights = append(res.Weights, wf)
	}

	// The log-likelihood's Monte Carlo error.
	n := float64(o.Draws)
	for i, pt := range r.points {
		v := 0.0
		for _, l := range pt.ll {
			pr := math.Exp(l)
			v += (1 - pr) / (n * pr)
		}
		res.LogLikMCSD += w[i] * math.Sqrt(v)
		if w[i] > 1/float64(len(r.points)) {
			res.MaxLogLikMCSD = max(res.MaxLogLikMCSD, math.Sqrt(v))
		}
	}

	// Reference forecasts, read off a tiny backtest (only its base rate
	// and logit are used: they do not depend on the draws).
	var refs *backtest.Report
	if len(o.Cases) > 0 {
		var err error
		refs, err = backtest.Run(ctx, o.Cases, backtest.Options{Library: o.Library, Plan: sim.Plan{Draws: 16, Seed: o.Seed, Workers: r.workers}})
		if err != nil {
			return nil, wrapCtx(ctx, err)
		}
	}
	s := newSimulator()
	pw := r.priorWeights()
	for c, t := range r.cases {
		cs := o.Cases[c]
		sc := cs.Scenario
		cf := CaseFit{Name: cs.Name, File: cs.File, StartYear: sc.StartYear, Year: sc.Outcome.Year(), Pact: t.pact, Logit: math.NaN()}
		if cs.Weights != nil {
			cf.Default = smoothed(int(s.run(t, cs.Weights, nil, nil)), o.Draws)
		} else {
			cf.Default = math.NaN()
		}
		ps := make([]float64, len(r.points))
		for i, pt := range r.points {
			ps[i] = smoothed(int(pt.k[c]), o.Draws)
			cf.Prior += pw[i] * ps[i]
			cf.Posterior += w[i] * ps[i]
		}
		cf.PostLo, cf.PostHi = wq(ps, w, 0.05), wq(ps, w, 0.95)
		llw, k := psis(r.logWeights(c))
		wl := normalize(llw)
		for i := range ps {
			cf.LOO += wl[i] * ps[i]
		}
		cf.LOOESS, cf.LOOParetoK = ess(r.logWeights(c)), k
		if refs != nil {
			rc := refs.Cases[c]
			cf.BaseRate, cf.HasLogit = rc.BaseRate, rc.HasLogit
			if rc.HasLogit {
				cf.Logit = rc.Logit
			}
		}
		res.Cases = append(res.Cases, cf)
	}
	if r.path != nil {
		res.Path = r.pathFit(s, w, pw)
	}
	if r.eff != nil {
		res.EffectPriors, res.EffectDraws = true, o.EffectDraws
		if !r.noEmulator {
			res.Method = MethodEffectPriors
		}
		res.Effects = r.effectFits(s, w, pw)
	}
	sc, err := r.scores(res)
	if err != nil {
		return nil, err
	}
	res.Scores = sc
	res.Sample = r.resample(w)
	years := 0
	for _, t := range r.cases {
		years += t.sc.HorizonYears
	}
	if r.path != nil {
		years += r.path.sc.HorizonYears
	}
	targets := len(r.cases)
	if r.path != nil {
		targets++
	}
	res.Timing.Simulations = int64(len(r.points)) * int64(targets) * int64(o.Draws)
	res.Timing.Years = int64(len(r.points)) * int64(years) * int64(o.Draws)
	if r.eff != nil {
		for _, t := range r.eff.settings {
			res.Timing.Simulations += int64(len(r.points)) * int64(len(t.params))
			res.Timing.Years += int64(len(r.points)) * int64(t.sc.HorizonYears) * int64(len(t.params))
		}
	}
	return res, nil
}

// priorWeights are the weights of the prior predictive, normalized:
// without effect priors the first round's Latin hypercube, all alike (0
// for the later rounds' points); with them every point, by its prior
// (the effect priors included) over its mixture density.
func (r *run) priorWeights() []float64 {
	lw := make([]float64, len(r.points))
	for i, p := range r.points {
		switch {
		case r.eff != nil:
			// No round is a sample of the prior: weight every point by
			// the prior (the effect priors included) over its mixture.
			lw[i] = p.logPrior - p.logq + p.lep
		case p.round == 0:
			lw[i] = 0
		default:
			lw[i] = math.Inf(-1)
		}
	}
	return normalize(lw)
}

func (r *run) pathFit(s *simulator, w, pw []float64) *PathFit {
	p, t := r.o.Path, r.path
	h := t.sc.HorizonYears
	n := float64(r.o.Draws)
	pf := &PathFit{Name: p.Name, File: p.File, StartYear: t.sc.StartYear, Observed: p.Observed, Checkpoints: p.Checkpoints,
		NoPactThrough: p.NoPactThrough, PactBy: p.PactBy,
		PriorAlliance: make([]float64, h), PostAlliance: make([]float64, h)}
	for y := range h {
		pf.Years = append(pf.Years, t.sc.StartYear+y)
		pf.Prior = append(pf.Prior, make([]float64, model.NumStates))
		pf.Posterior = append(pf.Posterior, make([]float64, model.NumStates))
	}
	for i, pt := range r.points {
		pc := &pt.path
		pm := smoothed(int(pc.match), r.o.Draws)
		pf.PostMatch += w[i] * pm
		pf.PriorMatch += pw[i] * pm
		for y := range h {
			for st := range model.NumStates {
				v := float64(pc.states[y*model.NumStates+st]) / n
				pf.Posterior[y][st] += w[i] * v
				pf.Prior[y][st] += pw[i] * v
			}
			v := float64(pc.onset[y]) / n
			pf.PostAlliance[y] += w[i] * v
			pf.PriorAlliance[y] += pw[i] * v
		}
	}
	dw := model.DefaultWeights()
	pc := pathCounts{states: make([]int32, h*model.NumStates), onset: make([]int32, h)}
	s.run(t, &dw, &pc, r.obs)
	pf.DefaultMatch = smoothed(int(pc.match), r.o.Draws)
	return pf
}

// Forecaster names in Scores.
const (
	PosteriorLOO      = "posterior_loo"
	PosteriorInSample = "posterior_in_sample"
	DefaultWeights    = "default_weights"
	PriorPredictive   = "prior"
	BaseRate          = "base_rate"
	Logit             = "logit"
)

func (r *run) scores(res *Result) (Scores, error) {
	eps := score.MonteCarloEpsilon(int64(r.o.Draws))
	sc := Scores{LogClip: eps}
	if len(res.Cases) == 0 {
		return sc, nil
	}
	get := func(name string, c CaseFit) (float64, bool) {
		switch name {
		case PosteriorLOO:
			return c.LOO, true
		case PosteriorInSample:
			return c.Posterior, true
		case DefaultWeights:
			return c.Default, !math.IsNaN(c.Default)
		case PriorPredictive:
			return c.Prior, true
		case BaseRate:
			return c.BaseRate, true
		case Logit:
			return c.Logit, c.HasLogit
		}
		return 0, false
	}
	fc := func(name string, only func(CaseFit) bool) []score.Forecast {
		var fs []score.Forecast
		for _, c := range res.Cases {
			p, ok := get(name, c)
			if ok && (only == nil || only(c)) {
				fs = append(fs, score.Forecast{P: p, Onset: c.Pact})
			}
		}
		return fs
	}
	for _, name := range []string{PosteriorLOO, PosteriorInSample, DefaultWeights, PriorPredictive, BaseRate, Logit} {
		fs := fc(name, nil)
		if len(fs) == 0 {
			continue
		}
		if err := score.Validate(fs); err != nil {
			return sc, fmt.Errorf("calibrate: %s: %w", name, err)
		}
		sc.Forecasters = append(sc.Forecasters, ForecasterScore{Name: name, Cases: len(fs), Brier: score.Brier(fs), Log: score.LogScore(score.Clip(fs, eps))})
	}
	for _, ref := range []string{BaseRate, Logit} {
		only := func(c CaseFit) bool { _, ok := get(ref, c); return ok }
		m, rf := fc(PosteriorLOO, only), fc(ref, only)
		if len(rf) == 0 {
			continue
		}
		cmp, err := score.Compare(m, rf)
		if err != nil {
			return sc, fmt.Errorf("calibrate: %w", err)
		}
		sc.Comparisons = append(sc.Comparisons, CVComparison{Reference: ref, Comparison: cmp})
	}
	return sc, nil
}

// ScoreOf returns the named forecaster's scores, or nil.
func (s *Scores) ScoreOf(name string) *ForecasterScore {
	return find.First(s.Forecasters, func(f *ForecasterScore) bool { return f.Name == name })
}

// resample draws Resample points by systematic resampling with
// probabilities w, in point order (deterministic for the seed).
func (r *run) resample(w []float64) []model.Weights {
	var pcg rand.PCG
	pcg.Seed(rng.SubSeed(r.o.Seed, 0x726573616d706c65)) // "resample"
	u0 := rng.OpenUnit(pcg.Uint64())
	n := r.o.Resample
	out := make([]model.Weights, 0, n)
	c, i := w[0], 0
	for j := range n {
		u := (float64(j) + u0) / float64(n)
		for u > c && i < len(w)-1 {
			i++
			c += w[i]
		}
		out = append(out, r.points[i].w)
	}
	// Shuffle the rows so that a prefix of the sample is a sample too.
	src := rand.New(&pcg)
	src.Shuffle(len(out), func(a, b int) { out[a], out[b] = out[b], out[a] })
	return out
}

// Fit returns the named weight's fit, or nil.
func (r *Result) Fit(key string) *WeightFit {
	return find.First(r.Weights, func(f *WeightFit) bool { return f.Key == key })
}

// Coverage counts the calibrated weights whose value in truth lies inside
// the posterior's 90% interval [Q05, Q95], for synthetic-recovery checks.
func (r *Result) Coverage(truth *model.Weights) (inside, total int) {
	for _, wf := range r.Weights {
		if wf.Fixed {
			continue
		}
		s, _ := model.LookupWeight(wf.Key)
		v := s.Get(truth)
		total++
		if v >= wf.Posterior.Q05 && v <= wf.Posterior.Q95 {
			inside++
		}
	}
	return inside, total
}
