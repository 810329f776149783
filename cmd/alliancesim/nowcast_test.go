package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNowcast runs the nowcast of the bundled China–Russia record at a
// small size, and checks a bad data argument and a size out of range are
// refused before any work.
func TestNowcast(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "nc")
	r := mustCLI(t, "nowcast", "--particles", "2000", "-o", out, "--no-progress")
	if !strings.Contains(r.stdout, "Now (end 2025): ") || !strings.Contains(r.stdout, "unga_agreement") {
		t.Fatalf("nowcast printed no current state or indicator table:\n%s", r.stdout)
	}
	var f struct {
		Schema int `json:"schema"`
		Years  []struct {
			Year int `json:"year"`
		} `json:"years"`
	}
	b, err := os.ReadFile(filepath.Join(out, "nowcast.json"))
	if err != nil || json.Unmarshal(b, &f) != nil || f.Schema != 1 || len(f.Years) == 0 || f.Years[len(f.Years)-1].Year != 2025 {
		t.Errorf("nowcast.json: %v, %+v", err, f)
	}
	if r := cli(t, "nowcast", "no-such-dyad"); r.code != exitInvalid || !strings.Contains(r.stderr, "china-russia") {
		t.Errorf("unknown data: exit %d, %s", r.code, r.stderr)
	}
	if r := cli(t, "nowcast", "--particles", "5"); r.code != exitUsage {
		t.Errorf("--particles 5: exit %d, %s", r.code, r.stderr)
	}
}
