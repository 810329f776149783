//go:build linux

package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/alliancesim/alliancesim/internal/fifotest"
)

// TestPosteriorFIFO: --posterior naming a FIFO is refused at once (exit
// 3), not read until the writer closes it.
func TestPosteriorFIFO(t *testing.T) {
	t.Parallel()
	fifo := fifotest.Make(t, t.TempDir(), "posterior.yaml")
	r := cli(t, "run", "baseline", "--posterior", fifo, "--draws", "100", "-o", filepath.Join(t.TempDir(), "o"), "--no-progress")
	if r.code != exitInvalid || !strings.Contains(r.stderr, "FIFO") {
		t.Errorf("exit %d: %s", r.code, r.stderr)
	}
}

// TestEraFIFO: era --onsets naming a FIFO is refused at once (exit 3).
func TestEraFIFO(t *testing.T) {
	t.Parallel()
	fifo := fifotest.Make(t, t.TempDir(), "onsets.csv")
	r := cli(t, "era", "--onsets", fifo)
	if r.code != exitInvalid || !strings.Contains(r.stderr, "a named pipe (FIFO), not a file; give the path of a CSV file") {
		t.Errorf("exit %d: %s", r.code, r.stderr)
	}
}
