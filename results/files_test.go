package results

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/alliancesim/alliancesim/sim"
)

// TestReadersCheckSchema: each reader takes back what Marshal wrote and
// refuses another schema version or a file that is not JSON.
func TestReadersCheckSchema(t *testing.T) {
	t.Parallel()
	cmp := &Comparison{Schema: CompareSchemaVersion, Base: "a",
		Scenarios: []CompareScenario{{Name: "a"}, {Name: "b"}}, Diffs: []CompareDiff{{Scenario: "b", Delta: 0.1, N: 10}}}
	sens := &Sensitivity{Schema: SensitivitySchemaVersion, Output: "p_alliance"}
	disc := &Discovery{Schema: DiscoverSchemaVersion, Outcome: "alliance"}
	for _, tc := range []struct {
		name    string
		version int
		v       interface{ Marshal() ([]byte, error) }
		read    func([]byte) error
	}{
		{"compare", CompareSchemaVersion, cmp, func(b []byte) error { _, err := ReadComparison(b); return err }},
		{"sensitivity", SensitivitySchemaVersion, sens, func(b []byte) error { _, err := ReadSensitivity(b); return err }},
		{"discover", DiscoverSchemaVersion, disc, func(b []byte) error { _, err := ReadDiscovery(b); return err }},
	} {
		b, err := tc.v.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		if err := tc.read(b); err != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
		next := tc.version + 1
		other := strings.Replace(string(b), fmt.Sprintf(`"schema": %d`, tc.version), fmt.Sprintf(`"schema": %d`, next), 1)
		if other == string(b) {
			t.Fatalf("%s: no schema %d in %s", tc.name, tc.version, b)
		}
		if err := tc.read([]byte(other)); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("%s schema %d", tc.name, next)) {
			t.Errorf("%s: schema %d read with error %v", tc.name, next, err)
		}
		if err := tc.read([]byte("not json")); err == nil {
			t.Errorf("%s: read a file that is not JSON", tc.name)
		}
	}
}

// TestComparisonPairedDiffs: the paired differences come back one per
// scenario, the base's left zero.
func TestComparisonPairedDiffs(t *testing.T) {
	t.Parallel()
	c := &Comparison{Base: "a", Scenarios: []CompareScenario{{Name: "a"}, {Name: "b"}},
		Diffs: []CompareDiff{{Scenario: "b", Delta: 0.1, Lo: 0.05, Hi: 0.15, SE: 0.02, N: 10, Both: 1, OnlyBase: 2, OnlyOther: 3}}}
	ds := c.PairedDiffs()
	want := sim.PairedDiff{Scenario: "b", Base: "a", Delta: 0.1, Lo: 0.05, Hi: 0.15, SE: 0.02, N: 10, Both: 1, OnlyBase: 2, OnlyOther: 3}
	if len(ds) != 2 || ds[0] != (sim.PairedDiff{}) || ds[1] != want {
		t.Errorf("paired diffs %+v", ds)
	}
}

// TestReadJSON: a folder stands for the named file in it, a file over
// the limit is refused before it is read, a strict read refuses a field
// the type lacks, and every message names the file.
func TestReadJSON(t *testing.T) {
	t.Parallel()
	type file struct {
		Schema int `json:"schema"`
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "f.json")
	write := func(s string) {
		if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	spec := FileSpec{Kind: "test file", Name: "f.json", Limit: 64, Strict: true}
	write(`{"schema": 1}`)
	if f, err := ReadJSON[file](dir, spec, nil); err != nil || f.Schema != 1 {
		t.Errorf("by the folder: %+v, %v", f, err)
	}
	check := func(f *file) error { return CheckSchema("test", f.Schema, 2) }
	for _, c := range []struct {
		text string
		spec FileSpec
		want string
	}{
		{`{"schema": 1}`, spec, path + ": test schema 1: this version reads schema 2"},
		{`{"schema": 2, "extra": 1}`, spec, path + `: not a test file: line 1: unknown field "extra"`},
		{"{\n\"schema\": \"2\"}", spec, path + `: not a test file: line 2, field schema: a string where a whole number belongs`},
		{`[1]`, spec, path + `: not a test file: line 1: a list where an object belongs`},
		{`{"schema": `, spec, path + `: not a test file: the JSON ends before it is complete`},
		{`{"schema": `, FileSpec{Kind: "test file"}, path + `: not a test file: the JSON ends before it is complete`},
		{``, spec, path + `: not a test file: the file is empty`},
		{"{\n  \"schema\": 2,,}", FileSpec{Kind: "test file"}, path + `: not a test file: line 2, column 15: not valid JSON`},
		{`{"schema": 2, "extra": 1}`, FileSpec{Kind: "test file"}, ""},
		{`{"schema": 2, "pad": "` + strings.Repeat("x", 64) + `"}`, spec, "bytes, more than a test file can be (64)"},
		{`not json`, FileSpec{Kind: "test file"}, path + ": not a test file: line 1, column 2: not valid JSON (invalid character 'o'"},
	} {
		write(c.text)
		_, err := ReadJSON(path, c.spec, check)
		if c.want == "" && err != nil || c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) || err != nil && strings.Contains(err.Error(), ": json: ") {
			t.Errorf("%s: %v, want %q", c.text, err, c.want)
		}
	}
	if _, err := ReadJSON[file](dir, FileSpec{Kind: "test file", Limit: 64}, nil); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("a folder without Name: %v", err)
	}
	if _, err := ReadJSON[file](filepath.Join(dir, "none"), spec, nil); !errors.Is(err, os.ErrNotExist) ||
		err.Error() != filepath.Join(dir, "none")+": no such file or folder" {
		t.Errorf("a missing file: %v", err)
	}
	// A folder without the file names the file it looked for.
	empty := filepath.Join(dir, "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadJSON[file](empty, spec, nil); !errors.Is(err, os.ErrNotExist) || err.Error() != filepath.Join(empty, "f.json")+": no such file or folder" {
		t.Errorf("a folder without the file: %v", err)
	}
}
