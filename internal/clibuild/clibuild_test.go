package clibuild

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestBuild: two Builds of the same tree give the same runnable binary,
// and the first leaves it kept for the second, which links nothing new.
func TestBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command")
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a", "alliancesim"), filepath.Join(dir, "b", "alliancesim")
	if err := Build(root, a); err != nil {
		t.Fatal(err)
	}
	if err := Build(root, b); err != nil {
		t.Fatal(err)
	}
	ba, err := os.ReadFile(a)
	if err != nil {
		t.Fatal(err)
	}
	bb, err := os.ReadFile(b)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(ba, bb) {
		t.Error("two builds of the same tree differ")
	}
	if kept := keptPath(root); kept != "" {
		if k, err := os.ReadFile(kept); err != nil || !bytes.Equal(k, bb) {
			t.Errorf("the kept binary %s is not the one built (%v)", kept, err)
		}
	}
	out, err := exec.Command(b, "version").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "alliancesim") {
		t.Errorf("%s version: %v: %s", b, err, out)
	}
}
