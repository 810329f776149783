package sim

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"sync"

	"github.com/alliancesim/alliancesim/internal/par"
	"github.com/alliancesim/alliancesim/internal/rng"
	"github.com/alliancesim/alliancesim/internal/stats"
	"github.com/alliancesim/alliancesim/model"
)

// Outputs an Evaluator can compute.
const (
	// OutAllianceByHorizon is P(a defence alliance has formed by the last year).
	OutAllianceByHorizon = "p_alliance"
	// OutAllianceByYear is P(a defence alliance has formed by Output.Year).
	OutAllianceByYear = "p_alliance_year"
	// OutMeanState is the mean rung (0 to 5) at the end of the horizon.
	OutMeanState = "mean_state"
)

// Output names what an Evaluator returns.
type Output struct {
	Kind string
	Year int // for OutAllianceByYear
}

// String describes the output for tables and charts.
func (o Output) String() string {
	switch o.Kind {
	case OutAllianceByYear:
		return fmt.Sprintf("P(alliance by %d)", o.Year)
	case OutMeanState:
		return "mean state at the horizon"
	}
	return "P(alliance by the horizon)"
}

// Evaluator computes an output of a scenario at given values of its
// uncertain inputs, for sensitivity analysis and sweeps. The model is
// stochastic (noise, events, doctrine changes), so each evaluation
// averages Reps inner replications; replication r uses the same random
// numbers at every input vector (common random numbers), so that the
// output is a smooth, deterministic function of the inputs and differences
// between points reflect the inputs, not luck. The output is then an
// estimate of the conditional expectation given the inputs, e.g.
// P(alliance | inputs); the inner randomness is averaged out, not
// attributed to any input.
//
// The inputs are the scenario's uncertain inputs, uncertain weights
// ("weights.<key>") included. The scenario's correlations play no part
// in Eval, which takes the input values as given; a caller that samples
// input vectors from the EvalInput distributions samples them
// independently.
type Evaluator struct {
	c      *compiled
	out    Output
	reps   int
	seed   uint64
	inputs []EvalInput
	pool   sync.Pool
	// start, when set (From), is the state every replication starts
	// from: replication r picks its particle as draw r of a run does.
	start *StartState
	// draws, when not nil, holds every replication's random numbers and
	// start, drawn once: they do not depend on the inputs (common random
	// numbers), and replaying them is the same run (model.Draws; each
	// scratch's model.Replayer).
	draws *model.Draws
	// distinct says that no two inputs write the same place.
	distinct bool
}

// maxDrawsBytes bounds the memory of an Evaluator's replications' random
// numbers; beyond it each evaluation draws them again.
const maxDrawsBytes = 256 << 20

// EvalInput is one uncertain input of an Evaluator, in the order Eval
// expects its values.
type EvalInput struct {
	Path     string
	Dist     model.Distribution
	Min, Max float64
}

// Quantile returns the input's quantile function clamped to [Min, Max],
// read from the quantile table the engine samples from (within 1e-5 of
// the input's range of the exact quantile, tails included; see
// TestTableErrorBound): a design of many points (a Sobol analysis maps
// every row through it) then costs a table lookup a value rather than an
// inverse incomplete beta function, about 1.5 µs for a PERT input. The
// exact quantile stays Dist.Quantile.
func (in EvalInput) Quantile() func(p float64) float64 {
	t, lo, hi := tableFor(in.Dist, in.Min, in.Max), in.Min, in.Max
	return func(p float64) float64 { return min(max(t.at(zOf(p)), lo), hi) }
}

type evalScratch struct {
	p    model.Params
	w    model.Weights
	tr   *model.Trajectory
	pcgN rand.PCG
	rs   model.Streams
	rp   *model.Replayer // of e.draws
	// dst[k] is where input k is written in p or w (uncertain.addr), and
	// last the point x that Eval last wrote there, when seen says there
	// is one (see Eval).
	dst  []*float64
	last []float64
	seen bool
}

// NewEvaluator prepares sc under w for evaluation with reps inner
// replications seeded from seed. With start not nil every replication
// starts from a particle of start (such as a nowcast's state) instead of
// the scenario's initial state: replication r picks its particle from its
// own stream as draw r of a run from start does, the same particle at
// every input vector (common random numbers). A scenario that starts from
// the nowcast needs start, and every scenario must start the year after
// start's.
func NewEvaluator(sc *model.Scenario, w *model.Weights, out Output, reps int, seed uint64, start *StartState) (*Evaluator, error) {
	if err := w.Validate(); err != nil {
		return nil, err
	}
	if err := start.Check(sc); err != nil {
		return nil, err
	}
	if reps < 1 {
		return nil, fmt.Errorf("inner replications must be at least 1 (got %d)", reps)
	}
	switch out.Kind {
	case OutAllianceByHorizon, OutMeanState:
	case OutAllianceByYear:
		if out.Year < sc.StartYear || out.Year >= sc.StartYear+sc.HorizonYears {
			return nil, fmt.Errorf("output year %d is outside %s's years %d–%d", out.Year, sc.Name, sc.StartYear, sc.StartYear+sc.HorizonYears-1)
		}
	default:
		return nil, fmt.Errorf("output %q: use %s, %s or %s", out.Kind, OutAllianceByHorizon, OutAllianceByYear, OutMeanState)
	}
	c, err := compile(sc, w)
	if err != nil {
		return nil, err
	}
	e := &Evaluator{c: c, out: out, reps: reps, seed: seed, start: start}
	for _, u := range c.unc {
		e.inputs = append(e.inputs, EvalInput{Path: u.path, Dist: u.dist, Min: u.min, Max: u.max})
	}
	if model.DrawsBytes(sc, reps) <= maxDrawsBytes {
		e.draws = model.NewDraws(sc, reps, start != nil)
		var pcg rand.PCG
		rs := model.PCGStreams(&pcg, 0)
		for r := range reps {
			key := drawKey(seed, uint64(r))
			pcg.Seed(rng.SubSeed(key, purposeNoise))
			rs.Events, _ = rng.SubSeed(key, purposeEvents)
			e.draws.Fill(r, rs)
			if start != nil {
				e.draws.SetCarry(r, start.Carry[start.PickFor(key)])
			}
		}
	}
	e.pool.New = func() any {
		s := &evalScratch{tr: model.NewTrajectory(sc)}
		s.p = c.base
		s.p.EventProb = append([]float64(nil), c.base.EventProb...)
		s.w = c.w
		s.rs = model.PCGStreams(&s.pcgN, 0)
		s.dst, s.last = make([]*float64, len(c.unc)), make([]float64, len(c.unc))
		for k, u := range c.unc {
			s.dst[k] = u.addr(&s.p, &s.w)
		}
		return s
	}
	// Eval writes only the inputs whose value differs from the last
	// point's, which needs each input to have a place of its own.
	s0, at := e.pool.New().(*evalScratch), map[*float64]bool{}
	e.distinct = true
	for _, d := range s0.dst {
		e.distinct = e.distinct && !at[d]
		at[d] = true
	}
	e.pool.Put(s0)
	return e, nil
}

// Inputs lists the uncertain inputs in the order Eval takes them.
func (e *Evaluator) Inputs() []EvalInput { return e.inputs }

// Reps is the number of inner replications per evaluation.
func (e *Evaluator) Reps() int { return e.reps }

// Eval returns the output with the uncertain inputs set to x (clamped to
// their ranges). It is safe for concurrent use.
func (e *Evaluator) Eval(x []float64) float64 {
	s := e.pool.Get().(*evalScratch)
	defer e.pool.Put(s)
	e.setFrom(s, x)
	year := e.outYear()
	var sum float64
	if e.draws != nil {
		if s.rp == nil {
			s.rp = e.draws.NewReplayer()
		}
		return e.count(s.rp.Run(&s.w, &s.p), year) / float64(e.reps)
	}
	for r := range e.reps {
		key := drawKey(e.seed, uint64(r))
		s.pcgN.Seed(rng.SubSeed(key, purposeNoise))
		s.rs.Events, _ = rng.SubSeed(key, purposeEvents)
		if e.start != nil {
			k := e.start.PickFor(key)
			model.SimulateFrom(&e.start.Carry[k], e.c.sc, &s.w, &s.p, s.rs, s.tr)
		} else {
			model.Simulate(e.c.sc, &s.w, &s.p, s.rs, s.tr)
		}
		switch e.out.Kind {
		case OutMeanState:
			sum += float64(s.tr.States[len(s.tr.States)-1])
		default:
			if s.tr.Onset >= 0 && s.tr.Onset <= year {
				sum++
			}
		}
	}
	return sum / float64(e.reps)
}

// set writes the point x into w and p (clamped to the inputs' ranges),
// over the values an earlier point left: every input is set.
func (e *Evaluator) set(x []float64, w *model.Weights, p *model.Params) {
	for k, u := range e.c.unc {
		v := stats.Clamp(x[k], u.min, u.max)
		if u.setW != nil {
			u.setW(w, v)
		} else {
			u.set(p, v)
		}
	}
}

// setFrom is set into s.w and s.p, which hold the point s.last when
// s.seen: it writes only the inputs whose value differs, bit for bit, from
// the last point's, the others holding the same value already (each input
// has a place of its own, e.distinct, and set writes nothing else). A
// Sobol row's points differ from one another in one input; writing all 54
// of the baseline's at each took 5.5% of the sensitivity command's CPU.
func (e *Evaluator) setFrom(s *evalScratch, x []float64) {
	for k, u := range e.c.unc {
		if s.seen && math.Float64bits(x[k]) == math.Float64bits(s.last[k]) {
			continue
		}
		*s.dst[k] = stats.Clamp(x[k], u.min, u.max)
		s.last[k] = x[k]
	}
	s.seen = e.distinct
}

// outYear is the year (from 0) by which OutAllianceByHorizon and
// OutAllianceByYear count an alliance.
func (e *Evaluator) outYear() int {
	if e.out.Kind == OutAllianceByYear {
		return e.out.Year - e.c.sc.StartYear
	}
	return e.c.sc.HorizonYears - 1
}

// count sums the output over replayed replications: the final rungs, or
// the alliances formed by year. The terms are whole numbers, so the sum
// is exact in any order of the replications.
func (e *Evaluator) count(outs []model.RepOutcome, year int) float64 {
	var sum float64
	for _, o := range outs {
		switch e.out.Kind {
		case OutMeanState:
			sum += float64(o.Final)
		default:
			if o.Onset >= 0 && o.Onset <= year {
				sum++
			}
		}
	}
	return sum
}

// pointsBlock is the number of replications EvalPoints replays together,
// the inner replications of a Sobol analysis' evaluations: the base of so
// many years fits in a Replayer's.
const pointsBlock = 64

// EvalPoints returns Eval of every point of xs, the same numbers,
// computed block by block of the replications: each block replays xs[0]
// and then every other point in order, as one Replayer of the block's
// replications (which replays a point that differs from its base in one
// input from the base, and makes any other its base). For a design whose
// points each differ from the first in one input (a tornado's), a point
// then costs what the change enters, as Eval's does
// from the point before it when its Replayer can keep a base of every
// replication, which it cannot beyond 4 MB (about 1,000 ten-year
// replications): a tornado's 4,000 were replayed in full at every point.
// A block's base takes 270 KB. workers goroutines (0: one per CPU) share the blocks (the
// points, when the Evaluator keeps no draws to replay); progress, when
// not nil, is called with the points' share of the work done. It stops
// early, with ctx's error, when ctx is cancelled.
func (e *Evaluator) EvalPoints(ctx context.Context, xs [][]float64, workers int, progress func(done, total int)) ([]float64, error) {
	y := make([]float64, len(xs))
	if len(xs) == 0 {
		return y, nil
	}
	workers = par.Workers(workers)
	var mu sync.Mutex
	done := 0
	report := func(n, total int) { // n more of total tasks done
		if progress != nil {
			mu.Lock()
			done += n
			progress(done*len(xs)/total, len(xs))
			mu.Unlock()
		}
	}
	if e.draws == nil {
		// No replay: Eval at each point, the points shared by the workers.
		par.For(len(xs), workers, func(_, j int) {
			if ctx.Err() == nil {
				y[j] = e.Eval(xs[j])
				report(1, len(xs))
			}
		})
		return y, ctx.Err()
	}
	ws, ps := make([]model.Weights, len(xs)), make([]model.Params, len(xs))
	for j, x := range xs {
		ws[j], ps[j] = e.c.w, e.c.base
		ps[j].EventProb = append([]float64(nil), e.c.base.EventProb...)
		e.set(x, &ws[j], &ps[j])
	}
	year := e.outYear()
	blocks := (e.reps + pointsBlock - 1) / pointsBlock
	sums := make([]float64, blocks*len(xs)) // block b's sum of point j at b·len(xs)+j
	par.For(blocks, workers, func(_, b int) {
		if ctx.Err() != nil {
			return
		}
		rp := e.draws.Slice(b*pointsBlock, min(e.reps, (b+1)*pointsBlock)).NewReplayer()
		for j := range xs {
			sums[b*len(xs)+j] = e.count(rp.Run(&ws[j], &ps[j]), year)
		}
		report(1, blocks)
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for j := range y {
		var sum float64
		for b := range blocks {
			sum += sums[b*len(xs)+j]
		}
		y[j] = sum / float64(e.reps)
	}
	return y, nil
}
