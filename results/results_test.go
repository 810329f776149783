package results

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/alliancesim/alliancesim/design"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/sim"
)

func sample() *sim.Result {
	r := &sim.Result{
		Scenario: "demo", Actors: [2]string{"Russia", "China"}, ActorIDs: [2]string{"russia", "china"}, Rival: "United States",
		StartYear: 2027, HorizonYears: 2, Years: []int{2027, 2028},
		Draws: 1000, Seed: 7, Sampler: design.MonteCarlo, Workers: 2, Stopped: sim.StopDraws,
		StateNames: []string{"A", "B"}, StateKeys: []string{"a", "b"},
		StateProb: [][]float64{{0.25, 0.75}, {0.5, 0.5}},
		Onset:     []int64{10, 20}, NoOnset: 970,
		Alliance: []sim.Proportion{sim.Wilson(10, 1000), sim.Wilson(30, 1000)},
		Blocking: sim.Blocking{Occasions: 40, OnlyFirst: 10, OnlySecond: 20, Both: 10, ByYear: [][3]int64{{4, 8, 3}, {6, 12, 7}}, RunsBlocked: 33},
		Events:   []sim.EventStat{{Name: "crisis", Occurred: sim.Wilson(300, 1000), AllianceIf: sim.Wilson(15, 300), AllianceIfNot: sim.Wilson(15, 700)}},
		Latent:   []sim.LatentQuantiles{{Year: 2027, P05: -1, P25: 0, P50: 0.5, P75: 1, P95: 2}, {Year: 2028, P05: -1, P25: 0, P50: 0.5, P75: 1, P95: 2}},
	}
	r.ByHorizon = r.Alliance[1]
	return r
}

// summary.json round-trips: the charts re-rendered from a saved result see
// the same numbers as the run that made it.
func TestSummaryRoundTrip(t *testing.T) {
	t.Parallel()
	s := FromResult(sample(), ScenarioRef{Name: "demo", File: "demo.yaml", SHA256: "abc"}, "test")
	b, err := s.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	var back Summary
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(*s, back) {
		t.Errorf("round trip changed the summary:\n%+v\n%+v", *s, back)
	}
	r, err := back.Result()
	if err != nil {
		t.Fatal(err)
	}
	want := sample()
	if r.Blocking.OnlySecond != want.Blocking.OnlySecond || r.Alliance[1].Hi != Round(want.Alliance[1].Hi) || r.Onset[1] != 20 || r.Events[0].AllianceIf.N != 300 {
		t.Errorf("rebuilt result differs: %+v", r)
	}
	// The blocking object is flat: one share per actor id, then both.
	var raw map[string]map[string]any
	json.Unmarshal(b, &raw)
	bl := raw["blocking"]
	if bl["russia"] != 0.25 || bl["china"] != 0.5 || bl["both"] != 0.25 {
		t.Errorf("blocking = %v", bl)
	}
}

// Achieved correlations appear in summary.json only when the scenario
// asks for some, as [{a, b, target, achieved}], and survive the round trip.
func TestSummaryCorrelations(t *testing.T) {
	t.Parallel()
	b, err := FromResult(sample(), ScenarioRef{}, "test").Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "correlations") {
		t.Error("summary.json has correlations for a scenario without any")
	}
	r := sample()
	r.Correlations = []sim.AchievedCorrelation{{A: "russia.threat", B: "russia.pressure", Target: 0.6, Achieved: 0.59871234, N: 1000}}
	s := FromResult(r, ScenarioRef{}, "test")
	b, err = s.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	var raw struct {
		Correlations []map[string]any `json:"correlations"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	want := []map[string]any{{"a": "russia.threat", "b": "russia.pressure", "target": 0.6, "achieved": 0.598712}}
	if !reflect.DeepEqual(raw.Correlations, want) {
		t.Errorf("correlations = %v, want %v", raw.Correlations, want)
	}
	back, err := s.Result()
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Correlations) != 1 || back.Correlations[0].Achieved != 0.598712 || back.Correlations[0].N != 1000 {
		t.Errorf("rebuilt correlations %+v", back.Correlations)
	}
}

func TestByYearCSV(t *testing.T) {
	t.Parallel()
	b, err := ByYearCSV(FromResult(sample(), ScenarioRef{}, "test"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if lines[0] != "year,quantity,value,lo,hi" {
		t.Errorf("header %q", lines[0])
	}
	// Per year: p_alliance, two states, onset_share, three blocked rows, five latent rows.
	if got, want := len(lines)-1, 2*(1+2+1+3+5); got != want {
		t.Errorf("%d rows, want %d", got, want)
	}
	if !strings.HasPrefix(lines[1], "2027,p_alliance,0.01,") || lines[5] != "2027,blocked_russia,4,," {
		t.Errorf("rows:\n%s", strings.Join(lines[:8], "\n"))
	}
}

func TestWriteFileAtomic(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	p := filepath.Join(dir, "x.json")
	if err := WriteFile(p, []byte("one")); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(p, []byte("two")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(p); string(b) != "two" {
		t.Errorf("content %q", b)
	}
	if err := WriteFile(filepath.Join(dir, "missing", "x.json"), []byte("x")); err == nil {
		t.Error("no error writing into a missing directory")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}
}

func TestStage(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "out")
	st, err := NewStage(out)
	if err != nil {
		t.Fatal(err)
	}
	st.Write("a.txt", []byte("a"))
	if _, err := os.Stat(filepath.Join(out, "a.txt")); err == nil {
		t.Error("a staged file is visible before Commit")
	}
	paths, err := st.Commit()
	if err != nil || len(paths) != 1 {
		t.Fatalf("commit: %v %v", paths, err)
	}
	entries, _ := os.ReadDir(out)
	if len(entries) != 2 || entries[0].Name() != MarkerName || entries[1].Name() != "a.txt" {
		t.Errorf("after commit: %v", entries)
	}
	st, _ = NewStage(out)
	st.Write("b.txt", []byte("b"))
	st.Abort()
	entries, _ = os.ReadDir(out)
	if len(entries) != 2 {
		t.Errorf("after abort: %v", entries)
	}
}

// An estimate from zero runs is written as null, never as 0, and reads
// back as NaN; so are blocking shares when nobody ever refused.
func TestUndefinedIsNull(t *testing.T) {
	t.Parallel()
	r := sample()
	r.Events[0] = sim.EventStat{Name: "never", Occurred: sim.Wilson(0, 1000), AllianceIf: sim.Wilson(0, 0), AllianceIfNot: sim.Wilson(30, 1000)}
	r.Blocking = sim.Blocking{ByYear: [][3]int64{{}, {}}}
	b, err := FromResult(r, ScenarioRef{}, "test").Marshal()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"p_alliance_if": {
        "p": null,`, `"both": null`, `"russia": null`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("summary lacks %s", want)
		}
	}
	var s Summary
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	if !math.IsNaN(float64(s.Events[0].PAllianceIf.P)) {
		t.Errorf("null read back as %v", s.Events[0].PAllianceIf.P)
	}
}

// explain.json has snake_case keys and states as text, and reads back
// into the central run it was written from.
func TestExplanationRoundTrip(t *testing.T) {
	t.Parallel()
	parts := []model.Contribution{{Key: "treaty", Label: "Treaty architecture", Value: 0.25}}
	ex := &model.Explanation{Scenario: "demo", Actors: [2]string{"Russia", "China"}, Years: []model.YearExplanation{{
		Year: 2027, State: model.Entente, Latent: 0.25, LatentParts: parts,
		Utility: [2]float64{0.25, -0.5}, UtilityParts: [2][]model.Contribution{parts, parts},
		Hurdle: 1, ConsentThreshold: 0.1, OnTable: true, Consent: [2]bool{true, false},
	}}}
	b, err := FromExplanation(ex).Marshal()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"schema": 1`, `"state": "entente"`, `"latent_parts": [`, `"consent_threshold": 0.1`, `"on_table": true`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("explain.json lacks %s:\n%s", want, b)
		}
	}
	var e Explanation
	if err := json.Unmarshal(b, &e); err != nil {
		t.Fatal(err)
	}
	back, err := e.Explanation()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(ex, back) {
		t.Errorf("round trip changed the explanation:\n%+v\n%+v", ex, back)
	}
	e.Schema = 0
	if _, err := e.Explanation(); err == nil {
		t.Error("read an explain.json without a schema")
	}
}
