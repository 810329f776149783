package plots

import (
	"math"
	"testing"
)

func TestMorris(t *testing.T) {
	t.Parallel()
	res := syntheticMorris()
	res[2].Sigma = math.NaN()
	pts, invalid := morrisPoints(res, testInfo())
	if len(pts) != 9 || len(invalid) != 1 || math.Abs(pts[0].MuStar-19) > 1e-9 || pts[0].Direction != morrisLowers {
		t.Errorf("%d points, invalid %q, first %+v", len(pts), invalid, pts[0])
	}
	ch, err := MorrisPlot(syntheticMorris(), testInfo(), Options{})
	if err != nil || ch.Plot.X.Min != 0 || ch.Plot.Y.Min != 0 || ch.Empty {
		t.Errorf("%v, axes from %v and %v", err, ch.Plot.X.Min, ch.Plot.Y.Min)
	}
	if empty, _ := MorrisPlot(nil, testInfo(), Options{}); !empty.Empty || empty.Note != "No inputs: nothing to plot" {
		t.Errorf("no inputs: %q", empty.Note)
	}
}
