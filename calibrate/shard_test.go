package calibrate

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/alliancesim/alliancesim/sim"
)

// timeless blanks what may differ between a calibration in one process
// and one assembled from shards: the timings and the workers.
func timeless(r *Result) {
	r.Workers, r.Timing.PrepareSeconds, r.Timing.TotalSeconds = 0, 0, 0
	for i := range r.Rounds {
		r.Rounds[i].Seconds = 0
	}
}

// files renders a result's calibration.json and posterior.yaml, without
// timings and workers.
func files(t *testing.T, r *Result) (string, string) {
	t.Helper()
	timeless(r)
	js, post := rendered(t, r)
	return string(js), string(post)
}

// rendered renders a result's calibration.json and posterior.yaml.
func rendered(t *testing.T, r *Result) (calibration, posterior []byte) {
	t.Helper()
	calibration, err := r.File("test").Marshal()
	if err != nil {
		t.Fatal(err)
	}
	posterior, err = r.Posterior().Marshal()
	if err != nil {
		t.Fatal(err)
	}
	return calibration, posterior
}

// shardRoundTrip runs a sharded calibration of o in n slices per round,
// each shard and each merge starting from the state and shard files
// written as JSON and read back, as they are between batch jobs.
func shardRoundTrip(t *testing.T, o Options, n int) *Result {
	t.Helper()
	ctx := context.Background()
	var st *State
	resume := func() *Sharded {
		c, err := NewSharded(o, "test")
		if err != nil {
			t.Fatal(err)
		}
		if st != nil {
			if err := c.Resume(st); err != nil {
				t.Fatal(err)
			}
		}
		return c
	}
	for round := 1; round <= o.Stages; round++ {
		var parts []*Part
		for k := n - 1; k >= 0; k-- { // any order
			p, err := resume().Evaluate(ctx, round, sim.Shard{K: k, N: n})
			if err != nil {
				t.Fatal(err)
			}
			parts = append(parts, reread(t, p))
		}
		c := resume()
		if err := c.Merge(parts); err != nil {
			t.Fatal(err)
		}
		st = reread(t, c.State(""))
	}
	res, err := resume().Result(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// reread returns v written as JSON and read back.
func reread[T any](t *testing.T, v *T) *T {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var w T
	if err := json.Unmarshal(b, &w); err != nil {
		t.Fatal(err)
	}
	return &w
}

// TestShardedEqualsRun: a calibration run as shards, a round at a time
// through its files, writes byte for byte the calibration.json and
// posterior.yaml of one Run (but for the timings and workers), for 1, 2
// and 3 slices and any number of workers, with and without effect priors.
// The three calibrations, and the three sharded runs of each, are
// independent parallel subtests: the runs use one or two workers, so
// side by side they keep both cores busy.
func TestShardedEqualsRun(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		eff            bool
		points, stages int
	}{{false, 24, 3}, {true, 24, 3}, {true, 80, 2}} {
		t.Run(fmt.Sprintf("effect priors %v, %d points × %d rounds", tc.eff, tc.points, tc.stages), func(t *testing.T) {
			t.Parallel()
			eff := tc.eff
			o := ciOptions(t)
			o.Points, o.Stages, o.Draws, o.Resample = tc.points, tc.stages, 40, 30
			o.Cases = o.Cases[:5]
			o.Workers = 2
			o.EffectPriors = eff
			// The odds ratios get 10 runs a setting (the least allowed), not
			// Draws: what is compared is the sharded arithmetic, and at 10
			// the pilot still gives some rows more draws (6 and 8 times,
			// the cap) and leaves others at 10, as at 40 (where most rows
			// hit the cap: 320 runs a setting, most of this test's time).
			o.EffectDraws = 10
			// With 80 points the second round's proposal is the emulated one
			// (the emulators need 1 + 2·29 + 2 points); with 24 it falls back
			// to the weighted fit.
			if eff && tc.points == 80 {
				r, err := newRun(o)
				if err != nil {
					t.Fatal(err)
				}
				if r.emulatorPoints() > tc.points {
					t.Fatalf("%d points: too few for the emulators (%d)", tc.points, r.emulatorPoints())
				}
			}
			whole, err := Run(context.Background(), o)
			if err != nil {
				t.Fatal(err)
			}
			wantJS, wantPost := files(t, whole)
			for n, workers := range []int{1, 3, 1} {
				t.Run(fmt.Sprintf("%d shards", n+1), func(t *testing.T) {
					t.Parallel()
					o := o
					o.Workers = workers
					gotJS, gotPost := files(t, shardRoundTrip(t, o, n+1))
					if gotJS != wantJS {
						t.Errorf("effect priors %v, %d shards: calibration.json differs from one run's", eff, n+1)
					}
					if gotPost != wantPost {
						t.Errorf("effect priors %v, %d shards: posterior.yaml differs from one run's", eff, n+1)
					}
				})
			}
		})
	}
}

// TestShardedRefusals: shards of another round, a missing or repeated
// slice, and a state of another calibration are refused, with messages
// that say so.
func TestShardedRefusals(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	o := ciOptions(t)
	o.Points, o.Stages, o.Draws = 12, 2, 20
	o.Cases, o.Path = o.Cases[:2], nil
	o.Workers = 1
	c, err := NewSharded(o, "test")
	if err != nil {
		t.Fatal(err)
	}
	p0, err := c.Evaluate(ctx, 1, sim.Shard{K: 0, N: 2})
	if err != nil {
		t.Fatal(err)
	}
	p1, err := c.Evaluate(ctx, 1, sim.Shard{K: 1, N: 2})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Evaluate(ctx, 2, sim.Shard{K: 0, N: 2}); err == nil || !strings.Contains(err.Error(), "round 1 merged first") {
		t.Errorf("round 2 before round 1: %v", err)
	}
	for _, tc := range []struct {
		parts []*Part
		want  string
	}{
		{[]*Part{p0}, "shard [1/2] of round 1 missing"},
		{[]*Part{p0, p0}, "given twice"},
		{[]*Part{p0, {Round: 2, Shard: sim.Shard{K: 1, N: 2}}}, "merge one round at a time"},
	} {
		if err := c.Merge(tc.parts); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("merge: %v, want %q", err, tc.want)
		}
	}
	if err := c.Merge([]*Part{p1, p0}); err != nil {
		t.Fatal(err)
	}
	st := c.State("")
	if err := c.Merge([]*Part{p0, p1}); err == nil || !strings.Contains(err.Error(), "merged already") {
		t.Errorf("round 1 merged twice: %v", err)
	}
	o.Seed++
	other, err := NewSharded(o, "test")
	if err != nil {
		t.Fatal(err)
	}
	if err := other.Resume(st); err == nil || !strings.Contains(err.Error(), "another calibration: the seeds") {
		t.Errorf("state of another seed: %v", err)
	}
	o.Seed--
	same, err := NewSharded(o, "test")
	if err != nil {
		t.Fatal(err)
	}
	st.Rounds[0].Counts[3].K[1] = 1 << 20
	if err := same.Resume(st); err == nil || !strings.Contains(err.Error(), "outside 0 to") {
		t.Errorf("a damaged count: %v", err)
	}
}
