package plots

import (
	"math"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

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

func TestSobolCharts(t *testing.T) {
	t.Parallel()
	if v := sobolIndexValue(-0.002, -0.009, 0.005); !v.Clamped || v.Est != 0 {
		t.Errorf("small negative: %+v", v)
	}
	if v := sobolIndexValue(-0.05, -0.08, -0.02); !v.Negative || v.Est != -0.05 {
		t.Errorf("negative: %+v", v)
	}
	ch, err := SobolBars(syntheticSobol(), testInfo(), Options{})
	if err != nil || !strings.Contains(ch.Note, dagger) || !strings.HasPrefix(ch.Subtitle, "ΣS1 = 0.50") {
		t.Errorf("%v, note %q, subtitle %q", err, ch.Note, ch.Subtitle)
	}
	conv, err := SobolConvergencePlot(syntheticConvergence(false), testInfo(), Options{})
	if err != nil || !strings.HasPrefix(conv.Note, "Not settled: the order of the leading inputs changed between N = 512 and N = 1,024") {
		t.Errorf("%v, note %q", err, conv.Note)
	}
	settled, _ := SobolConvergencePlot(syntheticConvergence(true), testInfo(), Options{})
	if settled.Note != "" || !strings.HasPrefix(settled.Subtitle, "Ranking settled") {
		t.Errorf("settled: note %q, subtitle %q", settled.Note, settled.Subtitle)
	}
}

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

func TestPrim(t *testing.T) {
	t.Parallel()
	var names []string
	for _, c := range primClasses(14) {
		names = append(names, c.Name())
	}
	if want := []string{"0–2 conditions", "3–5 conditions", "6–8 conditions", "9–11 conditions", "12–14 conditions"}; !slices.Equal(names, want) {
		t.Errorf("classes %q", names)
	}
	for k, want := range map[int]string{0: "0 conditions", 1: "1 condition", 2: "2 conditions"} {
		if got := (primClass{Lo: k, Hi: k}).Name(); got != want {
			t.Errorf("class of %d: %q, want %q", k, got, want)
		}
	}
	if got := primOutcome("P(alliance by 2036)"); got != "an alliance by 2036" {
		t.Errorf("outcome %q", got)
	}
	ch, err := PrimTradeoff(syntheticPrim(20), testInfo(), Options{})
	if err != nil || ch.Empty || ch.Plot.X.Max != 1 {
		t.Errorf("%v, empty %v", err, ch.Empty)
	}
	// The density axis reaches the chosen box when pasting has raised it
	// above the trajectory's boxes (0.41 at most here).
	res := syntheticPrim(20)
	res.Box.Density = 0.9
	ch, err = PrimTradeoff(res, testInfo(), Options{})
	if err != nil || ch.Plot.Y.Max < 0.9 {
		t.Errorf("%v: density axis to %v, below the chosen box's 0.9", err, ch.Plot.Y.Max)
	}
}

// TestPercentileName checks the tornado's names of percentiles: English
// ordinals, 11th to 13th (and 111th) as exceptions, fractions as "th".
func TestPercentileName(t *testing.T) {
	t.Parallel()
	for q, want := range map[float64]string{0.01: "1st", 0.02: "2nd", 0.03: "3rd", 0.04: "4th", 0.1: "10th", 0.11: "11th",
		0.12: "12th", 0.13: "13th", 0.21: "21st", 0.22: "22nd", 0.5: "median", 0.9: "90th", 0.025: "2.5th", 0.975: "97.5th", 0.123456: "12.3th"} {
		if got := percentileName(q); got != want {
			t.Errorf("percentileName(%v) = %q, want %q", q, got, want)
		}
	}
}
