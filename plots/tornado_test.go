package plots

import (
	"math"
	"testing"
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
