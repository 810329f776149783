package analysis

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"

	"gonum.org/v1/gonum/floats"

	"github.com/alliancesim/alliancesim/internal/par"
	"github.com/alliancesim/alliancesim/internal/stats"
)

// PrimOptions are the settings of PRIM. Zero values take the defaults of
// the EMA Workbench.
type PrimOptions struct {
	// PeelAlpha is the share of the box's runs that one peel removes; 0
	// means 0.05.
	PeelAlpha float64 `json:"peel_alpha"`
	// PasteAlpha is the share of the box's runs that one paste adds back; 0
	// means 0.05.
	PasteAlpha float64 `json:"paste_alpha"`
	// MassMin is the smallest share of all runs a box may hold; peeling
	// stops before going below it. 0 means 0.05.
	MassMin float64 `json:"mass_min"`
	// MinCoverage is used by the default choice rule (see PRIM); 0 means
	// 0.5.
	MinCoverage float64 `json:"min_coverage"`
	// Workers is the number of goroutines that sort the inputs and
	// evaluate candidate peels; 0 means runtime.NumCPU(). It never changes
	// the result: each input's candidates are computed on their own and
	// the best is picked in input order, as with one goroutine. It is not
	// a setting of the method, so it is left out of JSON.
	Workers int `json:"-"`
}

func (o PrimOptions) workers() int { return par.Workers(o.Workers) }

func (o PrimOptions) withDefaults() PrimOptions {
	def := func(v, d float64) float64 {
		if v == 0 {
			return d
		}
		return v
	}
	o.PeelAlpha = def(o.PeelAlpha, 0.05)
	o.PasteAlpha = def(o.PasteAlpha, 0.05)
	o.MassMin = def(o.MassMin, 0.05)
	o.MinCoverage = def(o.MinCoverage, 0.5)
	return o
}

// Side names a side of a box's limit on one input.
type Side int

const (
	// Lower is the lower limit: the box keeps runs with the input above it.
	Lower Side = iota
	// Upper is the upper limit: the box keeps runs with the input below it.
	Upper
)

func (s Side) String() string {
	if s == Lower {
		return "lower"
	}
	return "upper"
}

// Restriction is a box's condition on one input.
type Restriction struct {
	Input int    // the input's column
	Name  string // the input's name
	// Lo and Hi are the box's limits on the input; runs inside have
	// Lo ≤ x ≤ Hi. A side that is not restricted holds the data's minimum
	// or maximum.
	Lo, Hi float64
	// HasLo and HasHi tell which sides are restricted: HasLo alone reads
	// "x is above Lo", HasHi alone "x is below Hi", both "between".
	HasLo, HasHi bool
}

// Change is one step of the peeling or pasting: the limit of one input that
// moved, and where to.
type Change struct {
	Input int // the input's column; −1 for the first, unrestricted box
	Side  Side
	Value float64 // the new limit
}

// PrimBox is a box in input space with its statistics.
type PrimBox struct {
	// Restrictions lists the restricted inputs only, in input order.
	Restrictions []Restriction
	// Coverage is the share of all runs with the outcome that are inside
	// the box; Density the share of runs inside the box that have the
	// outcome; Mass the share of all runs that are inside the box.
	Coverage, Density, Mass float64
	// N is the number of runs inside the box, Cases the number of those
	// with the outcome.
	N, Cases int
	// Change is, in the peeling trajectory, the limit tightened to get
	// this box from the previous one (Input −1 for the first box).
	Change Change
	// Pastes lists, for a pasted box, the limits relaxed by pasting, in
	// order; it is empty when pasting changed nothing.
	Pastes []Change

	lo, hi []float64
}

// Contains reports whether the point x (one value per input) is inside
// the box.
func (b PrimBox) Contains(x []float64) bool {
	for j, v := range x {
		if v < b.lo[j] || v > b.hi[j] {
			return false
		}
	}
	return true
}

// Limits returns the box's lower and upper limits on every input (for an
// unrestricted input, the data's minimum and maximum).
func (b PrimBox) Limits() (lo, hi []float64) {
	return slices.Clone(b.lo), slices.Clone(b.hi)
}

// PrimResult is the outcome of PRIM.
type PrimResult struct {
	// Names are the input names, one per column of x.
	Names []string
	// Trajectory is the peeling trajectory: Trajectory[0] is the whole
	// input space, and each later box is the previous one with one limit
	// tightened. Coverage falls and density (mostly) rises along it.
	Trajectory []PrimBox
	// Chosen is the index in Trajectory picked by the default rule.
	Chosen int
	// Box is Trajectory[Chosen] after pasting: the box to report.
	Box PrimBox
	// N is the number of runs, Cases the number with the outcome.
	N, Cases int
	// Options are the settings used, defaults filled in.
	Options PrimOptions

	x        [][]float64
	y        []bool
	min, max []float64
}

// PRIM runs the Patient Rule Induction Method of Friedman & Fisher (1999)
// for scenario discovery, as in the EMA Workbench: it finds a box (a set
// of conditions "input above / below a threshold") inside which the
// outcome of interest is much more frequent than overall. x holds one run
// per row, names one name per column, and y whether each run has the
// outcome.
//
// Peeling starts from the box holding every run and repeatedly removes a
// PeelAlpha share of the box's runs from the low or high end of one input:
// of the 2·d candidate peels it takes the one with the largest gain in
// density per run removed (the EMA Workbench's default "lenient1"
// objective; ties go to a peel on an input already restricted, so that
// boxes stay simple), and stops when no peel raises the density or the box
// would fall below MassMin. Thresholds are placed midway between adjacent
// distinct values, as in the sdtoolkit.
//
// The default choice rule picks the box an analyst would usually pick
// from the coverage–density trade-off: among the boxes whose coverage is at
// least MinCoverage, take the densest; then choose the earliest box (the
// largest, with the most coverage) whose density is within two binomial
// standard errors of that best density. Further peeling would only buy
// noise. Use Choose for another box.
//
// The chosen box is then pasted: a PasteAlpha share of the box's runs is
// added back along any restricted side, as long as that raises the
// density (or keeps it level while adding cases).
//
// The result keeps x and y (without copying them) for Choose, Signposts
// and Sentences: do not modify them afterwards. nil names mean x1, x2, ….
func PRIM(x [][]float64, names []string, y []bool, opt PrimOptions) (*PrimResult, error) {
	opt = opt.withDefaults()
	if !(opt.PeelAlpha > 0 && opt.PeelAlpha < 0.5) || !(opt.PasteAlpha > 0 && opt.PasteAlpha < 1) {
		return nil, fmt.Errorf("analysis: PRIM alphas must be in (0, 0.5), got peel %v, paste %v", opt.PeelAlpha, opt.PasteAlpha)
	}
	if !(opt.MassMin > 0 && opt.MassMin < 1) || !(opt.MinCoverage > 0 && opt.MinCoverage <= 1) {
		return nil, fmt.Errorf("analysis: PRIM MassMin must be in (0, 1) and MinCoverage in (0, 1], got %v, %v", opt.MassMin, opt.MinCoverage)
	}
	n := len(x)
	if n == 0 {
		return nil, errors.New("analysis: PRIM has no runs")
	}
	if len(y) != n {
		return nil, fmt.Errorf("analysis: PRIM has %d runs but %d outcomes", n, len(y))
	}
	d := len(x[0])
	if d == 0 {
		return nil, errors.New("analysis: PRIM has no inputs")
	}
	if names == nil {
		names = make([]string, d)
		for j := range names {
			names[j] = fmt.Sprintf("x%d", j+1)
		}
	}
	if len(names) != d {
		return nil, fmt.Errorf("analysis: PRIM has %d inputs but %d names", d, len(names))
	}
	r := &PrimResult{Names: slices.Clone(names), N: n, Options: opt, x: x, y: y,
		min: make([]float64, d), max: make([]float64, d)}
	for j := range d {
		r.min[j], r.max[j] = math.Inf(1), math.Inf(-1)
	}
	for i, row := range x {
		if len(row) != d {
			return nil, fmt.Errorf("analysis: PRIM run %d has %d values, run 0 has %d", i, len(row), d)
		}
		for j, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("analysis: PRIM run %d has %v for %s", i, v, names[j])
			}
			r.min[j] = math.Min(r.min[j], v)
			r.max[j] = math.Max(r.max[j], v)
		}
		if y[i] {
			r.Cases++
		}
	}
	if r.Cases == 0 {
		return nil, errors.New("analysis: no run has the outcome of interest: there is nothing to discover")
	}
	if r.Cases == n {
		return nil, errors.New("analysis: every run has the outcome of interest: there is nothing to discover")
	}
	r.peel()
	r.Chosen = r.defaultChoice()
	r.Box = r.paste(r.Trajectory[r.Chosen])
	return r, nil
}

// Choose returns box i of the peeling trajectory after pasting, for an
// analyst who prefers another point of the coverage–density trade-off.
func (r *PrimResult) Choose(i int) (PrimBox, error) {
	if i < 0 || i >= len(r.Trajectory) {
		return PrimBox{}, fmt.Errorf("analysis: box %d is not in the trajectory (0 … %d)", i, len(r.Trajectory)-1)
	}
	return r.paste(r.Trajectory[i]), nil
}

// box builds a PrimBox with its statistics from full limit vectors.
func (r *PrimResult) box(lo, hi []float64, nIn, cases int) PrimBox {
	b := PrimBox{
		N: nIn, Cases: cases,
		Coverage: float64(cases) / float64(r.Cases),
		Mass:     float64(nIn) / float64(r.N),
		lo:       slices.Clone(lo), hi: slices.Clone(hi),
		Change: Change{Input: -1},
	}
	if nIn > 0 {
		b.Density = float64(cases) / float64(nIn)
	}
	for j := range lo {
		hasLo, hasHi := lo[j] > r.min[j], hi[j] < r.max[j]
		if hasLo || hasHi {
			b.Restrictions = append(b.Restrictions, Restriction{
				Input: j, Name: r.Names[j], Lo: lo[j], Hi: hi[j], HasLo: hasLo, HasHi: hasHi,
			})
		}
	}
	return b
}

// count returns the number of runs and of cases inside the limits.
func (r *PrimResult) count(lo, hi []float64) (nIn, cases int) {
rows:
	for i, row := range r.x {
		for j, v := range row {
			if v < lo[j] || v > hi[j] {
				continue rows
			}
		}
		nIn++
		if r.y[i] {
			cases++
		}
	}
	return nIn, cases
}

func (r *PrimResult) unrestricted(lo, hi []float64) int {
	k := 0
	for j := range lo {
		if lo[j] <= r.min[j] && hi[j] >= r.max[j] {
			k++
		}
	}
	return k
}

type candidate struct {
	ok       bool
	input    int
	side     Side
	value    float64
	obj      float64
	free     int // unrestricted inputs after the change
	nIn, cas int
}

func (c *candidate) better(o candidate) bool {
	if !c.ok {
		return true
	}
	if o.obj != c.obj {
		return o.obj > c.obj
	}
	return o.free > c.free
}

// move moves the box lo..hi's side of the candidate's input to its value.
func (c *candidate) move(lo, hi []float64) {
	if c.side == Lower {
		lo[c.input] = c.value
	} else {
		hi[c.input] = c.value
	}
}

// offer completes c with the number of inputs the box lo..hi would leave
// unrestricted with c's move, and keeps it in best when better. The box is
// as it was when offer returns.
func (r *PrimResult) offer(best *candidate, lo, hi []float64, c candidate) {
	tl, th := lo[c.input], hi[c.input]
	c.move(lo, hi)
	c.free = r.unrestricted(lo, hi)
	lo[c.input], hi[c.input] = tl, th
	if best.better(c) {
		*best = c
	}
}

// primColumn is one input's runs inside the current box, sorted by the
// input's value: the rows, their values and whether each has the outcome.
// Keeping the values and outcomes next to each other, and dropping the runs
// that leave the box, makes each peeling step read only the box's runs in
// order instead of all runs through the row index.
type primColumn struct {
	rows []int
	vals []float64
	hits []bool
}

// compact drops the runs that are no longer in the box, keeping the order.
func (c *primColumn) compact(in []bool) {
	k := 0
	for p, i := range c.rows {
		if in[i] {
			c.rows[k], c.vals[k], c.hits[k] = i, c.vals[p], c.hits[p]
			k++
		}
	}
	c.rows, c.vals, c.hits = c.rows[:k], c.vals[:k], c.hits[:k]
}

// peelCandidates is the result of evaluating one input's two peels.
type peelCandidates struct {
	ok         [2]bool // indexed by Side
	value      [2]float64
	nIn, cases [2]int
}

func (r *PrimResult) peel() {
	d := len(r.min)
	n := r.N
	workers := r.Options.workers()
	lo, hi := slices.Clone(r.min), slices.Clone(r.max)
	// Each input's runs are sorted once; the inputs are independent, so
	// they are sorted concurrently. Ties may come out in any order: the
	// peels only cut between distinct values, so no count depends on it.
	// The one exception is a column holding both −0 and +0, whose order
	// could show in a threshold's sign; such a column goes through
	// floats.Argsort, the sort this package has always used, so its result
	// stays the same (as does a column too long for radixArgsort's indices).
	cols := make([]primColumn, d)
	par.For(d, workers, func(_, j int) {
		col := make([]float64, n)
		negZero := false
		for i, row := range r.x {
			col[i] = row[j]
			negZero = negZero || (row[j] == 0 && math.Signbit(row[j]))
		}
		order := make([]int, n)
		if negZero || n > math.MaxInt32 {
			floats.Argsort(col, order) // sorts col too
		} else {
			radixArgsort(col, order)
		}
		hits := make([]bool, n)
		for k, i := range order {
			hits[k] = r.y[i]
		}
		cols[j] = primColumn{rows: order, vals: col, hits: hits}
	})
	in := make([]bool, n)
	for i := range in {
		in[i] = true
	}
	nIn, cases := n, r.Cases
	r.Trajectory = []PrimBox{r.box(lo, hi, nIn, cases)}
	alpha := r.Options.PeelAlpha
	cands := make([]peelCandidates, d)
	peeled := -1 // the input peeled last (−1: none yet, every column is whole)
	for {
		// The candidate peels of each input depend only on that input's
		// column, so they are computed concurrently; the choice among them
		// below runs in input order, so the result is the same for any
		// number of goroutines.
		par.For(d, workers, func(_, j int) {
			c := &cols[j]
			if peeled >= 0 {
				c.compact(in)
			}
			cands[j] = peelCandidates{}
			vals := c.vals
			nb := len(vals)
			if vals[0] == vals[nb-1] {
				return
			}
			// Lower: the first value ≥ q stays.
			q := peelQuantile(vals, alpha, Lower)
			k := sort.SearchFloat64s(vals, q)
			below := stats.CountTrue(c.hits[:k])
			cands[j].ok[Lower], cands[j].value[Lower] = true, q
			cands[j].nIn[Lower], cands[j].cases[Lower] = nb-k, cases-below
			// Upper: values ≤ q stay.
			q = peelQuantile(vals, 1-alpha, Upper)
			k = sort.Search(nb, func(i int) bool { return vals[i] > q })
			cands[j].ok[Upper], cands[j].value[Upper] = true, q
			cands[j].nIn[Upper], cands[j].cases[Upper] = k, stats.CountTrue(c.hits[:k])
		})
		var best candidate
		meanOld := float64(cases) / float64(nIn)
		for j := range d {
			for _, side := range []Side{Lower, Upper} {
				pc := &cands[j]
				newN, newCases := pc.nIn[side], pc.cases[side]
				if !pc.ok[side] || newN == nIn || newN == 0 {
					continue
				}
				obj := (float64(newCases)/float64(newN) - meanOld) / float64(nIn-newN)
				r.offer(&best, lo, hi, candidate{ok: true, input: j, side: side, value: pc.value[side], obj: obj, nIn: newN, cas: newCases})
			}
		}
		if !best.ok || !(best.obj > 0) || float64(best.nIn)/float64(n) < r.Options.MassMin {
			return
		}
		j := best.input
		best.move(lo, hi)
		// Only the box's runs can leave it, and they are the peeled
		// input's column.
		c := &cols[j]
		for p, i := range c.rows {
			if v := c.vals[p]; v < lo[j] || v > hi[j] {
				in[i] = false
			}
		}
		peeled = j
		nIn, cases = best.nIn, best.cas
		b := r.box(lo, hi, nIn, cases)
		b.Change = Change{Input: j, Side: best.side, Value: best.value}
		r.Trajectory = append(r.Trajectory, b)
	}
}

// radixArgsort sorts vals (no NaN) in place in increasing order and sets
// order[k] to the original index of vals[k], ties in index order. It is a
// least-significant-digit radix sort on the order-preserving bit pattern of
// each value, 11 bits a pass, skipping passes whose digit is the same for
// every value: several times faster than a comparison sort through
// sort.Interface, which dominated PRIM's running time.
func radixArgsort(vals []float64, order []int) {
	const bitsPerPass, passes = 11, 6
	const buckets = 1 << bitsPerPass
	n := len(vals)
	keys := make([]uint64, n)
	idx := make([]int32, n)
	var count [passes][buckets]int
	for i, v := range vals {
		k := math.Float64bits(v)
		if k>>63 == 1 {
			k = ^k // negative: reverse the order of magnitudes
		} else {
			k |= 1 << 63
		}
		keys[i], idx[i] = k, int32(i)
		for p := range passes {
			count[p][k>>(p*bitsPerPass)&(buckets-1)]++
		}
	}
	keys2 := make([]uint64, n)
	idx2 := make([]int32, n)
	for p := range passes {
		c := &count[p]
		shift := p * bitsPerPass
		if c[keys[0]>>shift&(buckets-1)] == n {
			continue // every key has this digit: the pass would not move anything
		}
		sum := 0
		for b := range c {
			c[b], sum = sum, sum+c[b]
		}
		for i, k := range keys {
			b := k >> shift & (buckets - 1)
			keys2[c[b]], idx2[c[b]] = k, idx[i]
			c[b]++
		}
		keys, keys2 = keys2, keys
		idx, idx2 = idx2, idx
	}
	sorted := make([]float64, n)
	for k, i := range idx {
		order[k] = int(i)
		sorted[k] = vals[i]
	}
	copy(vals, sorted)
}

// peelQuantile is the sdtoolkit / EMA Workbench quantile: the midpoint
// between the two sorted values around the quantile, moved outwards past
// ties so that it always separates two distinct values (when it can).
func peelQuantile(sorted []float64, q float64, side Side) float64 {
	n := len(sorted)
	i := float64(n-1) * q
	lo, hi := int(math.Floor(i)), int(math.Ceil(i))
	if side == Lower {
		for sorted[lo] == sorted[hi] && hi < n-1 {
			hi++
		}
	} else {
		for sorted[lo] == sorted[hi] && lo > 0 {
			lo--
		}
	}
	return (sorted[lo] + sorted[hi]) / 2
}

func (r *PrimResult) defaultChoice() int {
	t := r.Trajectory
	var cands []int
	for i, b := range t {
		if b.Coverage >= r.Options.MinCoverage {
			cands = append(cands, i)
		}
	}
	if len(cands) == 0 {
		for i := range t {
			cands = append(cands, i)
		}
	}
	best := cands[0]
	for _, i := range cands {
		if t[i].Density > t[best].Density {
			best = i
		}
	}
	dens := t[best].Density
	se := math.Sqrt(dens * (1 - dens) / float64(t[best].N))
	for _, i := range cands {
		if t[i].Density >= dens-2*se {
			return i
		}
	}
	return best
}

// paste relaxes the box's restricted limits while that raises its density.
func (r *PrimResult) paste(b PrimBox) PrimBox {
	d := len(r.min)
	lo, hi := slices.Clone(b.lo), slices.Clone(b.hi)
	nIn, cases := b.N, b.Cases
	var pastes []Change
	type slabRow struct {
		v   float64
		hit bool
	}
	slabs := make([][]slabRow, 2*d)
	for {
		for k := range slabs {
			slabs[k] = slabs[k][:0]
		}
		// A run is in the slab of (j, side) when it is inside the box on
		// every input but j, and outside on that side of j.
		for i, row := range r.x {
			out, which := 0, 0
			for j, v := range row {
				if v < lo[j] {
					out++
					which = 2 * j
				} else if v > hi[j] {
					out++
					which = 2*j + 1
				}
				if out > 1 {
					break
				}
			}
			if out == 1 {
				slabs[which] = append(slabs[which], slabRow{row[which/2], r.y[i]})
			}
		}
		var best candidate
		meanOld := float64(cases) / float64(nIn)
		k0 := max(1, int(math.Round(r.Options.PasteAlpha*float64(nIn))))
		for s, slab := range slabs {
			if len(slab) == 0 {
				continue
			}
			j, side := s/2, Side(s%2)
			// Nearest to the box first.
			if side == Lower {
				slices.SortFunc(slab, func(a, b slabRow) int { return cmpFloat(b.v, a.v) })
			} else {
				slices.SortFunc(slab, func(a, b slabRow) int { return cmpFloat(a.v, b.v) })
			}
			k := min(k0, len(slab))
			for k < len(slab) && slab[k].v == slab[k-1].v {
				k++
			}
			var limit float64
			switch {
			case k == len(slab) && side == Lower:
				limit = r.min[j]
			case k == len(slab):
				limit = r.max[j]
			default:
				limit = (slab[k-1].v + slab[k].v) / 2
			}
			added := 0
			for _, sr := range slab[:k] {
				if sr.hit {
					added++
				}
			}
			newN, newCases := nIn+k, cases+added
			obj := (float64(newCases)/float64(newN) - meanOld) / float64(k)
			r.offer(&best, lo, hi, candidate{ok: true, input: j, side: side, value: limit, obj: obj, nIn: newN, cas: newCases})
		}
		// Paste while the density rises, or stays level with more cases
		// (more coverage at the same density is a better box).
		if !best.ok || best.obj < 0 || (best.obj == 0 && best.cas == cases) {
			break
		}
		best.move(lo, hi)
		nIn, cases = best.nIn, best.cas
		pastes = append(pastes, Change{Input: best.input, Side: best.side, Value: best.value})
	}
	out := r.box(lo, hi, nIn, cases)
	out.Change = b.Change
	out.Pastes = pastes
	return out
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Signpost is one restriction of a box, with how much it matters: an
// indicator to watch.
type Signpost struct {
	Restriction
	// DensityWithout and CoverageWithout are the box's density and
	// coverage with this restriction removed (the others kept).
	DensityWithout, CoverageWithout float64
	// DensityDrop is the box's density minus DensityWithout: how much this
	// condition adds to the likelihood of the outcome.
	DensityDrop float64
	// QuasiP is the EMA Workbench's quasi-p-value: the binomial chance of
	// at least the box's number of cases among its runs if the outcome had
	// the rate DensityWithout. Values above ~0.05 mean the restriction may
	// be noise.
	QuasiP float64
}

// Signposts returns the box's restrictions as indicators to watch, the one
// whose removal lowers the density most first (ties in input order).
func (r *PrimResult) Signposts(b PrimBox) []Signpost {
	sp := make([]Signpost, 0, len(b.Restrictions))
	lo, hi := slices.Clone(b.lo), slices.Clone(b.hi)
	for _, res := range b.Restrictions {
		j := res.Input
		lo[j], hi[j] = r.min[j], r.max[j]
		nIn, cases := r.count(lo, hi)
		lo[j], hi[j] = b.lo[j], b.hi[j]
		dw := float64(cases) / float64(nIn)
		sp = append(sp, Signpost{
			Restriction:     res,
			DensityWithout:  dw,
			CoverageWithout: float64(cases) / float64(r.Cases),
			DensityDrop:     b.Density - dw,
			QuasiP:          stats.BinomialUpperTail(b.Cases, b.N, dw),
		})
	}
	sort.SliceStable(sp, func(a, c int) bool { return sp[a].DensityDrop > sp[c].DensityDrop })
	return sp
}
