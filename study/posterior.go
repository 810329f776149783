package study

import (
	"fmt"
	"math/rand/v2"

	"github.com/alliancesim/alliancesim/analysis"
	"github.com/alliancesim/alliancesim/internal/rng"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/sim"
)

// purposePosteriorRows seeds the choice of the posterior's rows that the
// inner replications of an evaluation take.
const purposePosteriorRows = 0x706f_7374_726f_7773 // "postrows"

// evalFunc is an output of a scenario as a function of its uncertain
// inputs, with those inputs in evaluator order.
type evalFunc struct {
	inputs []sim.EvalInput
	eval   func([]float64) float64
	// points is eval's batch form (sim.Evaluator.EvalPoints), nil under a
	// posterior.
	points analysis.PointsFunc
}

// newEvalFunc prepares an output of sc for evaluation with reps inner
// replications. Without a posterior it is a sim.Evaluator under w.
//
// With a posterior, inner replication r takes the weight vector
// post.Rows[perm[r mod M]], where perm is a permutation of the M rows
// fixed by the seed: the same row at every input vector, so that the
// evaluation stays a deterministic function of the inputs (common random
// numbers for the weights as for the noise), and the output is the
// average over the posterior's weight vectors of P(outcome | inputs,
// weights). The weights the posterior pins (post.Pinned[0]) keep w's
// values, and the scenario's own weight inputs win over every row, as in
// a run with a posterior. The replications that share a row run on one
// evaluator, seeded apart from the other rows' so that no two rows share
// their noise.
func newEvalFunc(sc *model.Scenario, w *model.Weights, out sim.Output, reps int, seed uint64, post *sim.WeightSample, start *sim.StartState) (*evalFunc, error) {
	if post == nil {
		ev, err := sim.NewEvaluator(sc, w, out, reps, seed, start)
		if err != nil {
			return nil, err
		}
		return &evalFunc{inputs: ev.Inputs(), eval: ev.Eval, points: ev.EvalPoints}, nil
	}
	if err := post.Validate(); err != nil {
		return nil, err
	}
	var pinned []model.WeightSpec
	if len(post.Pinned) > 0 {
		for _, key := range post.Pinned[0] {
			sp, ok := model.LookupWeight(key)
			if !ok {
				return nil, fmt.Errorf("posterior: unknown pinned weight %q", key)
			}
			pinned = append(pinned, sp)
		}
	}
	m := len(post.Rows)
	perm := make([]int, m)
	rng.Permute(rand.New(rand.NewPCG(seed, purposePosteriorRows)), perm)
	// count[j] replications take the j-th row of perm.
	var count []int
	for r := range reps {
		if r < m {
			count = append(count, 1)
		} else {
			count[r%m]++
		}
	}
	evs := make([]*sim.Evaluator, len(count))
	for j, n := range count {
		row := post.Rows[perm[j]]
		for _, sp := range pinned {
			sp.Set(&row, sp.Get(w))
		}
		ev, err := sim.NewEvaluator(sc, &row, out, n, rng.Derive(seed, uint64(j)), start)
		if err != nil {
			return nil, fmt.Errorf("posterior %s: row %d: %w", post.Name, perm[j], err)
		}
		evs[j] = ev
	}
	eval := func(x []float64) float64 {
		var sum float64
		for j, ev := range evs {
			sum += ev.Eval(x) * float64(count[j])
		}
		return sum / float64(reps)
	}
	return &evalFunc{inputs: evs[0].Inputs(), eval: eval}, nil
}
