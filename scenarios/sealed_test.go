package scenarios_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/alliancesim/alliancesim/scenarios"
)

// TestSealedCasesLoad checks the sealed held-out batch (the tenth)
// (scenarios/holdout/sealed/README.md): twelve valid case files, each with
// an outcome and its coder's notes, none of them a case of the library or
// of the scored held-out set, so that the batch can be run once, later,
// as the clean test of the next change to the model. It runs no model.
func TestSealedCasesLoad(t *testing.T) {
	t.Parallel()
	const sealed = "holdout/sealed"
	cases, err := scenarios.LoadCases(sealed)
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != 12 {
		t.Errorf("%d sealed cases, want the batch's 12", len(cases))
	}
	taken := map[string]string{}
	for _, dir := range []string{"history", "holdout"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
		for _, f := range files {
			taken[strings.TrimSuffix(filepath.Base(f), ".yaml")] = dir
		}
	}
	notes, err := os.ReadDir(filepath.Join(sealed, "notes"))
	if err != nil || len(notes) != 3 {
		t.Errorf("want the three coders' notes in %s/notes: %v (%d files)", sealed, err, len(notes))
	}
	for _, l := range cases {
		name := l.Scenario.Name
		if l.Scenario.Outcome == nil {
			t.Errorf("%s has no outcome", l.File)
		}
		if dir, ok := taken[name]; ok {
			t.Errorf("%s is also a case in scenarios/%s", name, dir)
		}
		if !strings.Contains(string(l.Source), "notes/batch10-coder-") {
			t.Errorf("%s does not cite its coder's notes", l.File)
		}
	}
}
