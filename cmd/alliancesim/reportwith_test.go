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
	if r := cli(t, "report", "baseline", "--with", "tornado"); r.code != exitUsage || !strings.Contains(r.stderr, "sensitivity, discover, sweep, nowcast") {
		t.Errorf("--with tornado: exit %d, %s", r.code, r.stderr)
	}
}

// TestReportWithSweepNowcast checks that report --with sweep,nowcast
// includes every saved sweep of the scenario and the saved nowcast (their
// sentences, charts and tables), and that a missing one is named with its
// folder and the command to run, before simulating.
func TestReportWithSweepNowcast(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	set := "run.out=" + out
	r := cli(t, "report", "baseline", "--with", "sweep", "--set", set, "--no-progress")
	if want := "run `alliancesim sweep baseline --vary KEY=FROM:TO:STEPS` first"; r.code != exitInvalid || !strings.Contains(r.stderr, want) || !strings.Contains(r.stderr, filepath.Join(out, "baseline")) {
		t.Errorf("missing sweep: exit %d, %s", r.code, r.stderr)
	}
	r = cli(t, "report", "baseline", "--with", "nowcast", "--set", set, "--no-progress")
	ncDir := filepath.Join(out, "nowcast-china-russia")
	if want := "run `alliancesim nowcast -o " + ncDir + "` first"; r.code != exitInvalid || !strings.Contains(r.stderr, "no nowcast.json in "+ncDir) || !strings.Contains(r.stderr, want) {
		t.Errorf("missing nowcast: exit %d, %s", r.code, r.stderr)
	}
	other := filepath.Join(out, "elsewhere")
	if r := cli(t, "report", "baseline", "--nowcast", other, "--set", set, "--no-progress"); r.code != exitInvalid || !strings.Contains(r.stderr, "no nowcast.json in "+other) {
		t.Errorf("--nowcast to an empty folder: exit %d, %s", r.code, r.stderr)
	}

	mustCLI(t, "sweep", "baseline", "--vary", "weights.doctrine=1:3:3", "--draws", "500", "--set", set, "--no-progress")
	mustCLI(t, "sweep", "baseline", "--vary", "china.pressure=0.3:0.9:2", "--vary", "weights.junior_partner=0.4:1.6:2", "--draws", "300", "--set", set, "--no-progress")
	mustCLI(t, "nowcast", "--particles", "500", "-o", ncDir, "--no-progress")
	mustCLI(t, "report", "baseline", "--draws", "1000", "--format", "png,svg", "--with", "sweep,nowcast", "--set", set, "--no-progress")
	dir := filepath.Join(out, "report-baseline")
	md, err := os.ReadFile(filepath.Join(dir, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{
		"## How the answer moves with a value", "raising the doctrine weight (`weights.doctrine`) from 1 to 3",
		"over the grid of", "baseline/sweep-weights.doctrine/sweep.png", "baseline/sweep-china.pressure-weights.junior_partner/sweep.png",
		"## Where the relationship stands on the record", "Read off the observed record of", "**How far to trust it:**", "**What to watch in",
		"Sweeps in detail", "The nowcast in detail", "nowcast/nowcast.png", "Mutual information (bits)", "`statement_code`",
	} {
		if !strings.Contains(string(md), w) {
			t.Errorf("report.md lacks %q", w)
		}
	}
	if !strings.Contains(string(page), "Where the relationship stands on the record") || !strings.Contains(string(page), "Sweeps in detail") {
		t.Error("index.html lacks the sweeps or the nowcast")
	}
	for _, f := range []string{"baseline/sweep-weights.doctrine/sweep.png", "nowcast/nowcast.png"} {
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(f))); err != nil {
			t.Errorf("the report's folder lacks %s: %v", f, err)
		}
	}
	// A broken sweep file is named.
	if err := os.WriteFile(filepath.Join(out, "baseline", "sweep-weights.doctrine", "sweep.csv"), []byte("x,y\n1,2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r = cli(t, "report", "baseline", "--with", "sweep", "--set", set, "--no-progress")
	if r.code != exitInvalid || !strings.Contains(r.stderr, filepath.Join("sweep-weights.doctrine", "sweep.csv")) || !strings.Contains(r.stderr, "not a sweep file") {
		t.Errorf("broken sweep: exit %d, %s", r.code, r.stderr)
	}
}
