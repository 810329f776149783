package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/alliancesim/alliancesim/results"
	"github.com/alliancesim/alliancesim/scenarios"
)

// TestPosteriorOptions checks that --posterior reaches the settings as
// run.posterior on every command that takes it.
func TestPosteriorOptions(t *testing.T) {
	t.Parallel()
	o, _, code := parse(t, NewCmdRun, "run", "--posterior", "bundled")
	if code != 0 {
		t.Fatalf("run: exit %d", code)
	}
	wantFlags(t, o.Flags, map[string]string{"run.posterior": "bundled"})
	c, _, code := parse(t, NewCmdCompare, "compare", "a", "b", "--posterior", "p.yaml")
	if code != 0 {
		t.Fatalf("compare: exit %d", code)
	}
	wantFlags(t, c.Flags, map[string]string{"run.posterior": "p.yaml"})
	r, _, code := parse(t, NewCmdReport, "report", "a", "--posterior", "p.yaml")
	if code != 0 {
		t.Fatalf("report: exit %d", code)
	}
	wantFlags(t, r.Flags, map[string]string{"run.posterior": "p.yaml"})
}

// TestPosteriorSetting checks run.posterior from a config file, the
// environment and the flag (the flag wins), its source, and that a bad
// file is refused before any work.
func TestPosteriorSetting(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	post := writeFile(t, dir, "posterior.yaml", string(scenarios.BundledPosterior()))
	cfg := writeFile(t, dir, "alliancesim.yaml", "run:\n  posterior: "+post+"\n")
	for _, tc := range []struct {
		env  []string
		args []string
		want string
	}{
		{nil, []string{"config", "--config", cfg}, "run.posterior  " + post + "  config " + cfg},
		{[]string{"ALLIANCESIM_RUN_POSTERIOR=bundled"}, []string{"config", "--config", cfg}, "run.posterior  bundled  env ALLIANCESIM_RUN_POSTERIOR"},
		{nil, []string{"config"}, "run.posterior    default"},
	} {
		res := runCLI(t, context.Background(), tc.env, tc.args...)
		if res.code != 0 {
			t.Fatalf("%v: exit %d: %s", tc.args, res.code, res.stderr)
		}
		if got := strings.Join(strings.Fields(line(res.stdout, "run.posterior")), "  "); !strings.HasPrefix(got, strings.Join(strings.Fields(tc.want), "  ")) {
			t.Errorf("%v: %q, want %q", tc.args, got, tc.want)
		}
	}
	bad := writeFile(t, dir, "bad.yaml", "schema: 1\nsample: []\n")
	for _, p := range []string{bad, filepath.Join(dir, "missing.yaml")} {
		res := cli(t, "run", "baseline", "-n", "300", "-o", filepath.Join(dir, "out"), "--posterior", p)
		if res.code != exitInvalid || !strings.Contains(res.stderr, filepath.Base(p)) {
			t.Errorf("--posterior %s: exit %d, %s", p, res.code, res.stderr)
		}
	}
}

func line(s, prefix string) string {
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, prefix) {
			return l
		}
	}
	return ""
}

// TestRunWithPosterior checks a run with --posterior: the table's block,
// summary.json's uncertainty, the manifest's record, the same results for
// any workers and merged from shards; and none of it without.
func TestRunWithPosterior(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	run := func(out string, extra ...string) (result, *results.Summary, map[string]any) {
		res := mustCLI(t, append([]string{"run", "baseline", "-n", "6000", "--no-charts", "-o", filepath.Join(dir, out)}, extra...)...)
		var s results.Summary
		readJSON(t, filepath.Join(dir, out, "summary.json"), &s)
		var m map[string]any
		readJSON(t, filepath.Join(dir, out, "manifest.json"), &m)
		return res, &s, m
	}
	res, s, m := run("plain")
	if s.Uncertainty != nil || m["posterior"] != nil || strings.Contains(res.stdout, "Uncertainty of the headline") {
		t.Errorf("without --posterior: uncertainty %+v, manifest %v", s.Uncertainty, m["posterior"])
	}
	res, s, m = run("post", "--posterior", "bundled", "--workers", "1")
	u := s.Uncertainty
	if u == nil || u.Vectors != 1000 || u.Groups != 2000 || !strings.Contains(res.stdout, "Uncertainty of the headline (posterior of 1,000 weight vectors") {
		t.Fatalf("with --posterior: %+v\n%s", u, res.stdout)
	}
	if sum := float64(u.Weights.Share + u.Inputs.Share + u.Model.Share); sum < 0.999 || sum > 1.001 {
		t.Errorf("shares add up to %v", sum)
	}
	ref, _ := m["posterior"].(map[string]any)
	if ref["file"] != scenarios.PosteriorFile || ref["source"] != "flag --posterior" || len(ref["sha256"].(string)) != 64 || !strings.Contains(m["rerun"].(string), "--posterior bundled") {
		t.Errorf("manifest: %v, rerun %v", ref, m["rerun"])
	}
	_, s4, _ := run("post4", "--posterior", "bundled", "--workers", "4")
	s.Run.Workers, s4.Run.Workers, s.Run.ElapsedS, s4.Run.ElapsedS = 0, 0, 0, 0
	a, _ := json.Marshal(s)
	b, _ := json.Marshal(s4)
	if string(a) != string(b) {
		t.Error("the posterior run differs between 1 and 4 workers")
	}
	var shards []string
	for k := range 2 {
		d := filepath.Join(dir, "shard", string(rune('a'+k)))
		mustCLI(t, "run", "baseline", "-n", "6000", "--posterior", "bundled", "--shard", []string{"0/2", "1/2"}[k], "-o", d)
		shards = append(shards, d)
	}
	mustCLI(t, slices.Concat([]string{"merge"}, shards, []string{"-o", filepath.Join(dir, "merged"), "--no-charts"})...)
	var ms results.Summary
	readJSON(t, filepath.Join(dir, "merged", "summary.json"), &ms)
	if !reflect.DeepEqual(ms.Uncertainty, s4.Uncertainty) || ms.Alliance.ByHorizon != s4.Alliance.ByHorizon {
		t.Errorf("merged shards: %+v, whole run %+v", ms.Uncertainty, s4.Uncertainty)
	}
}

// TestComparePosteriorSplit: with --posterior the comparison table names
// the sample and gives each scenario's spread across the weight vectors
// and across its inputs; without one it has no such columns.
func TestComparePosteriorSplit(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	r := mustCLI(t, "compare", "baseline", "us-hardline", "--posterior", "bundled", "--draws", "6000", "-o", filepath.Join(dir, "p"), "--no-progress")
	for _, want := range []string{"weights from a posterior of 1,000 vectors", "sd: weights", "sd: inputs", "model's own chance"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("no %q in:\n%s", want, r.stdout)
		}
	}
	if row := line(r.stdout, "us-hardline"); !strings.Contains(row, " pp") || strings.Count(row, "pp") < 4 {
		t.Errorf("us-hardline's row lacks the spreads: %q", row)
	}
	r = mustCLI(t, "compare", "baseline", "us-hardline", "--draws", "2000", "-o", filepath.Join(dir, "n"), "--no-progress")
	if strings.Contains(r.stdout, "sd: weights") {
		t.Errorf("a comparison without a posterior shows the split:\n%s", r.stdout)
	}
}
