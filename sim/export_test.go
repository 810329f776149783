package sim

import (
	"sort"

	"github.com/alliancesim/alliancesim/model"
)

// StartRungs returns the rung each of the first n draws of sc under plan
// starts on (its trajectory's Start).
func StartRungs(sc *model.Scenario, w *model.Weights, plan Plan, n uint64) ([]model.State, error) {
	if err := checkPlan([]*model.Scenario{sc}, []*model.Weights{w}, &plan); err != nil {
		return nil, err
	}
	c, err := compile(sc, w)
	if err != nil {
		return nil, err
	}
	wk := newWorker([]*compiled{c}, plan.Seed, false)
	wk.start = plan.Start
	var out []model.State
	for i := range n {
		wk.drawOne(i, i, nil)
		out = append(out, wk.units[0].tr.Start)
	}
	return out, nil
}

// DropDraws makes e draw each replication's numbers again at every
// evaluation, as without room for them; it reports whether e kept them.
func DropDraws(e *Evaluator) bool {
	kept := e.draws != nil
	e.draws = nil
	return kept
}

// PickSearch is Pick by binary search alone, the reference of its fast
// path for equal weights.
func (s *StartState) PickSearch(u float64) int {
	return min(sort.SearchFloat64s(s.cum, u), len(s.cum)-1)
}
