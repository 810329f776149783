package results

import (
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/alliancesim/alliancesim/sim"
	"github.com/alliancesim/alliancesim/study"
)

// ShardSchema is shard.json's schema version. 2: the slice's counts
// (sim.Partial, sim.Shard, sim.Proportion) under snake_case names, not Go's.
const ShardSchema = 2

// ShardFileName is the file a shard writes into its output folder.
const ShardFileName = "shard.json"

// MaxShardFileSize bounds a shard file: its counts do not grow with the
// draws (a few hundred kilobytes with the latent histograms).
const MaxShardFileSize = 64 << 20

// ShardFile is shard.json: one slice of a run's draws, with the manifest
// the whole run would write (so a merge on another machine needs nothing
// else: the scenario's text, the resolved weights and settings are in
// it) and the slice's integer counts. `alliancesim merge` combines the
// shard files of every slice into exactly the whole run's results.
type ShardFile struct {
	// ShardHeader's command is the simulating command ("run", "compare",
	// "sweep").
	ShardHeader
	// Manifests are the manifests of the run's scenarios, in order; a
	// sweep's is the one of the swept scenario, whose grid points are the
	// partial's scenarios.
	Manifests []*Manifest `json:"manifests"`
	// Partial is the slice's counts: which slice and draws, the whole
	// run's draws, seed and sampler, and each scenario's integer counts
	// over the slice.
	Partial *sim.Partial `json:"partial"`
	// Sweep is a sweep's grid, absent for the other commands.
	Sweep *SweepSpec `json:"sweep,omitempty"`
}

// SweepSpec is what a sweep's merge needs beyond the swept scenario's
// manifest to rebuild its grid and charts: the axes (--vary) and the heat
// map's contour (--level).
type SweepSpec struct {
	// Axes are the swept values (--vary), one axis each, in the order
	// given.
	Axes []SweepAxis `json:"axes"`
	// Level is the probability at which the heat map of a two-axis sweep
	// draws its contour (--level).
	Level float64 `json:"level"`
}

// SweepAxis is one swept value: KEY=FROM:TO:STEPS. A sweep's shard file
// and the sweep's --json output both write its axes so.
type SweepAxis struct {
	// Key is the swept value's path: a scenario value (china.pressure) or
	// a weight (weights.junior_partner).
	Key string `json:"key"`
	// From is the axis's first value.
	From float64 `json:"from"`
	// To is the axis's last value.
	To float64 `json:"to"`
	// Steps is the number of grid points on the axis, from and to
	// included.
	Steps int `json:"steps"`
}

// SweepAxes are axes as SweepAxis, in their order.
func SweepAxes(axes []study.Axis) []SweepAxis {
	var out []SweepAxis
	for _, a := range axes {
		out = append(out, SweepAxis{Key: a.Key, From: a.From, To: a.To, Steps: a.Steps})
	}
	return out
}

// Marshal renders the file.
func (f *ShardFile) Marshal() ([]byte, error) { return JSON(f) }

// shardSpec is how shard.json is read: strictly, since a merge must not
// take a file of another version for one of its own.
var shardSpec = FileSpec{Kind: "shard file", Limit: MaxShardFileSize, Strict: true}

// ReadShardFile reads and checks a shard.json: a folder given is read as
// the shard.json inside it.
func ReadShardFile(path string) (*ShardFile, error) {
	return ReadJSON(ShardPath(path), shardSpec, (*ShardFile).check)
}

// check refuses a shard file of another kind or version, or one without
// the counts or manifests a merge needs.
func (f *ShardFile) check() error {
	if err := f.Check("", ShardSchema); err != nil {
		return err
	}
	switch {
	case f.Partial == nil || len(f.Manifests) == 0:
		return errors.New("the shard file is incomplete (no counts or no manifests)")
	case (f.Command == "sweep") != (f.Sweep != nil):
		return errors.New("the shard file is incomplete (a sweep's grid without a sweep, or a sweep without it)")
	case f.Sweep != nil && (len(f.Manifests) != 1 || len(f.Sweep.Axes) == 0):
		return errors.New("the shard file is incomplete (a sweep needs its scenario's manifest and its axes)")
	case f.Sweep == nil && len(f.Manifests) != len(f.Partial.Scenarios):
		return errors.New("the shard file is incomplete (no counts or no manifests)")
	}
	for _, m := range f.Manifests {
		if m == nil {
			return errors.New("the shard file is incomplete (an empty manifest)")
		}
	}
	return nil
}

// CheckShards checks that shard files are slices of one run: the same
// command, version, scenarios (by digest), weights and plan,
// and the same number of slices, each given once and none missing. The
// error names the first file that differs and what differs.
func CheckShards(paths []string, files []*ShardFile) error {
	if len(files) == 0 {
		return errors.New("no shard files to merge")
	}
	ref := files[0]
	seen := map[int]string{}
	for i, f := range files {
		if prev, ok := seen[f.Partial.Shard.K]; ok {
			return fmt.Errorf("%s and %s are both shard %s", prev, paths[i], f.Partial.Shard)
		}
		seen[f.Partial.Shard.K] = paths[i]
		if what := shardDiff(ref, f); what != "" {
			return fmt.Errorf("%s and %s are not slices of one run: %s differ", paths[0], paths[i], what)
		}
	}
	n := ref.Partial.Shard.N
	var missing []string
	for k := range n {
		if _, ok := seen[k]; !ok {
			missing = append(missing, fmt.Sprintf("%d/%d", k, n))
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return fmt.Errorf("shard %s missing: the run has %d slices and every one is needed", strings.Join(missing, ", "), n)
	}
	return nil
}

// SameValues reports whether a and b resolve the same keys to the same
// values, whatever their sources: a weight set by a flag on one node and
// by the environment on another is the same weight. The merges of shards
// (a run's, a backtest's, a sensitivity analysis's) compare their weights
// with it.
func SameValues(a, b []ResolvedValue) bool {
	return reflect.DeepEqual(valueMap(a), valueMap(b))
}

// valueMap is resolved settings by key, without their sources.
func valueMap(vs []ResolvedValue) map[string]any {
	m := map[string]any{}
	for _, v := range vs {
		m[v.Key] = v.Value
	}
	return m
}

// shardDiff names what makes b a slice of another run than a, or "".
func shardDiff(a, b *ShardFile) string {
	pa, pb := a.Partial, b.Partial
	switch {
	case a.Command != b.Command:
		return "the commands (" + a.Command + ", " + b.Command + ")"
	case pa.Shard.N != pb.Shard.N:
		return fmt.Sprintf("the numbers of slices (%d, %d)", pa.Shard.N, pb.Shard.N)
	case pa.Draws != pb.Draws:
		return fmt.Sprintf("the draws (%d, %d)", pa.Draws, pb.Draws)
	case pa.Seed != pb.Seed:
		return fmt.Sprintf("the seeds (%d, %d)", pa.Seed, pb.Seed)
	case pa.Sampler != pb.Sampler:
		return fmt.Sprintf("the samplers (%s, %s)", pa.Sampler, pb.Sampler)
	case len(a.Manifests) != len(b.Manifests):
		return "the scenarios"
	case !reflect.DeepEqual(a.Sweep, b.Sweep):
		return "the sweeps' grids (--vary, --level)"
	}
	for i := range a.Manifests {
		ma, mb := a.Manifests[i], b.Manifests[i]
		switch {
		case ma.Version != mb.Version:
			return fmt.Sprintf("the versions of alliancesim (%s, %s)", ma.Version, mb.Version)
		case ma.Scenario.SHA256 != mb.Scenario.SHA256 || ma.ScenarioYAML != mb.ScenarioYAML:
			return fmt.Sprintf("the scenario files (%s, %s)", ma.Scenario.File, mb.Scenario.File)
		// Settings other than the weights (the output folder, the chart
		// format) do not change the counts; the plan's are compared on the
		// partials.
		case !SameValues(ma.Weights, mb.Weights):
			return "the weights"
		case !reflect.DeepEqual(ma.Start, mb.Start):
			return "the start states (--from-nowcast, initial_state: nowcast)"
		}
	}
	return ""
}
