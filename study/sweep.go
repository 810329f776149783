package study

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/sim"
)

// Axis is one swept value: a scenario input path ("china.pressure",
// "events.taiwan_crisis.probability") or a weight ("weights.junior_partner"),
// from From to To in Steps evenly spaced values.
type Axis struct {
	Key      string
	From, To float64
	Steps    int
}

// ParseAxis reads KEY=FROM:TO:STEPS, as given to --vary.
func ParseAxis(s string) (Axis, error) {
	key, spec, ok := strings.Cut(s, "=")
	parts := strings.Split(spec, ":")
	if !ok || strings.TrimSpace(key) == "" || len(parts) != 3 {
		return Axis{}, fmt.Errorf("--vary %q: use KEY=FROM:TO:STEPS, e.g. --vary china.pressure=0.3:0.9:7", s)
	}
	a := Axis{Key: strings.TrimSpace(key)}
	var err error
	if a.From, err = strconv.ParseFloat(strings.TrimSpace(parts[0]), 64); err != nil || math.IsNaN(a.From) || math.IsInf(a.From, 0) {
		return Axis{}, fmt.Errorf("--vary %q: FROM %q is not a number", s, parts[0])
	}
	if a.To, err = strconv.ParseFloat(strings.TrimSpace(parts[1]), 64); err != nil || math.IsNaN(a.To) || math.IsInf(a.To, 0) {
		return Axis{}, fmt.Errorf("--vary %q: TO %q is not a number", s, parts[1])
	}
	if a.Steps, err = strconv.Atoi(strings.TrimSpace(parts[2])); err != nil || a.Steps < 2 || a.Steps > 101 {
		return Axis{}, fmt.Errorf("--vary %q: STEPS %q must be a whole number from 2 to 101", s, parts[2])
	}
	if a.From == a.To {
		return Axis{}, fmt.Errorf("--vary %q: FROM and TO are equal", s)
	}
	return a, nil
}

// Values lists the axis' values.
func (a Axis) Values() []float64 {
	v := make([]float64, a.Steps)
	for i := range v {
		v[i] = a.From + (a.To-a.From)*float64(i)/float64(a.Steps-1)
	}
	v[len(v)-1] = a.To // exactly, not one rounding step past a range's end
	return v
}

// SweepPoint is one grid point: the axes' values and P(alliance by the
// horizon) there, with its 95% interval.
type SweepPoint struct {
	X []float64
	P sim.Proportion
}

// SweepResult is a 1-D curve or a 2-D grid. Points are in row-major order:
// the last axis varies fastest.
type SweepResult struct {
	Scenario string
	Horizon  int // the last simulated year
	Axes     []Axis
	Points   []SweepPoint
	Draws    int64
	Seed     uint64
}

// Sweep runs sc at every point of the grid spanned by axes (one or two),
// all on common random numbers, so that the curve or surface is smooth:
// neighbouring points differ by the swept values, not by luck. At each
// point the swept value is fixed and every other input keeps its
// distribution.
func Sweep(ctx context.Context, sc *model.Scenario, w *model.Weights, axes []Axis, plan sim.Plan) (*SweepResult, error) {
	g, err := SweepScenarios(sc, w, axes)
	if err != nil {
		return nil, err
	}
	set, err := sim.RunSet(ctx, g.Scenarios, g.Weights, g.Plan(plan))
	if err != nil {
		return nil, err
	}
	return g.Result(set), nil
}

// SweepGrid is a sweep's grid: one scenario (and weights) per point, in
// row-major order, to run together on common random numbers (sim.RunSet,
// or sim.RunShard slice by slice and sim.MergeShards).
type SweepGrid struct {
	Scenario  string // the swept scenario's name
	Horizon   int    // the last simulated year
	Axes      []Axis
	X         [][]float64 // the axes' values at each point
	Scenarios []*model.Scenario
	Weights   []*model.Weights
}

// SweepScenarios builds the grid of sc's sweep along axes (one or two):
// at each point a copy of sc and w with the swept values fixed.
func SweepScenarios(sc *model.Scenario, w *model.Weights, axes []Axis) (*SweepGrid, error) {
	if len(axes) < 1 || len(axes) > 2 {
		return nil, fmt.Errorf("a sweep takes one or two --vary axes (got %d)", len(axes))
	}
	if len(axes) == 2 && axes[0].Key == axes[1].Key {
		return nil, fmt.Errorf("--vary %s given twice", axes[0].Key)
	}
	for _, a := range axes {
		if err := checkAxis(sc, a); err != nil {
			return nil, err
		}
	}
	grid := [][]float64{{}}
	for _, a := range axes {
		var next [][]float64
		for _, g := range grid {
			for _, v := range a.Values() {
				next = append(next, append(append([]float64(nil), g...), v))
			}
		}
		grid = next
	}
	g := &SweepGrid{Scenario: sc.Name, Horizon: sc.StartYear + sc.HorizonYears - 1, Axes: axes, X: grid,
		Scenarios: make([]*model.Scenario, len(grid)), Weights: make([]*model.Weights, len(grid))}
	for i, x := range grid {
		c, cw := *sc, *w
		c.Inputs = append([]model.Input(nil), sc.Inputs...)
		for k, a := range axes {
			if err := apply(&c, &cw, a.Key, x[k]); err != nil {
				return nil, err
			}
		}
		c.Name = fmt.Sprintf("%s@%d", sc.Name, i)
		g.Scenarios[i], g.Weights[i] = &c, &cw
	}
	return g, nil
}

// Plan is the plan a sweep runs its grid with: plan without the latent
// pressure (a sweep reports P(alliance) only) and on a fixed number of
// draws (every point sees the same ones).
func (g *SweepGrid) Plan(plan sim.Plan) sim.Plan {
	plan.SkipLatent = true
	plan.Precision = 0
	return plan
}

// Result reads the sweep's curve or surface from the grid's results, in
// the grid's order (from sim.RunSet or sim.MergeShards).
func (g *SweepGrid) Result(set *sim.Set) *SweepResult {
	res := &SweepResult{Scenario: g.Scenario, Horizon: g.Horizon, Axes: g.Axes, Draws: set.Results[0].Draws, Seed: set.Results[0].Seed}
	for i, x := range g.X {
		res.Points = append(res.Points, SweepPoint{X: x, P: set.Results[i].ByHorizon})
	}
	return res
}

// checkAxis makes sure the key exists and the values lie in its range.
func checkAxis(sc *model.Scenario, a Axis) error {
	lo, hi := math.Min(a.From, a.To), math.Max(a.From, a.To)
	if k, ok := strings.CutPrefix(a.Key, "weights."); ok {
		s, found := model.LookupWeight(k)
		if !found {
			return fmt.Errorf("--vary %s: no such weight; the weights are listed by `alliancesim config`", a.Key)
		}
		if a.Key != "weights."+s.Key {
			return fmt.Errorf("--vary %s: write the weight as weights.%s", a.Key, s.Key)
		}
		if lo < s.Min || hi > s.Max {
			return fmt.Errorf("--vary %s: %g to %g leaves the weight's range [%g, %g]", a.Key, a.From, a.To, s.Min, s.Max)
		}
		return nil
	}
	tg, err := sc.Resolve(a.Key)
	if err != nil {
		msg := strings.TrimPrefix(err.Error(), a.Key+": ")
		return fmt.Errorf("--vary %s: %s (a scenario value such as %s.pressure, dyad.treaty or events.<name>.probability, or weights.<key>)", a.Key, msg, sc.Actors[0].ID)
	}
	if lo < tg.Min || hi > tg.Max {
		return fmt.Errorf("--vary %s: %g to %g leaves the value's range [%g, %g]", a.Key, a.From, a.To, tg.Min, tg.Max)
	}
	return nil
}

// apply fixes key at v in a copy of the scenario or its weights.
func apply(sc *model.Scenario, w *model.Weights, key string, v float64) error {
	if k, ok := strings.CutPrefix(key, "weights."); ok {
		// A weight the scenario makes uncertain is drawn per run: drop
		// that input so the swept value holds.
		sc.DropInput(key)
		s, _ := model.LookupWeight(k)
		s.Set(w, v)
		return w.Validate()
	}
	d, err := sim.NewDist(sim.DistSpec{Kind: "fixed", Value: v})
	if err != nil {
		return err
	}
	for i := range sc.Inputs {
		if sc.Inputs[i].Path == key {
			sc.Inputs[i].Dist, sc.Inputs[i].Fixed = d, true
			return nil
		}
	}
	sc.Inputs = append(sc.Inputs, model.Input{Path: key, Dist: d, Fixed: true})
	return nil
}
