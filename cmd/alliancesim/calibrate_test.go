package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/alliancesim/alliancesim/calibrate"
)

// TestCalibrate runs a tiny calibration of the bundled library and reads
// its posterior back, and checks sizes out of range are refused first.
func TestCalibrate(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "cal")
	if r := mustCLI(t, "calibrate", "--points", "40", "--rounds", "1", "--draws", "50", "-o", out, "--no-progress"); !strings.Contains(r.stdout, "out of sample, the posterior") {
		t.Fatalf("calibrate printed no out-of-sample scores:\n%s", r.stdout)
	}
	b, err := os.ReadFile(filepath.Join(out, "posterior.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := calibrate.ReadPosterior("posterior.yaml", b); err != nil {
		t.Errorf("posterior.yaml does not read back: %v", err)
	}
	if r := cli(t, "calibrate", "--points", "0"); r.code != exitUsage {
		t.Errorf("--points 0: exit %d, %s", r.code, r.stderr)
	}
}
