package sim_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/alliancesim/alliancesim/design"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/sim"
)

// runShards runs every slice of n, each partial passed through its JSON
// form as a shard file would carry it, and merges them.
func runShards(t *testing.T, scs []*model.Scenario, ws []*model.Weights, plan sim.Plan, n int) *sim.Set {
	t.Helper()
	var parts []*sim.Partial
	for k := n - 1; k >= 0; k-- { // any order
		p, err := sim.RunShard(context.Background(), scs, ws, plan, sim.Shard{K: k, N: n})
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		var back sim.Partial
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		parts = append(parts, &back)
	}
	set, err := sim.MergeShards(scs, ws, plan, parts)
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// TestShardsMergeExactly checks that the slices of a run, merged, give the
// whole run's results bit for bit (but for the wall time and the worker
// count), for both samplers, several slicings (including slices that cut
// a Latin hypercube block and the rows kept for the achieved
// correlations), and a comparison of two scenarios on common random
// numbers with its paired difference; with and without a posterior of the
// weights (whose groups of three draws the slices cut).
func TestShardsMergeExactly(t *testing.T) {
	t.Parallel()
	w := model.DefaultWeights()
	scs := []*model.Scenario{toyScenario(t), correlatedToy(t, 0.6, true)}
	ws := []*model.Weights{&w, &w}
	post := &sim.WeightSample{Rows: []model.Weights{w, model.DefaultWeights()}}
	post.Rows[1].Bias = 0.8
	for _, run := range []struct {
		sampler design.Sampler
		post    *sim.WeightSample
	}{{design.MonteCarlo, nil}, {design.LatinHypercube, nil}, {design.MonteCarlo, post}, {design.LatinHypercube, post}} {
		sampler := run.sampler
		// 21,001 draws: one Latin hypercube block that every slicing cuts
		// (with a posterior, a block of 21,000 and one of a single draw),
		// slices of 3 that cut the groups of three draws (at 7,000 and
		// 14,000), and last slices of 3 and of 4 (from 14,000 and 15,750)
		// that straddle the 20,000 rows kept for the achieved correlations.
		plan := sim.Plan{Draws: 21_001, Seed: 5, Sampler: sampler, Workers: 2, Posterior: run.post}
		whole, err := sim.RunSet(context.Background(), scs, ws, plan)
		if err != nil {
			t.Fatal(err)
		}
		if (whole.Results[0].Uncertainty != nil) != (run.post != nil) {
			t.Fatalf("%s: uncertainty %v with posterior %v", sampler, whole.Results[0].Uncertainty, run.post)
		}
		for _, n := range []int{1, 3, 4} {
			got := runShards(t, scs, ws, plan, n)
			for k := range scs {
				if string(stable(t, got.Results[k])) != string(stable(t, whole.Results[k])) {
					t.Errorf("%s, %d shards: %s differs from the whole run", sampler, n, scs[k].Name)
				}
			}
			if got.Diffs[1] != whole.Diffs[1] {
				t.Errorf("%s, %d shards: paired difference %+v, whole run %+v", sampler, n, got.Diffs[1], whole.Diffs[1])
			}
		}
	}
}

// TestShardsRefuseMismatch checks that a merge names a missing or
// duplicated slice and a slice of another run.
func TestShardsRefuseMismatch(t *testing.T) {
	t.Parallel()
	w := model.DefaultWeights()
	scs, ws := []*model.Scenario{toyScenario(t)}, []*model.Weights{&w}
	plan := sim.Plan{Draws: 2_000, Seed: 1}
	shard := func(k, n int, p sim.Plan) *sim.Partial {
		r, err := sim.RunShard(context.Background(), scs, ws, p, sim.Shard{K: k, N: n})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	s0, s1, s2 := shard(0, 3, plan), shard(1, 3, plan), shard(2, 3, plan)
	other := plan
	other.Seed = 2
	for _, c := range []struct {
		parts []*sim.Partial
		want  string
	}{
		{[]*sim.Partial{s0, s2}, "shard 1/3 missing"},
		{[]*sim.Partial{s0, s1, s1, s2}, "shard 1/3 is given twice"},
		{[]*sim.Partial{s0, s1, shard(2, 3, other)}, "seed"},
		{[]*sim.Partial{s0, s1, shard(1, 2, plan)}, "shard 1/2 is one of 2 slices, another one of 3"},
	} {
		_, err := sim.MergeShards(scs, ws, plan, c.parts)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("merge error = %v; want it to say %q", err, c.want)
		}
	}
	if _, err := sim.RunShard(context.Background(), scs, ws, sim.Plan{Draws: 100, Precision: 0.01}, sim.Shard{K: 0, N: 2}); err == nil {
		t.Error("a shard with a precision target: no error")
	}
	for _, s := range []string{"4/4", "-1/4", "1", "a/b", "0/0"} {
		if _, err := sim.ParseShard(s); err == nil {
			t.Errorf("ParseShard(%q): no error", s)
		}
	}
	if sh, err := sim.ParseShard(" 3/4 "); err != nil || sh != (sim.Shard{K: 3, N: 4}) {
		t.Errorf("ParseShard(3/4) = %v, %v", sh, err)
	}
}
