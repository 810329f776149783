package era_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/alliancesim/alliancesim/data"
	"github.com/alliancesim/alliancesim/era"
)

func bundled(t *testing.T) *era.Record {
	t.Helper()
	b, name, ok := data.BilateralOnsets()
	if !ok {
		t.Fatal("no bundled bilateral-onsets.csv")
	}
	rec, err := era.Read(name, bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

// TestBundledEras checks the bundled record against the counts of
// docs/model.md §8 (scripts/atop-eras/bilateral_eras.py over ATOP 5.1):
// 39 bilateral onsets in 32,076 at-risk dyad-years in 1946–1991, 4 in
// 35,236 in 1992–2016, and none from 1999 to 2016.
func TestBundledEras(t *testing.T) {
	rec := bundled(t)
	for _, c := range []struct {
		from, to, onsets int
		atRisk           float64
	}{{1946, 1991, 39, 32076}, {1992, 2016, 4, 35236}, {1999, 2016, 0, 0}} {
		p, err := rec.Period(c.from, c.to)
		if err != nil {
			t.Fatal(err)
		}
		if p.Onsets != c.onsets || (c.atRisk > 0 && p.AtRisk != c.atRisk) {
			t.Errorf("%d–%d: %d onsets in %.0f, want %d in %.0f", c.from, c.to, p.Onsets, p.AtRisk, c.onsets, c.atRisk)
		}
	}
}

func TestReadErrors(t *testing.T) {
	head := strings.Join(era.Header, ",") + "\n"
	for _, c := range []struct{ name, src, want string }{
		{"header", "year,at_risk\n", "f.csv:1: the header is not year,at_risk,bilateral"},
		{"no rows", head, "f.csv:1: the file has no rows"},
		{"empty", "", "f.csv:1: the file is empty"},
		{"year", head + "19x6,100,0,0,,,s,yes,\n", `f.csv:2: year: "19x6" is not a year`},
		{"at risk", head + "1946,-3,0,0,,,s,yes,\n", `f.csv:2: at_risk: "-3" is not a whole number of dyad-years, 1 or more`},
		{"fraction", head + "1946,1e-300,0,0,,,s,yes,\n", `f.csv:2: at_risk: "1e-300" is not a whole number`},
		{"too many", head + "1946,3,2,2,2-200 2-220,,s,yes,\n", "f.csv:2: bilateral: 4 onsets in 3 at-risk dyad-years"},
		{"twice", head + "1946,100,0,0,,,s,yes,\n1946,100,0,0,,,s,yes,\n", "f.csv:3: year: 1946 twice"},
		{"bad year once", head + "1946,100,0,0,,,s,yes,\n3000,100,0,0,,,s,yes,\n1947,100,0,0,,,s,yes,\n", `f.csv:3: year: "3000" is not a year`},
		{"bare quote", head + "x\"y,1300,0,,,,src,yes,\n", "f.csv:2: bare \" in non-quoted-field"},
		{"bare quote 2", head + "\"x\"y,1300,0,,,,src,yes,\n", "f.csv:2: extraneous or missing"},
		{"NaN", head + "1946,NaN,0,0,,,s,yes,\n", `f.csv:2: at_risk: "NaN"`},
		{"count", head + "1946,100,1.5,0,,,s,yes,\n", `f.csv:2: bilateral: "1.5" is not a count`},
		{"pairs", head + "1946,100,2,0,2-200,,s,yes,\n", "f.csv:2: pairs: 1 pairs named for a count of 2"},
		{"pair form", head + "1946,100,1,0,US-UK,,s,yes,\n", `f.csv:2: pairs: "US-UK" is not a pair of COW codes`},
		{"judgement", head + "1946,100,0,0,,x,s,yes,\n", `f.csv:2: judgement: "x" is not a count`},
		{"verified", head + "1946,100,0,0,,,s,maybe,\n", `f.csv:2: verified: "maybe" is not yes, approx or no`},
		{"gap", head + "1946,100,0,0,,,s,yes,\n1948,100,0,0,,,s,yes,\n", "f.csv:3: year: 1948 follows 1946"},
		{"fields", head + "1946,100,0\n", "f.csv:2: wrong number of fields"},
		{"utf8", head + "1946,100,0,0,,,s\xff,yes,\n", "f.csv:2: the file is not valid UTF-8"},
		{"quote", head + "1946,100,0,0,,\"s,yes,\n1947,100,0,0,,,s,yes,\n", "f.csv:2: extraneous or missing \" in quoted-field"},
		{"size", head + strings.Repeat("x", era.MaxFileSize), "f.csv: the file is larger than"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := era.Read("f.csv", strings.NewReader(c.src))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want %q", err, c.want)
			}
		})
	}
	rec, err := era.Read("f.csv", strings.NewReader(head+"1946,100,0,,,,s,yes,\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rec.Period(1946, 1950); err == nil || !strings.Contains(err.Error(), "f.csv holds the years 1946–1946, not 1946–1950") {
		t.Errorf("Period beyond the record: %v", err)
	}
}

// TestPresentLeavesOutTheWindow checks that a window inside an era is
// compared with the era's other years: 2007–2016 against 1992–2006.
func TestPresentLeavesOutTheWindow(t *testing.T) {
	rec := bundled(t)
	got, err := rec.Present(2017)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := rec.Period(1946, 1991)
	rest, _ := rec.Period(1992, 2006)
	w, _ := rec.Period(2007, 2016)
	want, err := era.Unipolarity(b, rest, w)
	if err != nil {
		t.Fatal(err)
	}
	if got.P != want.P || got.Even != want.Even || got.Window != w {
		t.Errorf("Present(2017) = %+v, want %+v", got, want)
	}
}

// TestOtherReading checks the judgement calls of 2017–2026 (US–Bahrain
// 2023, Pakistan–Saudi Arabia and US–Saudi Arabia 2025, Australia–Indonesia
// 2026: data/world/SOURCES.md §2), read the other way: four onsets more.
func TestOtherReading(t *testing.T) {
	rec := bundled(t)
	base, err := rec.Present(2027)
	if err != nil {
		t.Fatal(err)
	}
	other, j, err := rec.OtherReading(2027)
	if err != nil {
		t.Fatal(err)
	}
	if j != 4 || other.Window.Onsets != base.Window.Onsets+4 || !(other.P < base.P) {
		t.Errorf("other reading: %d more, %d onsets, P %.4f (against %d, %.4f)", j, other.Window.Onsets, other.P, base.Window.Onsets, base.P)
	}
}
