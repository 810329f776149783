package plots

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/alliancesim/alliancesim/analysis"
)

// weightInfo marks two synthetic inputs as model weights.
func weightInfo() AnalysisInfo {
	info := testInfo()
	info.Labels = map[string]string{}
	for k, v := range testLabels {
		info.Labels[k] = v
	}
	info.Labels["weights.shared_opposition"] = "weight: shared opposition"
	info.Labels["weights.consent_threshold"] = "weight: consent threshold"
	info.Weights = map[string]bool{"weights.shared_opposition": true, "weights.consent_threshold": true}
	return info
}

func hasLegend(ch *Chart, name string) bool {
	for _, e := range ch.Legend {
		if e.Name == name {
			return true
		}
	}
	return false
}

// The analysis charts mark model weights: hatched bars in the tornado and
// Sobol charts, hollow glyphs in the Morris chart, each with a legend
// entry; without weights the charts are as before.
func TestAnalysisWeightMarks(t *testing.T) {
	info := weightInfo()
	base, bars := syntheticTornado()
	bars = append(bars,
		analysis.TornadoBar{Name: "weights.shared_opposition", Low: 0.05, High: 0.11, LowX: 0.72, HighX: 1.68},
		analysis.TornadoBar{Name: "weights.consent_threshold", Low: 0.12, High: 0.04, LowX: 0.21, HighX: 0.69})
	for i := range bars {
		bars[i].Index, bars[i].Swing = i, bars[i].High-bars[i].Low
	}
	d := tornadoRows(base, bars, info, maxTornadoRows)
	weights := 0
	for _, r := range d.Rows {
		if r.Weight != strings.HasPrefix(r.Name, "weights.") {
			t.Errorf("tornado row %s: weight %v", r.Name, r.Weight)
		}
		if r.Weight {
			weights++
			if !strings.HasPrefix(r.Label, "Weight: ") {
				t.Errorf("tornado row %s: label %q", r.Name, r.Label)
			}
		}
	}
	if weights != 2 {
		t.Errorf("%d weight rows, want 2", weights)
	}
	for k, b := range tornadoBars(d) {
		if b.weight != d.Rows[k/2].Weight {
			t.Errorf("tornado bar %d of %s: weight %v", k, d.Rows[k/2].Name, b.weight)
		}
	}

	mres := syntheticMorris()
	mres[1].Name = "weights.shared_opposition"
	sres := syntheticSobol()
	sres.Indices[0].Name = "weights.consent_threshold"
	pts, _ := morrisPoints(mres, info)
	for _, pt := range pts {
		if pt.Weight != (pt.Name == "weights.shared_opposition") {
			t.Errorf("Morris point %s: weight %v", pt.Name, pt.Weight)
		}
	}
	for _, r := range sobolRows(sres.Indices, info, maxSobolRows).Rows {
		if r.Weight != (r.Name == "weights.consent_threshold") {
			t.Errorf("Sobol row %s: weight %v", r.Name, r.Weight)
		}
	}

	build := func(info AnalysisInfo) map[string]*Chart {
		tc, err := Tornado(base, bars, info, Options{})
		if err != nil {
			t.Fatal(err)
		}
		mc, err := MorrisPlot(mres, info, Options{})
		if err != nil {
			t.Fatal(err)
		}
		sc, err := SobolBars(sres, info, Options{})
		if err != nil {
			t.Fatal(err)
		}
		return map[string]*Chart{KindTornado: tc, KindMorris: mc, KindSobol: sc}
	}
	legend := map[string]string{KindTornado: weightLegend, KindMorris: "Hollow: a model weight", KindSobol: weightLegend}
	marked := build(info)
	plain := info
	plain.Weights = nil
	unmarked := build(plain)
	for kind, ch := range marked {
		if !hasLegend(ch, legend[kind]) || !strings.Contains(ch.Description, "weights") {
			t.Errorf("%s: no legend entry %q or description for the weights: %q", kind, legend[kind], ch.Description)
		}
		if hasLegend(unmarked[kind], legend[kind]) {
			t.Errorf("%s: legend entry %q without weights", kind, legend[kind])
		}
		var a, b bytes.Buffer
		if _, err := ch.WriteTo(&a, "svg", Options{}); err != nil {
			t.Fatal(err)
		}
		if _, err := unmarked[kind].WriteTo(&b, "svg", Options{}); err != nil {
			t.Fatal(err)
		}
		if bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("%s: the weights are drawn as the other inputs", kind)
		}
		for _, f := range Formats {
			if _, err := ch.WriteTo(io.Discard, f, Options{}); err != nil {
				t.Errorf("%s as %s: %v", kind, f, err)
			}
		}
	}
	if dir := os.Getenv("PLOTS_REVIEW_DIR"); dir != "" {
		d := filepath.Join(dir, "analysis-weights")
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if _, err := RenderAnalysis(marked, d, []string{"png", "svg"}, Options{DPI: 200}); err != nil {
			t.Fatal(err)
		}
	}
}
