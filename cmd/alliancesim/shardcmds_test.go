package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// normalized reads a JSON results file without what a merge may change:
// the elapsed time and workers, and in a manifest when and by which
// command it was written, the machine's CPUs and the settings that do not
// change the counts (the shards' output folder and chart formats).
func normalized(t *testing.T, path string) any {
	t.Helper()
	var v any
	readJSON(t, path, &v)
	var drop func(any)
	drop = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for _, k := range []string{"elapsed_s", "workers", "created_at", "command", "cpus"} {
				delete(x, k)
			}
			if x["key"] == "run.out" || x["key"] == "run.formats" {
				delete(x, "value")
				delete(x, "source")
			}
			for _, e := range x {
				drop(e)
			}
		case []any:
			for _, e := range x {
				drop(e)
			}
		}
	}
	drop(v)
	return v
}

// readJSON reads the JSON file path into v.
func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// sameFolder checks that folder got holds the files of want, and compares
// each with check, given its name and its paths in want and in got.
func sameFolder(t *testing.T, want, got string, check func(f, want, got string)) {
	t.Helper()
	wf, gf := listDir(t, want), listDir(t, got)
	if !slices.Equal(wf, gf) {
		t.Fatalf("merged files %v, single run %v", gf, wf)
	}
	for _, f := range wf {
		check(f, filepath.Join(want, f), filepath.Join(got, f))
	}
}

// sameBytes checks that the files want and got, both named f, hold the
// same bytes.
func sameBytes(t *testing.T, f, want, got string) {
	t.Helper()
	a, _ := os.ReadFile(want)
	b, _ := os.ReadFile(got)
	if string(a) != string(b) {
		t.Errorf("%s differs between the merged shards and the single run", f)
	}
}

// sameOutputs checks that folder got holds the files of want, with the
// same contents but for the merge's own fields.
func sameOutputs(t *testing.T, want, got string) {
	t.Helper()
	sameFolder(t, want, got, func(f, want, got string) {
		switch filepath.Ext(f) {
		case ".json":
			a, b := normalized(t, want), normalized(t, got)
			if !reflect.DeepEqual(a, b) {
				ja, _ := json.Marshal(a)
				jb, _ := json.Marshal(b)
				t.Errorf("%s differs between the merged shards and the single run:\n%s\n%s", f, jb, ja)
			}
		case ".csv":
			sameBytes(t, f, want, got)
		}
	})
}

// shards runs args with --shard k/n for every k into dir/shard-k and
// returns the folders.
func shards(t *testing.T, dir string, n int, args ...string) []string {
	t.Helper()
	var dirs []string
	for k := range n {
		d := filepath.Join(dir, fmt.Sprintf("shard-%d", k))
		mustCLI(t, slices.Concat(args, []string{"--shard", fmt.Sprintf("%d/%d", k, n), "-o", d})...)
		dirs = append(dirs, d)
	}
	return dirs
}

// mergedShards runs args as n shards into sub/shard-k and merges them into
// sub/merged with the further flags of merge; it returns the merged
// folder and what merge printed.
func mergedShards(t *testing.T, sub string, n int, args []string, flags ...string) (string, result) {
	t.Helper()
	ds := shards(t, sub, n, args...)
	merged := filepath.Join(sub, "merged")
	return merged, mustCLI(t, slices.Concat([]string{"merge"}, ds, []string{"-o", merged}, flags)...)
}

// Merged shards of compare and of sweep write what one compare or sweep
// writes, for any number of slices.
func TestMergeCompareAndSweepShards(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"compare", []string{"compare", "baseline", "us-hardline", "wedge-russia", "-n", "3000", "--seed", "11", "--format", "svg"}},
		{"sweep", []string{"sweep", "baseline", "--vary", "china.pressure=0.3:0.9:4", "-n", "2000", "--seed", "3", "--format", "svg"}},
		{"sweep2d", []string{"sweep", "baseline", "--vary", "china.pressure=0.3:0.9:3", "--vary", "weights.junior_partner=0.5:1.5:3", "-n", "1500", "--level", "0.3", "--format", "svg"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			whole := filepath.Join(dir, "whole")
			single := mustCLI(t, slices.Concat(tc.args, []string{"-o", whole, "--json"})...)
			for _, n := range []int{2, 3} {
				merged, r := mergedShards(t, filepath.Join(dir, fmt.Sprint(n)), n, tc.args, "--format", "svg", "--json")
				sameOutputs(t, whole, merged)
				if tc.name != "compare" && r.stdout != single.stdout {
					t.Errorf("merge --json of %d shards:\n%s\nsingle run:\n%s", n, r.stdout, single.stdout)
				}
			}
		})
	}
}

// A merge refuses shards of different commands.
func TestMergeRefusesMixedCommands(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cmp := shards(t, filepath.Join(dir, "compare"), 2, "compare", "baseline", "us-hardline", "-n", "1000")
	swp := shards(t, filepath.Join(dir, "sweep"), 2, "sweep", "baseline", "--vary", "china.pressure=0.3:0.9:3", "-n", "1000")
	run := shards(t, filepath.Join(dir, "run"), 2, "run", "baseline", "-n", "1000")
	for _, mix := range [][]string{{cmp[0], swp[1]}, {swp[0], cmp[1]}, {run[0], cmp[1]}, {swp[0], run[1]}} {
		r := cli(t, slices.Concat([]string{"merge"}, mix, []string{"-o", filepath.Join(dir, "merged"), "--no-charts"})...)
		if r.code == 0 || !strings.Contains(r.stderr, "the commands") {
			t.Errorf("merge %v: exit %d, stderr %q", mix, r.code, r.stderr)
		}
	}
	if r := cli(t, slices.Concat([]string{"merge"}, swp, []string{"-o", filepath.Join(dir, "merged"), "--no-charts"})...); r.code != 0 {
		t.Errorf("merge of a sweep's shards: exit %d: %s", r.code, r.stderr)
	}
}
