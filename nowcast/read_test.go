package nowcast

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/results"
)

// readFiles are a small nowcast.json and its signposts, as a nowcast writes
// them.
func readFiles() (*File, *SignpostsJSON) {
	n := len(model.StateKeys())
	share := make([]results.Num, n)
	share[n-2] = 1
	entente := "entente"
	f := &File{Schema: SchemaVersion, Source: Source{Data: "bundled:china-russia", Scenario: "baseline"}, StateKeys: model.StateKeys(),
		Years: []YearJSON{{Year: 2024, Coded: &entente, Filtered: share, Predicted: share}, {Year: 2025, Coded: &entente, Filtered: share, Predicted: share}},
		State: StateJSON{Year: 2025, Rungs: share}, Forecast: ForecastJSON{From: 2026, To: 2035, Years: []ForecastYearJSON{{Year: 2026, Rungs: share}}},
		Emissions: []EmissionJSON{{Indicator: "joint_exercises", Discrimination: DiscrJSON{MutualInformation: 0.43}}}}
	lo := results.Num(3)
	sp := &SignpostsJSON{Year: 2025, WatchFrom: 2026, WatchTo: 2028, Horizon: 2035, Runs: 1000, Text: "From the filtered state …",
		Conditions: []SignpostConditionJSON{{Feature: "joint_exercises.total", Indicator: "joint_exercises", Lo: &lo, Clause: "at least 3 joint exercises"}}}
	return f, sp
}

func TestReadNowcast(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	f, sp := readFiles()
	for name, v := range map[string]interface{ Marshal() ([]byte, error) }{"nowcast.json": f, "signposts.json": signpostsMarshal{sp}} {
		b, err := v.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The folder stands for the file inside it.
	got, err := ReadNowcast(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got.Scenario != "baseline" || len(got.Years) != 2 || got.Emissions[0].Indicator != "joint_exercises" {
		t.Errorf("ReadNowcast = %+v", got)
	}
	gs, err := ReadSignposts(filepath.Join(dir, "signposts.json"))
	if err != nil {
		t.Fatal(err)
	}
	if gs.Horizon != 2035 || len(gs.Conditions) != 1 || *gs.Conditions[0].Lo != 3 {
		t.Errorf("ReadSignposts = %+v", gs)
	}
	// Either file read as the other, or broken, is refused, naming it.
	for _, c := range []struct {
		read func(string) error
		path string
		data string
		want string
	}{
		{func(p string) error { _, err := ReadNowcast(p); return err }, "a.json", `{"schema": 9}`, "nowcast schema 9"},
		{func(p string) error { _, err := ReadNowcast(p); return err }, "b.json", `[1, 2]`, "not a nowcast file"},
		{func(p string) error { _, err := ReadNowcast(p); return err }, "c.json", `{"schema": 1, "state_keys": ["a"]}`, "ladder"},
		{func(p string) error { _, err := ReadSignposts(p); return err }, "d.json", `{"schema": 1}`, "not a signposts file"},
		{func(p string) error { _, err := ReadSignposts(p); return err }, "e.json", `{"year": 2025, "watch_from": 2026, "watch_to": 2028, "horizon": 2035, "conditions": [{"indicator": "x"}]}`, "condition 1"},
	} {
		path := filepath.Join(dir, c.path)
		if err := os.WriteFile(path, []byte(c.data), 0o644); err != nil {
			t.Fatal(err)
		}
		err := c.read(path)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), path) {
			t.Errorf("%s: %v, want an error naming the file and containing %q", c.data, err, c.want)
		}
	}
	if _, err := ReadNowcast(t.TempDir()); err == nil || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("an empty folder: %v, want a missing file", err)
	}
}

type signpostsMarshal struct{ s *SignpostsJSON }

func (m signpostsMarshal) Marshal() ([]byte, error) { return results.JSON(m.s) }
