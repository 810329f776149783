package results_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/results"
	"github.com/alliancesim/alliancesim/scenarios"
	"github.com/alliancesim/alliancesim/sim"
)

// openBaseline opens the baseline scenario, started on its entente
// (shards of a run from the nowcast are refused; these tests are of the
// shard files), and gives the manifests of a shard of it.
func openBaseline(t *testing.T) (*scenarios.Loaded, []*results.Manifest) {
	t.Helper()
	l, err := scenarios.Open("baseline")
	if err != nil {
		t.Fatal(err)
	}
	l.Scenario = l.Scenario.OnInitialState()
	return l, []*results.Manifest{{Tool: "alliancesim", Version: "test", Scenario: results.ScenarioRef{Name: "baseline", SHA256: l.SHA256}, ScenarioYAML: string(l.Source)}}
}

// writeShard writes f as the shard.json of the folder dir, creating it,
// and reads it back by the folder, as merge does.
func writeShard(t *testing.T, dir string, f *results.ShardFile) (*results.ShardFile, error) {
	t.Helper()
	b, err := f.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, results.ShardFileName), b, 0o644); err != nil {
		t.Fatal(err)
	}
	return results.ReadShardFile(dir)
}

// TestShardFiles checks shard.json's round trip and that CheckShards
// accepts the slices of one run and names a missing, duplicated or
// foreign slice.
func TestShardFiles(t *testing.T) {
	t.Parallel()
	l, manifests := openBaseline(t)
	w := model.DefaultWeights()
	dir := t.TempDir()
	shard := func(k, n int, seed uint64) (string, *results.ShardFile) {
		p, err := sim.RunShard(context.Background(), []*model.Scenario{l.Scenario}, []*model.Weights{&w}, sim.Plan{Draws: 3000, Seed: seed}, sim.Shard{K: k, N: n})
		if err != nil {
			t.Fatal(err)
		}
		f := &results.ShardFile{ShardHeader: results.NewShardHeader(results.ShardSchema, "run"), Partial: p, Manifests: manifests}
		path := filepath.Join(dir, fmt.Sprintf("shard-%d-of-%d-seed-%d", k, n, seed))
		back, err := writeShard(t, path, f)
		if err != nil {
			t.Fatal(err)
		}
		return path, back
	}
	p0, f0 := shard(0, 3, 1)
	p1, f1 := shard(1, 3, 1)
	p2, f2 := shard(2, 3, 1)
	px, fx := shard(2, 3, 2)
	if err := results.CheckShards([]string{p0, p1, p2}, []*results.ShardFile{f0, f1, f2}); err != nil {
		t.Errorf("three slices of one run: %v", err)
	}
	for _, c := range []struct {
		paths []string
		files []*results.ShardFile
		want  string
	}{
		{[]string{p0, p2}, []*results.ShardFile{f0, f2}, "shard 1/3 missing"},
		{[]string{p0, p1, p1}, []*results.ShardFile{f0, f1, f1}, "are both shard 1/3"},
		{[]string{p0, p1, px}, []*results.ShardFile{f0, f1, fx}, "the seeds (1, 2) differ"},
	} {
		if err := results.CheckShards(c.paths, c.files); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("error %v; want it to say %q", err, c.want)
		}
	}
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"schema": 1, "kind": "summary"}`), 0o644)
	if _, err := results.ReadShardFile(bad); err == nil || !strings.Contains(err.Error(), "not a shard file") {
		t.Errorf("a summary as a shard: %v", err)
	}
}

// TestSweepShardFiles checks that a sweep's shard file keeps its grid,
// that one without it (or a grid on another command) is refused, and
// that CheckShards names slices of different grids.
func TestSweepShardFiles(t *testing.T) {
	t.Parallel()
	l, manifests := openBaseline(t)
	w := model.DefaultWeights()
	a, b := *l.Scenario, *l.Scenario
	a.Name, b.Name = "baseline@0", "baseline@1"
	dir := t.TempDir()
	write := func(name, command string, k int, spec *results.SweepSpec) (string, *results.ShardFile, error) {
		p, err := sim.RunShard(context.Background(), []*model.Scenario{&a, &b}, []*model.Weights{&w, &w}, sim.Plan{Draws: 1000, Seed: 1, SkipLatent: true}, sim.Shard{K: k, N: 2})
		if err != nil {
			t.Fatal(err)
		}
		f := &results.ShardFile{ShardHeader: results.NewShardHeader(results.ShardSchema, command), Partial: p, Sweep: spec, Manifests: manifests}
		path := filepath.Join(dir, name)
		back, err := writeShard(t, path, f)
		return path, back, err
	}
	spec := &results.SweepSpec{Axes: []results.SweepAxis{{Key: "china.pressure", From: 0.3, To: 0.9, Steps: 2}}, Level: 0.25}
	p0, f0, err := write("s0", "sweep", 0, spec)
	if err != nil || f0.Sweep == nil || f0.Sweep.Axes[0] != spec.Axes[0] {
		t.Fatalf("a sweep's shard: %v, %+v", err, f0)
	}
	other := &results.SweepSpec{Axes: spec.Axes, Level: 0.5}
	p1, f1, err := write("s1", "sweep", 1, other)
	if err != nil {
		t.Fatal(err)
	}
	if err := results.CheckShards([]string{p0, p1}, []*results.ShardFile{f0, f1}); err == nil || !strings.Contains(err.Error(), "grids") {
		t.Errorf("slices of different sweeps: %v", err)
	}
	if _, _, err := write("nogrid", "sweep", 0, nil); err == nil {
		t.Error("a sweep's shard without its grid is accepted")
	}
	if _, _, err := write("compare", "compare", 0, spec); err == nil {
		t.Error("a compare shard with a sweep's grid is accepted")
	}
}
