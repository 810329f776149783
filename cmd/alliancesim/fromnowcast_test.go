package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunFromNowcast runs the baseline, started a year earlier (2026), from
// the bundled record's nowcast state at the end of 2025; the 2027
// baseline and a file that is not a state are refused (exit 3).
func TestRunFromNowcast(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	nc := filepath.Join(dir, "nc")
	mustCLI(t, "nowcast", "--particles", "2000", "-o", nc, "--no-progress")
	var st struct {
		Schema    int       `json:"schema"`
		Kind      string    `json:"kind"`
		Year      int       `json:"year"`
		Scenario  string    `json:"scenario"`
		Particles int       `json:"particles"`
		Rung      []int     `json:"rung"`
		Weight    []float64 `json:"weight"`
	}
	b, err := os.ReadFile(filepath.Join(nc, "state.json"))
	if err != nil || json.Unmarshal(b, &st) != nil || st.Schema != 1 || st.Year != 2025 || st.Scenario != "hindcast-1992" || st.Particles != 2000 || len(st.Rung) != 2000 {
		t.Fatalf("state.json: %v, %+v", err, st)
	}
	sc := filepath.Join("testdata", "baseline-2026.yaml")
	out := filepath.Join(dir, "run")
	r := mustCLI(t, "run", sc, "--from-nowcast", nc, "--draws", "4000", "-o", out, "--no-charts", "--no-progress")
	m, err := os.ReadFile(filepath.Join(out, "manifest.json"))
	if err != nil || !strings.Contains(string(m), "--from-nowcast "+nc) {
		t.Errorf("manifest's rerun lacks --from-nowcast: %v", err)
	}
	// Deterministic: the same seed gives the same summary.
	out2 := filepath.Join(dir, "run2")
	mustCLI(t, "run", sc, "--from-nowcast", filepath.Join(nc, "state.json"), "--draws", "4000", "--workers", "3", "-o", out2, "--no-charts", "--no-progress")
	if a, b := probs(t, out), probs(t, out2); a != b {
		t.Errorf("the same run from the state differs:\n%s\n%s", a, b)
	}
	// A state of 2025 cannot start the 2027 baseline.
	r = cli(t, "run", "baseline", "--from-nowcast", nc, "--draws", "100", "-o", filepath.Join(dir, "x"), "--no-progress")
	if r.code != exitInvalid || !strings.Contains(r.stderr, "starts in 2027") || !strings.Contains(r.stderr, "end of 2025") {
		t.Errorf("baseline from a 2025 state: exit %d, %s", r.code, r.stderr)
	}
	// nowcast.json is not a state file.
	r = cli(t, "run", sc, "--from-nowcast", filepath.Join(nc, "nowcast.json"), "--draws", "100", "-o", filepath.Join(dir, "y"), "--no-progress")
	if r.code != exitInvalid || !strings.Contains(r.stderr, "not a nowcast state file") {
		t.Errorf("nowcast.json as a state: exit %d, %s", r.code, r.stderr)
	}
}

// probs is a run's summary.json without its run metadata.
func probs(t *testing.T, dir string) string {
	t.Helper()
	var m map[string]any
	readJSON(t, filepath.Join(dir, "summary.json"), &m)
	delete(m, "run")
	out, _ := json.Marshal(m)
	return string(out)
}
