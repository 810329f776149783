package plots

import (
	"io"
	"os"
	"strings"
	"testing"

	"github.com/alliancesim/alliancesim/internal/format"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/sim"
)

var resultCharts6 = map[string]func(*sim.Result, Options) (*Chart, error){
	"states": StateArea, "alliance": AllianceCurve, "latent": LatentFan, "onset": OnsetHistogram, "blocking": BlockingBars, "events": EventImpact,
}

func TestScenarioCharts(t *testing.T) {
	t.Parallel()
	for name, build := range resultCharts6 {
		ch, err := build(synthetic(), Options{Version: "v0.1.0"})
		if err != nil || ch.Empty || ch.Note != "" || ch.Description == "" {
			t.Errorf("%s: err %v, empty %v, note %q", name, err, ch.Empty, ch.Note)
			continue
		}
		if ch.Caption != "Scenario: baseline · 100,000 draws · seed 42 · alliancesim v0.1.0" {
			t.Errorf("%s: caption %q", name, ch.Caption)
		}
	}
	if _, err := StateArea(nil, Options{}); err == nil {
		t.Error("nil result accepted")
	}
}

// TestScenarioDegenerate draws the degenerate results in every format: no
// panic, and an empty chart says why.
func TestScenarioDegenerate(t *testing.T) {
	t.Parallel()
	for rname, r := range degenerateResults() {
		for name, build := range resultCharts6 {
			ch, err := build(r, Options{})
			if err != nil {
				t.Errorf("%s/%s: %v", rname, name, err)
				continue
			}
			if ch.Empty && ch.Note == "" {
				t.Errorf("%s/%s: empty without a note", rname, name)
			}
			if _, err := ch.WriteTo(io.Discard, "svg", Options{}); err != nil {
				t.Errorf("%s/%s: %v", rname, name, err)
			}
		}
	}
	ch, _ := AllianceCurve(degenerateResults()["zero-draws"], Options{})
	if ch.Note != noteNoDraws {
		t.Errorf("zero draws: note %q", ch.Note)
	}
	ch, _ = OnsetHistogram(degenerateResults()["nan"], Options{})
	if !strings.Contains(ch.Note, "1 of 10 years left out") {
		t.Errorf("nan onset: note %q", ch.Note)
	}
}

// TestLatentThresholds checks that the fan chart draws the ladder's
// thresholds its description names, labelled.
func TestLatentThresholds(t *testing.T) {
	t.Parallel()
	ch, err := LatentFan(synthetic(), Options{Thresholds: []float64{-0.3, 0.18, 0.33, 0.47}})
	if err != nil {
		t.Fatal(err)
	}
	var svg strings.Builder
	if _, err := ch.WriteTo(&svg, "svg", Options{}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Threshold to entente (0.47)", "Threshold to normalization (−0.30)"} {
		if !strings.Contains(svg.String(), want) {
			t.Errorf("no %q on the latent chart", want)
		}
	}
}

func TestBacktest(t *testing.T) {
	t.Parallel()
	rep := syntheticBacktest(t)
	if got := BacktestCaption(rep, "v0.1.0"); got != "Backtest: bundled:history, 8 cases · 20,000 draws each · seed 1 · alliancesim v0.1.0" {
		t.Errorf("caption %q", got)
	}
	ch, err := BacktestCases(rep, Options{})
	if err != nil || !strings.Contains(ch.Note, "ussr-india-1971") {
		t.Errorf("%v, note %q", err, ch.Note)
	}
	dir := t.TempDir()
	out, err := RenderBacktest(rep, dir, []string{"png", "svg"}, Options{})
	if err != nil || len(out) != 2 || out[1].Files["svg"] != "backtest-cases.svg" {
		t.Fatalf("%v, %+v", err, out)
	}
	if fs, _ := os.ReadDir(dir); len(fs) != 4 {
		t.Errorf("%d files written", len(fs))
	}
}

func TestCompareCharts(t *testing.T) {
	t.Parallel()
	set := syntheticSet()
	if got := CompareCaption(set.Results, "0.1.0"); got != "Scenarios: baseline, us-hardline, taiwan-crisis · 100,000 draws each · seed 42 · alliancesim v0.1.0" {
		t.Errorf("caption %q", got)
	}
	dots, err := CompareDots(set, Options{})
	if err != nil || dots.Empty {
		t.Fatalf("dots: %v", err)
	}
	curves, err := CompareCurves(set.Results, Options{})
	if err != nil || len(curves.Legend) != 3 || !strings.Contains(curves.Legend[0].Name, "(8.0% by 2036)") {
		t.Errorf("curves: %v, legend %v", err, curves.Legend)
	}
	if _, err := CompareDots(nil, Options{}); err == nil {
		t.Error("nil set accepted")
	}
}

// TestIntervalText checks that the charts print an interval as the tables
// do (report and the command: rounded to nearest, two decimals below 1%),
// not rounded outwards: 33.92–34.54% is "33.9–34.5%".
func TestIntervalText(t *testing.T) {
	t.Parallel()
	a := sim.Proportion{N: 100000, Count: 34210, P: 0.3421, Lo: 0.33924, Hi: 0.34541}
	if got, want := proportionLabel(a), "34.2% (33.9–34.5%)"; got != want {
		t.Errorf("proportionLabel = %q, want %q", got, want)
	}
	if got := format.Interval(0.0006, 0.0011); got != "0.06–0.11%" {
		t.Errorf("intervalText = %q", got)
	}
	set := syntheticSet()
	set.Results[0].ByHorizon = a
	ch, err := CompareDots(set, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var svg strings.Builder
	if _, err := ch.WriteTo(&svg, "svg", Options{}); err != nil || !strings.Contains(svg.String(), "34.2% (33.9–34.5%)") {
		t.Errorf("%v: compare-dots does not print the interval as the table does", err)
	}
	r := set.Results[1]
	r.Alliance[len(r.Alliance)-1].P = 0.0006
	curves, _ := CompareCurves(set.Results, Options{})
	if name := curves.Legend[1].Name; !strings.Contains(name, "(0.06% by") {
		t.Errorf("compare-curves legend %q", name)
	}
}

func TestExplanationCharts(t *testing.T) {
	t.Parallel()
	ex := syntheticExplanation(10)
	ch, err := Waterfall(ex, 0, "Russia", Options{})
	if err != nil || !strings.HasPrefix(ch.Title, "What makes up Russia's utility of an alliance in 2027") {
		t.Fatalf("%v, title %q", err, ch.Title)
	}
	if !strings.Contains(ch.Subtitle, "Russia would consent") {
		t.Errorf("subtitle %q", ch.Subtitle)
	}
	ch, _ = Waterfall(ex, 2030, TargetLatent, Options{})
	if !strings.Contains(ch.Note, "Terms at zero left out: Intercept, Events") {
		t.Errorf("note %q", ch.Note)
	}
	if _, err := Waterfall(ex, 1999, TargetLatent, Options{}); err == nil {
		t.Error("a year outside the explanation accepted")
	}
	if _, err := Waterfall(ex, 0, "nobody", Options{}); err == nil {
		t.Error("an unknown target accepted")
	}
	lines, err := ContributionLines(ex, TargetLatent, Options{})
	if err != nil || lines.Legend[0].Name != "Total" || lines.Legend[1].Name != "Hurdle" {
		t.Errorf("%v, legend %v", err, lines.Legend)
	}
	empty, _ := ContributionLines(&model.Explanation{}, TargetLatent, Options{})
	if !empty.Empty {
		t.Error("no years: not empty")
	}
}
