package study_test

import (
	"maps"
	"math"
	"slices"
	"testing"

	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/sim"
	"github.com/alliancesim/alliancesim/study"
)

// WithWeightPriors draws every weight nobody fixed over its prior range,
// leaves the fixed ones out, keeps the scenario's own uncertain weights
// with their distribution, and does not touch the scenario it is given.
func TestWithWeightPriors(t *testing.T) {
	t.Parallel()
	sc, _ := baseline(t)
	// The scenario makes junior_partner uncertain and fixes security; the
	// user (config, environment or a flag) fixes doctrine.
	own, err := sim.NewDist(sim.DistSpec{Kind: "normal", Mean: 1, SD: 0.1})
	if err != nil {
		t.Fatal(err)
	}
	sc.Inputs = append(sc.Inputs, model.Input{Path: "weights.junior_partner", Dist: own, Sources: []string{"my own"}})
	sc.Weights = maps.Clone(sc.Weights)
	if sc.Weights == nil {
		sc.Weights = map[string]float64{}
	}
	sec, _ := model.LookupWeight("security")
	sc.Weights["security"] = sec.Default
	nInputs := len(sc.Inputs)
	w := model.DefaultWeights()

	p, err := study.WithWeightPriors(sc, &w, map[string]bool{"doctrine": true})
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.Inputs) != nInputs {
		t.Errorf("the scenario given gained inputs: %d, was %d", len(sc.Inputs), nInputs)
	}
	var want []string
	for _, s := range model.WeightSpecs {
		if s.Key != "junior_partner" && s.Key != "security" && s.Key != "doctrine" {
			want = append(want, model.WeightPathPrefix+s.Key)
		}
	}
	if !slices.Equal(p.Added, want) {
		t.Errorf("added %v\nwant %v", p.Added, want)
	}
	if len(p.Held) != 0 {
		t.Errorf("held %v", p.Held)
	}
	if got := len(p.Scenario.Inputs); got != nInputs+len(want) {
		t.Errorf("%d inputs, want %d", got, nInputs+len(want))
	}
	n := 0
	for _, in := range p.Scenario.Inputs {
		if !study.IsWeight(in.Path) {
			continue
		}
		n++
		key := in.Path[len(model.WeightPathPrefix):]
		if key == "junior_partner" {
			if in.Dist != own || !slices.Equal(in.Sources, []string{"my own"}) {
				t.Errorf("the scenario's uncertain weight lost its distribution: %v %v", in.Dist, in.Sources)
			}
			continue
		}
		s, _ := model.LookupWeight(key)
		near := func(p, want float64) bool { return math.Abs(in.Dist.Quantile(p)-want) <= 1e-12 }
		if in.Fixed || !near(0, s.PriorLo) || !near(1, s.PriorHi) || !near(0.5, (s.PriorLo+s.PriorHi)/2) {
			t.Errorf("%s: %v, want uniform over the prior range %g to %g", in.Path, in.Dist, s.PriorLo, s.PriorHi)
		}
		if !slices.Equal(in.Sources, []string{study.WeightPriorSource}) {
			t.Errorf("%s: sources %v", in.Path, in.Sources)
		}
	}
	if n != len(want)+1 {
		t.Errorf("%d weight inputs, want %d", n, len(want)+1)
	}

	// The engine takes the copy, thresholds included.
	ev, err := sim.NewEvaluator(p.Scenario, &w, sim.Output{Kind: sim.OutAllianceByHorizon}, 4, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	x := make([]float64, len(ev.Inputs()))
	for k, in := range ev.Inputs() {
		x[k] = in.Dist.Quantile(0.5)
	}
	if y := ev.Eval(x); !(y >= 0 && y <= 1) {
		t.Errorf("P(alliance) at the medians: %v", y)
	}
}

// A threshold whose prior range reaches the value of a fixed neighbour
// stays at its value: drawing it could break the ladder's order.
func TestWithWeightPriorsLadder(t *testing.T) {
	t.Parallel()
	sc, _ := baseline(t)
	var ladder []model.WeightSpec
	for _, s := range model.WeightSpecs {
		if s.IsThreshold() {
			ladder = append(ladder, s)
		}
	}
	top, below := ladder[len(ladder)-1], ladder[len(ladder)-2]
	w := model.DefaultWeights()
	v := (top.PriorLo + top.Get(&w)) / 2 // inside the top threshold's prior range, below its value
	if !(v > top.PriorLo) {
		t.Skipf("%s's prior range starts at its default", top.Key)
	}
	below.Set(&w, v)
	if err := w.Validate(); err != nil {
		t.Fatal(err)
	}
	p, err := study.WithWeightPriors(sc, &w, map[string]bool{below.Key: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := p.Held[top.Key]; !ok || len(p.Held) != 1 {
		t.Errorf("held %v, want %s", p.Held, top.Key)
	}
	if slices.Contains(p.Added, model.WeightPathPrefix+top.Key) || slices.Contains(p.Added, model.WeightPathPrefix+below.Key) ||
		!slices.Contains(p.Added, model.WeightPathPrefix+ladder[0].Key) {
		t.Errorf("added %v", p.Added)
	}
	if _, err := sim.NewEvaluator(p.Scenario, &w, sim.Output{Kind: sim.OutAllianceByHorizon}, 4, 1, nil); err != nil {
		t.Errorf("the engine refuses the copy: %v", err)
	}
}
