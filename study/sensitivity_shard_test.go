package study_test

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/alliancesim/alliancesim/calibrate"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/scenarios"
	"github.com/alliancesim/alliancesim/sim"
	"github.com/alliancesim/alliancesim/study"
)

// smallSensitivity are the sizes of a quick analysis.
var smallSensitivity = study.SensitivityOptions{Reps: 4, TornadoReps: 40, N: 64, Bootstrap: 20, Trajectories: 2, Seed: 5, Workers: 2}

// shardParts runs every one of n shards of the analysis opts of sc at w,
// as n machines would, and returns their parts in order.
func shardParts(t *testing.T, sc *model.Scenario, w *model.Weights, opts study.SensitivityOptions, n int) []*study.SensitivityPart {
	t.Helper()
	var parts []*study.SensitivityPart
	for k := range n {
		p, err := study.RunSensitivityShard(context.Background(), sc, w, opts, sim.Shard{K: k, N: n})
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, p)
	}
	return parts
}

// The parts of 1, 2 and 3 shards merge into the unsharded analysis, bit
// for bit; a part is refused by a merge of another design, and a missing
// shard is named.
func TestSensitivityShardsMerge(t *testing.T) {
	t.Parallel()
	sc, w := baseline(t)
	ctx := context.Background()
	want := sensitivity(t, sc, &w, smallSensitivity)
	for _, n := range []int{1, 2, 3} {
		parts := shardParts(t, sc, &w, smallSensitivity, n)
		got, err := study.MergeSensitivity(ctx, sc, &w, smallSensitivity, parts)
		if err != nil {
			t.Fatalf("%d shards: %v", n, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%d shards: the merge differs from the unsharded analysis", n)
		}
		if n == 3 {
			if _, err := study.MergeSensitivity(ctx, sc, &w, smallSensitivity, parts[:2]); err == nil || !strings.Contains(err.Error(), "shard 2/3 missing") {
				t.Errorf("a missing shard: %v", err)
			}
			other := smallSensitivity
			other.Seed++
			if _, err := study.MergeSensitivity(ctx, sc, &w, other, parts); err == nil || !strings.Contains(err.Error(), "another design") {
				t.Errorf("another seed: %v", err)
			}
		}
	}
}

// With a posterior every evaluation averages over weight vectors of the
// posterior: the results change, and stay deterministic.
func TestSensitivityPosterior(t *testing.T) {
	t.Parallel()
	sc, w := baseline(t)
	p, err := calibrate.ReadPosterior(scenarios.PosteriorFile, scenarios.BundledPosterior())
	if err != nil {
		t.Fatal(err)
	}
	post, err := p.WeightSample(scenarios.PosteriorFile)
	if err != nil {
		t.Fatal(err)
	}
	o := smallSensitivity
	o.Reps, o.TornadoReps = 32, 200
	plain := sensitivity(t, sc, &w, o)
	o.Posterior = post
	a := sensitivity(t, sc, &w, o)
	b := sensitivity(t, sc, &w, o)
	if !reflect.DeepEqual(a, b) {
		t.Error("two analyses with a posterior and one seed differ")
	}
	if a.Base == plain.Base && reflect.DeepEqual(a.Bars, plain.Bars) {
		t.Error("the posterior changed nothing")
	}
}

// A scenario with correlated inputs shards its tornado; the merge ranks
// the inputs itself and gives the unsharded analysis.
func TestSensitivityShardsCorrelated(t *testing.T) {
	t.Parallel()
	sc, w := corrBaseline(t)
	ctx := context.Background()
	want := sensitivity(t, sc, &w, smallSensitivity)
	got, err := study.MergeSensitivity(ctx, sc, &w, smallSensitivity, shardParts(t, sc, &w, smallSensitivity, 2))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) || len(got.Ranking) == 0 {
		t.Errorf("the merge differs from the unsharded analysis, or has no ranking (%d)", len(got.Ranking))
	}
}
