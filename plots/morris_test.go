package plots

import (
	"math"
	"testing"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/alliancesim/alliancesim/analysis"
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

// TestMorrisLabels lays out the Morris chart's labels: each is anchored at
// its own point and, unless a leader line ties it there, nearer to it than
// to any other point; and the most influential inputs are all labelled,
// also on a crowded small chart.
func TestMorrisLabels(t *testing.T) {
	t.Parallel()
	crowded := syntheticMorris()
	for i := range crowded[1:6] { // the second to sixth inputs close together
		crowded[i+1].MuStar, crowded[i+1].Sigma = 0.05+0.002*float64(i), 0.04+0.002*float64(i%2)
	}
	for _, tc := range []struct {
		res []analysis.MorrisResult
		o   Options
	}{{syntheticMorris(), Options{}}, {crowded, Options{}}, {crowded, Options{Width: 12 * vg.Centimeter, Height: 9 * vg.Centimeter}}} {
		ch, err := MorrisPlot(tc.res, testInfo(), tc.o)
		if err != nil {
			t.Fatal(err)
		}
		o, _ := tc.o.withDefaults()
		c := draw.New(vgimg.New(o.Width, o.Height))
		da := ch.Plot.DataCanvas(draw.Canvas{Canvas: c.Canvas, Rectangle: ch.layOut(c.Rectangle, boldFont).plot})
		placed := ch.labels.layout(da, ch.Plot)
		// The four most influential inputs are labelled even in a crowd.
		for i, l := range ch.labels.Labels[:4] {
			if i >= len(placed) || placed[i].text != l.Text {
				t.Errorf("%q not labelled (%d of %d placed)", l.Text, len(placed), len(ch.labels.Labels))
			}
		}
		if tc.o.Width == 0 && &tc.res[0] != &crowded[0] && len(placed) != maxMorrisLabels {
			t.Errorf("%d of %d labels placed", len(placed), maxMorrisLabels)
		}
		trX, trY := ch.Plot.Transforms(&da)
		for _, d := range placed {
			var own pointLabel
			for _, l := range ch.labels.Labels {
				if l.Text == d.text {
					own = l
				}
			}
			if d.pt != (vg.Point{X: trX(own.X), Y: trY(own.Y)}) {
				t.Errorf("label %q anchored at %v, not at its point", d.text, d.pt)
			}
			for _, a := range ch.labels.Avoid {
				if d.leader { // the leader ties it to its point
					break
				}
				pt := vg.Point{X: trX(a.X), Y: trY(a.Y)}
				if !ch.labels.near(pt, d.pt) && boxDist(pt, d.box) <= boxDist(d.pt, d.box) {
					t.Errorf("label %q is nearer the point at (%.2f, %.2f) than its own", d.text, a.X, a.Y)
				}
			}
		}
	}
}
