package era_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/alliancesim/alliancesim/era"
	"github.com/alliancesim/alliancesim/internal/docsection"
	"github.com/alliancesim/alliancesim/internal/format"
	"github.com/alliancesim/alliancesim/scenarios"
)

// TestScenariosFollowTheRecord checks the protocol's rule for
// dyad.unipolarity (docs/coding.md §7, rule 157) in every bundled scenario
// and every case file: 0 up to 1991, 1 in 1992–2016, and from 2017 the line
// era.Line gives for the start year (what alliancesim era prints), value
// and sources, so that a new row of data/world/bilateral-onsets.csv fails
// this test until the files that read it are rewritten. multipolar-return
// is the one what-if that sets the driver against the record.
func TestScenariosFollowTheRecord(t *testing.T) {
	rec := bundled(t)
	type file struct {
		name string
		src  []byte
		l    *scenarios.Loaded
	}
	var files []file
	for _, info := range scenarios.List() {
		if info.Name == "multipolar-return" {
			continue
		}
		l, err := scenarios.Open(info.Name)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, file{info.Name, l.Source, l})
	}
	for _, dir := range []string{"history", "holdout", "holdout/sealed"} {
		paths, _ := filepath.Glob(filepath.Join("..", "scenarios", dir, "*.yaml"))
		for _, p := range paths {
			l, err := scenarios.Load(p)
			if err != nil {
				t.Fatal(err)
			}
			src, _ := os.ReadFile(p)
			files = append(files, file{p, src, l})
		}
	}
	if len(files) < 100 {
		t.Fatalf("only %d scenarios and cases found", len(files))
	}
	for _, f := range files {
		sc := f.l.Scenario
		y := sc.StartYear
		var want float64
		switch {
		case y <= 1991:
			want = 0
		case y <= 2016:
			want = 1
		default:
			e, err := rec.Present(y)
			if err != nil {
				t.Fatal(err)
			}
			// The whole line, sources included.
			if line := era.Line(y, e); !bytes.Contains(f.src, []byte(line)) {
				t.Errorf("%s (from %d): the unipolarity line is not\n  %s\n(alliancesim era --start %d prints it)", f.name, y, line, y)
			}
			continue
		}
		for _, in := range sc.Inputs {
			if in.Path == "dyad.unipolarity" && (!in.Fixed || in.Dist.Quantile(0.5) != want) {
				t.Errorf("%s (from %d): unipolarity %s, want %g", f.name, y, in.Dist, want)
			}
		}
	}
}

var update = flag.Bool("update", false, "rewrite the generated section of docs/model.md")

// TestDocsEra keeps docs/model.md §3.2's table of the windows equal to
// what the bundled record gives.
func TestDocsEra(t *testing.T) {
	rec := bundled(t)
	var b strings.Builder
	b.WriteString("| years | at-risk dyad-years | bilateral onsets | per 10,000 | P(the 1992–2016 era's rate) | onsets at even odds |\n|---|---:|---:|---:|---:|---:|\n")
	bi, uni, err := rec.Eras()
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range []era.Period{bi, uni} {
		fmt.Fprintf(&b, "| %d–%d | %s | %d | %.1f | %d (by definition) | |\n", p.From, p.To, format.Thousands(int64(p.AtRisk+0.5)), p.Onsets, p.Rate(), i)
	}
	windows, err := rec.EraWindows(0)
	if err != nil {
		t.Fatal(err)
	}
	present, err := rec.Present(2027)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range append(windows, present) {
		w := e.Window
		fmt.Fprintf(&b, "| %d–%d | %s | %d | %.1f | %s | %d |\n", w.From, w.To, format.Thousands(int64(w.AtRisk+0.5)), w.Onsets, w.Rate(), era.Prob(e.P), e.Even)
	}
	for _, err := range docsection.Check("../docs/model.md", map[string]string{"era-windows": b.String()}, *update, "go test ./era -run TestDocsEra -update") {
		t.Error(err)
	}
}
