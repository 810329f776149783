package sim

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/alliancesim/alliancesim/design"
	"github.com/alliancesim/alliancesim/model"
)

// Shard names slice K (counted from 0) of N disjoint slices of a run's
// draws. Counting from 0 matches the array index a batch scheduler hands
// each task (SLURM_ARRAY_TASK_ID, Kubernetes' JOB_COMPLETION_INDEX), so a
// job script can pass it on as it is.
type Shard struct {
	// K is the slice's index, counted from 0 (0 ≤ k < n).
	K int `json:"k"`
	// N is the number of slices the run's draws are split into.
	N int `json:"n"`
}

// MaxShards bounds N: more slices than this only multiply the files to
// merge (and a slice of a million-draw run would hold a few draws).
const MaxShards = 10_000

// ParseShard reads "K/N", as given to --shard.
func ParseShard(s string) (Shard, error) {
	ks, ns, ok := strings.Cut(strings.TrimSpace(s), "/")
	k, errK := strconv.Atoi(strings.TrimSpace(ks))
	n, errN := strconv.Atoi(strings.TrimSpace(ns))
	if !ok || errK != nil || errN != nil {
		return Shard{}, fmt.Errorf("shard %q: use K/N, the K-th of N slices counted from 0, e.g. 0/4 … 3/4", s)
	}
	sh := Shard{K: k, N: n}
	return sh, sh.Validate()
}

// Validate checks 0 ≤ K < N ≤ MaxShards.
func (s Shard) Validate() error {
	if s.N < 1 || s.N > MaxShards {
		return fmt.Errorf("shard %s: N must be from 1 to %d", s, MaxShards)
	}
	if s.K < 0 || s.K >= s.N {
		return fmt.Errorf("shard %s: K counts from 0, so it must be from 0 to %d", s, s.N-1)
	}
	return nil
}

// String returns "K/N".
func (s Shard) String() string { return fmt.Sprintf("%d/%d", s.K, s.N) }

// Range returns the draws [from, to) of slice K of a run of draws: the
// slices are as even as integer division allows and together cover every
// draw exactly once.
func (s Shard) Range(draws int64) (from, to int64) {
	return draws * int64(s.K) / int64(s.N), draws * int64(s.K+1) / int64(s.N)
}

// Partial is one shard's counts: everything a run accumulates, for the
// shard's draws only. Partials of every slice merge into exactly the
// result of one run of all the draws, because every count is an integer
// and draw i uses the same random streams wherever it runs.
type Partial struct {
	// Shard is the slice: slice k (counted from 0) of n.
	Shard Shard `json:"shard"`
	// From is the index of the slice's first draw (counted from 0).
	From int64 `json:"from"`
	// To is the index one past the slice's last draw: the slice holds
	// draws from … to − 1.
	To int64 `json:"to"`
	// Draws is the whole run's number of draws, over every slice.
	Draws int64 `json:"draws"`
	// Seed is the whole run's random seed.
	Seed uint64 `json:"seed"`
	// Sampler is the whole run's sampler: mc (Monte Carlo) or lhs (Latin
	// hypercube).
	Sampler design.Sampler `json:"sampler"`
	// SkipLatent is the plan's; merged shards must agree on it.
	SkipLatent bool `json:"skip_latent"`
	// Scenarios are the scenarios' names, in order; Counts[k] and
	// Pairs[k] belong to scenario k.
	Scenarios []string `json:"scenarios"`
	// Counts are each scenario's integer counts over the slice's draws, in
	// the order of scenarios.
	Counts []Counts `json:"counts"`
	// Pairs are, for each scenario in the order of scenarios, the slice's
	// runs counted jointly with the first scenario's (all zero for the
	// first).
	Pairs []PairCounts `json:"pairs"`
	// Achieved holds, per scenario, the correlated inputs' values of the
	// shard's draws among the first ones kept for the achieved
	// correlations (row-major, one row per draw from From on).
	Achieved [][]float64 `json:"achieved"`
	// ElapsedSeconds is the shard's own time.
	ElapsedSeconds float64 `json:"elapsed_s"`
}

// Counts is an accumulator in exported form, for a shard file.
type Counts struct {
	// Draws is the number of runs counted: the slice's draws.
	Draws int64 `json:"draws"`
	// Onset[t] is the number of runs whose alliance formed in simulated
	// year t (t = 0 is the start year), one entry per simulated year.
	Onset []int64 `json:"onset"`
	// End[t] is the number of runs whose alliance in force (from the
	// start or formed during the run) first ended in simulated year t.
	End []int64 `json:"end"`
	// Kept is the number of runs whose alliance formed during the run and
	// is still in force at the horizon.
	Kept int64 `json:"kept"`
	// StepDown is the number of runs that stepped down a rung at least
	// once, not counting the end of an alliance.
	StepDown int64 `json:"step_down"`
	// Calm is the number of runs with neither a step down nor an onset.
	Calm int64 `json:"calm"`
	// States[t][s] is the number of runs on rung s (0 rivalry … 5 defence
	// alliance) at the end of simulated year t.
	States [][model.NumStates]int64 `json:"states"`
	// BlockY[t] is [only first, only second, both]: the numbers of runs
	// in which, in simulated year t, the alliance was on the table and
	// only the first actor, only the second, or both withheld consent.
	BlockY [][3]int64 `json:"blocked"`
	// RunsBlock is the number of runs with at least one refusal.
	RunsBlock int64 `json:"runs_blocked"`
	// EvOcc[e] is the number of runs in which the scenario's event e (in
	// the scenario's order) occurred.
	EvOcc []int64 `json:"event_occurred"`
	// EvOccAll[e] is the number of runs in which event e occurred and an
	// alliance formed by the horizon.
	EvOccAll []int64 `json:"event_occurred_and_formed"`
	// Latent[t] is the histogram of the latent alignment pressure in
	// simulated year t: 4,002 counts of runs, the first below
	// −latent_range, the last at or above latent_range, and 4,000 equal
	// bins between; absent when the run kept no latent histograms (a
	// sweep).
	Latent [][]int64 `json:"latent,omitempty"`
	// LRange is the half-width of the latent histogram's range, in model
	// units: ±10 plus every weight that can push the pressure on its own
	// and six noise standard deviations.
	LRange float64 `json:"latent_range"`
	// Groups counts a posterior run's pick-freeze groups of three draws by
	// outcome pattern, eight counts (summary.json's uncertainty.patterns);
	// absent without a posterior.
	Groups []int64 `json:"groups,omitempty"`
}

// PairCounts are the joint counts that pair a scenario with the first.
type PairCounts struct {
	// Both is the number of runs in which both the first scenario and
	// this one formed an alliance by the horizon, on the same draws.
	Both int64 `json:"both"`
	// OnlyFirst is the number of runs in which only the first scenario
	// formed an alliance by the horizon.
	OnlyFirst int64 `json:"only_first"`
	// OnlyOther is the number of runs in which only this scenario formed
	// an alliance by the horizon.
	OnlyOther int64 `json:"only_other"`
}

func (a *acc) counts() Counts {
	c := Counts{Draws: a.draws, Onset: a.onset, End: a.end, Kept: a.kept, StepDown: a.stepDown, Calm: a.calm,
		States: a.states, BlockY: a.blockY, RunsBlock: a.runsBlock, EvOcc: a.evOcc, EvOccAll: a.evOccAll,
		Latent: a.latent, LRange: a.lrange}
	if a.groups != nil {
		c.Groups = append([]int64(nil), a.groups[:]...)
	}
	return c
}

// fromCounts checks that c has a's shape and returns it as an accumulator.
func (a *acc) fromCounts(c Counts) (*acc, error) {
	ok := len(c.Onset) == a.horizon && len(c.End) == a.horizon && len(c.States) == a.horizon &&
		len(c.BlockY) == a.horizon && len(c.EvOcc) == len(a.evOcc) && len(c.EvOccAll) == len(a.evOcc) &&
		c.LRange == a.lrange && (a.latent == nil) == (c.Latent == nil)
	for _, h := range c.Latent {
		ok = ok && len(h) == latentBins+2
	}
	if !ok || (a.latent != nil && len(c.Latent) != a.horizon) {
		return nil, fmt.Errorf("the shard's counts do not fit the scenario (horizon, events or latent range differ)")
	}
	var groups *[8]int64
	switch {
	case a.groups == nil && c.Groups != nil:
		return nil, fmt.Errorf("the shard ran with a posterior, the merge without")
	case a.groups != nil && len(c.Groups) != 8:
		return nil, fmt.Errorf("the shard ran without a posterior, the merge with one")
	case a.groups != nil:
		groups = (*[8]int64)(c.Groups)
	}
	return &acc{groups: groups, horizon: a.horizon, draws: c.Draws, onset: c.Onset, end: c.End, kept: c.Kept, stepDown: c.StepDown,
		calm: c.Calm, states: c.States, blockY: c.BlockY, runsBlock: c.RunsBlock, evOcc: c.EvOcc, evOccAll: c.EvOccAll,
		latent: c.Latent, lrange: c.LRange}, nil
}

// checkShardPlan refuses what a shard cannot do: stop on a precision
// target (the draws must be fixed in advance to be sliced) or keep
// per-draw records.
func checkShardPlan(plan Plan, sh Shard) error {
	if err := sh.Validate(); err != nil {
		return err
	}
	if plan.Precision != 0 {
		return fmt.Errorf("shard %s: a precision target needs the whole run in one place; give a fixed number of draws", sh)
	}
	if plan.Records != nil {
		return fmt.Errorf("shard %s: per-draw records are not kept by shards", sh)
	}
	return nil
}

// RunShard simulates slice sh of the draws of RunSet(scs, ws, plan) and
// returns its counts. plan.Draws is the whole run's number of draws.
func RunShard(ctx context.Context, scs []*model.Scenario, ws []*model.Weights, plan Plan, sh Shard) (*Partial, error) {
	start := time.Now()
	if err := checkShardPlan(plan, sh); err != nil {
		return nil, err
	}
	b, err := prepare(scs, ws, &plan)
	if err != nil {
		return nil, err
	}
	from, to := sh.Range(plan.Draws)
	if plan.Total != nil {
		plan.Total.Store(to - from)
	}
	if err := runRange(ctx, b.cs, plan, b.blockN, from, to, b.totals, b.pairs); err != nil {
		return nil, err
	}
	p := &Partial{Shard: sh, From: from, To: to, Draws: plan.Draws, Seed: plan.Seed, Sampler: plan.Sampler, SkipLatent: plan.SkipLatent}
	for k, sc := range scs {
		p.Scenarios = append(p.Scenarios, sc.Name)
		p.Counts = append(p.Counts, b.totals[k].counts())
		pc := b.pairs[k]
		p.Pairs = append(p.Pairs, PairCounts{pc.both, pc.onlyFirst, pc.onlyOther})
		var rows []float64
		if ach := b.cs[k].ach; ach != nil && from < int64(ach.rows) {
			rows = append(rows, ach.x[int(from)*ach.ncols:int(min(to, int64(ach.rows)))*ach.ncols]...)
		}
		p.Achieved = append(p.Achieved, rows)
	}
	p.ElapsedSeconds = time.Since(start).Seconds()
	return p, nil
}

// MergeShards combines the partials of every slice of one run into the
// Set that RunSet(scs, ws, plan) gives, bit for bit (only the elapsed time,
// here the sum of the shards', and the worker count differ). It refuses
// partials of a different plan or scenario list, and names a missing or
// duplicated slice.
func MergeShards(scs []*model.Scenario, ws []*model.Weights, plan Plan, parts []*Partial) (*Set, error) {
	if len(parts) == 0 {
		return nil, fmt.Errorf("no shards to merge")
	}
	n := parts[0].Shard.N
	plan.Draws, plan.Seed, plan.Sampler, plan.SkipLatent = parts[0].Draws, parts[0].Seed, parts[0].Sampler, parts[0].SkipLatent
	if err := checkShardPlan(plan, Shard{0, n}); err != nil {
		return nil, err
	}
	b, err := prepare(scs, ws, &plan)
	if err != nil {
		return nil, err
	}
	seen := make([]bool, n)
	elapsed := 0.0
	for _, p := range parts {
		if err := p.fits(scs, plan, n); err != nil {
			return nil, err
		}
		if seen[p.Shard.K] {
			return nil, fmt.Errorf("shard %s is given twice", p.Shard)
		}
		seen[p.Shard.K] = true
		if err := b.add(p); err != nil {
			return nil, fmt.Errorf("shard %s: %w", p.Shard, err)
		}
		elapsed += p.ElapsedSeconds
	}
	var missing []string
	for k, ok := range seen {
		if !ok {
			missing = append(missing, Shard{k, n}.String())
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("shard %s missing: every slice 0/%d … %d/%d is needed", strings.Join(missing, ", "), n, n-1, n)
	}
	return b.set(scs, plan, StopDraws, elapsed), nil
}

// fits checks that p is a slice of the run that plan and scs describe.
func (p *Partial) fits(scs []*model.Scenario, plan Plan, n int) error {
	if p.Shard.N != n {
		return fmt.Errorf("shard %s is one of %d slices, another one of %d", p.Shard, p.Shard.N, n)
	}
	if err := p.Shard.Validate(); err != nil {
		return err
	}
	switch {
	case p.Draws != plan.Draws:
		return fmt.Errorf("shard %s is a slice of %d draws, another of %d", p.Shard, p.Draws, plan.Draws)
	case p.Seed != plan.Seed:
		return fmt.Errorf("shard %s ran with seed %d, another with seed %d", p.Shard, p.Seed, plan.Seed)
	case p.Sampler != plan.Sampler:
		return fmt.Errorf("shard %s ran with sampler %s, another with %s", p.Shard, p.Sampler, plan.Sampler)
	case p.SkipLatent != plan.SkipLatent:
		return fmt.Errorf("shard %s kept the latent pressure differently from another", p.Shard)
	case len(p.Scenarios) != len(scs) || len(p.Counts) != len(scs) || len(p.Pairs) != len(scs) || len(p.Achieved) != len(scs):
		return fmt.Errorf("shard %s holds %d scenario(s), the run %d", p.Shard, len(p.Scenarios), len(scs))
	}
	if from, to := p.Shard.Range(p.Draws); p.From != from || p.To != to {
		return fmt.Errorf("shard %s covers draws %d–%d, but its slice is %d–%d", p.Shard, p.From, p.To, from, to)
	}
	for k, sc := range scs {
		if p.Scenarios[k] != sc.Name {
			return fmt.Errorf("shard %s ran scenario %q where the run has %q", p.Shard, p.Scenarios[k], sc.Name)
		}
		if p.Counts[k].Draws != p.To-p.From {
			return fmt.Errorf("shard %s counts %d draws of %s, its slice has %d", p.Shard, p.Counts[k].Draws, sc.Name, p.To-p.From)
		}
	}
	return nil
}

// add merges one partial's counts into the batch.
func (b *batch) add(p *Partial) error {
	for k := range b.totals {
		a, err := b.totals[k].fromCounts(p.Counts[k])
		if err != nil {
			return err
		}
		b.totals[k].merge(a)
		b.pairs[k].both += p.Pairs[k].Both
		b.pairs[k].onlyFirst += p.Pairs[k].OnlyFirst
		b.pairs[k].onlyOther += p.Pairs[k].OnlyOther
		ach := b.cs[k].ach
		if ach == nil {
			continue
		}
		want := 0
		if p.From < int64(ach.rows) {
			want = int(min(p.To, int64(ach.rows))-p.From) * ach.ncols
		}
		if len(p.Achieved[k]) != want {
			return fmt.Errorf("%d correlated-input values for %s, want %d", len(p.Achieved[k]), p.Scenarios[k], want)
		}
		if want > 0 {
			copy(ach.x[int(p.From)*ach.ncols:], p.Achieved[k])
		}
	}
	return nil
}
