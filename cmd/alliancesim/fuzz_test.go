package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/alliancesim/alliancesim/scenarios"
)

// FuzzConfigAndSet feeds arbitrary config files and --set values to the
// settings: reading the config, parsing the --set and resolving both with
// a scenario must give settings or an error, never a panic. make test
// runs it briefly.
func FuzzConfigAndSet(f *testing.F) {
	for _, c := range []struct{ cfg, set string }{
		{"run:\n  draws: 1000\n", "weights.doctrine=1.5"},
		{"weights:\n  junior_partner: {pert: [0.8, 1.1, 1.4]}\n", "run.seed=7"},
		{"run: {draws: true}\n", "weights.junior_partner="},
		{"---\nrun: {}\n---\nrun: {}\n", "run.draws=1e6"},
		{"a: &x [*x]\n", "=1"},
	} {
		f.Add([]byte(c.cfg), c.set)
	}
	base, err := scenarios.Open("baseline")
	if err != nil {
		f.Fatal(err)
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, raw []byte, set string) {
		path := filepath.Join(dir, "alliancesim.yaml")
		if err := os.WriteFile(path, raw, 0o644); err != nil {
			t.Fatal(err)
		}
		cfg, err := readConfig(path, "")
		if err != nil {
			return
		}
		if _, err := setsLayer([]string{set}); err != nil {
			return
		}
		st, err := resolveSettings(settingsInput{Config: cfg, Scenario: base.Scenario, Sets: []string{set}})
		if err == nil && st == nil {
			t.Error("no settings and no error")
		}
	})
}
