package study

import (
	"fmt"
	"strings"

	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/sim"
)

// WeightPriorSource is the source noted on each weight input that
// WithWeightPriors adds.
const WeightPriorSource = "prior range, docs/model.md §10"

// WeightPriors is a scenario whose model weights are uncertain inputs too,
// for a sensitivity analysis that ranks the weights alongside the
// scenario's own inputs.
type WeightPriors struct {
	// Scenario is the copy with the added inputs.
	Scenario *model.Scenario
	// Added are the paths ("weights.<key>") of the inputs added, in the
	// order of model.WeightSpecs.
	Added []string
	// Held are the keys of weights nobody fixed that were nonetheless left
	// at their value, with why: a ladder threshold whose prior range would
	// cross the value of a fixed neighbouring threshold, so that drawing it
	// could break the ladder's order.
	Held map[string]string
}

// IsWeight reports whether an input path names a model weight
// ("weights.<key>").
func IsWeight(path string) bool { return strings.HasPrefix(path, model.WeightPathPrefix) }

// WithWeightPriors returns a copy of sc in which every model weight is an
// uncertain input "weights.<key>" drawn uniformly over its prior range
// (model.WeightSpec.PriorLo to PriorHi), with WeightPriorSource as its
// source, except:
//
//   - a weight sc already has an input for: a weight the scenario (or the
//     config, through the command line) makes uncertain keeps its own
//     distribution;
//   - a weight sc fixes (sc.Weights), and one that fixed names by key
//     (set by the config file, the environment or a flag): these stay at
//     their value in w, the weights the analysis runs under;
//   - a ladder threshold whose prior range reaches the value of a
//     neighbouring threshold that stays fixed (listed in Held).
//
// The thresholds' prior ranges do not overlap, so drawing them
// independently keeps the ladder ordered in every draw. sc is not changed.
func WithWeightPriors(sc *model.Scenario, w *model.Weights, fixed map[string]bool) (*WeightPriors, error) {
	has := map[string]model.Input{}
	for _, in := range sc.Inputs {
		if IsWeight(in.Path) {
			has[strings.TrimPrefix(in.Path, model.WeightPathPrefix)] = in
		}
	}
	draw := map[string]bool{}
	for _, s := range model.WeightSpecs {
		_, scenarioFixed := sc.Weights[s.Key]
		_, isInput := has[s.Key]
		draw[s.Key] = !fixed[s.Key] && !scenarioFixed && !isInput
	}

	// The ladder: a threshold to draw must stay clear of the values its
	// fixed neighbours can take.
	held := map[string]string{}
	var ladder []model.WeightSpec
	for _, s := range model.WeightSpecs {
		if s.IsThreshold() {
			ladder = append(ladder, s)
		}
	}
	reach := func(s model.WeightSpec) (lo, hi float64) {
		if in, ok := has[s.Key]; ok && in.Dist != nil {
			return min(max(in.Dist.Quantile(0), s.Min), s.Max), min(max(in.Dist.Quantile(1), s.Min), s.Max)
		}
		v := s.Get(w)
		return v, v
	}
	for i, s := range ladder {
		if !draw[s.Key] {
			continue
		}
		if i > 0 && !draw[ladder[i-1].Key] {
			if _, hi := reach(ladder[i-1]); !(s.PriorLo > hi) {
				held[s.Key] = fmt.Sprintf("its prior range %g to %g reaches %s (%g), which stays fixed", s.PriorLo, s.PriorHi, ladder[i-1].Key, hi)
			}
		}
		if i+1 < len(ladder) && !draw[ladder[i+1].Key] {
			if lo, _ := reach(ladder[i+1]); !(s.PriorHi < lo) {
				held[s.Key] = fmt.Sprintf("its prior range %g to %g reaches %s (%g), which stays fixed", s.PriorLo, s.PriorHi, ladder[i+1].Key, lo)
			}
		}
	}

	c := *sc
	c.Inputs = append([]model.Input(nil), sc.Inputs...)
	out := &WeightPriors{Scenario: &c, Held: held}
	for _, s := range model.WeightSpecs {
		if !draw[s.Key] || held[s.Key] != "" {
			continue
		}
		d, err := sim.NewDist(sim.DistSpec{Kind: "uniform", Min: s.PriorLo, Max: s.PriorHi})
		if err != nil {
			return nil, fmt.Errorf("weights.%s: prior range %g to %g: %w", s.Key, s.PriorLo, s.PriorHi, err)
		}
		path := model.WeightPathPrefix + s.Key
		c.Inputs = append(c.Inputs, model.Input{Path: path, Dist: d, Sources: []string{WeightPriorSource}})
		out.Added = append(out.Added, path)
	}
	return out, nil
}
