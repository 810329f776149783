package plots

import (
	"io"
	"strings"
	"testing"

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
