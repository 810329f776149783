package main

import (
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// sameBacktest checks that folder got holds the files of want: the same
// bytes, but for backtest.json's elapsed time and workers.
func sameBacktest(t *testing.T, want, got string) {
	t.Helper()
	sameFolder(t, want, got, func(f, want, got string) {
		if f == "backtest.json" {
			if a, b := normalized(t, want), normalized(t, got); !reflect.DeepEqual(a, b) {
				t.Errorf("backtest.json differs between the merged shards and the single run")
			}
			return
		}
		sameBytes(t, f, want, got)
	})
}

// Merged shards of a backtest write what one backtest writes, for 1, 2
// and 3 shards (one of them then without a case), with and without a
// posterior.
func TestMergeBacktestShards(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"plain", []string{"backtest", testCases, "--draws", "600", "--seed", "5", "--format", "svg"}},
		{"posterior", []string{"backtest", testCases, "--draws", "600", "--seed", "5", "--format", "svg", "--posterior", "bundled"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			whole := filepath.Join(dir, "whole")
			if r := cli(t, slices.Concat(tc.args, []string{"-o", whole})...); r.code != 0 {
				t.Fatalf("single run: exit %d: %s", r.code, r.stderr)
			}
			for _, n := range []int{1, 2, 3} {
				merged, _ := mergedShards(t, filepath.Join(dir, string(rune('0'+n))), n, tc.args, "--format", "svg")
				sameBacktest(t, whole, merged)
			}
			if r := cli(t, "merge", filepath.Join(dir, "2", "shard-1"), "-o", filepath.Join(dir, "bad"), "--no-charts"); r.code != exitInvalid || !strings.Contains(r.stderr, "shard 0/2 missing") {
				t.Errorf("merge with a missing shard: exit %d, %s", r.code, r.stderr)
			}
		})
	}
}

// --posterior changes the model's forecasts, and backtest.json records
// the sample and reruns with it.
func TestBacktestPosterior(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	read := func(args ...string) map[string]any {
		out := filepath.Join(dir, strings.Join(args, ""))
		if r := cli(t, slices.Concat([]string{"backtest", testCases, "--draws", "2000", "-o", out, "--format", "svg"}, args)...); r.code != 0 {
			t.Fatalf("%v: exit %d: %s", args, r.code, r.stderr)
		}
		var m map[string]any
		readJSON(t, filepath.Join(out, "backtest.json"), &m)
		return m
	}
	plain, post := read(), read("--posterior", "bundled")
	ref, _ := post["posterior"].(map[string]any)
	if plain["posterior"] != nil || ref == nil || ref["vectors"] != 1000.0 || ref["sha256"] == "" {
		t.Fatalf("posterior recorded: without %v, with %v", plain["posterior"], post["posterior"])
	}
	if rerun := post["run"].(map[string]any)["rerun"].(string); !strings.Contains(rerun, "--posterior bundled") {
		t.Errorf("rerun %q", rerun)
	}
	if reflect.DeepEqual(plain["cases"], post["cases"]) {
		t.Error("--posterior left the cases' forecasts unchanged")
	}
}

// A merge refuses a sensitivity shard with a backtest shard, or with a
// run's, naming the commands.
func TestMergeRefusesStudyMix(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	sens := shards(t, filepath.Join(dir, "sensitivity"), 2, slices.Concat([]string{"sensitivity", "baseline", "--inputs-only", "--format", "svg"}, small)...)
	bt := shards(t, filepath.Join(dir, "backtest"), 2, "backtest", testCases, "--draws", "300", "--format", "svg")
	run := shards(t, filepath.Join(dir, "run"), 2, "run", "baseline", "-n", "1000")
	for _, mix := range [][]string{{sens[0], bt[1]}, {bt[0], sens[1]}, {run[0], sens[1]}, {bt[0], run[1]}} {
		r := cli(t, slices.Concat([]string{"merge"}, mix, []string{"-o", filepath.Join(dir, "merged"), "--no-charts"})...)
		if r.code != exitInvalid || !strings.Contains(r.stderr, "the commands") {
			t.Errorf("merge %v: exit %d, stderr %q", mix, r.code, r.stderr)
		}
	}
}
