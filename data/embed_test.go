package data_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/alliancesim/alliancesim/data"
	"github.com/alliancesim/alliancesim/nowcast"
)

// TestBundled checks that every bundled dyad's series reads strictly and
// that every row names its source.
func TestBundled(t *testing.T) {
	if got := data.Dyads(); len(got) == 0 || got[0] != "china-russia" {
		t.Fatalf("Dyads() = %v", got)
	}
	for _, d := range data.Dyads() {
		b, name, ok := data.Observations(d)
		if !ok {
			t.Fatalf("%s: no observations.csv", d)
		}
		if _, err := nowcast.Read(name, bytes.NewReader(b)); err != nil {
			t.Errorf("%s: %v", d, err)
		}
		rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range rows[1:] {
			if strings.TrimSpace(r[4]) == "" || (r[5] != "yes" && r[5] != "approx" && r[5] != "no") {
				t.Errorf("%s line %d: no source or no verified mark: %q", name, i+2, r)
			}
		}
	}
}
