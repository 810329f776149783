package sim

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sync/atomic"
	"time"

	"gonum.org/v1/gonum/mathext"

	"github.com/alliancesim/alliancesim/design"
	"github.com/alliancesim/alliancesim/internal/par"
	"github.com/alliancesim/alliancesim/internal/rng"
	"github.com/alliancesim/alliancesim/internal/stats"
	"github.com/alliancesim/alliancesim/model"
)

// Plan says how many draws to make and how.
type Plan struct {
	// Draws is the number of draws; with Precision it is the first batch.
	Draws int64
	// Seed roots every random stream of the run.
	Seed uint64
	// Sampler is design.MonteCarlo (the default) or design.LatinHypercube.
	Sampler design.Sampler
	// Workers is the number of goroutines; 0 means one per CPU. It never
	// changes the result.
	Workers int
	// Precision, when above 0, keeps drawing in batches until the 95%
	// half-width of P(alliance by the horizon) is at most Precision, or
	// MaxDraws is reached.
	Precision float64
	// MaxDraws caps the draws when Precision is set (default 10,000,000).
	MaxDraws int64
	// Done, when not nil, is advanced as draws complete (for progress bars).
	Done *atomic.Int64
	// Total, when not nil, is set to the number of draws currently planned.
	Total *atomic.Int64
	// SkipLatent leaves out the latent-pressure quantiles (NaN in the
	// result), which saves memory when many scenarios run together.
	SkipLatent bool
	// Records, when not nil, receives every draw's uncertain input values
	// and outcome (first scenario only). It needs a fixed number of draws
	// (no Precision); its memory grows with the draws.
	Records *Records
	// Posterior, when not nil, gives each draw its weights: row m (cycled)
	// for the draws 3m, 3m+1 and 3m+2, which also share (the first two)
	// or do not share (the third) the uncertain inputs, so that
	// Result.Uncertainty can split the headline's uncertainty. The
	// scenario's pinned, fixed and uncertain weights still win over the
	// row (WeightSample). Without it nothing changes.
	Posterior *WeightSample
	// Start, when not nil, replaces every scenario's initial state: draw
	// i starts from the carried state of the particle StartState.Pick
	// gives for a uniform number of the draw's own stream (purpose
	// "start"; no other stream moves). Every scenario must start in
	// Start.Year+1. Nil is the scenario's initial state.
	Start *StartState
}

// Records holds per-draw inputs and outcomes, for scenario discovery and
// for reading a run draw by draw. Row i is draw i.
type Records struct {
	// Paths names the columns of X: the uncertain inputs, in scenario order.
	Paths []string
	// X[i] holds draw i's input values (after clamping to their ranges).
	X [][]float64
	// Onset[i] is the year index in which draw i's alliance formed, or -1.
	Onset []int16
	// Final[i] is draw i's state at the end of the horizon.
	Final []model.State
}

// ErrInterrupted is returned (wrapped with the context's error) when the
// context is cancelled before the run completes.
var ErrInterrupted = errors.New("run interrupted")

// chunk is the number of consecutive draws a worker takes at a time.
const chunk = 1024

// lhsBlockMax bounds the Latin hypercube block, and with it the memory of
// the stratification tables (inputs × block × 4 bytes).
const lhsBlockMax = 1 << 16

// uncertain is a compiled uncertain input.
type uncertain struct {
	path     string
	hash     uint64
	dist     model.Distribution
	set      model.Setter                                 // a driver or an event probability
	setW     model.WeightSetter                           // a weight (set is then unused)
	addr     func(*model.Params, *model.Weights) *float64 // where set or setW writes
	min, max float64
	cop      int    // the copula group the input belongs to, or -1
	acol     int    // its column in the achieved-correlation rows, or -1
	tab      qtable // its quantile table in z (table sampling only)
}

// compiled is a scenario ready for the hot loop: the fixed inputs already
// written into a base Params (and fixed weight inputs into its own copy of
// the weights), the uncertain ones resolved to setters, and the correlated
// ones grouped with their Cholesky factors.
type compiled struct {
	sc    *model.Scenario
	w     model.Weights
	base  model.Params
	unc   []uncertain
	cops  []copula
	corrs []model.Correlation // the correlations in force (both inputs uncertain)
	col   map[string]int      // achieved-correlation column of each correlated input
	ach   *achieved           // the first draws' values of the correlated inputs, when collected
	rows  []model.Weights     // with a posterior: its rows, with the scenario's own weights applied
	lrng  float64             // the latent histogram's range
}

func compile(sc *model.Scenario, w *model.Weights) (*compiled, error) {
	return compileWith(sc, w, nil, 0)
}

// compileWith is compile with a posterior: scenario k's rows of post.
func compileWith(sc *model.Scenario, w *model.Weights, post *WeightSample, k int) (*compiled, error) {
	c := &compiled{sc: sc, w: *w, base: *sc.NewParams()}
	fixedWeights := false
	var fixed []func(*model.Weights)
	for _, in := range sc.Inputs {
		tg, err := sc.Resolve(in.Path)
		if err != nil {
			return nil, err
		}
		if in.Dist == nil {
			return nil, fmt.Errorf("%s: no distribution", in.Path)
		}
		if in.Fixed {
			v := stats.Clamp(in.Dist.Quantile(0.5), tg.Min, tg.Max)
			if tg.IsWeight() {
				tg.SetWeight(&c.w, v)
				fixedWeights = true
				set := tg.SetWeight
				fixed = append(fixed, func(w *model.Weights) { set(w, v) })
			} else {
				tg.Set(&c.base, v)
			}
			continue
		}
		u := uncertain{path: in.Path, hash: rng.HashName(in.Path), dist: in.Dist, set: tg.Set, addr: tg.Addr, min: tg.Min, max: tg.Max, cop: -1, acol: -1}
		if tg.IsWeight() {
			u.set, u.setW = nil, tg.SetWeight
		}
		if tableSampling {
			u.tab = *tableFor(in.Dist, tg.Min, tg.Max)
		}
		c.unc = append(c.unc, u)
	}
	if fixedWeights {
		if err := c.w.Validate(); err != nil {
			return nil, err
		}
	}
	if err := checkLadder(c); err != nil {
		return nil, err
	}
	c.lrng = latentRange(&c.w)
	if post != nil {
		rows, err := rowsFor(post, k, w, fixed)
		if err != nil {
			return nil, err
		}
		c.rows = rows
		for i := range rows {
			c.lrng = max(c.lrng, latentRange(&rows[i]))
		}
	}
	cops, active, err := compileCorrelations(sc, c.unc)
	if err != nil {
		return nil, err
	}
	c.cops, c.corrs = cops, active
	if len(cops) > 0 {
		c.col = map[string]int{}
		for g, cp := range cops {
			for _, k := range cp.idx {
				c.unc[k].cop = g
				c.unc[k].acol = len(c.col)
				c.col[c.unc[k].path] = len(c.col)
			}
		}
	}
	return c, nil
}

// checkLadder makes sure that the ladder's thresholds increase in every
// draw. A threshold may be uncertain only when the range its distribution
// can reach (clamped to the allowed range) lies wholly above the range of
// the threshold below it and wholly below that of the one above, a fixed
// threshold being a point: as the weights' prior ranges are built
// (model.WeightSpec.PriorLo and PriorHi), so that a sensitivity analysis
// can draw every threshold independently.
func checkLadder(c *compiled) error {
	type reach struct {
		key, path string
		lo, hi    float64
	}
	var ladder []reach
	uncertain := false
	for _, s := range model.WeightSpecs {
		if !s.IsThreshold() {
			continue
		}
		v := s.Get(&c.w)
		r := reach{key: s.Key, lo: v, hi: v}
		for _, u := range c.unc {
			if u.path == model.WeightPathPrefix+s.Key {
				r.path = u.path
				r.lo = stats.Clamp(u.dist.Quantile(0), u.min, u.max)
				r.hi = stats.Clamp(u.dist.Quantile(1), u.min, u.max)
				uncertain = true
			}
		}
		ladder = append(ladder, r)
	}
	if !uncertain {
		return nil // fixed thresholds are checked by Weights.Validate
	}
	for i := 1; i < len(ladder); i++ {
		a, b := ladder[i-1], ladder[i]
		if b.lo > a.hi {
			continue
		}
		path := b.path
		if path == "" {
			path = a.path
		}
		return fmt.Errorf("%s: the ladder's thresholds must increase in every draw, but %s can reach %g and %s can fall to %g; "+
			"give uncertain thresholds ranges that do not overlap (as their prior ranges in docs/model.md do), or make bias uncertain instead",
			path, a.key, a.hi, b.key, b.lo)
	}
	return nil
}

// collect makes the compiled scenario keep its correlated inputs' values
// in the first rows draws, for Result.Correlations.
func (c *compiled) collect(rows int64) {
	if len(c.cops) == 0 {
		return
	}
	n := int(min(rows, achieveRows))
	c.ach = &achieved{rows: n, ncols: len(c.col), x: make([]float64, n*len(c.col))}
}

// unit is one scenario's share of a worker: its compiled scenario, its
// parameters, its trajectory and its counts.
type unit struct {
	c   *compiled
	p   model.Params
	w   model.Weights // the unit's own copy: uncertain weights are set per draw
	z   []float64     // the correlated inputs' standard normal numbers, by input
	dst []*float64    // where each uncertain input goes in p or w (nil: through its setter)
	tr  *model.Trajectory
	acc *acc
}

// worker owns everything one goroutine needs; nothing is shared but the
// read-only compiled scenarios and stratification tables. With several
// scenarios (a comparison) each draw is simulated for every scenario with
// the same streams, and joint counts pair each scenario with the first.
type worker struct {
	units []*unit
	seed  uint64
	pcgP  rand.PCG
	pcgN  rand.PCG
	rs    model.Streams
	pairs []pairCounts
	rec   *Records // rows are disjoint per draw, so workers write without locks
	// With a posterior: the outcomes so far of the current group (bit j
	// for draw 3m+j) per scenario, and the draw they expect next.
	post   bool
	shadow bool // simulating a draw again only for its group's outcomes
	gbits  []uint8
	glast  []uint8 // the group's last draw's outcome bits
	gnext  uint64
	start  *StartState // Plan.Start
}

// pairCounts counts, for scenario k against the first, the runs in which
// both formed an alliance by the horizon, only the first did, or only k.
type pairCounts struct{ both, onlyFirst, onlyOther int64 }

func newWorker(cs []*compiled, seed uint64, latent bool) *worker {
	wk := &worker{seed: seed, pairs: make([]pairCounts, len(cs))}
	for _, c := range cs {
		u := &unit{c: c, tr: model.NewTrajectory(c.sc), acc: newAcc(c.sc.HorizonYears, len(c.sc.Events), latent, c.lrng)}
		if c.rows != nil {
			wk.post = true
			u.acc.groups = new([8]int64)
		}
		u.p = c.base
		u.p.EventProb = append([]float64(nil), c.base.EventProb...)
		u.w = c.w
		if len(c.cops) > 0 {
			u.z = make([]float64, len(c.unc))
		}
		u.dst = make([]*float64, len(c.unc))
		for k, in := range c.unc {
			if in.addr != nil {
				u.dst[k] = in.addr(&u.p, &u.w)
			}
		}
		wk.units = append(wk.units, u)
	}
	wk.rs = model.PCGStreams(&wk.pcgN, 0)
	wk.gbits = make([]uint8, len(cs))
	wk.glast = make([]uint8, len(cs))
	wk.gnext = math.MaxUint64
	return wk
}

// draw simulates draw i for every scenario. With stratification tables,
// input k's uniform is (perm[k][i-start] + jitter) / n; otherwise the
// input draws directly. A correlated input turns its uniform into a
// standard normal number; once all are drawn, each copula group mixes its
// numbers with its Cholesky factor and maps them back through Φ and the
// inputs' quantile functions.
func (wk *worker) draw(i uint64, lhs []*lhsBlock) {
	if wk.post {
		wk.drawGroup(i, lhs)
		return
	}
	wk.drawOne(i, i, lhs)
}

// drawGroup is draw with a posterior: it simulates draw i and, once the
// group's three draws are known, counts their outcomes' pattern. When this
// worker did not simulate the group's first two draws just before (they
// lie in another chunk or shard), it simulates them again, uncounted.
func (wk *worker) drawGroup(i uint64, lhs []*lhsBlock) {
	r := i % groupSize
	in := i
	if r == 1 {
		in = i - 1 // shares draw 3m's inputs
	}
	wk.drawOne(i, in, lhs)
	switch r {
	case 0:
		for ui, u := range wk.units {
			wk.gbits[ui] = formedBit(u.tr, 0)
		}
		wk.gnext = i + 1
	case 1:
		if wk.gnext != i {
			wk.gnext = math.MaxUint64
			return
		}
		for ui, u := range wk.units {
			wk.gbits[ui] |= formedBit(u.tr, 1)
		}
		wk.gnext = i + 1
	case 2:
		last := wk.glast
		for ui, u := range wk.units {
			last[ui] = formedBit(u.tr, 2)
		}
		if wk.gnext != i {
			wk.shadow = true
			wk.drawOne(i-2, i-2, lhs)
			for ui, u := range wk.units {
				wk.gbits[ui] = formedBit(u.tr, 0)
			}
			wk.drawOne(i-1, i-2, lhs)
			for ui, u := range wk.units {
				wk.gbits[ui] |= formedBit(u.tr, 1)
			}
			wk.shadow = false
		}
		for ui, u := range wk.units {
			u.acc.groups[wk.gbits[ui]|last[ui]]++
		}
		wk.gnext = math.MaxUint64
	}
}

func formedBit(tr *model.Trajectory, j uint) uint8 {
	if tr.Onset >= 0 {
		return 1 << j
	}
	return 0
}

// drawOne simulates draw i for every scenario, its uncertain inputs taken
// from draw in's streams (in = i but in a posterior's group); in shadow
// mode it only leaves the trajectories.
func (wk *worker) drawOne(i, in uint64, lhs []*lhsBlock) {
	key := drawKey(wk.seed, i)
	inKey := key
	if in != i {
		inKey = drawKey(wk.seed, in)
	}
	first := false
	for ui, u := range wk.units {
		c := u.c
		if c.rows != nil {
			u.w = c.rows[(i/groupSize)%uint64(len(c.rows))]
		}
		if tableSampling {
			wk.sampleTables(ui, u, i, in, inKey, lhs)
		} else {
			wk.sample(ui, u, i, in, inKey, lhs)
		}
		if len(c.cops) > 0 {
			wk.correlate(ui, u, i)
		}
		wk.pcgN.Seed(rng.SubSeed(key, purposeNoise))
		wk.rs.Events, _ = rng.SubSeed(key, purposeEvents)
		if wk.start != nil {
			k := wk.start.PickFor(key)
			model.SimulateFrom(&wk.start.Carry[k], c.sc, &u.w, &u.p, wk.rs, u.tr)
		} else {
			model.Simulate(c.sc, &u.w, &u.p, wk.rs, u.tr)
		}
		if wk.shadow {
			continue
		}
		u.acc.add(u.tr)
		if ui == 0 && wk.rec != nil {
			wk.rec.Onset[i] = int16(u.tr.Onset)
			wk.rec.Final[i] = u.tr.States[len(u.tr.States)-1]
		}
		formed := u.tr.Onset >= 0
		switch {
		case ui == 0:
			first = formed
		case first && formed:
			wk.pairs[ui].both++
		case first:
			wk.pairs[ui].onlyFirst++
		case formed:
			wk.pairs[ui].onlyOther++
		}
	}
}

// sample sets unit u's uncertain inputs for draw i, each from a PCG
// generator seeded from (key, input path); in is the draw whose inputs
// they are (its Latin hypercube stratum, key its key).
func (wk *worker) sample(ui int, u *unit, i, in, key uint64, lhs []*lhsBlock) {
	c := u.c
	for k := range c.unc {
		inp := &c.unc[k]
		wk.pcgP.Seed(rng.SubSeed(key, inp.hash))
		var v float64
		if lhs != nil {
			b := lhs[ui]
			x := (float64(b.perm[k][in-b.start]) + rng.OpenUnit(wk.pcgP.Uint64())) / float64(b.n)
			if inp.cop >= 0 {
				u.z[k] = normalQuantile(x)
				continue
			}
			v = inp.dist.Quantile(x)
		} else if inp.cop >= 0 {
			u.z[k] = normalQuantile(rng.OpenUnit(wk.pcgP.Uint64()))
			continue
		} else {
			v = inp.dist.Rand(&wk.pcgP)
		}
		wk.set(ui, u, inp, i, k, v)
	}
}

// sampleTables is sample under table sampling: input k's word is
// rng.Mix(key ^ path hash), one hash and no generator; Monte Carlo turns
// it into a standard normal number (ziggurat), Latin hypercube into the
// stratum's jitter and then through Φ⁻¹; the input's table maps the
// number to its value.
func (wk *worker) sampleTables(ui int, u *unit, i, draw, key uint64, lhs []*lhsBlock) {
	c := u.c
	var b *lhsBlock
	if lhs != nil {
		b = lhs[ui]
	}
	rec := ui == 0 && wk.rec != nil && !wk.shadow
	dst := u.dst[:len(c.unc)]
	for k := range c.unc {
		in := &c.unc[k]
		word := rng.Mix(key ^ in.hash)
		var z float64
		if b != nil {
			z = mathext.NormalQuantile((float64(b.perm[k][draw-b.start]) + rng.OpenUnit(word)) / float64(b.n))
		} else {
			// zigNormal's common case, written out (it does not inline),
			// the sign set without a branch: bit zigN of the word.
			l := word & (zigN - 1)
			z = float64(word>>11) * 0x1p-53 * zigX[l]
			if z >= zigX[l+1] {
				z = zigSlow(word)
			} else {
				z = math.Float64frombits(math.Float64bits(z) ^ (word&zigN)<<(63-8))
			}
		}
		if in.cop >= 0 {
			u.z[k] = z
			continue
		}
		// qtable.at's common case, written out.
		t := &in.tab
		var v float64
		if s := (z - t.z0) * t.invh; t.kind == tabCubic && s >= 0 && s < t.nf {
			j := int(s)
			s -= float64(j)
			cf := t.c[4*j : 4*j+4 : 4*j+4]
			v = cf[0] + s*(cf[1]+s*(cf[2]+s*cf[3]))
		} else {
			v = t.at(z)
		}
		v = stats.Clamp(v, in.min, in.max)
		switch {
		case dst[k] != nil:
			*dst[k] = v
		case in.setW != nil:
			in.setW(&u.w, v)
		default:
			in.set(&u.p, v)
		}
		if rec {
			wk.rec.X[i][k] = v
		}
	}
}

// set clamps input k's value v and writes it into unit u (and the draw's
// record).
func (wk *worker) set(ui int, u *unit, in *uncertain, i uint64, k int, v float64) {
	wk.put(ui, u, in, i, k, stats.Clamp(v, in.min, in.max))
}

// put writes input k's clamped value v into unit u (and the draw's
// record).
func (wk *worker) put(ui int, u *unit, in *uncertain, i uint64, k int, v float64) {
	if in.setW != nil {
		in.setW(&u.w, v)
	} else {
		in.set(&u.p, v)
	}
	if ui == 0 && wk.rec != nil && !wk.shadow {
		wk.rec.X[i][k] = v
	}
}

// correlate sets unit u's correlated inputs for draw i from their standard
// normal numbers: z' = L·z per copula group, x = Quantile(Φ(z')).
func (wk *worker) correlate(ui int, u *unit, i uint64) {
	c := u.c
	for g := range c.cops {
		cp := &c.cops[g]
		n := len(cp.idx)
		for a, k := range cp.idx {
			row := cp.l[a*n : a*n+a+1]
			z := 0.0
			for b, l := range row {
				z += l * u.z[cp.idx[b]]
			}
			in := &c.unc[k]
			var v float64
			if tableSampling {
				v = stats.Clamp(in.tab.at(z), in.min, in.max)
			} else {
				v = stats.Clamp(in.dist.Quantile(normalCDF(z)), in.min, in.max)
			}
			wk.put(ui, u, in, i, k, v)
			if c.ach != nil && i < uint64(c.ach.rows) && !wk.shadow {
				c.ach.x[int(i)*c.ach.ncols+in.acol] = v
			}
		}
	}
}

// lhsBlock is the stratification of one block of draws [start, start+n).
type lhsBlock struct {
	start uint64
	n     int
	perm  [][]uint32
}

// A permutation depends only on (seed, block, input path), so scenarios
// run together that share an input share its table (read-only), through
// cache: a sweep's grid points then cost one table per input, not one per
// point. lhsPerms fills cache first.
func newLHSBlock(c *compiled, block uint64, n int, cache map[uint64][]uint32) *lhsBlock {
	b := &lhsBlock{start: block * uint64(n), n: n, perm: make([][]uint32, len(c.unc))}
	for k, in := range c.unc {
		b.perm[k] = cache[in.hash]
	}
	return b
}

// lhsPerms fills cache with the permutations of block for every input
// path of cs not in it yet, on up to workers goroutines, refilling the
// tables in free (no longer in use) where they have n entries. A
// permutation depends only on (seed, block, path), so the order does not
// matter.
func lhsPerms(cs []*compiled, seed uint64, block uint64, n, workers int, cache map[uint64][]uint32, free [][]uint32) {
	var todo []uint64
	for _, c := range cs {
		for _, in := range c.unc {
			if _, ok := cache[in.hash]; !ok {
				cache[in.hash] = nil
				todo = append(todo, in.hash)
			}
		}
	}
	perms := make([][]uint32, len(todo))
	for j := range perms {
		if j < len(free) && len(free[j]) == n {
			perms[j] = free[j]
		} else {
			perms[j] = make([]uint32, n)
		}
	}
	par.For(len(todo), workers, func(_, j int) {
		var pcg rand.PCG
		pcg.Seed(rng.SubSeed(rng.Derive(seed^todo[j], block), purposeLHS))
		rng.Permute(rand.New(&pcg), perms[j])
	})
	for j, h := range todo {
		cache[h] = perms[j]
	}
}

// Run simulates sc under weights w as plan says and returns the aggregate.
// The result is identical for any plan.Workers. A cancelled ctx stops the
// run and returns an error wrapping ErrInterrupted.
func Run(ctx context.Context, sc *model.Scenario, w *model.Weights, plan Plan) (*Result, error) {
	set, err := RunSet(ctx, []*model.Scenario{sc}, []*model.Weights{w}, plan)
	if err != nil {
		return nil, err
	}
	return set.Results[0], nil
}

// Set is the outcome of running several scenarios on common random
// numbers: each scenario's result, and for each scenario after the first
// the paired difference in P(alliance by the horizon) against the first.
type Set struct {
	Results []*Result
	// Diffs[k] compares scenario k with scenario 0; Diffs[0] is empty.
	Diffs []PairedDiff
}

// PairedDiff is P_k − P_0, the difference in P(alliance by the horizon)
// between scenario k and the first, estimated on the same draws. Because
// both scenarios see the same random numbers, its standard error comes
// from the runs in which they disagree and is far smaller than that of two
// independent estimates.
type PairedDiff struct {
	Scenario, Base string
	Delta          float64
	SE             float64
	Lo, Hi         float64 // 95% interval: Delta ± 1.96 SE, clipped to [-1, 1]
	N              int64
	// Both, OnlyBase, OnlyOther count the runs in which both formed an
	// alliance, only the first scenario did, or only this one.
	Both, OnlyBase, OnlyOther int64
}

func pairedDiff(base, other string, n int64, pc pairCounts) PairedDiff {
	d := PairedDiff{Scenario: other, Base: base, N: n, Both: pc.both, OnlyBase: pc.onlyFirst, OnlyOther: pc.onlyOther}
	if n == 0 {
		return d
	}
	nf := float64(n)
	d.Delta = float64(pc.onlyOther-pc.onlyFirst) / nf
	v := (float64(pc.onlyOther+pc.onlyFirst)/nf - d.Delta*d.Delta) / nf
	d.SE = math.Sqrt(max(v, 0))
	d.Lo = max(-1, d.Delta-zWilson*d.SE)
	d.Hi = min(1, d.Delta+zWilson*d.SE)
	return d
}

// RunSet runs several scenarios on the same draws: draw i of every
// scenario uses the same seeds for every input path, the same noise and
// the same event numbers. ws[k] are scenario k's weights. With Precision,
// drawing stops when every scenario's headline half-width is met.
func RunSet(ctx context.Context, scs []*model.Scenario, ws []*model.Weights, plan Plan) (*Set, error) {
	start := time.Now()
	b, err := prepare(scs, ws, &plan)
	if err != nil {
		return nil, err
	}
	var done, target int64 = 0, plan.Draws
	stopped := StopDraws
	for {
		if plan.Total != nil {
			plan.Total.Store(target)
		}
		if err := runRange(ctx, b.cs, plan, b.blockN, done, target, b.totals, b.pairs); err != nil {
			return nil, err
		}
		done = target
		if plan.Precision == 0 {
			break
		}
		hw := 0.0
		for _, t := range b.totals {
			hw = max(hw, Wilson(t.formedByHorizon(), t.draws).HalfWidth())
		}
		if hw <= plan.Precision {
			stopped = StopPrecision
			break
		}
		if done >= plan.MaxDraws {
			stopped = StopMaxDraws
			break
		}
		// The half-width shrinks as 1/sqrt(n): aim 10% past the estimate,
		// growing by at least half the draws so far.
		need := int64(math.Ceil(float64(done) * (hw / plan.Precision) * (hw / plan.Precision) * 1.1))
		target = min(plan.MaxDraws, max(need, done+done/2))
	}
	return b.set(scs, plan, stopped, time.Since(start).Seconds()), nil
}

// batch is a run in progress: the compiled scenarios, their counts so far
// and the Latin hypercube block size. RunSet, RunShard and MergeShards
// share it, so a merged run is the same computation as a whole one.
type batch struct {
	cs     []*compiled
	totals []*acc
	pairs  []pairCounts
	blockN int
}

// prepare checks the plan, fills its defaults, compiles the scenarios and
// sizes the accumulators (and the per-draw records, when asked for).
func prepare(scs []*model.Scenario, ws []*model.Weights, plan *Plan) (*batch, error) {
	if err := checkPlan(scs, ws, plan); err != nil {
		return nil, err
	}
	b := &batch{}
	for k, sc := range scs {
		c, err := compileWith(sc, ws[k], plan.Posterior, k)
		if err != nil {
			return nil, err
		}
		c.collect(max(plan.MaxDraws, plan.Draws))
		b.cs = append(b.cs, c)
	}
	// The Latin hypercube block: the planned draws, at least 1024 (so that
	// a precision run starting small does not stratify in blocks of one)
	// and at most lhsBlockMax.
	b.blockN = int(min(max(plan.Draws, 1024), lhsBlockMax))
	if plan.Posterior != nil {
		// A group's draws share a block: draw 3m+1 takes draw 3m's strata.
		b.blockN -= b.blockN % groupSize
	}
	if rec := plan.Records; rec != nil {
		if err := rec.size(b.cs[0], plan.Draws); err != nil {
			return nil, err
		}
	}
	b.totals = make([]*acc, len(b.cs))
	for k, sc := range scs {
		b.totals[k] = newAcc(sc.HorizonYears, len(sc.Events), !plan.SkipLatent, b.cs[k].lrng)
		if plan.Posterior != nil {
			b.totals[k].groups = new([8]int64)
		}
	}
	b.pairs = make([]pairCounts, len(b.cs))
	return b, nil
}

// checkPlan validates the weights and the plan and fills the plan's
// defaults (sampler, maximum draws, workers).
func checkPlan(scs []*model.Scenario, ws []*model.Weights, plan *Plan) error {
	if len(scs) == 0 || len(scs) != len(ws) {
		return fmt.Errorf("RunSet needs one set of weights per scenario (got %d scenarios, %d weights)", len(scs), len(ws))
	}
	for _, w := range ws {
		if err := w.Validate(); err != nil {
			return err
		}
	}
	if err := plan.Posterior.Validate(); err != nil {
		return err
	}
	if err := plan.Start.Check(scs...); err != nil {
		return err
	}
	if plan.Draws < 1 {
		return fmt.Errorf("draws must be at least 1 (got %d)", plan.Draws)
	}
	if plan.Sampler == "" {
		plan.Sampler = design.MonteCarlo
	}
	if _, err := design.Parse(string(plan.Sampler)); err != nil {
		return err
	}
	if math.IsNaN(plan.Precision) || plan.Precision < 0 || plan.Precision >= 0.5 {
		return fmt.Errorf("precision %v: use a half-width between 0 and 0.5, such as 0.005", plan.Precision)
	}
	if plan.Precision == 0 {
		plan.MaxDraws = 0 // only a precision run draws past Draws
	} else if plan.MaxDraws == 0 {
		plan.MaxDraws = 10_000_000
	}
	if plan.Precision > 0 && plan.MaxDraws < plan.Draws {
		plan.MaxDraws = plan.Draws
	}
	if plan.Workers <= 0 {
		plan.Workers = runtime.NumCPU()
	}
	// More workers than chunks of draws, or than a few per CPU, only cost
	// memory and start-up time; the result is the same for any number.
	plan.Workers = min(plan.Workers, 4*runtime.NumCPU(), max(1, int((plan.Draws+chunk-1)/chunk)))
	if plan.Records != nil && plan.Precision > 0 {
		return fmt.Errorf("per-draw records need a fixed number of draws: drop the precision target")
	}
	horizon := 0
	for _, sc := range scs {
		horizon = max(horizon, sc.HorizonYears)
	}
	return plan.CheckSize(len(scs), horizon)
}

// size allocates the records of n draws of c's uncertain inputs, refusing
// rather than failing half-way when they would not fit in memory (4 GiB
// is far beyond any useful run).
func (rec *Records) size(c *compiled, n int64) error {
	if bytes := float64(n) * float64(len(c.unc)+2) * 8; bytes > 4<<30 {
		return fmt.Errorf("keeping every draw's inputs for %d draws would take %.0f GiB of memory; use at most %d draws", n, bytes/(1<<30), int64(4<<30)/int64(8*(len(c.unc)+2)))
	}
	rec.Paths = rec.Paths[:0]
	for _, u := range c.unc {
		rec.Paths = append(rec.Paths, u.path)
	}
	d := len(rec.Paths)
	flat := make([]float64, int(n)*d)
	rec.X = make([][]float64, n)
	for i := range rec.X {
		rec.X[i] = flat[i*d : (i+1)*d : (i+1)*d]
	}
	rec.Onset = make([]int16, n)
	rec.Final = make([]model.State, n)
	return nil
}

// set turns the counts into results with the run's metadata.
func (b *batch) set(scs []*model.Scenario, plan Plan, stopped StopReason, elapsed float64) *Set {
	set := &Set{Diffs: make([]PairedDiff, len(b.cs))}
	for k, t := range b.totals {
		r := t.result(scs[k])
		r.Seed, r.Sampler, r.Workers = plan.Seed, plan.Sampler, plan.Workers
		r.Stopped, r.Precision = stopped, plan.Precision
		r.ElapsedSeconds = elapsed
		r.Correlations = b.cs[k].achievedCorrelations(t.draws)
		if t.groups != nil {
			r.Uncertainty = uncertainty(*t.groups, len(b.cs[k].rows))
		}
		set.Results = append(set.Results, r)
		if k > 0 {
			set.Diffs[k] = pairedDiff(scs[0].Name, scs[k].Name, t.draws, b.pairs[k])
		}
	}
	return set
}

// runRange simulates draws [from, to) on plan.Workers goroutines and adds
// them to the totals. Under Latin hypercube sampling it goes block by block.
func runRange(ctx context.Context, cs []*compiled, plan Plan, blockN int, from, to int64, totals []*acc, pairs []pairCounts) error {
	anyUnc := false
	for _, c := range cs {
		anyUnc = anyUnc || len(c.unc) > 0
	}
	if plan.Sampler != design.LatinHypercube || !anyUnc {
		return parallel(ctx, cs, plan, from, to, nil, totals, pairs)
	}
	var free [][]uint32 // the previous block's tables, to refill
	for lo := from; lo < to; {
		block := uint64(lo) / uint64(blockN)
		hi := min(to, int64(block+1)*int64(blockN))
		var blocks []*lhsBlock
		cache := map[uint64][]uint32{}
		lhsPerms(cs, plan.Seed, block, blockN, plan.Workers, cache, free)
		for _, c := range cs {
			blocks = append(blocks, newLHSBlock(c, block, blockN, cache))
		}
		if err := parallel(ctx, cs, plan, lo, hi, blocks, totals, pairs); err != nil {
			return err
		}
		free = free[:0]
		for _, p := range cache {
			free = append(free, p)
		}
		lo = hi
	}
	return nil
}

func parallel(ctx context.Context, cs []*compiled, plan Plan, from, to int64, lhs []*lhsBlock, totals []*acc, pairs []pairCounts) error {
	workers := make([]*worker, plan.Workers)
	for k := range workers {
		wk := newWorker(cs, plan.Seed, !plan.SkipLatent)
		wk.rec = plan.Records
		wk.start = plan.Start
		workers[k] = wk
	}
	err := par.Chunks(ctx, int(to-from), chunk, len(workers), func(w, lo, hi int) {
		wk := workers[w]
		for i := from + int64(lo); i < from+int64(hi); i++ {
			wk.draw(uint64(i), lhs)
		}
		if plan.Done != nil {
			plan.Done.Add(int64(hi - lo))
		}
	})
	if err != nil {
		return fmt.Errorf("%w: %w", ErrInterrupted, err)
	}
	for _, wk := range workers {
		for k, u := range wk.units {
			totals[k].merge(u.acc)
			pairs[k].both += wk.pairs[k].both
			pairs[k].onlyFirst += wk.pairs[k].onlyFirst
			pairs[k].onlyOther += wk.pairs[k].onlyOther
		}
	}
	return nil
}
