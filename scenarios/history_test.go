package scenarios_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/alliancesim/alliancesim/scenarios"
)

// The bundled case library loads, every case with an outcome, named
// bundled:history/<name> and sorted by name.
func TestHistory(t *testing.T) {
	t.Parallel()
	cases, err := scenarios.History()
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) == 0 {
		t.Fatal("no bundled cases")
	}
	var names []string
	for _, l := range cases {
		names = append(names, l.Scenario.Name)
		if l.Scenario.Outcome == nil {
			t.Errorf("%s has no outcome", l.File)
		}
		if l.File != "bundled:history/"+l.Scenario.Name {
			t.Errorf("%s is named %q in its file", l.File, l.Scenario.Name)
		}
		if l.SHA256 == "" || len(l.Source) == 0 {
			t.Errorf("%s: no source or digest", l.File)
		}
	}
	if !sort.StringsAreSorted(names) {
		t.Errorf("not sorted: %v", names)
	}
	// The case library is not among the scenarios that run and list show.
	for _, in := range scenarios.List() {
		if strings.HasPrefix(in.Name, "history") {
			t.Errorf("List shows %s", in.Name)
		}
	}
}

// caseFile is a small valid case with the given outcome line.
func caseFile(name, outcome string) string {
	return `name: ` + name + `
description: "A test case."
start_year: 1990
horizon_years: 5
initial_state: normalization
rival: {id: us, name: United States}
actors:
  - {id: a, name: A, drivers: {capability: 0.1}}
  - {id: b, name: B, drivers: {capability: 0.2}}
` + outcome + "\n"
}

func TestLoadCases(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(d, name, content string) string {
		os.MkdirAll(d, 0o755)
		p := filepath.Join(d, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := filepath.Join(dir, "good")
	write(good, "zeta.yaml", caseFile("zeta", "outcome: {no_pact_through: 1994}"))
	write(good, "alpha.yaml", caseFile("alpha", "outcome: {pact_by: 1991, atop: 3999}"))
	write(good, "notes.md", "not a case")
	write(filepath.Join(good, "sub"), "ignored.yaml", "not: [valid")
	cases, err := scenarios.LoadCases(good)
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != 2 || cases[0].Scenario.Name != "alpha" || cases[1].File != filepath.Join(good, "zeta.yaml") ||
		cases[0].Scenario.Outcome.Atop != 3999 || !cases[0].Scenario.Outcome.Pact() || cases[1].Scenario.Outcome.Year() != 1994 {
		t.Errorf("cases %+v", cases)
	}

	noOutcome := filepath.Join(dir, "nooutcome")
	write(noOutcome, "a.yaml", caseFile("a", "outcome: {pact_by: 1991}"))
	bad := write(noOutcome, "b.yaml", caseFile("b", ""))
	var se *scenarios.Error
	if _, err := scenarios.LoadCases(noOutcome); !errors.As(err, &se) || se.File != bad || !strings.Contains(err.Error(), "no outcome") {
		t.Errorf("a case without an outcome: %v", err)
	}
	dup := filepath.Join(dir, "dup")
	write(dup, "a.yaml", caseFile("same", "outcome: {pact_by: 1991}"))
	write(dup, "b.yaml", caseFile("same", "outcome: {pact_by: 1992}"))
	if _, err := scenarios.LoadCases(dup); !errors.As(err, &se) || !strings.Contains(err.Error(), "distinct name") {
		t.Errorf("two cases of one name: %v", err)
	}
	invalid := filepath.Join(dir, "invalid")
	write(invalid, "a.yaml", caseFile("a", "outcome: {pact_by: 2050}"))
	var sl scenarios.ErrorList
	if _, err := scenarios.LoadCases(invalid); !errors.As(err, &sl) {
		t.Errorf("an outcome outside the simulated years: %v", err)
	}
	empty := filepath.Join(dir, "empty")
	os.Mkdir(empty, 0o755)
	if _, err := scenarios.LoadCases(empty); !errors.As(err, &se) || !strings.Contains(err.Error(), "no case files") {
		t.Errorf("an empty folder: %v", err)
	}
	if _, err := scenarios.LoadCases(filepath.Join(dir, "missing")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a missing folder: %v", err)
	}
	if _, err := scenarios.LoadCases(bad); !errors.As(err, &se) || !strings.Contains(err.Error(), "not a folder") {
		t.Errorf("a file: %v", err)
	}
}

// The library covers what a backtest needs (the case-library issue): at
// least 24 episodes, at least 8 non-onsets and at least 8 asymmetric onsets
// (a capability ratio of 2 or more at the start), cases before and after
// 1945, and every case with its structural covariates and sources.
func TestHistoryComposition(t *testing.T) {
	t.Parallel()
	cases, err := scenarios.History()
	if err != nil {
		t.Fatal(err)
	}
	var nonOnsets, asymOnsets, before, after int
	for _, l := range cases {
		sc := l.Scenario
		if sc.Structural == nil || len(sc.Sources) == 0 {
			t.Errorf("%s: no structural covariates or no sources", sc.Name)
		}
		if sc.StartYear < 1946 {
			before++
		} else {
			after++
		}
		if !sc.Outcome.Pact() {
			nonOnsets++
			continue
		}
		cap := func(id string) float64 {
			for _, in := range sc.Inputs {
				if in.Path == id+".capability" {
					return in.Dist.Quantile(0.5)
				}
			}
			t.Fatalf("%s: no %s.capability", sc.Name, id)
			return 0
		}
		a, b := cap(sc.Actors[0].ID), cap(sc.Actors[1].ID)
		if max(a, b)/min(a, b) >= 2 {
			asymOnsets++
		}
	}
	t.Logf("%d cases: %d non-onsets, %d asymmetric onsets; %d before 1946, %d after", len(cases), nonOnsets, asymOnsets, before, after)
	if len(cases) < 24 || nonOnsets < 8 || asymOnsets < 8 || before == 0 || after == 0 {
		t.Errorf("the library needs at least 24 cases, 8 non-onsets, 8 asymmetric onsets and cases on both sides of 1945")
	}
}
