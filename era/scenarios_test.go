package era_test

import (
	"flag"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/alliancesim/alliancesim/era"
	"github.com/alliancesim/alliancesim/internal/docsection"
	"github.com/alliancesim/alliancesim/internal/format"
	"github.com/alliancesim/alliancesim/scenarios"
)

// TestScenariosFollowTheRecord checks the protocol's rule for
// dyad.unipolarity (docs/coding.md §7) in every bundled scenario and
// every case file: 0 up to 1991, 1 from 1992 to 2016, and from 2017 the
// era estimate for the start year as a choice of twenty values
// (Estimate.Choice), so that a new row of data/world/bilateral-onsets.csv
// fails this test until the files that read it are rewritten
// (alliancesim era prints the line). multipolar-return is the one
// what-if that sets the driver against the record.
func TestScenariosFollowTheRecord(t *testing.T) {
	rec := bundled(t)
	var loaded []*scenarios.Loaded
	for _, info := range scenarios.List() {
		if info.Name == "multipolar-return" {
			continue
		}
		l, err := scenarios.Open(info.Name)
		if err != nil {
			t.Fatal(err)
		}
		loaded = append(loaded, l)
	}
	for _, dir := range []string{"history", "holdout", "holdout/sealed"} {
		files, _ := filepath.Glob(filepath.Join("..", "scenarios", dir, "*.yaml"))
		for _, f := range files {
			l, err := scenarios.Load(f)
			if err != nil {
				t.Fatal(err)
			}
			loaded = append(loaded, l)
		}
	}
	if len(loaded) < 100 {
		t.Fatalf("only %d scenarios and cases found", len(loaded))
	}
	for _, l := range loaded {
		sc := l.Scenario
		var want []float64
		switch y := sc.StartYear; {
		case y <= 1991:
			want = []float64{0}
		case y <= 2016:
			want = []float64{1}
		default:
			e, err := rec.Present(y)
			if err != nil {
				t.Fatal(err)
			}
			want = e.Choice(20)
		}
		found := false
		for _, in := range sc.Inputs {
			if in.Path != "dyad.unipolarity" {
				continue
			}
			found = true
			for i, w := range want {
				if got := in.Dist.Quantile((float64(i) + 0.5) / float64(len(want))); got != w {
					t.Errorf("%s (from %d): unipolarity %s, want the values %v", l.File, sc.StartYear, in.Dist, want)
					break
				}
			}
		}
		if !found && sc.StartYear >= 2017 {
			t.Errorf("%s (from %d): no dyad.unipolarity; write the line alliancesim era --start %d prints", l.File, sc.StartYear, sc.StartYear)
		}
	}
}

var update = flag.Bool("update", false, "rewrite the generated section of docs/model.md")

// TestDocsEra keeps docs/model.md §3.2's table of the era's windows equal
// to what the bundled record gives.
func TestDocsEra(t *testing.T) {
	rec := bundled(t)
	var b strings.Builder
	b.WriteString("| years | at-risk dyad-years | bilateral onsets | per 10,000 | `unipolarity`: mean | 90% interval | P(u = 1) |\n|---|---:|---:|---:|---:|---:|---:|\n")
	for _, y := range [][2]int{era.BipolarYears, era.UnipolarYears} {
		p, err := rec.Period(y[0], y[1])
		if err != nil {
			t.Fatal(err)
		}
		v := 0
		if y == era.UnipolarYears {
			v = 1
		}
		fmt.Fprintf(&b, "| %d–%d | %s | %d | %.1f | %d (by definition) | | |\n", y[0], y[1], format.Thousands(int64(p.AtRisk+0.5)), p.Onsets, p.Rate(), v)
	}
	for _, start := range []int{2007, 2017, 2027} {
		e, err := rec.Present(start)
		if err != nil {
			t.Fatal(err)
		}
		w := e.Window
		fmt.Fprintf(&b, "| %d–%d | %s | %d | %.1f | %.2f | %.2f–%.2f | %.0f%% |\n", w.From, w.To, format.Thousands(int64(w.AtRisk+0.5)), w.Onsets, w.Rate(), e.Mean, e.Q05, e.Q95, 100*e.AtOne)
	}
	for _, err := range docsection.Check("../docs/model.md", map[string]string{"era-windows": b.String()}, *update, "go test ./era -run TestDocsEra -update") {
		t.Error(err)
	}
}
