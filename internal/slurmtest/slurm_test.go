package slurmtest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestSlurmDemo runs deploy/slurm/demo.sh: the baseline as a job array of
// 4 shards (sbatch --array=0-3) and a merge job started by
// --dependency=afterok, on the cluster SLURM_CONF names, and the check that
// the merged result equals a single run with the same seed and draws. CI
// starts a one-node cluster (deploy/slurm/cluster.sh up) before the tests;
// elsewhere the test is skipped when no cluster answers, and in CI (CI
// set) it fails instead.
func TestSlurmDemo(t *testing.T) {
	if _, err := exec.LookPath("sbatch"); err != nil || os.Getenv("SLURM_CONF") == "" || exec.Command("sinfo", "-h").Run() != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI is set but no Slurm cluster answers (sbatch on PATH: %v; SLURM_CONF=%q): .ci/run starts one with deploy/slurm/cluster.sh up", err, os.Getenv("SLURM_CONF"))
		}
		t.Skip("no Slurm cluster here (start one with deploy/slurm/cluster.sh up, as root, and export SLURM_CONF)")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(t.TempDir(), "alliancesim")
	build := exec.Command("go", "build", "-o", bin, "./cmd/alliancesim")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	demo := exec.Command(filepath.Join(root, "deploy/slurm/demo.sh"))
	demo.Env = append(os.Environ(), "ALLIANCESIM="+bin, "DRAWS=100000")
	out, err := demo.CombinedOutput()
	if err != nil {
		t.Fatalf("deploy/slurm/demo.sh: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "merged by job") || !strings.Contains(string(out), "equal a single run") {
		t.Errorf("demo.sh printed no verdict:\n%s", out)
	}
	t.Logf("%s", out)
}
