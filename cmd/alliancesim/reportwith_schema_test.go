package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/alliancesim/alliancesim/results"
)

// TestReadAnalysisOldSchema: a saved analysis of another schema version
// (written by an earlier alliancesim) is refused with the file, the
// versions and the command that writes it afresh.
func TestReadAnalysisOldSchema(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "sensitivity.json"), []byte(`{"schema": 1, "output": "p_alliance"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := readAnalysis(dir, "sensitivity.json", "baseline", "sensitivity", results.ReadSensitivity)
	if err == nil {
		t.Fatal("a sensitivity.json of schema 1 was read")
	}
	for _, want := range []string{filepath.Join(dir, "sensitivity.json"), "sensitivity schema 1: this version reads schema 2", "run `alliancesim sensitivity baseline` again"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	if code := exitCode(err); code != 3 {
		t.Errorf("exit code %d, want 3", code)
	}
}
