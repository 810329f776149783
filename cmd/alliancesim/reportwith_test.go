package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReportWith checks that report --with discover includes a saved
// discovery (its signposts and chart) and names a missing analysis, with
// the command to run, before simulating.
func TestReportWith(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	set := "run.out=" + out
	mustCLI(t, "discover", "baseline", "--draws", "3000", "--set", set, "--no-progress")
	r := mustCLI(t, "report", "baseline", "--draws", "2000", "--format", "png,svg", "--with", "discover", "--set", set, "--no-progress")
	md, err := os.ReadFile(filepath.Join(out, "report-baseline", "report.md"))
	if err != nil || !strings.Contains(string(md), "## Signposts") || !strings.Contains(string(md), "baseline/discover/prim-tradeoff.png") {
		t.Errorf("the report lacks the discovery (%v)", err)
	}
	r = cli(t, "report", "baseline", "--with", "sensitivity", "--set", set, "--no-progress")
	if r.code != exitInvalid || !strings.Contains(r.stderr, "run `alliancesim sensitivity baseline` first") {
		t.Errorf("missing sensitivity: exit %d, %s", r.code, r.stderr)
	}
	if r := cli(t, "report", "baseline", "--with", "sweep"); r.code != exitUsage {
		t.Errorf("--with sweep: exit %d", r.code)
	}
}
