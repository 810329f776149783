package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/alliancesim/alliancesim/results"
)

// testCases is a tiny case library: a pact, and no pact in a case without
// structural covariates.
const testCases = "testdata/backtest"

func TestBacktestWritesResults(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	r := cli(t, "backtest", testCases, "--draws", "500", "-o", out, "--format", "png,svg")
	if r.code != 0 {
		t.Fatalf("exit %d\nstderr: %s", r.code, r.stderr)
	}
	want := []string{results.MarkerName, "backtest-cases.png", "backtest-cases.svg", "backtest-reliability.png", "backtest-reliability.svg", "backtest.csv", "backtest.json"}
	if got := listDir(t, out); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("files %v, want %v", got, want)
	}
	for _, s := range []string{"alpha-1950", "gamma-1970", "– (no covariates)", "Scores", "Calibration", "The model's Brier score", "clipped to", "wrote "} {
		if !strings.Contains(r.stdout, s) {
			t.Errorf("stdout lacks %q:\n%s", s, r.stdout)
		}
	}
	if r.stderr != "warning: with 500 draws the Monte Carlo error is up to ±4.4 pp; use at least 10,000 for a headline\n" {
		t.Errorf("stderr holds more than the warning about few draws when it is not a terminal: %q", r.stderr)
	}
	b, err := os.ReadFile(filepath.Join(out, "backtest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Library string `json:"library"`
		Run     struct {
			Draws         int64  `json:"draws"`
			Seed          uint64 `json:"seed"`
			Version       string `json:"version"`
			WeightsSource string `json:"weights_source"`
			Rerun         string `json:"rerun"`
		} `json:"run"`
		Cases []struct {
			Name    string   `json:"name"`
			Pact    bool     `json:"pact"`
			PModel  float64  `json:"p_model"`
			PLogit  *float64 `json:"p_logit"`
			PBase   float64  `json:"p_base_rate"`
			Year    int      `json:"year"`
			Atop    *int     `json:"atop"`
			StartYr int      `json:"start_year"`
		} `json:"cases"`
		Scores     map[string]map[string]any `json:"scores"`
		Comparison []map[string]any          `json:"comparison"`
		Verdict    string                    `json:"verdict"`
	}
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	if f.Library != testCases || f.Run.Draws != 500 || f.Run.Seed != 1 || f.Run.Version != version || f.Run.WeightsSource != "built-in defaults" ||
		f.Run.Rerun != "alliancesim backtest testdata/backtest --draws 500 --seed 1 --sampler mc" {
		t.Errorf("run %+v, library %q", f.Run, f.Library)
	}
	if len(f.Cases) != 2 || f.Cases[0].Name != "alpha-1950" || !f.Cases[0].Pact || f.Cases[0].PLogit == nil || f.Cases[1].PLogit != nil ||
		f.Cases[0].Atop == nil || *f.Cases[0].Atop != 3250 || f.Cases[1].Year != 1975 {
		t.Errorf("cases %+v", f.Cases)
	}
	for _, k := range []string{"model", "base_rate", "logit"} {
		if _, ok := f.Scores[k]["brier"]; !ok {
			t.Errorf("scores.%s has no brier: %v", k, f.Scores[k])
		}
	}
	if len(f.Comparison) != 2 || f.Comparison[1]["cases"] != 1.0 || f.Verdict == "" {
		t.Errorf("comparison %v, verdict %q", f.Comparison, f.Verdict)
	}
	csv, _ := os.ReadFile(filepath.Join(out, "backtest.csv"))
	if n := strings.Count(string(csv), "\n"); n != 3 {
		t.Errorf("backtest.csv has %d lines:\n%s", n, csv)
	}
}

// --json prints backtest.json and nothing else; the results do not
// depend on the number of workers.
func TestBacktestJSONAnyWorkers(t *testing.T) {
	t.Parallel()
	sameForAnyWorkers(t, []string{"1", "3"}, func(w string) []byte {
		out := t.TempDir()
		r := cli(t, "backtest", testCases, "--draws", "1500", "--seed", "3", "--workers", w, "-o", out, "--json")
		if r.code != 0 {
			t.Fatalf("exit %d: %s", r.code, r.stderr)
		}
		file, _ := os.ReadFile(filepath.Join(out, "backtest.json"))
		if r.stdout != string(file) || !json.Valid([]byte(r.stdout)) {
			t.Errorf("--json printed something other than backtest.json:\n%s", r.stdout)
		}
		return []byte(r.stdout)
	})
}

// The bundled library runs without an argument, to <run.out>/backtest.
func TestBacktestBundled(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	r := cli(t, "backtest", "--draws", "200", "--out", out, "--json")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var f struct {
		Library string `json:"library"`
		Cases   []struct {
			File string `json:"file"`
		} `json:"cases"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &f); err != nil {
		t.Fatal(err)
	}
	if f.Library != "bundled:history" || len(f.Cases) == 0 || !strings.HasPrefix(f.Cases[0].File, "bundled:history/") {
		t.Errorf("library %q, cases %+v", f.Library, f.Cases)
	}
}

func TestBacktestErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	noOutcome := filepath.Join(dir, "nooutcome")
	os.Mkdir(noOutcome, 0o755)
	src, err := os.ReadFile(filepath.Join(testCases, "gamma-1970.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, noOutcome, "gamma-1970.yaml", regexp.MustCompile(`(?m)^outcome:.*$`).ReplaceAllString(string(src), ""))
	empty := filepath.Join(dir, "empty")
	os.Mkdir(empty, 0o755)
	writeFile(t, empty, "notes.txt", "not a case")
	file := writeFile(t, dir, "file.yaml", string(src))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, tc := range []struct {
		name    string
		ctx     context.Context
		args    []string
		code    int
		message string
	}{
		{"no outcome", nil, []string{"backtest", noOutcome, "-o", dir}, exitInvalid, "gamma-1970.yaml: no outcome"},
		{"empty folder", nil, []string{"backtest", empty, "-o", dir}, exitInvalid, "no case files"},
		{"missing folder", nil, []string{"backtest", filepath.Join(dir, "nope"), "-o", dir}, exitInvalid, "nope"},
		{"a file", nil, []string{"backtest", file, "-o", dir}, exitInvalid, "is not a folder"},
		{"interrupted", ctx, []string{"backtest", testCases, "--draws", "2000000", "-o", filepath.Join(dir, "int")}, exitInterrupted, "interrupted"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := tc.ctx
			if c == nil {
				c = context.Background()
			}
			r := runCLI(t, c, nil, tc.args...)
			if r.code != tc.code {
				t.Errorf("exit %d, want %d\nstderr: %s", r.code, tc.code, r.stderr)
			}
			if !strings.Contains(r.stderr, tc.message) {
				t.Errorf("stderr does not mention %q:\n%s", tc.message, r.stderr)
			}
		})
	}
	if files := listDir(t, filepath.Join(dir, "int")); len(files) != 0 {
		t.Errorf("an interrupted backtest left files: %v", files)
	}
}
