package plots

import (
	"math"
	"strings"
	"testing"

	"github.com/alliancesim/alliancesim/analysis"
)

func TestTornado(t *testing.T) {
	t.Parallel()
	base, bars := syntheticTornado()
	d := tornadoRows(base, bars, testInfo(), maxTornadoRows)
	if d.Flat != 1 || len(d.Rows) != 7 || d.Rows[0].Label != "Russia's value of autonomy" {
		t.Fatalf("flat %d, rows %d, first %q", d.Flat, len(d.Rows), d.Rows[0].Label)
	}
	for _, b := range tornadoBars(d) {
		if b.y0 >= b.y1 || b.from != base {
			t.Errorf("bar %+v", b)
		}
	}
	ch, err := Tornado(base, bars, testInfo(), Options{})
	if err != nil || ch.Note != "1 input with no effect left out" || ch.Plot.X.Min != 0 {
		t.Errorf("%v, note %q, axis from %v", err, ch.Note, ch.Plot.X.Min)
	}
	nan, _ := Tornado(math.NaN(), bars, testInfo(), Options{})
	if nan.Empty || nan.Subtitle != "" {
		t.Errorf("no base: empty %v, subtitle %q", nan.Empty, nan.Subtitle)
	}
	info := testInfo()
	info.Percentiles = [2]float64{0.9, 0.1}
	if _, err := Tornado(base, bars, info, Options{}); err == nil {
		t.Error("percentiles out of order accepted")
	}
}

// TestTornadoLabels checks that the bar ends read as the input's values,
// not as probabilities, and that the row labels are whole at the default
// size.
func TestTornadoLabels(t *testing.T) {
	t.Parallel()
	base, bars := syntheticTornado()
	info := testInfo()
	info.Labels = map[string]string{"china.doctrine_hazard": "The annual chance that China drops its doctrine"}
	for k, v := range testLabels {
		info.Labels[k] = v
	}
	bars = append(bars, analysis.TornadoBar{Name: "china.doctrine_hazard", Low: 0.07, High: 0.09, LowX: 0.0049, HighX: 0.015})
	d := tornadoRows(base, bars, info, maxTornadoRows)
	for _, b := range tornadoBars(d) {
		if !strings.HasPrefix(b.label, "at ") || strings.HasSuffix(b.label, "%") {
			t.Errorf("bar end %q reads as a probability", b.label)
		}
	}
	ch, err := Tornado(base, bars, info, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tk := range ch.Plot.Y.Tick.Marker.Ticks(ch.Plot.Y.Min, ch.Plot.Y.Max) {
		if strings.HasSuffix(tk.Label, "…") {
			t.Errorf("row label truncated: %q", tk.Label)
		}
	}
}
