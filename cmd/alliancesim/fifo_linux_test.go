//go:build linux

package main

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestPosteriorFIFO: --posterior naming a FIFO is refused at once (exit
// 3), not read until the writer closes it.
func TestPosteriorFIFO(t *testing.T) {
	t.Parallel()
	fifo := filepath.Join(t.TempDir(), "posterior.yaml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("cannot make a FIFO here: %v", err)
	}
	r := cli(t, "run", "baseline", "--posterior", fifo, "--draws", "100", "-o", filepath.Join(t.TempDir(), "o"), "--no-progress")
	if r.code != exitInvalid || !strings.Contains(r.stderr, "FIFO") {
		t.Errorf("exit %d: %s", r.code, r.stderr)
	}
}

// TestEraFIFO: era --onsets naming a FIFO is refused at once (exit 3).
func TestEraFIFO(t *testing.T) {
	t.Parallel()
	fifo := filepath.Join(t.TempDir(), "onsets.csv")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("cannot make a FIFO here: %v", err)
	}
	r := cli(t, "era", "--onsets", fifo)
	if r.code != exitInvalid || !strings.Contains(r.stderr, "a named pipe (FIFO), not a file; give the path of a CSV file") {
		t.Errorf("exit %d: %s", r.code, r.stderr)
	}
}
