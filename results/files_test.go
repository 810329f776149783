package results

import (
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
		name string
		v    interface{ Marshal() ([]byte, error) }
		read func([]byte) error
	}{
		{"compare", cmp, func(b []byte) error { _, err := ReadComparison(b); return err }},
		{"sensitivity", sens, func(b []byte) error { _, err := ReadSensitivity(b); return err }},
		{"discover", disc, func(b []byte) error { _, err := ReadDiscovery(b); return err }},
	} {
		b, err := tc.v.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		if err := tc.read(b); err != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
		other := strings.Replace(string(b), `"schema": 1`, `"schema": 2`, 1)
		if err := tc.read([]byte(other)); err == nil || !strings.Contains(err.Error(), tc.name+" schema 2") {
			t.Errorf("%s: schema 2 read with error %v", tc.name, err)
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
