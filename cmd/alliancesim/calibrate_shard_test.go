package main

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/alliancesim/alliancesim/calibrate"
	"github.com/alliancesim/alliancesim/results"
)

// untimed is calibration.json without what differs between one
// calibration and one merged from shards: the rounds' and the total's
// seconds, and the workers.
func untimed(t *testing.T, path string) string {
	t.Helper()
	var f calibrate.File
	readJSON(t, path, &f)
	f.Settings.Workers, f.Timing.PrepareSeconds, f.Timing.TotalSeconds = 0, 0, 0
	for i := range f.Rounds {
		f.Rounds[i].Seconds = 0
	}
	out, err := f.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// shardedCalibration runs calibrate args as n shards a round (on 1 or 2
// workers), merging each round into state, and returns state.
func shardedCalibration(t *testing.T, dir string, rounds, n int, args ...string) string {
	t.Helper()
	state := filepath.Join(dir, "state")
	for round := 1; round <= rounds; round++ {
		var ds []string
		for k := range n {
			d := filepath.Join(dir, fmt.Sprintf("round-%d", round), fmt.Sprintf("shard-%d", k))
			mustCLI(t, slices.Concat(args, []string{"--round", fmt.Sprint(round), "--shard", fmt.Sprintf("%d/%d", k, n), "--state", state, "-o", d, "--workers", fmt.Sprint(1 + k%2)})...)
			ds = append(ds, d)
		}
		mustCLI(t, slices.Concat([]string{"merge"}, ds, []string{"-o", state, "--format", "svg", "--no-progress"})...)
	}
	return state
}

// A calibration run as 1, 2 and 3 shards a round and merged round by
// round writes what one calibrate writes: posterior.yaml and the charts
// byte for byte, calibration.json byte for byte but for the timings and
// workers, and its state file besides. It calibrates the small test
// library in three rounds (the CI-sized calibration of the bundled
// library as two slices is docs/cluster.md's tested example, and package
// calibrate's TestShardedEqualsRun checks the same in the API). With
// --effect-priors, whose shards carry the odds ratios' counts, two shards a
// round equal one calibration too.
func TestCalibrateShardsEqualOneCalibration(t *testing.T) {
	t.Parallel()
	const rounds = 3
	base := []string{"calibrate", "--cases", testCases, "--points", "40", "--rounds", fmt.Sprint(rounds), "--seed", "11", "--format", "svg", "--no-progress"}
	for _, tc := range []struct {
		name   string
		args   []string
		shards []int
	}{
		{"weights", append(slices.Clone(base), "--draws", "60"), []int{1, 2, 3}},
		// The odds ratios get --draws runs a setting, and the pilot lifts
		// the noisy rows up to 8 times as many, most of this case's work:
		// at 20 (not 60) the shards still carry every row's counts, at a
		// third of the cost.
		{"effect-priors", append(slices.Clone(base), "--draws", "20", "--effect-priors"), []int{2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			shardsEqualOneCalibration(t, tc.args, rounds, tc.shards)
		})
	}
}

// shardsEqualOneCalibration runs calibrate args once and as each number of
// shards a round (side by side, as parallel subtests), and compares what
// they write.
func shardsEqualOneCalibration(t *testing.T, args []string, rounds int, shards []int) {
	dir := t.TempDir()
	whole := filepath.Join(dir, "whole")
	mustCLI(t, slices.Concat(args, []string{"-o", whole})...)
	wantFiles := listDir(t, whole)
	for _, n := range shards {
		t.Run(fmt.Sprintf("%d shards", n), func(t *testing.T) {
			t.Parallel() // each sharded calibration in a folder of its own
			got := shardedCalibration(t, filepath.Join(dir, fmt.Sprint(n)), rounds, n, args...)
			if files := listDir(t, got); !reflect.DeepEqual(files, slices.Sorted(slices.Values(append(slices.Clone(wantFiles), calibrate.StateFileName)))) {
				t.Errorf("%d shards: files %v, one calibration's %v and the state", n, files, wantFiles)
			}
			for _, f := range wantFiles {
				switch f {
				case results.MarkerName: // lists the files, the state among them
					continue
				case "calibration.json":
					if untimed(t, filepath.Join(whole, f)) != untimed(t, filepath.Join(got, f)) {
						t.Errorf("%d shards: calibration.json differs from one calibration's", n)
					}
					continue
				}
				a, _ := os.ReadFile(filepath.Join(whole, f))
				b, _ := os.ReadFile(filepath.Join(got, f))
				if string(a) != string(b) {
					t.Errorf("%d shards: %s differs from one calibration's", n, f)
				}
			}
		})
	}
}

// Sharded calibrations refuse, before any work or with a message that
// says why: shard flags that do not go together, shards of different
// rounds or seeds, a missing slice, a round out of turn and a state
// folder of another calibration.
func TestCalibrateShardRefusals(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	state := filepath.Join(dir, "state")
	args := []string{"calibrate", "--cases", testCases, "--points", "12", "--rounds", "2", "--draws", "20", "--seed", "4", "--no-progress"}
	shard := func(round int, sh string, extra ...string) result {
		return cli(t, slices.Concat(args, []string{"--round", fmt.Sprint(round), "--shard", sh, "--state", state, "-o", filepath.Join(dir, fmt.Sprintf("r%d-%s", round, strings.ReplaceAll(sh, "/", "-")))}, extra)...)
	}
	sd := func(round int, sh string) string {
		return filepath.Join(dir, fmt.Sprintf("r%d-%s", round, strings.ReplaceAll(sh, "/", "-")))
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--round", "1"}, "--round and --state go with --shard"},
		{[]string{"--shard", "0/2", "--state", state}, "--round 0"},
		{[]string{"--shard", "0/2", "--round", "3", "--state", state}, "--round 3"},
		{[]string{"--shard", "0/2", "--round", "1"}, "--shard needs --state"},
		{[]string{"--shard", "0/2", "--round", "1", "--state", state, "-o", state}, "is the --state folder"},
	} {
		if r := cli(t, slices.Concat(args, tc.args)...); r.code != exitUsage || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: exit %d, %s; want a usage error with %q", tc.args, r.code, r.stderr, tc.want)
		}
	}
	if r := shard(2, "0/2"); r.code != exitInvalid || !strings.Contains(r.stderr, "holds no calibration state") {
		t.Errorf("round 2 without a state: exit %d, %s", r.code, r.stderr)
	}
	for _, sh := range []string{"0/2", "1/2"} {
		if r := shard(1, sh); r.code != 0 {
			t.Fatalf("shard %s: exit %d, %s", sh, r.code, r.stderr)
		}
	}
	other := filepath.Join(dir, "other-seed")
	mustCLI(t, "calibrate", "--cases", testCases, "--points", "12", "--rounds", "2", "--draws", "20", "--seed", "5", "--no-progress", "--round", "1", "--shard", "1/2", "--state", state, "-o", other)
	merge := func(dirs ...string) result {
		return cli(t, slices.Concat([]string{"merge"}, dirs, []string{"-o", state, "--no-charts"})...)
	}
	for _, tc := range []struct {
		dirs []string
		want string
	}{
		{[]string{sd(1, "0/2")}, "shard [1/2] of round 1 missing"},
		{[]string{sd(1, "0/2"), other}, "the seeds (4, 5) differ"},
	} {
		if r := merge(tc.dirs...); r.code != exitInvalid || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("merge %v: exit %d, %s; want %q", tc.dirs, r.code, r.stderr, tc.want)
		}
	}
	if r := merge(sd(1, "0/2"), sd(1, "1/2")); r.code != 0 {
		t.Fatalf("merge of round 1: exit %d, %s", r.code, r.stderr)
	}
	if r := merge(sd(1, "0/2"), sd(1, "1/2")); r.code != exitInvalid || !strings.Contains(r.stderr, "merged already") {
		t.Errorf("round 1 merged twice: exit %d, %s", r.code, r.stderr)
	}
	if r := shard(2, "0/1"); r.code != 0 {
		t.Fatalf("round 2: exit %d, %s", r.code, r.stderr)
	}
	if r := merge(sd(2, "0/1"), sd(1, "1/2")); r.code != exitInvalid || !strings.Contains(r.stderr, "rounds 2 and 1") {
		t.Errorf("shards of two rounds: exit %d, %s", r.code, r.stderr)
	}
	// A state folder of another calibration: the seed differs.
	if r := cli(t, "calibrate", "--cases", testCases, "--points", "12", "--rounds", "2", "--draws", "20", "--seed", "5", "--no-progress",
		"--round", "2", "--shard", "0/1", "--state", state, "-o", filepath.Join(dir, "x")); r.code != exitInvalid || !strings.Contains(r.stderr, "another calibration: the seeds") {
		t.Errorf("a shard against another calibration's state: exit %d, %s", r.code, r.stderr)
	}
	if r := merge(other); r.code != exitInvalid || !strings.Contains(r.stderr, "another calibration: the seeds") {
		t.Errorf("a merge into another calibration's state: exit %d, %s", r.code, r.stderr)
	}
}
