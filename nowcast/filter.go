package nowcast

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sort"

	"github.com/alliancesim/alliancesim/internal/par"
	"github.com/alliancesim/alliancesim/internal/rng"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/sim"
)

// ErrInterrupted is returned (wrapped with the context's error) when the
// context is cancelled before the filter or a forecast completes.
var ErrInterrupted = errors.New("nowcast interrupted")

// FilterOptions says how to run the particle filter.
type FilterOptions struct {
	// Particles is the number of particles (default 100,000).
	Particles int
	// Seed roots every random stream.
	Seed uint64
	// Workers is the number of goroutines; 0 means one per CPU. It never
	// changes the result.
	Workers int
	// ResampleESS is the effective sample size, as a share of Particles,
	// below which the particles are resampled (systematic resampling;
	// default 0.5).
	ResampleESS float64
	// To is the last year filtered (default: the record's last year). The
	// first is the scenario's start year. Years past the record's last
	// are propagated only (YearPost.Beyond): the state at the end of To
	// is then a prediction from the record, for a forecast that starts
	// later than the record reaches.
	To int
	// Progress, when not nil, is called after each year with the years
	// done and the years in all.
	Progress func(done, total int)
}

// YearPost is the filter's account of one year.
type YearPost struct {
	// Year is the calendar year.
	Year int
	// Predicted[s] is P(rung s | the values of earlier years): the
	// one-step-ahead forecast of the rung.
	Predicted [NumStates]float64
	// Filtered[s] is P(rung s | the values up to this year).
	Filtered [NumStates]float64
	// Values is the year's row (Indicators order; NaN unknown), or nil.
	Values []float64
	// Observed is the number of known values used.
	Observed int
	// LogLik[s] is the year's tempered log-likelihood on rung s.
	LogLik [NumStates]float64
	// LogPred is the log predictive density of the year's values given
	// the earlier years' (0 for a year with none): its sum over years is
	// the record's log marginal likelihood under the model.
	LogPred float64
	// ESS is the effective sample size after weighting, before any
	// resampling; Resampled says whether the particles were then
	// resampled.
	ESS       float64
	Resampled bool
	// LatentMean and LatentSD are the filtered mean and sd of the latent
	// pressure.
	LatentMean, LatentSD float64
	// PFormed is the filtered P(an alliance has formed by the end of the
	// year).
	PFormed float64
	// Beyond says the year is past the record's last year: the particles
	// were propagated by the model with no values to weigh them, so its
	// Filtered equals its Predicted, and it is not scored.
	Beyond bool
}

// Posterior is the filter's result.
type Posterior struct {
	// Scenario names the scenario the particles were propagated under.
	Scenario string
	// Particles, Seed and Workers are the options used.
	Particles int
	Seed      uint64
	Workers   int
	// Years holds one entry per year filtered, in order.
	Years []YearPost
	// LogLik is the record's log marginal likelihood (sum of LogPred).
	LogLik float64
	// State is the filtered state distribution at the end of the last
	// year: the initial-state distribution of a forecast.
	State *State
	// Notes are caveats of the run.
	Notes []string
}

// parallelFor is par.Chunks over [0, n) in ranges of 1,024 particles (or
// draws); fn gets the worker's index. A cancelled ctx stops it with an
// error wrapping ErrInterrupted.
func parallelFor(ctx context.Context, n, workers int, fn func(wk, lo, hi int)) error {
	if err := par.Chunks(ctx, n, 1024, workers, fn); err != nil {
		return fmt.Errorf("%w: %w", ErrInterrupted, err)
	}
	return nil
}

// stepper steps a particle a year and returns the Year, as the tests
// want it. It was each goroutine's scratch, a rand.PCG the particle's
// generator was copied into for its step; the generator is now the
// particle's, held by value, and the loops step with particle.advance.
type stepper struct {
	ms *model.Stepper
}

func newSteppers(n int) []*stepper {
	s := make([]*stepper, n)
	for i := range s {
		s[i] = &stepper{}
	}
	return s
}

// step advances pt one year with its own streams.
func (st *stepper) step(sc *model.Scenario, pt *particle) model.Year {
	if st.ms == nil || st.ms.Scenario() != sc {
		st.ms = model.NewStepper(sc)
	}
	var y model.Year
	pt.advance(st.ms, &y)
	return y
}

// advance is step with ms the scenario's Stepper, the year written into
// y: the loops', where a Year returned by value cost a sixth of the step
// (model.Stepper).
func (pt *particle) advance(ms *model.Stepper, y *model.Year) {
	ms.Step(&pt.path, pt.w, &pt.p, &pt.pcg, pt.events, &pt.dr, y)
	if y.Formed && pt.formed == 0 {
		pt.formed = ms.Scenario().StartYear + pt.path.T - 1
	}
}

// workers is the number of goroutines a filter or a signposts run asked
// for n goroutines uses: par.Workers(n), at most 4 a CPU (more only cost
// memory and switches).
func workers(n int) int { return min(par.Workers(n), 4*runtime.NumCPU()) }

// Filter runs a bootstrap particle filter over rec under scenario sc and
// weights w with observation model om: particles are drawn from the
// scenario's inputs as package sim draws its runs, propagated year by year
// from the scenario's start with the model's own yearly step
// (model.Path.Step), weighted by each year's values, and resampled
// (systematic resampling) when the effective sample size falls below
// opts.ResampleESS. Years without values are propagated only. The result
// is the same for a seed whatever opts.Workers.
func Filter(ctx context.Context, sc *model.Scenario, w *model.Weights, rec *Record, om *ObsModel, opts FilterOptions) (*Posterior, error) {
	return filter(ctx, sc, w, rec, om, opts, nil)
}

// filter is Filter; seen, when not nil, is called each year after the
// step and before the weighting with the particles' rungs and latent
// pressures and their weights (CentreLatent's statistics).
func filter(ctx context.Context, sc *model.Scenario, w *model.Weights, rec *Record, om *ObsModel, opts FilterOptions, seen func(year int, rung []model.State, lat, wt []float64)) (*Posterior, error) {
	pr, err := newPrior(sc, w)
	if err != nil {
		return nil, err
	}
	if opts.Particles == 0 {
		opts.Particles = 100_000
	}
	if opts.Particles < 1 {
		return nil, fmt.Errorf("particles must be at least 1 (got %d)", opts.Particles)
	}
	if opts.ResampleESS == 0 {
		opts.ResampleESS = 0.5
	}
	if opts.ResampleESS < 0 || opts.ResampleESS > 1 {
		return nil, fmt.Errorf("resample ESS %v: use a share between 0 and 1", opts.ResampleESS)
	}
	if opts.To == 0 {
		opts.To = rec.Last
	}
	if opts.To < sc.StartYear {
		return nil, fmt.Errorf("the record ends in %d, before %s starts (%d)", opts.To, sc.Name, sc.StartYear)
	}
	nw := workers(opts.Workers)
	n := opts.Particles
	cur, nxt := make([]particle, n), make([]particle, n)
	ne := len(sc.Events)
	slab := make([]float64, 2*n*ne)
	for i := range n {
		cur[i].p.EventProb = slab[2*i*ne : 2*i*ne : (2*i+1)*ne]
		nxt[i].p.EventProb = slab[(2*i+1)*ne : (2*i+1)*ne : (2*i+2)*ne]
	}
	drs := make([]*sim.Drawer, nw)
	for i := range drs {
		drs[i] = pr.sp.NewDrawer()
	}
	if err := parallelFor(ctx, n, nw, func(wk, lo, hi int) {
		for i := lo; i < hi; i++ {
			pr.draw(&cur[i], opts.Seed, uint64(i), drs[wk])
		}
	}); err != nil {
		return nil, err
	}
	wt := make([]float64, n)
	for i := range wt {
		wt[i] = 1 / float64(n)
	}
	ms := model.NewStepper(sc)
	rung := make([]model.State, n)
	lat := make([]float64, n)
	// formed[i] is whether particle i's alliance has formed, set as it is
	// stepped, so that the year's sums need not read every particle again.
	formed := make([]bool, n)
	// With a latent emission each particle is weighed at its own
	// pressure: lli[i] is its log-likelihood, computed as it is stepped.
	lt := om.Latent
	var lli []float64
	if lt.active() {
		lli = make([]float64, n)
	}
	var yl yearLik
	post := &Posterior{Scenario: sc.Name, Particles: n, Seed: opts.Seed, Workers: nw}
	total := opts.To - sc.StartYear + 1
	for year := sc.StartYear; year <= opts.To; year++ {
		yp := YearPost{Year: year, Values: rec.At(year), Beyond: year > rec.Last}
		om.prepare(yp.Values, &yl)
		yp.LogLik, yp.Observed = yl.base, yl.n
		perParticle := lli != nil && yp.Observed > 0
		if err := parallelFor(ctx, n, nw, func(wk, lo, hi int) {
			var y model.Year
			for i := lo; i < hi; i++ {
				cur[i].advance(ms, &y)
				rung[i], lat[i], formed[i] = y.Rung, y.Latent, cur[i].formed != 0
				if perParticle {
					lli[i] = yl.at(lt, y.Rung, y.Latent)
				}
			}
		}); err != nil {
			return nil, err
		}
		if seen != nil {
			seen(year, rung, lat, wt)
		}
		for i, s := range rung {
			yp.Predicted[s] += wt[i]
		}
		if perParticle {
			mx := math.Inf(-1)
			for i, l := range lli {
				if wt[i] > 0 {
					mx = max(mx, l)
				}
			}
			if math.IsInf(mx, -1) || math.IsNaN(mx) {
				return nil, fmt.Errorf("%d: the year's values are impossible on every rung a particle stands on", year)
			}
			pred := 0.0
			for i, l := range lli {
				lli[i] = math.Exp(l - mx)
				pred += wt[i] * lli[i]
			}
			yp.LogPred = math.Log(pred) + mx
			for i, l := range lli {
				wt[i] *= l / pred
			}
		} else if yp.Observed > 0 {
			mx := math.Inf(-1)
			for s := range NumStates {
				if yp.Predicted[s] > 0 {
					mx = max(mx, yp.LogLik[s])
				}
			}
			if math.IsInf(mx, -1) {
				return nil, fmt.Errorf("%d: the year's values are impossible on every rung a particle stands on", year)
			}
			var lik [NumStates]float64
			pred := 0.0
			for s := range NumStates {
				lik[s] = math.Exp(yp.LogLik[s] - mx)
				pred += yp.Predicted[s] * lik[s]
			}
			yp.LogPred = math.Log(pred) + mx
			for i, s := range rung {
				wt[i] *= lik[s] / pred
			}
		}
		if lp, ok := weighDoctrines(sc, yp.Values, cur, wt); ok {
			if math.IsInf(lp, -1) {
				return nil, fmt.Errorf("%d: the record's declared doctrines are impossible for every particle", year)
			}
			yp.LogPred += lp
		}
		sw, s2, zm := 0.0, 0.0, 0.0
		for i, s := range rung {
			yp.Filtered[s] += wt[i]
			sw += wt[i]
			s2 += wt[i] * wt[i]
			zm += wt[i] * lat[i]
			if formed[i] {
				yp.PFormed += wt[i]
			}
		}
		zm /= sw
		zv := 0.0
		for i := range lat {
			d := lat[i] - zm
			zv += wt[i] * d * d
		}
		yp.LatentMean, yp.LatentSD = zm, math.Sqrt(zv/sw)
		yp.ESS = sw * sw / s2
		post.LogLik += yp.LogPred
		if yp.ESS < opts.ResampleESS*float64(n) {
			yp.Resampled = true
			idx := systematic(wt, rng.Unit(rng.Mix(rng.Derive(opts.Seed^purposeResample, uint64(int64(year))))))
			rk := rng.Derive(opts.Seed^purposeRejuv, uint64(int64(year)))
			if err := parallelFor(ctx, n, nw, func(_, lo, hi int) {
				for i := lo; i < hi; i++ {
					nxt[i].copyFrom(&cur[idx[i]])
					nxt[i].reseed(rk, uint64(i))
				}
			}); err != nil {
				return nil, err
			}
			cur, nxt = nxt, cur
			for i := range wt {
				wt[i] = 1 / float64(n)
			}
		}
		post.Years = append(post.Years, yp)
		if opts.Progress != nil {
			opts.Progress(year-sc.StartYear+1, total)
		}
	}
	post.State = newState(pr, opts.To, cur, wt)
	return post, nil
}

// weighDoctrines weighs each particle by the year's doctrine indicators
// (IndicatorSpec.Doctrine) given whether its actor's doctrine is still in
// force at the end of the year, and renormalises the weights; it returns
// the log of the year's predictive factor, and false when the year has
// no such value (or the scenario has no such actor).
func weighDoctrines(sc *model.Scenario, values []float64, parts []particle, wt []float64) (float64, bool) {
	if values == nil {
		return 0, false
	}
	lp, any := 0.0, false
	for k, spec := range Indicators {
		if spec.Doctrine == "" || k >= len(values) || math.IsNaN(values[k]) {
			continue
		}
		a := slices.IndexFunc(sc.Actors[:], func(x model.ActorInfo) bool { return x.ID == spec.Doctrine })
		if a < 0 {
			continue
		}
		var f [2]float64 // the likelihood with the doctrine dropped, in force
		for in := range 2 {
			f[in] = DoctrineDeclared[in]
			if values[k] == 0 {
				f[in] = 1 - f[in]
			}
		}
		lik := func(i int) float64 {
			if parts[i].path.DocInForce(a) {
				return f[1]
			}
			return f[0]
		}
		pred := 0.0
		for i := range parts {
			if wt[i] > 0 {
				pred += wt[i] * lik(i)
			}
		}
		if !(pred > 0) {
			return math.Inf(-1), true
		}
		for i := range parts {
			wt[i] *= lik(i) / pred
		}
		lp += math.Log(pred)
		any = true
	}
	return lp, any
}

// systematic returns the ancestors of systematic resampling with the
// single uniform u: particle i of the new set is the one whose cumulative
// weight first reaches (i + u)/n.
func systematic(wt []float64, u float64) []int32 {
	n := len(wt)
	idx := make([]int32, n)
	sum := 0.0
	for _, x := range wt {
		sum += x
	}
	c, j := wt[0]/sum, 0
	for i := range n {
		t := (float64(i) + u) / float64(n)
		for t > c && j < n-1 {
			j++
			c += wt[j] / sum
		}
		idx[i] = int32(j)
	}
	return idx
}

// State is a filtered state distribution: weighted particles at the end of
// Year. It is what a forecast starts from. For a run of another scenario,
// the transferable part of each particle is its Carry (the rung, the
// latent noise, the consent dispositions, the doctrines in force):
// package sim can draw, for its draw i, one particle with Pick from a
// uniform number of the draw's own stream and start the run with
// model.SimulateFrom(&st.Carry[k], …). Forecast continues the filter's
// own particles (drivers included) under the filter's scenario.
type State struct {
	// Year is the last year filtered; a forecast starts in Year+1.
	Year int
	// Weights are the particles' normalised weights.
	Weights []float64
	// Carry[i] is particle i's carried state.
	Carry []model.Carry
	// Formed[i] is the year particle i's alliance first formed, or 0.
	Formed []int

	cum   []float64
	parts []particle
	pr    *prior
}

func newState(pr *prior, year int, parts []particle, wt []float64) *State {
	st := &State{Year: year, Weights: append([]float64(nil), wt...), parts: parts, pr: pr}
	st.Carry = make([]model.Carry, len(parts))
	st.Formed = make([]int, len(parts))
	st.cum = make([]float64, len(parts))
	c := 0.0
	for i := range parts {
		st.Carry[i] = parts[i].path.Carry()
		st.Formed[i] = parts[i].formed
		c += wt[i]
		st.cum[i] = c
	}
	for i := range st.cum {
		st.cum[i] /= c
	}
	return st
}

// Pick returns the particle at cumulative weight u in [0, 1): drawing u
// uniformly draws a particle from the state distribution.
func (st *State) Pick(u float64) int {
	i := sort.SearchFloat64s(st.cum, u)
	return min(i, len(st.cum)-1)
}

// Rungs returns the distribution of the rung.
func (st *State) Rungs() [NumStates]float64 {
	var p [NumStates]float64
	for i, c := range st.Carry {
		p[c.Rung] += st.Weights[i]
	}
	return p
}

// Forecast is P(alliance) by year from a filtered state.
type Forecast struct {
	// From is the first forecast year; To the last.
	From, To int
	// Draws is the number of runs.
	Draws int
	// Years[t] is From + t.
	Years []int
	// PFormed[t] is P(an alliance has formed by the end of Years[t]),
	// counting one formed before From; PInForce[t] is P(one is in force
	// at the end of Years[t]).
	PFormed, PInForce []float64
	// PFormedBefore is P(an alliance had formed by the end of the state's
	// year).
	PFormedBefore float64
	// Rungs[t][s] is P(rung s at the end of Years[t]).
	Rungs [][NumStates]float64
}

// Forecast runs draws runs from the state to the end of year to: each
// run picks a particle by its weight and continues it, drivers and all,
// under the filter's scenario, past its horizon if need be (no event
// whose window has passed recurs). The result is the same for a seed
// whatever workers.
func (st *State) Forecast(ctx context.Context, to, draws int, seed uint64, nworkers int) (*Forecast, error) {
	if to <= st.Year {
		return nil, fmt.Errorf("forecast to %d: the state is at the end of %d; forecast to a later year", to, st.Year)
	}
	if draws < 1 {
		return nil, fmt.Errorf("forecast draws must be at least 1 (got %d)", draws)
	}
	nw := workers(nworkers)
	h := to - st.Year
	type acc struct {
		formed, inForce []int64
		rungs           [][NumStates]int64
		before          int64
		pt              particle
	}
	accs := make([]*acc, nw)
	ne := len(st.pr.sc.Events)
	for k := range accs {
		accs[k] = &acc{formed: make([]int64, h), inForce: make([]int64, h), rungs: make([][NumStates]int64, h)}
		accs[k].pt.p.EventProb = make([]float64, 0, ne)
	}
	ms := model.NewStepper(st.pr.sc)
	err := parallelFor(ctx, draws, nw, func(wk, lo, hi int) {
		a := accs[wk]
		for j := lo; j < hi; j++ {
			key := drawKey(seed, uint64(j))
			i := st.Pick(rng.Unit(rng.Mix(key ^ purposePick)))
			a.pt.copyFrom(&st.parts[i])
			a.pt.reseed(key, 0)
			if a.pt.formed != 0 {
				a.before++
			}
			var y model.Year
			for t := range h {
				a.pt.advance(ms, &y)
				if a.pt.formed != 0 {
					a.formed[t]++
				}
				if y.Rung == model.DefenceAlliance {
					a.inForce[t]++
				}
				a.rungs[t][y.Rung]++
			}
		}
	})
	if err != nil {
		return nil, err
	}
	f := &Forecast{From: st.Year + 1, To: to, Draws: draws, PFormed: make([]float64, h), PInForce: make([]float64, h), Rungs: make([][NumStates]float64, h)}
	var before int64
	for _, a := range accs {
		before += a.before
		for t := range h {
			f.PFormed[t] += float64(a.formed[t])
			f.PInForce[t] += float64(a.inForce[t])
			for s := range NumStates {
				f.Rungs[t][s] += float64(a.rungs[t][s])
			}
		}
	}
	d := float64(draws)
	f.PFormedBefore = float64(before) / d
	for t := range h {
		f.Years = append(f.Years, f.From+t)
		f.PFormed[t] /= d
		f.PInForce[t] /= d
		for s := range NumStates {
			f.Rungs[t][s] /= d
		}
	}
	return f, nil
}
