package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// sameFiles checks that folder got holds the files of want, byte for byte.
func sameFiles(t *testing.T, want, got string) {
	t.Helper()
	sameFolder(t, want, got, func(f, want, got string) { sameBytes(t, f, want, got) })
}

// Merged shards of a sensitivity analysis write what one analysis writes,
// byte for byte, for 1, 2 and 3 shards, with and without a posterior.
func TestMergeSensitivityShards(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		args []string
	}{
		// 16 runs an evaluation, on doctrine-shift: with 4, or on the
		// baseline (a pact under 2%), the same few runs at every point
		// (common random numbers) can all start from particles that never
		// ally, and the output does not vary at the first stage.
		{"prior", slices.Concat([]string{"sensitivity", "doctrine-shift", "--seed", "9", "--format", "svg", "--inputs-only"}, small, []string{"--reps", "16"})},
		{"posterior", slices.Concat([]string{"sensitivity", "doctrine-shift", "--seed", "4", "--format", "svg", "--posterior", "bundled"}, small, []string{"--reps", "16"})},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			whole := filepath.Join(dir, "whole")
			single := cli(t, slices.Concat(tc.args, []string{"-o", whole, "--json"})...)
			if single.code != 0 {
				t.Fatalf("single run: exit %d: %s", single.code, single.stderr)
			}
			for _, n := range []int{1, 2, 3} {
				merged, r := mergedShards(t, filepath.Join(dir, string(rune('0'+n))), n, tc.args, "--format", "svg", "--json")
				sameFiles(t, whole, merged)
				if r.stdout != single.stdout {
					t.Errorf("merge --json of %d shards:\n%s\nsingle run:\n%s", n, r.stdout, single.stdout)
				}
			}
			if r := cli(t, "merge", filepath.Join(dir, "3", "shard-0"), filepath.Join(dir, "3", "shard-2"), "-o", filepath.Join(dir, "bad"), "--no-charts"); r.code != exitInvalid || !strings.Contains(r.stderr, "shard 1/3 missing") {
				t.Errorf("merge with a missing shard: exit %d, %s", r.code, r.stderr)
			}
			// A shard of schema 2 split the points otherwise: its values
			// would be misplaced, so it is refused.
			old := filepath.Join(dir, "2", "shard-1", "shard.json")
			b, err := os.ReadFile(old)
			if err != nil {
				t.Fatal(err)
			}
			writeFile(t, filepath.Dir(old), "shard.json", strings.Replace(string(b), `"schema": 3`, `"schema": 2`, 1))
			if r := cli(t, "merge", filepath.Join(dir, "2", "shard-0"), filepath.Join(dir, "2", "shard-1"), "-o", filepath.Join(dir, "old"), "--no-charts"); r.code != exitInvalid || !strings.Contains(r.stderr, "shard schema 2: this version reads schema 3") {
				t.Errorf("merge with a shard of schema 2: exit %d, %s", r.code, r.stderr)
			}
		})
	}
}

// --posterior changes the analysis and sensitivity.json records it; the
// weights are then drawn from the posterior, not ranked as inputs.
func TestSensitivityPosteriorRecorded(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	plain, post := filepath.Join(dir, "plain"), filepath.Join(dir, "post")
	if r := cli(t, slices.Concat([]string{"sensitivity", "baseline", "--inputs-only", "--format", "svg", "-o", plain}, small, []string{"--reps", "32"})...); r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	r := cli(t, slices.Concat([]string{"sensitivity", "baseline", "--posterior", "bundled", "--format", "svg", "-o", post}, small, []string{"--reps", "32"})...)
	if r.code != 0 {
		t.Fatalf("--posterior: exit %d: %s", r.code, r.stderr)
	}
	a, b := readSensitivity(t, plain), readSensitivity(t, post)
	if a.Posterior != nil || b.Posterior == nil || b.Posterior.Vectors != 1000 || b.Posterior.SHA256 == "" {
		t.Fatalf("posterior recorded: without %+v, with %+v", a.Posterior, b.Posterior)
	}
	if len(a.Inputs) != len(b.Inputs) {
		t.Errorf("with --posterior %d inputs, --inputs-only %d: the weights are not inputs with a posterior", len(b.Inputs), len(a.Inputs))
	}
	for _, in := range b.Inputs {
		if in.Kind == "weight" {
			t.Errorf("with --posterior, the weight %s is an input", in.Name)
		}
	}
	if a.Base == b.Base {
		t.Errorf("--posterior left the base %v unchanged", a.Base)
	}
	if !strings.Contains(r.stdout, "from the posterior") {
		t.Errorf("the table does not say where the weights come from:\n%s", r.stdout)
	}
}
