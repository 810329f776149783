package nowcast

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/alliancesim/alliancesim/analysis"
	"github.com/alliancesim/alliancesim/internal/format"
	"github.com/alliancesim/alliancesim/internal/rng"
	istats "github.com/alliancesim/alliancesim/internal/stats"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/results"
	"github.com/alliancesim/alliancesim/sim"
)

// Sub-streams of the signpost runs. The rung paths use the forecast's own
// (drawKey, purposePick, reseed), so that a signpost run of seed s and
// index j is the forecast's run j of seed s; the observables have their
// own stream, so that drawing them changes no path.
const (
	purposeObserve uint64 = 0x6f627365727665 // "observe": the watched indicators
	purposeSplit   uint64 = 0x73706c6974     // "split": the hold-out runs
)

// SignpostOptions says how to derive signposts on observables.
type SignpostOptions struct {
	// Runs is the number of forward runs (default 100,000).
	Runs int
	// Seed roots every stream. With the forecast's seed and Runs equal to
	// its draws, the runs' rung paths are the forecast's own
	// (Result.Signposts uses Result.ForecastSeed when Seed is 0).
	Seed uint64
	// Workers is the number of goroutines; 0 means one per CPU. It never
	// changes the result.
	Workers int
	// Window is the number of forecast years watched, from the year after
	// the state's (default 3).
	Window int
	// Horizon is the last year of the outcome, an alliance formed by its
	// end (default: the state's year + 10).
	Horizon int
	// Indicators are the indicator keys watched (default: every indicator
	// of the observation model). Each becomes one column of the design
	// (SignpostFeature).
	Indicators []string
	// IncludeWindowAlliances keeps the runs in which an alliance has formed
	// by the end of the watch window (before the state's year, or in the
	// window itself), with the outcome "formed by Horizon". By default
	// they are left out and the outcome is an alliance formed after the
	// window and by Horizon: an analyst who watches the indicators would
	// see the treaty itself, and a signpost that only echoes the
	// alliance's own exercises and vetoes tells nothing in advance.
	IncludeWindowAlliances bool
	// HoldOut is the share of the runs kept out of PRIM, on which the
	// box's P(alliance), coverage and mass are measured, so that the
	// reported P is not inflated by the search (default 0.5).
	HoldOut float64
	// InSample turns the hold-out off: PRIM sees every run and the box's
	// statistics are the search's own (optimistic).
	InSample bool
	// PruneP: a restriction of PRIM's box is dropped when, on the
	// hold-out runs (all runs with InSample), the box's cases are not
	// unlikely at the density without it: its quasi-p-value
	// (analysis.Signpost.QuasiP) exceeds PruneP. The largest goes first,
	// then the rest are tested again. Default 0.05; 1 keeps every
	// restriction.
	PruneP float64
	// Prim are PRIM's settings (zero values: analysis's defaults).
	Prim analysis.PrimOptions
}

// SignpostFeature is one column of the design: one indicator summarised
// over the watch window.
type SignpostFeature struct {
	// Name is the column's name, "indicator.summary".
	Name string `json:"name"`
	// Indicator is the indicator's key.
	Indicator string `json:"indicator"`
	// Summary is how the window's values are summarised: "total" (a
	// count's sum over the window), "mean" (a share's or amount's mean),
	// "max" (a code's highest value), "years" (the number of years a 0/1
	// code is 1).
	Summary string `json:"summary"`
	// Label says what the column is, in words.
	Label string `json:"label"`
	// Integer says that the column takes whole values only (thresholds
	// are then whole counts).
	Integer bool `json:"integer"`
}

// Proportion is a Monte Carlo proportion with its 95% Wilson interval.
type Proportion struct {
	P, Lo, Hi float64
	Count, N  int
}

// wilson is the 95% Wilson score interval of count out of n (NaN for n
// 0): sim.Wilson's, the one home of the interval.
func wilson(count, n int) Proportion {
	w := sim.Wilson(int64(count), int64(n))
	return Proportion{P: w.P, Lo: w.Lo, Hi: w.Hi, Count: count, N: n}
}

// SignpostCondition is one condition of the box on an observable: a
// signpost to watch.
type SignpostCondition struct {
	// Feature is the column; Indicator and Summary say what it is.
	Feature, Indicator, Summary string
	// PrimLo and PrimHi are PRIM's limits (runs inside have PrimLo ≤ x ≤
	// PrimHi); HasLo and HasHi say which are restricted.
	PrimLo, PrimHi float64
	HasLo, HasHi   bool
	// Lo and Hi are the same limits in readable units: for an Integer
	// feature the whole numbers ⌈PrimLo⌉ and ⌊PrimHi⌋ (the condition is
	// Lo ≤ x ≤ Hi exactly); otherwise PrimLo and PrimHi.
	Lo, Hi float64
	// Clause is the condition in words without the period ("China
	// abstains on no Russian veto"); Text adds the watch window.
	Clause, Text string
	// DensityWithout is the box's P(alliance) without this condition (the
	// others kept), DensityDrop the box's P minus it; QuasiP the binomial
	// chance of the box's cases at that rate (as analysis.Signpost). All
	// three are on the hold-out runs (all runs with InSample).
	DensityWithout, DensityDrop, QuasiP float64
}

// SignpostBox is the box of observable conditions and its statistics.
type SignpostBox struct {
	// P is P(outcome | the conditions) on the hold-out runs (all runs
	// with InSample), with its 95% interval; the conditions are PRIM's
	// after pruning (the hold-out runs decided only which restrictions
	// to keep, not where); Coverage is the share of
	// their cases inside the box, Mass the share of their runs inside.
	P              Proportion
	Coverage, Mass float64
	// Outside is P(outcome | not all conditions) on the same runs.
	Outside Proportion
	// Z is the two-proportion z statistic of P against Outside (pooled
	// standard error); Significant says that the box has conditions and
	// Z exceeds 1.96 (a one-sided test at 2.5%). A box that is not
	// significant is reported as no signpost.
	Z           float64
	Significant bool
	// SearchDensity, SearchCoverage and SearchMass are the box's
	// statistics on the runs PRIM searched (optimistic).
	SearchDensity, SearchCoverage, SearchMass float64
}

// zSignificant is the z a box's P must exceed against the other runs'.
const zSignificant = 1.959963984540054

func onRuns(inSample bool) string {
	if inSample {
		return "runs"
	}
	return "hold-out runs"
}

// SignpostResult is a set of signposts on observables: the box of watched
// indicators' values under which an alliance is much more likely, found
// by PRIM on runs simulated forward from a filtered state.
type SignpostResult struct {
	// Year is the state's year; the runs start in Year+1. WatchFrom and
	// WatchTo are the watch window; Horizon the outcome's last year.
	Year, WatchFrom, WatchTo, Horizon int
	// From says where the runs start, for the text: "the filtered state
	// at the end of 2025", or a scenario's start.
	From string
	// Runs, Seed, Workers, HoldOut and InSample are the options used
	// (HoldOut 0 with InSample).
	Runs     int
	Seed     uint64
	Workers  int
	HoldOut  float64
	InSample bool
	// IncludeWindowAlliances is the option used: whether runs with an
	// alliance by the end of the window are in the design.
	IncludeWindowAlliances bool
	// Features are the design's columns.
	Features []SignpostFeature
	// PAlliance is P(an alliance has formed by the end of Horizon) over
	// every run (for the forecast's seed and draws, the forecast's own);
	// PByWatchEnd is P(one has formed by the end of WatchTo).
	PAlliance, PByWatchEnd Proportion
	// Design is the number of runs in the design (all runs, or those
	// without an alliance by WatchTo); Cases how many of them have the
	// outcome.
	Design, Cases int
	// Base is P(outcome) over the design's runs: the share to compare the
	// box's with (measured on the hold-out runs, as the box's P).
	Base Proportion
	// Box is the box found; nil when PRIM could not run (no run, or every
	// run, with the outcome).
	Box *SignpostBox
	// Conditions are the box's conditions, the most important first (the
	// largest DensityDrop, as analysis.PrimResult.Signposts orders them).
	Conditions []SignpostCondition
	// Pruned are the columns PRIM restricted whose restriction was dropped
	// as noise (SignpostOptions.PruneP).
	Pruned []string
	// Text is the box in sentences.
	Text string
	// Notes are caveats.
	Notes []string
	// Prim is PRIM's result on the searched runs, for charts of the
	// coverage–density trade-off (plots.PrimTradeoff); nil with no box.
	Prim *analysis.PrimResult
}

// Signposts derives signposts on observables from the filtered state st
// and the observation model om: it runs opts.Runs runs forward from st
// year by year, as Forecast does (each run picks a particle by its weight
// and continues it under the filter's scenario with model.Path), and in
// each run and year of the watch window draws every watched indicator
// from its emission on the run's rung (Emission.Sample). Each run's
// values are summarised over the window (SignpostFeature) into a row of
// the design, its outcome an alliance formed by opts.Horizon, and PRIM
// (analysis.PRIM) finds the box of summaries in which the outcome is most
// frequent. The box's P(alliance) is measured on runs PRIM did not see
// (opts.HoldOut).
//
// The indicators of a year are drawn independently given the rung, as
// the observation model says: China may "abstain" on more Russian vetoes
// than Russia casts in a run, and the arms-import share, a five-year
// window, is drawn afresh each year. The result is the same for a seed
// whatever opts.Workers.
func Signposts(ctx context.Context, st *State, om *ObsModel, opts SignpostOptions) (*SignpostResult, error) {
	if st == nil || st.pr == nil {
		return nil, errors.New("signposts: no filtered state")
	}
	return signposts(ctx, stateRuns{st}, om, opts)
}

// runSource is where signpost runs come from: each run j is a particle,
// prepared from the run's seed, stepped from the year after Year under
// Scenario.
type runSource interface {
	// year is the last year before the watch window.
	year() int
	scenario() *model.Scenario
	// prepare makes pt run j of seed; d is the goroutine's drawer.
	prepare(pt *particle, seed, j uint64, d *sim.Drawer)
	// drawer is a goroutine's drawer (nil when prepare needs none).
	drawer() *sim.Drawer
	// from says where the runs start, for the text.
	from() string
}

// stateRuns continues a filtered state's particles (drivers and all),
// under the filter's scenario: run j is the forecast's run j.
type stateRuns struct{ st *State }

func (s stateRuns) year() int                 { return s.st.Year }
func (s stateRuns) scenario() *model.Scenario { return s.st.pr.sc }
func (s stateRuns) drawer() *sim.Drawer       { return nil }
func (s stateRuns) from() string {
	return fmt.Sprintf("the filtered state at the end of %d", s.st.Year)
}
func (s stateRuns) prepare(pt *particle, seed, j uint64, _ *sim.Drawer) {
	key := drawKey(seed, j)
	i := s.st.Pick(rng.Unit(rng.Mix(key ^ purposePick)))
	pt.copyFrom(&s.st.parts[i])
	pt.reseed(key, 0)
}

// scenarioRuns draws a scenario's runs as package sim draws them, each
// starting from its initial state or, with a start state, from the carry
// of a particle picked as sim picks it.
type scenarioRuns struct {
	pr    *prior
	start *sim.StartState
}

func (s scenarioRuns) year() int                 { return s.pr.sc.StartYear - 1 }
func (s scenarioRuns) scenario() *model.Scenario { return s.pr.sc }
func (s scenarioRuns) drawer() *sim.Drawer       { return s.pr.sp.NewDrawer() }
func (s scenarioRuns) from() string {
	if s.start != nil {
		return fmt.Sprintf("%s's start in %d, from the nowcast state at the end of %d", s.pr.sc.Name, s.pr.sc.StartYear, s.start.Year)
	}
	return fmt.Sprintf("%s's start in %d (%s)", s.pr.sc.Name, s.pr.sc.StartYear, strings.ToLower(s.pr.sc.InitialState.String()))
}
func (s scenarioRuns) prepare(pt *particle, seed, j uint64, d *sim.Drawer) {
	s.pr.draw(pt, seed, j, d)
	if s.start != nil {
		k := s.start.PickFor(drawKey(seed, j))
		pt.path.Resume(s.start.Carry[k])
	}
}

// ScenarioSignposts is Signposts for the runs of scenario sc under weights
// w, from its own initial state or (start not nil) from a start state such
// as a nowcast's: the indicators the observation model om says each
// year's rung shows, watched over the scenario's first opts.Window years,
// and the conditions on them under which an alliance follows by
// opts.Horizon (default: the scenario's last year, which it may not pass).
func ScenarioSignposts(ctx context.Context, sc *model.Scenario, w *model.Weights, start *sim.StartState, om *ObsModel, opts SignpostOptions) (*SignpostResult, error) {
	if err := start.Check(sc); err != nil {
		return nil, err
	}
	pr, err := newPrior(sc, w)
	if err != nil {
		return nil, err
	}
	last := sc.StartYear + sc.HorizonYears - 1
	if opts.Horizon == 0 {
		opts.Horizon = last
	}
	if opts.Horizon > last {
		return nil, fmt.Errorf("signposts: the horizon %d is past %s's last year, %d", opts.Horizon, sc.Name, last)
	}
	return signposts(ctx, scenarioRuns{pr: pr, start: start}, om, opts)
}

// signposts simulates src's runs, watches their indicators and finds the
// box (see Signposts).
// DefaultWindow is the number of years the signposts watch when
// SignpostOptions.Window is 0.
const DefaultWindow = 3

func signposts(ctx context.Context, src runSource, om *ObsModel, opts SignpostOptions) (*SignpostResult, error) {
	year := src.year()
	if opts.Runs == 0 {
		opts.Runs = 100_000
	}
	if opts.Runs < 2 {
		return nil, fmt.Errorf("signposts: runs must be at least 2 (got %d)", opts.Runs)
	}
	if opts.Window == 0 {
		opts.Window = DefaultWindow
	}
	if opts.Horizon == 0 {
		opts.Horizon = year + 10
	}
	if opts.Window < 1 {
		return nil, fmt.Errorf("signposts: the watch window must be at least one year (got %d)", opts.Window)
	}
	h := opts.Horizon - year
	if h < opts.Window || (!opts.IncludeWindowAlliances && h == opts.Window) {
		return nil, fmt.Errorf("signposts: the watch window %d–%d must end before the horizon %d", year+1, year+opts.Window, opts.Horizon)
	}
	if opts.InSample {
		opts.HoldOut = 0
	} else {
		if opts.HoldOut == 0 {
			opts.HoldOut = 0.5
		}
		if !(opts.HoldOut > 0 && opts.HoldOut < 1) {
			return nil, fmt.Errorf("signposts: hold-out %v: use a share between 0 and 1", opts.HoldOut)
		}
	}
	if opts.PruneP == 0 {
		opts.PruneP = 0.05
	}
	if !(opts.PruneP > 0 && opts.PruneP <= 1) {
		return nil, fmt.Errorf("signposts: prune p %v: use a probability in (0, 1]", opts.PruneP)
	}
	es, feats, err := watched(om, opts.Indicators)
	if err != nil {
		return nil, err
	}
	nw := workers(opts.Workers)
	n, d, w := opts.Runs, len(feats), opts.Window

	// Simulate: row j of flat is run j's summaries.
	flat := make([]float64, n*d)
	formedBy := make([]int32, n) // year of the first alliance, or 0
	type scratch struct {
		pt  particle
		pcg rand.PCG
		r   *rand.Rand
		d   *sim.Drawer
	}
	sc := src.scenario()
	ms := model.NewStepper(sc)
	scs := make([]*scratch, nw)
	for k := range scs {
		s := &scratch{d: src.drawer()}
		s.r = rand.New(&s.pcg)
		s.pt.p.EventProb = make([]float64, 0, len(sc.Events))
		scs[k] = s
	}
	err = parallelFor(ctx, n, nw, func(wk, lo, hi int) {
		s := scs[wk]
		for j := lo; j < hi; j++ {
			key := drawKey(opts.Seed, uint64(j))
			src.prepare(&s.pt, opts.Seed, uint64(j), s.d)
			s.pcg.Seed(rng.SubSeed(key, purposeObserve))
			row := flat[j*d : (j+1)*d]
			var y model.Year
			for t := range h {
				s.pt.advance(ms, &y)
				if t < w {
					for c, e := range es {
						v := sample(e, y.Rung, om.Latent.shift(e.Family, y.Rung, y.Latent), s.r)
						if feats[c].Summary == "max" {
							row[c] = max(row[c], v)
						} else {
							row[c] += v
						}
					}
				}
			}
			for c := range row {
				if feats[c].Summary == "mean" {
					row[c] /= float64(w)
				}
			}
			formedBy[j] = int32(s.pt.formed)
		}
	})
	if err != nil {
		return nil, err
	}

	res := &SignpostResult{Year: year, WatchFrom: year + 1, WatchTo: year + w, Horizon: opts.Horizon, From: src.from(),
		Runs: n, Seed: opts.Seed, Workers: nw, HoldOut: opts.HoldOut, InSample: opts.InSample,
		IncludeWindowAlliances: opts.IncludeWindowAlliances, Features: feats}
	all, byWatch := 0, 0
	for _, f := range formedBy {
		if f != 0 {
			all++
			if int(f) <= res.WatchTo {
				byWatch++
			}
		}
	}
	res.PAlliance, res.PByWatchEnd = wilson(all, n), wilson(byWatch, n)

	// The design: the runs kept, split into searched and hold-out runs.
	var xs, xh [][]float64
	var ys, yh []bool
	for j := range n {
		f := int(formedBy[j])
		if !opts.IncludeWindowAlliances && f != 0 && f <= res.WatchTo {
			continue
		}
		x, y := flat[j*d:(j+1)*d:(j+1)*d], f != 0
		res.Design++
		if y {
			res.Cases++
		}
		if opts.HoldOut > 0 && rng.UnitAt(opts.Seed^purposeSplit, uint64(j)) < opts.HoldOut {
			xh, yh = append(xh, x), append(yh, y)
		} else {
			xs, ys = append(xs, x), append(ys, y)
		}
	}
	if opts.InSample {
		xh, yh = xs, ys
	}
	res.Base = wilson(istats.CountTrue(yh), len(yh))
	if !opts.IncludeWindowAlliances && all > 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("%s of runs have an alliance by the end of %d; they are left out of the design (IncludeWindowAlliances)",
			pct(res.PByWatchEnd.P), res.WatchTo))
	}
	names := make([]string, d)
	for c, f := range feats {
		names[c] = f.Name
	}
	pr, err := analysis.PRIM(xs, names, ys, opts.Prim)
	if err != nil {
		if len(xs) > 0 && len(xs[0]) > 0 && (istats.CountTrue(ys) == 0 || istats.CountTrue(ys) == len(ys)) {
			res.Text = res.intro() + fmt.Sprintf(" In the runs searched, %s; there is nothing to discover.", noneOrAll(istats.CountTrue(ys), len(ys)))
			return res, nil
		}
		return nil, fmt.Errorf("signposts: %w", err)
	}
	res.Prim = pr
	box := pr.Box
	lo, hi := box.Limits()
	keep := slices.Clone(box.Restrictions)
	// Prune, on the hold-out runs, the restrictions that add nothing
	// beyond noise there: the one with the largest quasi-p-value first.
	unset := func(j int) { lo[j], hi[j] = math.Inf(-1), math.Inf(1) }
	for _, j := range unrestricted(d, keep) {
		unset(j)
	}
	type stat struct{ without, drop, qp float64 }
	stats := func() (int, int, []stat) {
		in, cases := tally(xh, yh, lo, hi)
		out := make([]stat, len(keep))
		for k, r := range keep {
			j := r.Input
			l, u := lo[j], hi[j]
			unset(j)
			nw, cw := tally(xh, yh, lo, hi)
			lo[j], hi[j] = l, u
			dw := float64(cw) / float64(nw)
			out[k] = stat{without: dw, drop: float64(cases)/float64(max(in, 1)) - dw, qp: istats.BinomialUpperTail(cases, in, dw)}
		}
		return in, cases, out
	}
	in, inCases, ss := stats()
	for len(keep) > 0 {
		worst := 0
		for k := range ss {
			if ss[k].qp > ss[worst].qp {
				worst = k
			}
		}
		if !(ss[worst].qp > opts.PruneP) {
			break
		}
		res.Pruned = append(res.Pruned, keep[worst].Name)
		unset(keep[worst].Input)
		keep = append(keep[:worst], keep[worst+1:]...)
		in, inCases, ss = stats()
	}
	sb := &SignpostBox{P: wilson(inCases, in), Outside: wilson(istats.CountTrue(yh)-inCases, len(yh)-in),
		SearchDensity: box.Density, SearchCoverage: box.Coverage, SearchMass: box.Mass}
	if c := istats.CountTrue(yh); c > 0 {
		sb.Coverage = float64(inCases) / float64(c)
	}
	if len(yh) > 0 {
		sb.Mass = float64(in) / float64(len(yh))
	}
	res.Box = sb
	fi := map[string]SignpostFeature{}
	for _, f := range feats {
		fi[f.Name] = f
	}
	order := make([]int, len(keep))
	for k := range order {
		order[k] = k
	}
	sort.SliceStable(order, func(a, b int) bool { return ss[order[a]].drop > ss[order[b]].drop })
	for _, k := range order {
		sp := keep[k]
		f := fi[sp.Name]
		c := SignpostCondition{Feature: f.Name, Indicator: f.Indicator, Summary: f.Summary,
			PrimLo: sp.Lo, PrimHi: sp.Hi, HasLo: sp.HasLo, HasHi: sp.HasHi, Lo: sp.Lo, Hi: sp.Hi,
			DensityWithout: ss[k].without, DensityDrop: ss[k].drop, QuasiP: ss[k].qp}
		if f.Integer {
			c.Lo, c.Hi = math.Ceil(sp.Lo-1e-9), math.Floor(sp.Hi+1e-9)
		}
		c.Clause = clause(f, c, w)
		c.Text = c.Clause + " in " + res.period()
		res.Conditions = append(res.Conditions, c)
	}
	if len(res.Pruned) > 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("PRIM's box also restricted %s; on the %s %s nothing beyond noise (quasi-p above %v) and %s dropped",
			strings.Join(res.Pruned, ", "), onRuns(opts.InSample), format.Plural(len(res.Pruned), "it adds", "they add"), opts.PruneP, format.Plural(len(res.Pruned), "is", "are")))
	}
	if sb.P.N > 0 && sb.Outside.N > 0 {
		p := float64(istats.CountTrue(yh)) / float64(len(yh))
		if se := math.Sqrt(p * (1 - p) * (1/float64(sb.P.N) + 1/float64(sb.Outside.N))); se > 0 {
			sb.Z = (sb.P.P - sb.Outside.P) / se
		}
	}
	sb.Significant = len(res.Conditions) > 0 && sb.Z > zSignificant
	res.Text = res.sentences()
	if len(res.Conditions) > 0 && !sb.Significant {
		res.Notes = append(res.Notes, fmt.Sprintf("on the %s the box's P(alliance), %s, is not clearly above the other runs' %s (z = %.1f): the conditions are noise",
			onRuns(opts.InSample), pct(sb.P.P), pct(sb.Outside.P), sb.Z))
	}
	return res, nil
}

// Signposts derives signposts on observables from the nowcast's filtered
// state and observation model (the package-level Signposts). A zero
// opts.Horizon is the forecast's last year, a zero opts.Seed the
// forecast's seed: with opts.Runs equal to the forecast's draws, the
// runs' rung paths are then the forecast's own and PAlliance is its
// P(alliance by the horizon).
func (r *Result) Signposts(ctx context.Context, opts SignpostOptions) (*SignpostResult, error) {
	if r == nil || r.Post == nil {
		return nil, errors.New("signposts: no nowcast")
	}
	if opts.Horizon == 0 && r.Forecast != nil {
		opts.Horizon = r.Forecast.To
	}
	if opts.Seed == 0 {
		opts.Seed = r.ForecastSeed
	}
	return Signposts(ctx, r.Post.State, r.Obs, opts)
}

// unrestricted returns the columns of d without a restriction in keep.
func unrestricted(d int, keep []analysis.Restriction) []int {
	has := make([]bool, d)
	for _, r := range keep {
		has[r.Input] = true
	}
	var out []int
	for j, h := range has {
		if !h {
			out = append(out, j)
		}
	}
	return out
}

// tally returns the number of rows of x inside [lo, hi] and how many of
// them have y.
func tally(x [][]float64, y []bool, lo, hi []float64) (n, cases int) {
rows:
	for i, row := range x {
		for j, v := range row {
			if v < lo[j] || v > hi[j] {
				continue rows
			}
		}
		n++
		if y[i] {
			cases++
		}
	}
	return n, cases
}

func noneOrAll(k, n int) string {
	if k == 0 {
		return "no run has the outcome"
	}
	return "every run has the outcome"
}

// isOutcome says whether key is an indicator of the outcome itself.
func isOutcome(key string) bool {
	i := IndicatorIndex(key)
	return i >= 0 && Indicators[i].Outcome
}

// watched returns the emissions watched and their design columns (every
// indicator with an emission but those of the outcome itself, or keys).
func watched(om *ObsModel, keys []string) ([]*Emission, []SignpostFeature, error) {
	var es []*Emission
	if keys == nil {
		for i := range om.Emissions {
			if !isOutcome(om.Emissions[i].Indicator) {
				es = append(es, &om.Emissions[i])
			}
		}
	} else {
		seen := map[string]bool{}
		for _, k := range keys {
			if seen[k] {
				return nil, nil, fmt.Errorf("signposts: indicator %q given twice", k)
			}
			seen[k] = true
			var e *Emission
			for i := range om.Emissions {
				if om.Emissions[i].Indicator == k {
					e = &om.Emissions[i]
				}
			}
			if isOutcome(k) {
				return nil, nil, fmt.Errorf("signposts: %s records the outcome itself (IndicatorSpec.Outcome), not a signpost of it", k)
			}
			if e == nil {
				if IndicatorIndex(k) < 0 {
					return nil, nil, fmt.Errorf("signposts: unknown indicator %q (known: %s)", k, indicatorKeys())
				}
				return nil, nil, fmt.Errorf("signposts: the observation model has no emission for %q (the record has no values of it)", k)
			}
			es = append(es, e)
		}
	}
	if len(es) == 0 {
		return nil, nil, errors.New("signposts: no indicator to watch")
	}
	feats := make([]SignpostFeature, len(es))
	for c, e := range es {
		f := SignpostFeature{Indicator: e.Indicator}
		switch e.Family {
		case Count:
			f.Summary, f.Integer = "total", true
		case Share, Positive:
			f.Summary = "mean"
		case Category:
			f.Summary, f.Integer = "max", true
			if len(e.Probs[0]) == 2 {
				f.Summary = "years"
			}
		default:
			return nil, nil, fmt.Errorf("signposts: %s: unknown family %q", e.Indicator, e.Family)
		}
		f.Name = e.Indicator + "." + f.Summary
		f.Label = featureLabel(f)
		feats[c] = f
	}
	return es, feats, nil
}

// sample draws indicator e's value on rung s with its location moved by
// sh, the run's latent pressure's shift (LatentEmission), as the filter
// weighs it (a count whose mean is 0 is 0).
func sample(e *Emission, s model.State, sh float64, src *rand.Rand) float64 {
	if e.Family == Count && !(e.Mean[s] > 0) {
		return 0
	}
	return e.SampleShift(s, sh, src)
}

// period is the watch window in words: "2026" or "2026–2028".
func (r *SignpostResult) period() string {
	if r.WatchFrom == r.WatchTo {
		return strconv.Itoa(r.WatchFrom)
	}
	return fmt.Sprintf("%d–%d", r.WatchFrom, r.WatchTo)
}

// pct is a share for prose: "12.4%", "5.8%", "0.37%" (analysis.Percent
// at 0 and 1).
func pct(p float64) string {
	switch {
	case math.IsNaN(p):
		return "n/a"
	case p <= 0 || p >= 1:
		return analysis.Percent(p)
	}
	v := 100 * p
	if v < 1 {
		return analysis.FormatValue(v) + "%"
	}
	return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64) + "%"
}

func interval(p Proportion) string {
	return fmt.Sprintf("%s (95%% interval %s–%s)", pct(p.P), pct(p.Lo), pct(p.Hi))
}

// intro is the first sentence: the base rates.
func (r *SignpostResult) intro() string {
	from := r.From
	if from == "" {
		from = fmt.Sprintf("the filtered state at the end of %d", r.Year)
	}
	s := fmt.Sprintf("From %s, an alliance forms by %d in %s of %s runs",
		from, r.Horizon, interval(r.PAlliance), format.Thousands(int64(r.Runs)))
	if r.PByWatchEnd.Count > 0 {
		s += fmt.Sprintf("; in %s one has formed by the end of %d", pct(r.PByWatchEnd.P), r.WatchTo)
	}
	return s + "."
}

// sentences writes the box as sentences in the manner of
// analysis.PrimResult.Sentences, with the conditions on observables.
func (r *SignpostResult) sentences() string {
	text := r.intro()
	outcome := fmt.Sprintf("an alliance forms by %d", r.Horizon)
	runs := "runs"
	if !r.IncludeWindowAlliances {
		outcome = fmt.Sprintf("an alliance forms in %d–%d", r.WatchTo+1, r.Horizon)
		runs = fmt.Sprintf("runs without one by %d", r.WatchTo)
	}
	b := r.Box
	if len(r.Conditions) == 0 {
		return text + fmt.Sprintf(" No condition on the indicators watched in %s raises the share: %s in %s of %s.",
			r.period(), outcome, pct(r.Base.P), runs)
	}
	var conds []string
	for _, c := range r.Conditions {
		conds = append(conds, c.Clause)
	}
	if !b.Significant {
		return text + fmt.Sprintf(" No condition on the indicators watched in %s raises the share beyond Monte Carlo noise: %s in %s of %s;"+
			" PRIM's best box (%s) gives %s on the %s, against %s in the others.",
			r.period(), outcome, pct(r.Base.P), runs, format.JoinAnd(conds), interval(b.P), onRuns(r.InSample), pct(b.Outside.P))
	}
	text += fmt.Sprintf(" If, in %s, %s, %s in %s of %s, against %s of all %s.",
		r.period(), format.JoinAnd(conds), outcome, interval(b.P), runs, pct(r.Base.P), runs)
	text += fmt.Sprintf(" These are %s of the %s and hold %s of their alliances; in the others the share is %s.",
		pct(b.Mass), onRuns(r.InSample), pct(b.Coverage), pct(b.Outside.P))
	return text
}

// countWords says how an indicator's count reads: a template for the
// quantity and the noun's two numbers.
var countWords = map[string][3]string{
	"unsc_joint_veto":                   {"China and Russia veto %s together", "Security Council draft", "Security Council drafts"},
	"unsc_china_abstain_on_russia_veto": {"China abstains on %s", "Russian veto", "Russian vetoes"},
	"unsc_russia_veto":                  {"Russia vetoes %s", "Security Council draft", "Security Council drafts"},
	"joint_exercises":                   {"the two hold %s", "joint military exercise", "joint military exercises"},
	"joint_patrols":                     {"the two fly or sail %s", "joint patrol", "joint patrols"},
}

// shareWords names the shares and amounts.
var shareWords = map[string]string{
	"arms_import_share": "Russia's share of China's arms imports",
	"unga_agreement":    "their agreement in UN General Assembly votes",
	"energy_trade":      "Russian crude delivered to China",
}

func featureLabel(f SignpostFeature) string {
	k := IndicatorIndex(f.Indicator)
	doc := f.Indicator
	if k >= 0 {
		doc = Indicators[k].Doc
	}
	switch f.Summary {
	case "total":
		return "total over the watch window: " + doc
	case "mean":
		return "mean over the watch window: " + doc
	case "max":
		return "highest over the watch window: " + doc
	}
	return "years of the watch window with a 1: " + doc
}

// quantity writes a whole-count range: "no X", "at least 3 Xs", "at most
// 2 Xs", "2 to 4 Xs", "exactly one X".
func quantity(lo, hi float64, hasLo, hasHi bool, one, many string) string {
	noun := func(v float64) string {
		if v == 1 {
			return "one " + one
		}
		return strconv.FormatFloat(v, 'f', -1, 64) + " " + many
	}
	switch {
	case hasHi && hi <= 0:
		return "no " + one
	case hasLo && hasHi && lo == hi:
		return "exactly " + noun(lo)
	case hasLo && hasHi:
		return fmt.Sprintf("%s to %s %s", strconv.FormatFloat(lo, 'f', -1, 64), strconv.FormatFloat(hi, 'f', -1, 64), many)
	case hasLo:
		return "at least " + noun(lo)
	}
	return "at most " + noun(hi)
}

// clause writes one condition in words, without the watch window.
func clause(f SignpostFeature, c SignpostCondition, w int) string {
	k := IndicatorIndex(f.Indicator)
	unit := ""
	if k >= 0 {
		unit = Indicators[k].Unit
	}
	switch f.Summary {
	case "total":
		words, ok := countWords[f.Indicator]
		if !ok {
			words = [3]string{f.Indicator + ": %s", "event", "events"}
		}
		s := fmt.Sprintf(words[0], quantity(c.Lo, c.Hi, c.HasLo, c.HasHi, words[1], words[2]))
		if w > 1 && !(c.HasLo && c.HasHi) {
			v := c.Lo
			if !c.HasLo {
				v = c.Hi
			}
			if v > 0 {
				s += fmt.Sprintf(" (%s a year)", analysis.FormatValue(v/float64(w)))
			}
		}
		return s
	case "mean":
		label, ok := shareWords[f.Indicator]
		if !ok {
			label = f.Indicator
		}
		val := func(v float64) string {
			if k >= 0 && Indicators[k].Family == Share {
				return analysis.FormatValue(100*v) + "%"
			}
			u := strings.ReplaceAll(unit, "/yr", " a year")
			return strings.TrimSpace(analysis.FormatValue(v) + " " + u)
		}
		avg := "averages"
		if w == 1 {
			avg = "is"
		}
		switch {
		case c.HasLo && c.HasHi:
			return fmt.Sprintf("%s %s between %s and %s", label, avg, val(c.Lo), val(c.Hi))
		case c.HasLo:
			return fmt.Sprintf("%s %s above %s", label, avg, val(c.Lo))
		}
		return fmt.Sprintf("%s %s below %s", label, avg, val(c.Hi))
	case "max":
		code := func(v float64) string {
			if f.Indicator == "statement_code" && v >= 0 && int(v) < NumStates {
				return fmt.Sprintf("%v (%s wording)", v, strings.ToLower(model.State(int(v)).String()))
			}
			return strconv.FormatFloat(v, 'f', -1, 64)
		}
		what := "the strongest joint statement is coded"
		if f.Indicator != "statement_code" {
			what = "the highest " + f.Indicator + " code is"
		}
		switch {
		case c.HasLo && c.HasHi && c.Lo == c.Hi:
			return fmt.Sprintf("%s %s", what, code(c.Lo))
		case c.HasLo && c.HasHi:
			return fmt.Sprintf("%s %s to %s", what, code(c.Lo), code(c.Hi))
		case c.HasLo:
			return fmt.Sprintf("%s at least %s", what, code(c.Lo))
		}
		return fmt.Sprintf("%s at most %s", what, code(c.Hi))
	}
	// "years": a 0/1 code.
	what := f.Indicator + " is 1"
	if f.Indicator == "statement_not_alliance" {
		what = "a joint statement says the relationship is not an alliance"
		if c.HasHi && c.Hi <= 0 {
			return "no joint statement says the relationship is not an alliance"
		}
	} else if c.HasHi && c.Hi <= 0 {
		return f.Indicator + " is never 1"
	}
	num := func(v float64) string {
		if v == 1 {
			return "one"
		}
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	switch {
	case c.HasLo && float64(w) <= c.Lo:
		return what + " every year"
	case c.HasLo && c.HasHi:
		return fmt.Sprintf("%s in %s to %s of the %d years", what, num(c.Lo), num(c.Hi), w)
	case c.HasLo:
		return fmt.Sprintf("%s in at least %s of the %d years", what, num(c.Lo), w)
	}
	return fmt.Sprintf("%s in at most %s of the %d years", what, num(c.Hi), w)
}

// SignpostsSchemaVersion is signposts.json's schema version, bumped on an
// incompatible change.
const SignpostsSchemaVersion = 1

// SignpostsJSON is signposts.json, which nowcast and discover write beside
// nowcast.json and discover.json: SignpostResult with rounded numbers (NaN
// as null).
type SignpostsJSON struct {
	// Schema is the file's schema version, 1; files written before it
	// existed have none and the layout of 1.
	Schema int `json:"schema"`
	// Year is the year the runs start from the end of: the filtered
	// state's year for a nowcast, the year before the scenario's first
	// for discover's runs of a scenario. The runs start in Year+1.
	Year int `json:"year"`
	// WatchFrom is the first year whose indicators are watched, Year+1.
	WatchFrom int `json:"watch_from"`
	// WatchTo is the last year whose indicators are watched (by default
	// the third, Year+3).
	WatchTo int `json:"watch_to"`
	// Horizon is the outcome's last year: the outcome is an alliance
	// formed by its end (by default the nowcast's forecast's last year,
	// or the scenario's last year).
	Horizon int `json:"horizon"`
	// From says in words where the runs start, for runs of a scenario
	// (discover): its start, from its initial state or a nowcast's state.
	// Absent for runs from a nowcast's filtered state.
	From string `json:"from,omitempty"`
	// Runs is the number of runs simulated forward (default 100,000).
	Runs int `json:"runs"`
	// Seed roots every random stream of the runs; a nowcast's signposts
	// take the forecast's seed, so that their runs' rung paths are the
	// forecast's own.
	Seed uint64 `json:"seed"`
	// HoldOut is the share (0–1) of the design's runs kept out of PRIM's
	// search, on which the box's P(alliance), coverage and mass are
	// measured (default 0.5); 0 when the search saw every run (in-sample).
	HoldOut results.Num `json:"hold_out"`
	// IncludeWindowAlliances says whether the runs with an alliance formed
	// by the end of watch_to are kept in the design, the outcome then an
	// alliance by horizon; false (the default) leaves them out, and the
	// outcome is an alliance formed after watch_to and by horizon.
	IncludeWindowAlliances bool `json:"include_window_alliances"`
	// Features are the design's columns: each watched indicator
	// summarised over the watch window.
	Features []SignpostFeature `json:"features"`
	// PAlliance is the share of all runs in which an alliance has formed
	// by the end of horizon, with its 95% interval.
	PAlliance ProportionJSON `json:"p_alliance"`
	// PByWatchEnd is the share of all runs in which an alliance has formed
	// by the end of watch_to, with its 95% interval.
	PByWatchEnd ProportionJSON `json:"p_by_watch_end"`
	// Design is the number of runs in the design: every run with
	// include_window_alliances, otherwise those without an alliance by the
	// end of watch_to.
	Design int `json:"design"`
	// Cases is the number of the design's runs that have the outcome.
	Cases int `json:"cases"`
	// Base is P(outcome) over the design's hold-out runs (all its runs
	// when in-sample), with its 95% interval: the share to compare the
	// box's with.
	Base ProportionJSON `json:"base"`
	// Box is the box of conditions found and its statistics; null when
	// PRIM could not run (no run, or every run, with the outcome).
	Box *SignpostBoxJSON `json:"box"`
	// Conditions are the box's conditions on the watched indicators, the
	// signposts, after those that add nothing beyond noise were pruned:
	// the most important (largest density_drop) first; empty when there
	// are none.
	Conditions []SignpostConditionJSON `json:"conditions"`
	// Trajectory is every box of PRIM's peeling trajectory on the searched
	// runs, from the whole space on; null when PRIM could not run.
	Trajectory []SignpostStepJSON `json:"trajectory"`
	// Text is the result in sentences, as printed.
	Text string `json:"text"`
	// Notes are caveats in words (the runs left out of the design, the
	// restrictions pruned, a box that is not significant); empty when
	// there are none.
	Notes []string `json:"notes"`
}

// ProportionJSON is a Proportion.
type ProportionJSON struct {
	// P is the proportion count/n (0–1); null when n is 0.
	P results.Num `json:"p"`
	// Lo is the lower end of p's 95% Wilson score interval; null when n
	// is 0.
	Lo results.Num `json:"lo"`
	// Hi is the upper end of p's 95% Wilson score interval; null when n
	// is 0.
	Hi results.Num `json:"hi"`
	// Count is the number of runs with the event.
	Count int `json:"count"`
	// N is the number of runs counted.
	N int `json:"n"`
}

// SignpostBoxJSON is a SignpostBox.
type SignpostBoxJSON struct {
	// P is the share of the hold-out runs (all runs when in-sample) inside
	// the box, meeting every condition, that have the outcome, with its
	// 95% interval: the box's probability of an alliance.
	P ProportionJSON `json:"p"`
	// Coverage is the share (0–1) of the hold-out runs with the outcome
	// that are inside the box.
	Coverage results.Num `json:"coverage"`
	// Mass is the share (0–1) of the hold-out runs that are inside the
	// box.
	Mass results.Num `json:"mass"`
	// Outside is the share of the same runs outside the box (failing at
	// least one condition) that have the outcome, with its 95% interval.
	Outside ProportionJSON `json:"outside"`
	// Z is the two-proportion z statistic of p against outside, with the
	// pooled standard error; 0 when it cannot be computed.
	Z results.Num `json:"z"`
	// Significant is true when the box has at least one condition and z
	// exceeds 1.96 (a one-sided test at 2.5%); a box that is not
	// significant is reported as no signpost.
	Significant bool `json:"significant"`
	// SearchDensity is the share (0–1) of the searched runs inside PRIM's
	// box, before pruning, that have the outcome (optimistic: the search
	// chose the box on those runs).
	SearchDensity results.Num `json:"search_density"`
	// SearchCoverage is the share (0–1) of the searched runs with the
	// outcome that are inside PRIM's box, before pruning.
	SearchCoverage results.Num `json:"search_coverage"`
	// SearchMass is the share (0–1) of the searched runs inside PRIM's
	// box, before pruning.
	SearchMass results.Num `json:"search_mass"`
}

// SignpostConditionJSON is a SignpostCondition; Lo and Hi are absent on
// an unrestricted side.
type SignpostConditionJSON struct {
	// Feature is the design column the condition is on,
	// "indicator.summary".
	Feature string `json:"feature"`
	// Indicator is the watched indicator's key.
	Indicator string `json:"indicator"`
	// Summary is how the indicator's values are summarised over the watch
	// window: "total" (a count's sum), "mean" (a share's or amount's
	// mean), "max" (a code's highest value) or "years" (the number of
	// years a 0/1 code is 1).
	Summary string `json:"summary"`
	// Lo is the condition's lower limit in readable units (the condition
	// is lo ≤ value ≤ hi): for a whole-valued column the whole number
	// ⌈prim_lo⌉, otherwise prim_lo. Absent when unrestricted below.
	Lo *results.Num `json:"lo,omitempty"`
	// Hi is the condition's upper limit in readable units: for a
	// whole-valued column the whole number ⌊prim_hi⌋, otherwise prim_hi.
	// Absent when unrestricted above.
	Hi *results.Num `json:"hi,omitempty"`
	// PrimLo is the lower limit as PRIM found it (runs inside have
	// prim_lo ≤ value); absent when unrestricted below.
	PrimLo *results.Num `json:"prim_lo,omitempty"`
	// PrimHi is the upper limit as PRIM found it (runs inside have value ≤
	// prim_hi); absent when unrestricted above.
	PrimHi *results.Num `json:"prim_hi,omitempty"`
	// Clause is the condition in words, without the watch window or a
	// period ("China abstains on no Russian veto").
	Clause string `json:"clause"`
	// Text is clause followed by the watch window ("… in 2026–2028").
	Text string `json:"text"`
	// DensityWithout is the box's P(outcome) on the hold-out runs (all
	// runs when in-sample) with this condition dropped and the others
	// kept.
	DensityWithout results.Num `json:"density_without"`
	// DensityDrop is the box's P(outcome) minus density_without: what the
	// box loses, in probability (0–1), if this condition is dropped.
	DensityDrop results.Num `json:"density_drop"`
	// QuasiP is the binomial chance of at least the box's number of cases
	// among its runs at the rate density_without: how likely the box's
	// cases are if the condition did not matter. A condition whose quasi-p
	// exceeds 0.05 (by default) is pruned.
	QuasiP results.Num `json:"quasi_p"`
}

// SignpostStepJSON is one box of PRIM's peeling trajectory (on the
// searched runs).
type SignpostStepJSON struct {
	// Coverage is the share (0–1) of the searched runs with the outcome
	// that are inside the box.
	Coverage results.Num `json:"coverage"`
	// Density is the share (0–1) of the searched runs inside the box that
	// have the outcome.
	Density results.Num `json:"density"`
	// Mass is the share (0–1) of the searched runs that are inside the
	// box.
	Mass results.Num `json:"mass"`
	// Restrictions is the number of columns the box restricts (0 for the
	// first box, the whole space).
	Restrictions int `json:"restrictions"`
}

func propJSON(p Proportion) ProportionJSON {
	return ProportionJSON{P: results.RoundNum(p.P), Lo: results.RoundNum(p.Lo), Hi: results.RoundNum(p.Hi), Count: p.Count, N: p.N}
}

func rnp(x float64) *results.Num { v := results.RoundNum(x); return &v }

// JSON returns the result as a signposts section.
func (r *SignpostResult) JSON() *SignpostsJSON {
	j := &SignpostsJSON{Schema: SignpostsSchemaVersion, Year: r.Year, WatchFrom: r.WatchFrom, WatchTo: r.WatchTo, Horizon: r.Horizon, Runs: r.Runs, Seed: r.Seed,
		HoldOut: results.RoundNum(r.HoldOut), IncludeWindowAlliances: r.IncludeWindowAlliances, Features: r.Features,
		PAlliance: propJSON(r.PAlliance), PByWatchEnd: propJSON(r.PByWatchEnd), Design: r.Design, Cases: r.Cases,
		Base: propJSON(r.Base), Text: r.Text, Notes: r.Notes, Conditions: []SignpostConditionJSON{}}
	if !strings.HasPrefix(r.From, "the filtered state") {
		j.From = r.From // a scenario's runs; a nowcast's file stays as it was
	}
	if j.Notes == nil {
		j.Notes = []string{}
	}
	if b := r.Box; b != nil {
		j.Box = &SignpostBoxJSON{P: propJSON(b.P), Coverage: results.RoundNum(b.Coverage), Mass: results.RoundNum(b.Mass), Outside: propJSON(b.Outside),
			Z: results.RoundNum(b.Z), Significant: b.Significant, SearchDensity: results.RoundNum(b.SearchDensity), SearchCoverage: results.RoundNum(b.SearchCoverage), SearchMass: results.RoundNum(b.SearchMass)}
	}
	for _, c := range r.Conditions {
		cj := SignpostConditionJSON{Feature: c.Feature, Indicator: c.Indicator, Summary: c.Summary, Clause: c.Clause, Text: c.Text,
			DensityWithout: results.RoundNum(c.DensityWithout), DensityDrop: results.RoundNum(c.DensityDrop), QuasiP: results.RoundNum(c.QuasiP)}
		if c.HasLo {
			cj.Lo, cj.PrimLo = rnp(c.Lo), rnp(c.PrimLo)
		}
		if c.HasHi {
			cj.Hi, cj.PrimHi = rnp(c.Hi), rnp(c.PrimHi)
		}
		j.Conditions = append(j.Conditions, cj)
	}
	if r.Prim != nil {
		for _, b := range r.Prim.Trajectory {
			j.Trajectory = append(j.Trajectory, SignpostStepJSON{Coverage: results.RoundNum(b.Coverage), Density: results.RoundNum(b.Density), Mass: results.RoundNum(b.Mass), Restrictions: len(b.Restrictions)})
		}
	}
	return j
}

// Marshal renders the signposts section as indented JSON with a final
// newline.
func (r *SignpostResult) Marshal() ([]byte, error) { return results.JSON(r.JSON()) }
