package calibrate

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/alliancesim/alliancesim/internal/rng"

	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/scenarios"
	"github.com/alliancesim/alliancesim/study"
)

// WideningFactor multiplies the standard deviation of the weight priors
// an effect prior replaces (see widePrior).
const WideningFactor = 3

// effectTerm is one effect prior: a row of study.EffectSizes, its centre
// and scale on the log-OR scale, and its two settings.
type effectTerm struct {
	row     int // index in study.EffectSizes
	mu, s   float64
	on, off int // indices of the settings
	// n is the number of draws the term reads from each of its settings
	// (the first n: the same inputs and streams in both, so paired).
	n int
}

// effects is the prepared state of the effect priors: the baseline drawn
// once per distinct setting, every setting with the same seed (so the
// draws of a row's on and off settings share common random numbers).
type effects struct {
	terms    []effectTerm
	settings []*target
	unused   []int // rows that are no constraint (EffectSize.Why)
}

// effectKeys returns the keys of the weights whose priors the effect
// priors replace: those of every row that is a constraint.
func effectKeys() map[string]bool {
	ks := map[string]bool{}
	for i := range study.EffectSizes {
		r := &study.EffectSizes[i]
		if !r.Constraint() {
			continue
		}
		for _, k := range r.Weights() {
			ks[k] = true
		}
	}
	return ks
}

// widePrior is the weakly informative prior that replaces a weight's prior
// when an effect prior carries the literature's information about it: a
// normal centred on the cited range's midpoint (the default) with
// WideningFactor times the cited range's standard deviation (the range as
// a central 90% interval), truncated to the weight's allowed range. A
// tripled SD has a ninth of the original precision, so the cited range
// enters the posterior through the odds ratio and only faintly through the
// weight; unlike a uniform it has no edge at which a posterior could pile
// up, and it keeps the weight's centre where the docs justify it.
type widePrior struct {
	mu, sd, lo, hi float64
	plo, phi       float64 // Φ at the truncation points
}

func newWidePrior(s model.WeightSpec) *widePrior { return newPrior(s, WideningFactor) }

// newPrior is the normal of the cited range (a central 90% interval)
// with its SD multiplied by factor, truncated to the allowed range.
func newPrior(s model.WeightSpec, factor float64) *widePrior {
	mu := (s.PriorLo + s.PriorHi) / 2
	sd := factor * (s.PriorHi - s.PriorLo) / (2 * 1.6448536269514722)
	w := &widePrior{mu: mu, sd: sd, lo: s.Min, hi: s.Max}
	w.plo = distuv.UnitNormal.CDF((s.Min - mu) / sd)
	w.phi = distuv.UnitNormal.CDF((s.Max - mu) / sd)
	return w
}

func (w *widePrior) Quantile(p float64) float64 {
	u := w.plo + p*(w.phi-w.plo)
	u = min(max(u, 1e-15), 1-1e-15)
	return min(max(w.mu+w.sd*distuv.UnitNormal.Quantile(u), w.lo), w.hi)
}

// cdf is the distribution function at x.
func (w *widePrior) cdf(x float64) float64 {
	if x <= w.lo {
		return 0
	}
	if x >= w.hi {
		return 1
	}
	return (distuv.UnitNormal.CDF((x-w.mu)/w.sd) - w.plo) / (w.phi - w.plo)
}

// logPDF is the log density at x.
func (w *widePrior) logPDF(x float64) float64 {
	if x < w.lo || x > w.hi {
		return math.Inf(-1)
	}
	z := (x - w.mu) / w.sd
	return -0.5*z*z - math.Log(w.sd*math.Sqrt(2*math.Pi)*(w.phi-w.plo))
}

func (w *widePrior) Rand(src rand.Source) float64 {
	return w.Quantile(rand.New(src).Float64())
}

func (w *widePrior) String() string {
	return fmt.Sprintf("normal(%.4g, %.4g)[%g, %g]", w.mu, w.sd, w.lo, w.hi)
}

// widenPriors returns a copy of ps in which the free priors of the weights
// the effect priors are about are replaced by their wide priors.
func widenPriors(ps *scenarios.Priors) *scenarios.Priors {
	ks := effectKeys()
	c := *ps
	c.Priors = slices.Clone(ps.Priors)
	for i := range c.Priors {
		p := &c.Priors[i]
		if !p.Fixed && ks[p.Spec.Key] {
			p.Dist = newWidePrior(p.Spec)
		}
	}
	return &c
}

// narrowProposal is the first round's component with effect priors: in
// the widened weights' coordinates each weight drawn from the normal of
// its cited range (SD a third of the wide prior's, truncated alike), in
// the others from the prior. The prior in the widened coordinates is the
// wide one, but the effect priors pull it back to about the spread of the
// weights' own cited ranges in the directions they constrain, so this
// component puts its points about where the prior's mass is; drawing from
// the wide priors would waste nearly every point (nine effect priors, each
// a third as wide as the spread of its OR under the wide priors, leave an
// effective sample of a few in ten thousand). Its density is known
// exactly, so the deterministic-mixture weights stay exact, and the
// prior's defensive share beside it keeps every importance ratio bounded.
type narrowProposal struct {
	idx          []int // the widened coordinates
	wide, narrow []*widePrior
}

// firstEffectProposal returns the narrow component for the run's free
// weights.
func (r *run) firstEffectProposal() *narrowProposal {
	np := &narrowProposal{}
	for j, p := range r.free {
		if wp, ok := p.Dist.(*widePrior); ok {
			np.idx = append(np.idx, j)
			np.wide = append(np.wide, wp)
			np.narrow = append(np.narrow, newPrior(p.Spec, 1))
		}
	}
	return np
}

// draw fills z with a draw of the component.
func (np *narrowProposal) draw(src *rand.Rand, z []float64) {
	for j := range z {
		z[j] = src.NormFloat64()
	}
	for a, j := range np.idx {
		th := np.narrow[a].Quantile(rng.OpenUnit(src.Uint64()))
		u := min(max(np.wide[a].cdf(th), 1e-15), 1-1e-15)
		z[j] = distuv.UnitNormal.Quantile(u)
	}
}

// logProb is the component's log density at z: in a widened coordinate
// the narrow normal's density of θ = Q_wide(Φ(z)) times dθ/dz =
// φ(z)/π_wide(θ).
func (np *narrowProposal) logProb(z []float64) float64 {
	lp := logStdNormal(z)
	for a, j := range np.idx {
		u := min(max(distuv.UnitNormal.CDF(z[j]), 1e-15), 1-1e-15)
		th := np.wide[a].Quantile(u)
		lp += np.narrow[a].logPDF(th) - np.wide[a].logPDF(th)
	}
	return lp
}

// EffectSETarget is the largest ratio of a row's Monte Carlo standard
// error of log OR (paired, at the default weights) to its prior scale s
// that the effect priors accept: a row whose pilot ratio is larger gets
// more draws (up to MaxEffectMultiplier times EffectDraws). At 1/3 the
// plug-in estimate of the prior's density is, in expectation, the density
// of a prior √(1 + 1/9) ≈ 1.05 times as wide as cited (docs/calibration.md
// §3.1).
const EffectSETarget = 1.0 / 3

// MaxEffectMultiplier bounds the extra draws of a row.
const MaxEffectMultiplier = 8

// prepareEffects draws the baseline's inputs for every distinct setting
// of the rows that are constraints. A pilot at the default weights with
// EffectDraws per setting measures each row's paired standard error of
// log OR; a row whose error exceeds EffectSETarget times its scale gets
// draws enough to meet it (at most MaxEffectMultiplier times as many),
// and its two settings are prepared again with them.
func (r *run) prepareEffects(ctx context.Context) error {
	if r.eff != nil {
		return nil // prepared already (a sharded calibration reading counts)
	}
	base := r.o.EffectBaseline
	if base == nil {
		l, err := scenarios.Open("baseline")
		if err != nil {
			return err
		}
		base = l.Scenario
	}
	base = study.EffectBase(base)
	var rows []study.EffectSize
	e := &effects{}
	var used []int
	for i, row := range study.EffectSizes {
		if row.Constraint() {
			rows = append(rows, row)
			used = append(used, i)
		} else {
			e.unused = append(e.unused, i)
		}
	}
	settings, on, off := study.Settings(rows)
	seed := targetSeed(r.o.Seed, "effect", base.Name)
	scs := make([]*model.Scenario, len(settings))
	for j, eds := range settings {
		sc, err := study.ApplyEdits(base, eds)
		if err != nil {
			return err
		}
		scs[j] = sc
	}
	prep := func(j, n int) error {
		t, err := prepare(ctx, "effect "+study.EditsKey(settings[j]), scs[j], scs[j].HorizonYears-1, false, n, seed, r.workers)
		if err != nil {
			return wrapCtx(ctx, err)
		}
		e.settings[j] = t
		return nil
	}
	n0 := r.o.EffectDraws
	e.settings = make([]*target, len(settings))
	for j := range settings {
		if err := prep(j, n0); err != nil {
			return err
		}
	}
	for j, i := range used {
		mu, s := study.EffectSizes[i].LogNormal()
		e.terms = append(e.terms, effectTerm{row: i, mu: mu, s: s, on: on[j], off: off[j], n: n0})
	}
	r.eff = e
	pilot := &point{w: model.DefaultWeights()}
	r.evalEffects(newSimulator(), pilot)
	need := make([]int, len(settings))
	for j := range need {
		need[j] = n0
	}
	for k := range e.terms {
		tm := &e.terms[k]
		ratio := pilot.seLogOR[k] / (EffectSETarget * tm.s)
		m := min(max(int(math.Ceil(ratio*ratio)), 1), MaxEffectMultiplier)
		tm.n = m * n0
		need[tm.on] = max(need[tm.on], tm.n)
		need[tm.off] = max(need[tm.off], tm.n)
	}
	for j, n := range need {
		if n > n0 {
			if err := prep(j, n); err != nil {
				return err
			}
		}
	}
	return nil
}

// effectCounts are one weight vector's counts on one setting: the onsets
// and the run-years at risk (years up to and including the onset, or the
// whole horizon without one).
type effectCounts struct {
	onsets, atRisk int64
}

// hazard is the smoothed first-onset annual hazard (k + 0.5)/(R + 1).
func (c effectCounts) hazard() float64 {
	return (float64(c.onsets) + 0.5) / (float64(c.atRisk) + 1)
}

// evalEffects simulates every setting under the point's weights and sets
// the point's counts (two per term: on and off, over the term's draws),
// its log odds ratios, their paired standard errors and the log density
// of the effect priors.
func (r *run) evalEffects(s *simulator, p *point) { r.evalEffectsDiv(s, p, 1) }

// evalEffectsDiv is evalEffects on the first 1/div of every setting's
// and term's draws (the prior stage's cheaper, noisier estimates).
func (r *run) evalEffectsDiv(s *simulator, p *point, div int) {
	e := r.eff
	onset := make([][]int16, len(e.settings))
	for j, t := range e.settings {
		onset[j] = make([]int16, len(t.params)/div)
		s.runEach(t, &p.w, len(onset[j]), func(i int, tr *model.Trajectory) {
			o := tr.Onset
			if o > t.last {
				o = -1
			}
			onset[j][i] = int16(o)
		})
	}
	p.eff = make([]effectCounts, 2*len(e.terms))
	for k, tm := range e.terms {
		for side, j := range [2]int{tm.on, tm.off} {
			h := e.settings[j].sc.HorizonYears
			c := &p.eff[2*k+side]
			for _, o := range onset[j][:tm.n/div] {
				if o >= 0 {
					c.onsets++
					c.atRisk += int64(o) + 1
				} else {
					c.atRisk += int64(h)
				}
			}
		}
	}
	r.setEffects(p, onset, div)
}

// setEffects computes the point's log ORs from its counts, and, when the
// per-draw onsets are known, their paired standard errors: by the delta
// method on the ratio estimators, the influence of draw i on log OR is
// ψ_i = (k_i/K̄ − r_i/R̄)_on/(1 − h_on) − (k_i/K̄ − r_i/R̄)_off/(1 − h_off),
// and Var(log OR) ≈ Var(ψ)/N; the common random numbers make it smaller
// than the unpaired √(1/K_on + 1/K_off).
func (r *run) setEffects(p *point, onset [][]int16, div int) {
	e := r.eff
	p.logOR = make([]float64, len(e.terms))
	if onset != nil {
		p.seLogOR = make([]float64, len(e.terms))
	}
	p.lep = 0
	for k, tm := range e.terms {
		con, coff := p.eff[2*k], p.eff[2*k+1]
		hon, hoff := con.hazard(), coff.hazard()
		lor := math.Log(hon/(1-hon)) - math.Log(hoff/(1-hoff))
		p.logOR[k] = lor
		z := (lor - tm.mu) / tm.s
		p.lep += -0.5 * z * z
		if onset == nil {
			continue
		}
		nd := tm.n / div
		n := float64(nd)
		h := e.settings[tm.on].sc.HorizonYears
		kbOn, rbOn := (float64(con.onsets)+0.5)/n, float64(con.atRisk)/n
		kbOff, rbOff := (float64(coff.onsets)+0.5)/n, float64(coff.atRisk)/n
		infl := func(o int16, kb, rb float64) float64 {
			if o >= 0 {
				return 1/kb - float64(o+1)/rb
			}
			return -float64(h) / rb
		}
		m, m2 := 0.0, 0.0
		for i := range nd {
			psi := infl(onset[tm.on][i], kbOn, rbOn)/(1-hon) - infl(onset[tm.off][i], kbOff, rbOff)/(1-hoff)
			m += psi
			m2 += psi * psi
		}
		m /= n
		p.seLogOR[k] = math.Sqrt(max(0, m2/n-m*m) / n)
	}
}

// EffectFit is one row of study.EffectSizes in a calibration with effect
// priors: whether it entered as a prior, and the odds ratio it implies
// under the default weights and across the posterior.
type EffectFit struct {
	Factor string
	// Weights are the weights the row is about.
	Weights []string
	// Lo and Hi are the cited range (a central 90% interval of OR).
	Lo, Hi float64
	// Used is false for a row that is no constraint on the model
	// (study.EffectSize.Exclusion, in Why), which was not simulated.
	Used bool
	Why  string
	// Default is the OR at the default weights (the same draws); Prior and
	// Posterior summarize the OR under the prior (the first round's points,
	// weighted by the effect priors) and the posterior.
	Default          float64
	Prior, Posterior Summary
	// SELog is the paired Monte Carlo standard error of log OR at one
	// weight vector, averaged over the posterior; Scale the prior's s.
	SELog, Scale float64
}

// effectFits summarizes the effect priors for the result.
func (r *run) effectFits(s *simulator, w, pw []float64) []EffectFit {
	e := r.eff
	var out []EffectFit
	dp := &point{w: model.DefaultWeights()}
	r.evalEffects(s, dp)
	for k, tm := range e.terms {
		row := &study.EffectSizes[tm.row]
		ef := EffectFit{Factor: row.Factor, Weights: row.Weights(), Lo: row.Lo, Hi: row.Hi, Used: true, Scale: tm.s, Default: math.Exp(dp.logOR[k])}
		xs := make([]float64, len(r.points))
		for i, p := range r.points {
			xs[i] = math.Exp(p.logOR[k])
			ef.SELog += w[i] * p.seLogOR[k]
		}
		ef.Posterior = wsummary(xs, w)
		ef.Prior = wsummary(xs, pw)
		out = append(out, ef)
	}
	for _, i := range e.unused {
		row := &study.EffectSizes[i]
		out = append(out, EffectFit{Factor: row.Factor, Weights: row.Weights(), Lo: row.Lo, Hi: row.Hi, Why: row.Exclusion(),
			Default: math.NaN(), SELog: math.NaN(), Scale: math.NaN()})
	}
	slices.SortStableFunc(out, func(a, b EffectFit) int { return rowIndex(a.Factor) - rowIndex(b.Factor) })
	return out
}

func rowIndex(factor string) int {
	for i, r := range study.EffectSizes {
		if r.Factor == factor {
			return i
		}
	}
	return -1
}
