package main

import (
	"strings"
	"testing"
)

// TestOneDraw checks the header's grammar and the few-draws warning for a
// run of a single draw.
func TestOneDraw(t *testing.T) {
	t.Parallel()
	r := cli(t, "run", "baseline", "--draws", "1", "--no-charts", "-o", t.TempDir(), "--no-progress")
	if r.code != 0 || !strings.Contains(r.stdout, "baseline · 1 draw · seed 1") || strings.Contains(r.stdout, "1 draws") {
		t.Errorf("exit %d, header:\n%s", r.code, r.stdout)
	}
	if !strings.Contains(r.stderr, "1 draw") {
		t.Errorf("no few-draws warning: %s", r.stderr)
	}
	if draws(1000) != "1,000 draws" {
		t.Errorf("draws(1000) = %q", draws(1000))
	}
}
