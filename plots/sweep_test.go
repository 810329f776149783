package plots

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/plot/plotter"
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
	// A skewed surface, 0.07% to 60%: the classes follow the data, so that
	// the cells below 10% do not share one colour.
	var vs []float64
	for i := range 40 {
		vs = append(vs, 0.0007*math.Pow(1.2, float64(i)))
	}
	edges := colourBins(vs, 8)
	low := map[int]bool{}
	for _, v := range vs {
		if v < 0.099 {
			low[binOf(v, edges)] = true
		}
	}
	if len(edges) < 6 || edges[0] > vs[0] || edges[len(edges)-1] < vs[len(vs)-1] || len(low) < 3 {
		t.Errorf("colourBins = %v: %d classes below 10%%", edges, len(low))
	}
	// The contour skips the squares of a missing cell.
	g.z[3][3] = math.NaN()
	for _, s := range contourLines(g, 0.25) {
		for _, p := range s.(*plotter.Line).XYs {
			if p.X > g.xs[2] && p.X < g.xs[4] && p.Y > g.ys[2] && p.Y < g.ys[4] {
				t.Errorf("contour through the missing cell at %v", p)
			}
		}
	}
}
