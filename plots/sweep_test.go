package plots

import (
	"math"
	"strings"
	"testing"
)

func TestSweepCharts(t *testing.T) {
	t.Parallel()
	curve, err := SweepCurve(syntheticSweep1(), AnalysisInfo{}, Options{})
	if err != nil || !strings.HasPrefix(curve.Title, "P(alliance by 2036) as china.pressure varies") || !strings.HasPrefix(curve.Subtitle, "From ") {
		t.Errorf("%v, title %q, subtitle %q", err, curve.Title, curve.Subtitle)
	}
	flat := func(x, y float64) float64 { return 0.1 }
	for _, tc := range []struct {
		surface func(x, y float64) float64
		level   float64
		note    string
	}{
		{heatSurface, 0.25, ""},
		{heatSurface, 0.9, "No 90% contour: P(alliance by 2036) stays below it"},
		{flat, 0.1, "No 10% contour: P(alliance by 2036) is 10.0% on the whole grid"},
	} {
		ch, err := SweepHeatMap(syntheticSweep2(tc.surface), tc.level, AnalysisInfo{}, Options{})
		if err != nil || tc.note == "" && ch.Note != "" || !strings.Contains(ch.Note, tc.note) {
			t.Errorf("level %v: %v, note %q", tc.level, err, ch.Note)
		}
	}
	for _, bad := range []float64{-0.1, 1, math.NaN()} {
		if _, err := SweepHeatMap(syntheticSweep2(heatSurface), bad, AnalysisInfo{}, Options{}); err == nil {
			t.Errorf("level %v accepted", bad)
		}
	}
	g, bad, _ := newSweepGrid(syntheticSweep2(heatSurface))
	if x, y, ok := contourLabelAt(g, 0.25); bad != 0 || !ok || heatSurface(x, y) < 0.1 || heatSurface(x, y) > 0.4 {
		t.Errorf("contour label at (%v, %v)", x, y)
	}
	if got := colourBins(0.71, 8); len(got) != 9 || got[8] != 0.8 {
		t.Errorf("colourBins = %v", got)
	}
}
