package nowcast

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestStateFile writes state.json of a nowcast with more particles than
// it keeps, reads it back and checks the resample keeps the rung
// distribution, and that bad files are refused.
func TestStateFile(t *testing.T) {
	t.Parallel()
	res := runFixture(t, Options{Particles: 3 * StateFileParticles / 2, Seed: 4, ForecastDraws: 1000})
	f := res.StateFile()
	b, err := f.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "state.json"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	g, err := ReadState(dir)
	if err != nil {
		t.Fatal(err)
	}
	if g.Particles != StateFileParticles || g.Year != res.Post.State.Year || g.Scenario != res.Scenario {
		t.Fatalf("read back %d particles of %d under %s", g.Particles, g.Year, g.Scenario)
	}
	st, err := g.Start()
	if err != nil {
		t.Fatal(err)
	}
	want, got := res.Post.State.Rungs(), st.Rungs()
	for s := range want {
		if math.Abs(want[s]-got[s]) > 0.01 {
			t.Errorf("rung %d: %.4f in the filter, %.4f in state.json", s, want[s], got[s])
		}
	}
	for _, c := range []struct{ name, text, want string }{
		{"kind", `{"schema":1,"kind":"x"}`, "not a nowcast state file"},
		{"schema", `{"schema":9,"kind":"alliancesim-nowcast-state"}`, "schema 9"},
		{"columns", strings.Replace(string(b), `"rung":[`, `"rung":[0,`, 1), "column rung"},
	} {
		p := filepath.Join(dir, c.name+".json")
		if err := os.WriteFile(p, []byte(c.text), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := ReadState(p); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}
