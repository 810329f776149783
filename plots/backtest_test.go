package plots

import (
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"

	"github.com/alliancesim/alliancesim/backtest"
	"github.com/alliancesim/alliancesim/score"
	"github.com/alliancesim/alliancesim/sim"
)

// syntheticBacktest is a scored backtest of eight made-up cases: four
// pacts and four without, one of them without structural covariates.
func syntheticBacktest(t testing.TB) *backtest.Report {
	t.Helper()
	const draws = 20_000
	mk := func(name string, start, year int, pact bool, p float64, logit float64) backtest.CaseResult {
		k := int64(math.Round(p * draws))
		c := backtest.CaseResult{Name: name, File: "testdata/" + name + ".yaml", StartYear: start, Year: year, Years: year - start + 1, Pact: pact,
			Model: proportion(k, draws), BaseRate: score.BaseRate(year - start + 1),
			Logit: math.NaN(), LogitHazard: math.NaN(), CapabilityRatio: math.NaN()}
		if !math.IsNaN(logit) {
			c.HasLogit, c.Logit = true, logit
		}
		return c
	}
	rep := &backtest.Report{Library: "bundled:history", Draws: draws, Seed: 1, Sampler: sim.MonteCarlo, Cases: []backtest.CaseResult{
		mk("sino-soviet-1950", 1950, 1951, true, 0.72, 0.04),
		mk("us-rok-1953", 1950, 1953, true, 0.41, 0.03),
		mk("china-dprk-1961", 1953, 1961, true, 0.88, 0.17),
		mk("uk-france-1947", 1946, 1947, true, 0.0005, 0.03),
		mk("china-russia-1992", 1992, 2025, false, 0.21, 0.51),
		mk("us-india-2000", 2000, 2020, false, 0.03, 0.12),
		mk("ussr-india-1971", 1971, 1990, false, 0.55, math.NaN()),
		mk("france-germany-1963", 1963, 1990, false, 0, 0.21),
	}}
	if err := rep.Score(); err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestBacktestCharts(t *testing.T) {
	t.Parallel()
	rep := syntheticBacktest(t)
	for name, build := range map[string]func(*backtest.Report, Options) (*Chart, error){"reliability": Reliability, "cases": BacktestCases} {
		ch, err := build(rep, Options{Version: "v0.1.0", Height: BacktestCasesHeight(len(rep.Cases))})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if ch.Empty || ch.Title == "" || ch.Description == "" ||
			ch.Caption != "Backtest: bundled:history, 8 cases · 20,000 draws each · seed 1 · alliancesim v0.1.0" {
			t.Errorf("%s: empty %v, title %q, caption %q", name, ch.Empty, ch.Title, ch.Caption)
		}
		for _, f := range Formats {
			if _, err := ch.WriteTo(io.Discard, f, Options{}); err != nil {
				t.Errorf("%s as %s: %v", name, f, err)
			}
		}
		var legend []string
		for _, e := range ch.Legend {
			legend = append(legend, e.Name)
		}
		if !strings.Contains(strings.Join(legend, "|"), "Structural logit") || !strings.Contains(strings.Join(legend, "|"), "7 of 8 cases") {
			t.Errorf("%s: legend %q", name, legend)
		}
	}
	// The per-case chart names the case without a logit forecast.
	ch, _ := BacktestCases(rep, Options{})
	if !strings.Contains(ch.Note, "ussr-india-1971") {
		t.Errorf("note %q", ch.Note)
	}
}

// The per-case chart puts the pacts first, each group by the model's p,
// highest first, under its header.
func TestCaseRows(t *testing.T) {
	t.Parallel()
	var got []string
	for _, r := range caseRows(syntheticBacktest(t).Cases) {
		if r.c == nil {
			got = append(got, "# "+r.header)
		} else {
			got = append(got, r.c.Name)
		}
	}
	want := []string{"# Pact formed by the outcome year (4 cases)", "china-dprk-1961", "sino-soviet-1950", "us-rok-1953", "uk-france-1947",
		"# No pact through the outcome year (4 cases)", "ussr-india-1971", "china-russia-1992", "us-india-2000", "france-germany-1963"}
	if !slices.Equal(got, want) {
		t.Errorf("rows\n%q, want\n%q", got, want)
	}
	if got := BacktestCasesHeight(3); got != DefaultHeight {
		t.Errorf("height for 3 cases %v", got)
	}
	if got := BacktestCasesHeight(30); got <= DefaultHeight {
		t.Errorf("height for 30 cases %v", got)
	}
}

func TestBacktestDegenerate(t *testing.T) {
	t.Parallel()
	one := syntheticBacktest(t)
	one.Cases = one.Cases[:1]
	one.Score()
	noLogit := syntheticBacktest(t)
	for i := range noLogit.Cases {
		noLogit.Cases[i].HasLogit, noLogit.Cases[i].Logit = false, math.NaN()
	}
	noLogit.Score()
	for name, tc := range map[string]struct {
		rep *backtest.Report
		o   Options
	}{
		"one case": {one, Options{}},
		"no logit": {noLogit, Options{}},
		"tiny":     {syntheticBacktest(t), Options{Width: 6 * vg.Centimeter, Height: 4 * vg.Centimeter}},
		"empty":    {&backtest.Report{Library: "x", Draws: 1}, Options{}},
	} {
		t.Run(name, func(t *testing.T) {
			for kind, build := range map[string]func(*backtest.Report, Options) (*Chart, error){"reliability": Reliability, "cases": BacktestCases} {
				ch, err := build(tc.rep, tc.o)
				if err != nil {
					t.Fatalf("%s: %v", kind, err)
				}
				if _, err := ch.WriteTo(io.Discard, "png", tc.o); err != nil {
					t.Errorf("%s: %v", kind, err)
				}
				if ch.Empty && ch.Note == "" {
					t.Errorf("%s: empty chart without a note", kind)
				}
				if dir := os.Getenv("PLOTS_REVIEW_DIR"); dir != "" {
					d := filepath.Join(dir, "backtest-degenerate")
					os.MkdirAll(d, 0o755)
					ch.Save(filepath.Join(d, strings.ReplaceAll(name, " ", "-")+"-"+kind+".png"), tc.o)
				}
			}
		})
	}
	if _, err := Reliability(nil, Options{}); err == nil {
		t.Error("nil report accepted")
	}
	if _, err := BacktestCases(nil, Options{}); err == nil {
		t.Error("nil report accepted")
	}
	if _, err := RenderBacktest(syntheticBacktest(t), t.TempDir(), []string{"gif"}, Options{}); err == nil {
		t.Error("gif accepted")
	}
}

func TestRenderBacktest(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out, err := RenderBacktest(syntheticBacktest(t), dir, []string{"png", "svg"}, Options{Version: "v0.1.0"})
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, rc := range out {
		kinds = append(kinds, rc.Kind)
		if rc.Files["png"] != rc.Kind+".png" || rc.Files["svg"] != rc.Kind+".svg" || rc.Caption == "" || rc.Title == "" {
			t.Errorf("%+v", rc)
		}
	}
	if !slices.Equal(kinds, []string{KindReliability, KindBacktestCases}) {
		t.Errorf("kinds %v", kinds)
	}
	if files := listFiles(t, dir); len(files) != 4 {
		t.Errorf("files %v", files)
	}
}

func listFiles(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

func TestGoldenSVGBacktest(t *testing.T) {
	rep := syntheticBacktest(t)
	rel, err := Reliability(rep, Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkGoldenSVG(t, rel, "backtest-reliability")
	cases, err := BacktestCases(rep, Options{Height: BacktestCasesHeight(len(rep.Cases))})
	if err != nil {
		t.Fatal(err)
	}
	checkGoldenSVG(t, cases, "backtest-cases")
}

// TestReviewBacktest writes the synthetic backtest's charts to
// $PLOTS_REVIEW_DIR for a human to look at.
func TestReviewBacktest(t *testing.T) {
	dir := os.Getenv("PLOTS_REVIEW_DIR")
	if dir == "" {
		t.Skip("PLOTS_REVIEW_DIR not set")
	}
	d := filepath.Join(dir, "backtest")
	if err := os.MkdirAll(d, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := RenderBacktest(syntheticBacktest(t), d, []string{"png", "svg", "pdf"}, Options{Version: "v0.1.0"}); err != nil {
		t.Fatal(err)
	}
}

// TestBacktestPDFSpelling checks that the charts' text encodes for PDF.
func TestBacktestPDFSpelling(t *testing.T) {
	rep := syntheticBacktest(t)
	for _, build := range []func(*backtest.Report, Options) (*Chart, error){Reliability, BacktestCases} {
		ch, err := build(rep, Options{})
		if err != nil {
			t.Fatal(err)
		}
		texts := []string{ch.Title, ch.Subtitle, ch.Note, ch.Caption, ch.Plot.X.Label.Text, ch.Plot.Y.Label.Text}
		for _, e := range ch.Legend {
			texts = append(texts, e.Name)
		}
		for _, r := range caseRows(rep.Cases) {
			if r.c != nil {
				texts = append(texts, caseLabel(r.c))
			} else {
				texts = append(texts, r.header)
			}
		}
		for _, s := range texts {
			if strings.Count(toCP1252(s), "?") != strings.Count(s, "?") {
				t.Errorf("%q prints as %q in PDF", s, toCP1252(s))
			}
		}
	}
}
