package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
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

// TestNowcastHorizonCheckedFirst: a --horizon the forecast cannot reach
// (before the state, inside the signposts' watch window, or centuries
// ahead) is refused before the filter runs, and nothing is written.
func TestNowcastHorizonCheckedFirst(t *testing.T) {
	for _, tc := range []struct{ args []string }{
		{[]string{"--horizon", "1900"}},
		{[]string{"--horizon", "2028"}},
		{[]string{"--horizon", "999999"}},
		{[]string{"--through", "2028", "--horizon", "2030"}},
	} {
		out := filepath.Join(t.TempDir(), "nc")
		start := time.Now()
		// 2,000,000 particles take a minute to filter: the refusal must
		// not wait for them.
		r := cli(t, append([]string{"nowcast", "--particles", "2000000", "-o", out, "--no-progress"}, tc.args...)...)
		if r.code != exitUsage || !strings.Contains(r.stderr, "--horizon") || !strings.Contains(r.stderr, "use a year from") {
			t.Errorf("%v: exit %d, %s", tc.args, r.code, r.stderr)
		}
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("%v: refused after %v; the check should come before the filter", tc.args, d)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Errorf("%v: %s exists after a refused command", tc.args, out)
		}
	}
}
