package sim_test

import (
	"context"
	"math"
	"testing"

	"github.com/alliancesim/alliancesim/design"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/sim"
)

// fixedToy is toyScenario with every input fixed at its median: its only
// randomness is the model's own (noise, events, consent).
func fixedToy(t *testing.T) *model.Scenario {
	t.Helper()
	sc := toyScenario(t)
	out := *sc
	out.Inputs = nil
	for _, in := range sc.Inputs {
		in.Fixed = true
		in.Dist, _ = sim.NewDist(sim.DistSpec{Kind: "fixed", Value: sim.Median(in.Dist)})
		out.Inputs = append(out.Inputs, in)
	}
	if err := out.Compile(); err != nil {
		t.Fatal(err)
	}
	return &out
}

func biased(b float64) model.Weights {
	w := model.DefaultWeights()
	w.Bias = b
	return w
}

func runPosterior(t *testing.T, sc *model.Scenario, rows []model.Weights, plan sim.Plan) *sim.Result {
	t.Helper()
	w := model.DefaultWeights()
	plan.Posterior = &sim.WeightSample{Name: "test", Rows: rows}
	r, err := sim.Run(context.Background(), sc, &w, plan)
	if err != nil {
		t.Fatal(err)
	}
	if r.Uncertainty == nil {
		t.Fatal("no uncertainty with a posterior")
	}
	return r
}

// within checks |got − want| ≤ k·se, with k = 4 (a false alarm about one
// time in 16,000 per check; the seeds are fixed, so the test is
// deterministic).
func within(t *testing.T, what string, got, want, se float64) {
	t.Helper()
	const k = 4
	if math.Abs(got-want) > k*se+1e-12 {
		t.Errorf("%s = %.5f ± %.5f, want %.5f (within %d SE)", what, got, se, want, k)
	}
}

// TestUncertaintyRecoversKnownShares checks the pick-freeze decomposition
// on toys whose shares are known.
func TestUncertaintyRecoversKnownShares(t *testing.T) {
	t.Parallel()
	plan := sim.Plan{Draws: 90_000, Seed: 11, Workers: 3}

	// Every row the same: the weights explain nothing.
	same := []model.Weights{biased(0.5), biased(0.5), biased(0.5)}
	r := runPosterior(t, toyScenario(t), same, plan)
	u := r.Uncertainty
	within(t, "identical rows: weight share", u.Weights.Share, 0, u.Weights.ShareSE)
	if s := u.Weights.Share + u.Inputs.Share + u.Model.Share; math.Abs(s-1) > 1e-9 {
		t.Errorf("shares add up to %v", s)
	}

	// An uncertain bias, drawn as a scenario input, wins over the rows'
	// very different biases: the weights explain nothing, the inputs some.
	ub := fixedToy(t)
	bias, _ := sim.NewDist(sim.DistSpec{Kind: "uniform", Min: -3, Max: 3})
	ub.Inputs = append(ub.Inputs, model.Input{Path: model.WeightPathPrefix + "bias", Dist: bias})
	if err := ub.Compile(); err != nil {
		t.Fatal(err)
	}
	u = runPosterior(t, ub, []model.Weights{biased(-3), biased(3)}, plan).Uncertainty
	within(t, "uncertain bias input: weight share", u.Weights.Share, 0, u.Weights.ShareSE)
	// The bias moves the toy's P through the ladder only (consent does not
	// see it), so its share is modest (0.08 at the defaults); it must be
	// clearly above 0, by the same 4 SE as within's checks.
	if u.Inputs.Share < 4*u.Inputs.ShareSE {
		t.Errorf("uncertain bias input: input share %.3f ± %.3f, want above 0 by 4 SE", u.Inputs.Share, u.Inputs.ShareSE)
	}

	// No uncertain inputs: the inputs explain nothing.
	fx := fixedToy(t)
	two := []model.Weights{biased(-3), biased(3)}
	r = runPosterior(t, fx, two, plan)
	u = r.Uncertainty
	within(t, "fixed inputs: input share", u.Inputs.Share, 0, u.Inputs.ShareSE)

	// Two rows, no uncertain inputs: Var(E[Y|θ]) = ((P₁ − P₂)/2)², with
	// P₁ and P₂ from separate runs under each row's weights.
	var ps [2]float64
	var ses [2]float64
	for k, w := range two {
		res, err := sim.Run(context.Background(), fx, &w, sim.Plan{Draws: 200_000, Seed: 12})
		if err != nil {
			t.Fatal(err)
		}
		ps[k], ses[k] = head(res).P, head(res).SE
	}
	d := (ps[0] - ps[1]) / 2
	if math.Abs(d) < 0.1 {
		t.Fatalf("the rows should differ a lot: P = %v", ps)
	}
	want := d * d
	seWant := math.Abs(d) * math.Hypot(ses[0], ses[1]) // delta method for d²
	within(t, "two rows: weight variance", u.Weights.Variance, want, math.Hypot(u.Weights.VarianceSE, seWant))
	within(t, "two rows: P", u.P, (ps[0]+ps[1])/2, math.Hypot(u.MonteCarloSE, math.Hypot(ses[0], ses[1])/2))
	if math.Abs(head(r).P-u.P) > 1e-12 && r.Draws%3 == 0 { // the same mean, summed in another order
		t.Errorf("headline %v, groups' P %v: with whole groups they are the same mean", head(r).P, u.P)
	}

	t.Logf("two rows: P %.4f %.4f; weight share %.3f ± %.3f, input %.3f ± %.3f, model %.3f", ps[0], ps[1],
		u.Weights.Share, u.Weights.ShareSE, u.Inputs.Share, u.Inputs.ShareSE, u.Model.Share)
}

// TestPosteriorDeterministic checks that a posterior run gives the same
// result for any number of workers and merged from any slicing into
// shards (which cut groups), for both samplers.
func TestPosteriorDeterministic(t *testing.T) {
	t.Parallel()
	w := model.DefaultWeights()
	scs := []*model.Scenario{toyScenario(t), correlatedToy(t, 0.6, true)}
	ws := []*model.Weights{&w, &w}
	rows := []model.Weights{biased(-0.5), biased(0), biased(0.7)}
	for _, sampler := range design.Samplers() {
		plan := sim.Plan{Draws: 20_002, Seed: 5, Sampler: sampler, Workers: 1, Posterior: &sim.WeightSample{Rows: rows}}
		one, err := sim.RunSet(context.Background(), scs, ws, plan)
		if err != nil {
			t.Fatal(err)
		}
		plan.Workers = 5
		many, err := sim.RunSet(context.Background(), scs, ws, plan)
		if err != nil {
			t.Fatal(err)
		}
		for k := range scs {
			if one.Results[k].Uncertainty == nil {
				t.Fatal("no uncertainty")
			}
			if string(stable(t, one.Results[k])) != string(stable(t, many.Results[k])) {
				t.Errorf("%s: %s differs between 1 and 5 workers", sampler, scs[k].Name)
			}
		}
		for _, n := range []int{1, 4, 7} {
			got := runShards(t, scs, ws, plan, n)
			for k := range scs {
				if string(stable(t, got.Results[k])) != string(stable(t, one.Results[k])) {
					t.Errorf("%s, %d shards: %s differs from the whole run", sampler, n, scs[k].Name)
				}
			}
		}
		plan.Posterior = nil
		if _, err := sim.RunShard(context.Background(), scs, ws, plan, sim.Shard{K: 0, N: 2}); err != nil {
			t.Fatal(err)
		}
	}
}

// TestPosteriorValidated checks that an empty sample and an invalid row are
// refused up front, and that without a posterior there is no Uncertainty.
func TestPosteriorValidated(t *testing.T) {
	t.Parallel()
	sc, w := toy(t)
	bad := model.DefaultWeights()
	bad.Bias = math.NaN()
	for _, s := range []*sim.WeightSample{{Name: "empty"}, {Name: "bad", Rows: []model.Weights{w, bad}}} {
		if _, err := sim.Run(context.Background(), sc, &w, sim.Plan{Draws: 10, Posterior: s}); err == nil {
			t.Errorf("%s: no error", s.Name)
		}
	}
	r, err := sim.Run(context.Background(), sc, &w, sim.Plan{Draws: 10})
	if err != nil || r.Uncertainty != nil {
		t.Errorf("without a posterior: %v, %+v", err, r.Uncertainty)
	}
}

func head(r *sim.Result) sim.Proportion { return r.Alliance[len(r.Alliance)-1] }
