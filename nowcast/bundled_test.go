package nowcast

import (
	"bytes"
	"compress/gzip"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/scenarios"
)

var update = flag.Bool("update", false, "rewrite the bundled states in bundled/ from the record")

// TestBundledStates filters the bundled record through each year of
// BundledYears with the defaults and checks that the state kept in the
// binary is that state, byte for byte: the kept file is a cache of the
// computation, never a number of its own. When the record, the model,
// its default weights or the filter change, this fails until the files are
// written again (-update).
func TestBundledStates(t *testing.T) {
	t.Parallel() // the longest test here: it starts with the others, not before them
	for _, year := range BundledYears {
		t.Run(fmt.Sprint(year), func(t *testing.T) {
			t.Parallel()
			f, err := FilterBundled(context.Background(), year, nil)
			if err != nil {
				t.Fatal(err)
			}
			want, err := f.Marshal()
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.FromSlash(bundledFile(year))
			if *update {
				var b bytes.Buffer
				zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
				zw.Write(want)
				if err := zw.Close(); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				t.Logf("wrote %s", path)
				return
			}
			kept, err := readBundled(year)
			if err != nil || kept == nil {
				t.Fatalf("%s: %v (write it with go test ./nowcast -run TestBundledStates -update)", path, err)
			}
			got, _ := kept.Marshal()
			if !bytes.Equal(got, want) {
				t.Errorf("%s is not the state the record gives for the end of %d with this model and filter: write it again with go test ./nowcast -run TestBundledStates -update", path, year)
			}
		})
	}
}

// TestStartFor: a scenario that asserts its rung has no start state; the
// bundled baseline starts from the kept state for the end of 2026, which
// BundledState gives without filtering; a year with no kept file is
// filtered (and equals the kept one's computation).
func TestStartFor(t *testing.T) {
	t.Parallel()
	hind, err := scenarios.Open("hindcast-1992")
	if err != nil {
		t.Fatal(err)
	}
	if st, err := StartFor(context.Background(), hind.Scenario); st != nil || err != nil {
		t.Errorf("hindcast-1992 asserts its start: got %v, %v", st, err)
	}
	base, err := scenarios.Open("baseline")
	if err != nil {
		t.Fatal(err)
	}
	sc := *base.Scenario
	sc.FromNowcast = true
	st, err := StartFor(context.Background(), &sc)
	if err != nil {
		t.Fatal(err)
	}
	if st.Year != sc.StartYear-1 || len(st.Carry) != StateFileParticles {
		t.Errorf("start state: year %d, %d particles", st.Year, len(st.Carry))
	}
	if r := st.Rungs(); !(r[model.Entente] > 0.9) {
		t.Errorf("the record's state for 2026: rungs %v, want mostly the entente", r)
	}
	sc.StartYear = 1990
	if _, err := StartFor(context.Background(), &sc); err == nil {
		t.Errorf("a start before the record: no error")
	}
}
