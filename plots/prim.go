package plots

import (
	"fmt"
	"image/color"
	"math"
	"strings"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/alliancesim/alliancesim/analysis"
	"github.com/alliancesim/alliancesim/internal/format"
)

// maxPrimClasses is how many colour classes the PRIM chart uses for the
// number of restricted inputs.
const maxPrimClasses = 6

// primClass is a range of numbers of restricted inputs, coloured alike.
type primClass struct {
	Lo, Hi int // inclusive
	Color  color.RGBA
}

// Name is the class's legend entry: "1 condition", "3–4 conditions".
func (c primClass) Name() string {
	switch {
	case c.Lo == c.Hi && c.Lo == 1:
		return "1 condition"
	case c.Lo == c.Hi:
		return fmt.Sprintf("%d conditions", c.Lo)
	}
	return fmt.Sprintf("%d–%d conditions", c.Lo, c.Hi)
}

// primClasses splits the numbers of restricted inputs, 0 to maxK, into at
// most maxPrimClasses classes of equal width, coloured light (few
// conditions) to dark (many).
func primClasses(maxK int) []primClass {
	maxK = max(0, maxK)
	width := (maxK + maxPrimClasses) / maxPrimClasses // ceil((maxK+1)/classes)
	var cs []primClass
	for lo := 0; lo <= maxK; lo += width {
		cs = append(cs, primClass{Lo: lo, Hi: min(maxK, lo+width-1)})
	}
	for i := range cs {
		t := 0.5
		if len(cs) > 1 {
			t = 0.15 + 0.85*float64(i)/float64(len(cs)-1)
		}
		cs[i].Color = sequentialColor(t)
	}
	return cs
}

// classOf is the class of k restricted inputs.
func classOf(k int, cs []primClass) int {
	for i, c := range cs {
		if k >= c.Lo && k <= c.Hi {
			return i
		}
	}
	return len(cs) - 1
}

// primPoint is one box of the peeling trajectory on the chart.
type primPoint struct {
	Coverage, Density, Mass float64
	Restricted              int
}

// primPoints extracts the trajectory's boxes, leaving out those with
// invalid statistics.
func primPoints(res *analysis.PrimResult) (pts []primPoint, skipped int) {
	for _, b := range res.Trajectory {
		if !finite(b.Coverage, b.Density, b.Mass) || b.Coverage < 0 || b.Coverage > 1 || b.Density < 0 || b.Density > 1 {
			skipped++
			continue
		}
		pts = append(pts, primPoint{Coverage: b.Coverage, Density: b.Density, Mass: b.Mass, Restricted: len(b.Restrictions)})
	}
	return pts, skipped
}

// ringGlyph is a hollow circle with a given line width, to highlight a
// point.
type ringGlyph struct{ Width vg.Length }

func (g ringGlyph) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	c.SetLineStyle(draw.LineStyle{Color: sty.Color, Width: g.Width})
	var p vg.Path
	p.Move(vg.Point{X: pt.X + sty.Radius, Y: pt.Y})
	p.Arc(pt, sty.Radius, 0, 2*math.Pi)
	p.Close()
	c.Stroke(p)
}

// PrimTradeoff draws the peeling trajectory of a PRIM scenario discovery:
// each box's coverage (the share of all runs with the outcome that fall in
// the box, across) against its density (the share of the box's runs that
// have the outcome, up), both from 0 to 100%, points coloured by the
// number of restricted inputs and joined in peeling order. The chosen box
// (after pasting) is ringed and annotated with its coverage, density and
// mass, and a dashed line marks the share of all runs with the outcome,
// the density of the box with no conditions.
func PrimTradeoff(res *analysis.PrimResult, info AnalysisInfo, o Options) (*Chart, error) {
	if res == nil {
		return nil, errNilPrim
	}
	o, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	out := primOutcome(info.Output)
	p := newPlot("Coverage (share of all runs with "+out+" that are in the box)", "Density (share of the box's runs with "+out+")")
	p.X.Padding, p.Y.Padding = vg.Points(4), vg.Points(4)
	what := "PRIM"
	n := res.N
	if info.Draws > 0 {
		n = info.Draws
	}
	if n > 0 {
		what += fmt.Sprintf(" on %s draws", format.Thousands(int64(n)))
	}
	if res.Cases > 0 {
		what += fmt.Sprintf(" (%s with %s)", format.Thousands(int64(res.Cases)), out)
	}
	ch := &Chart{
		Title:    "Conditions that concentrate " + out + " (PRIM scenario discovery): " + info.scenario(),
		Subtitle: "Each point is a box, a set of conditions on the inputs: each added condition moves it left and up",
		Plot:     p,
		Caption:  info.caption(what, o),
		Description: "Scenario discovery with PRIM: each point is a box, a set of conditions on the inputs, from the box with no conditions (right) " +
			"to ever narrower boxes (left, darker points have more conditions). Coverage is the share of all runs with " + out +
			" that the box holds; density the share of the box's runs that have it. The ringed box is the one chosen: " +
			"it trades some coverage for a higher density; further peeling buys little density for much coverage.",
	}
	pts, skipped := primPoints(res)
	var notes []string
	switch {
	case len(res.Trajectory) == 0:
		notes = append(notes, "No boxes: nothing to plot")
	case len(pts) == 0:
		notes = append(notes, "No box has valid statistics: nothing to plot")
	case skipped > 0:
		notes = append(notes, fmt.Sprintf("%d of %d boxes left out: invalid values", skipped, len(res.Trajectory)))
	}
	if subtitleStyle().Width(ch.Subtitle) > o.Width-2*vg.Points(marginPt) {
		ch.Subtitle = "Each point is a box of conditions; more conditions: left and up"
	}
	if len(res.Trajectory) == 1 && len(pts) == 1 {
		notes = append(notes, "No condition raises the density: the trajectory is the one box with no conditions")
	}
	maxK := 0
	for _, pt := range pts {
		maxK = max(maxK, pt.Restricted)
	}
	classes := primClasses(maxK)
	scatters := make([]*plotter.Scatter, len(classes))
	for i, c := range classes {
		scatters[i] = &plotter.Scatter{GlyphStyle: draw.GlyphStyle{Color: c.Color, Radius: vg.Points(2.8), Shape: draw.CircleGlyph{}}}
	}
	rim := &plotter.Scatter{GlyphStyle: draw.GlyphStyle{Color: color.RGBA{R: 0x40, G: 0x40, B: 0x40, A: 0xff}, Radius: vg.Points(2.8), Shape: ringGlyph{Width: vg.Points(0.4)}}}
	present := make([]bool, len(classes))
	for _, pt := range pts {
		k := classOf(pt.Restricted, classes)
		scatters[k].XYs = append(scatters[k].XYs, plotter.XY{X: pt.Coverage, Y: pt.Density})
		rim.XYs = append(rim.XYs, plotter.XY{X: pt.Coverage, Y: pt.Density})
		present[k] = true
	}
	for i, c := range classes {
		if present[i] {
			ch.AddLegend(c.Name(), scatters[i], &plotter.Scatter{GlyphStyle: rim.GlyphStyle})
		}
	}
	chosen := &plotter.Scatter{GlyphStyle: draw.GlyphStyle{Color: AccentColor, Radius: vg.Points(6), Shape: ringGlyph{Width: vg.Points(1.6)}}}
	box := res.Box
	boxOK := finite(box.Coverage, box.Density, box.Mass) && box.Coverage >= 0 && box.Coverage <= 1 && box.Density >= 0 && box.Density <= 1 && len(pts) > 0
	baseRate := math.NaN()
	if res.N > 0 && res.Cases >= 0 && res.Cases <= res.N {
		baseRate = float64(res.Cases) / float64(res.N)
	}
	base := &refLine{At: baseRate, Style: draw.LineStyle{Color: axisColor, Width: vg.Points(0.9), Dashes: []vg.Length{vg.Points(4), vg.Points(2.5)}}}
	if boxOK {
		ch.AddLegend("Chosen box", chosen)
		chosen.XYs = plotter.XYs{{X: box.Coverage, Y: box.Density}}
		conds := make([]string, len(box.Restrictions))
		for i, r := range box.Restrictions {
			conds[i] = conditionText(r, info)
		}
		if len(conds) > 0 {
			ch.Description += " The chosen box: " + strings.Join(conds, "; ") + "."
		}
	}
	if !math.IsNaN(baseRate) && len(pts) > 0 {
		ch.AddLegend("All runs ("+shareLabel(baseRate, 1)+")", base)
	}
	ch.Note = joinNotes(notes)
	ch.Empty = len(pts) == 0
	ch.fitLegend(o)
	ch.fitXLabel(o)
	_, dataH := ch.fitAxes(o)
	_, dataH = ch.shedSubtitle(o, dataH, vg.Points(100))
	dataW, _ := ch.dataSize(o)
	probabilityAxis(&p.X, 1, max(2, min(10, int(dataW/vg.Points(40)))))
	probabilityAxis(&p.Y, 1, yIntervals(dataH))
	if ch.Empty || !ch.roomFor(o, dataH) {
		return ch, nil
	}

	// The trajectory in peeling order, then the points, darkest on top.
	path := &plotter.Line{LineStyle: draw.LineStyle{Color: color.RGBA{R: 0xb0, G: 0xb0, B: 0xb0, A: 0xff}, Width: vg.Points(0.8)}}
	for _, pt := range pts {
		path.XYs = append(path.XYs, plotter.XY{X: pt.Coverage, Y: pt.Density})
	}
	p.Add(horizontalGrid(), verticalGrid())
	if !math.IsNaN(baseRate) {
		p.Add(base)
	}
	p.Add(path)
	for _, s := range scatters {
		if len(s.XYs) > 0 {
			p.Add(s)
		}
	}
	p.Add(rim)
	if boxOK {
		p.Add(chosen)
		sty := textStyle(sansFont, tickSize, inkColor)
		label := fmt.Sprintf("Chosen box: coverage %s, density %s,\nmass %s of runs, %d %s",
			shareLabel(box.Coverage, 0), shareLabel(box.Density, 0), shareLabel(box.Mass, 0),
			len(box.Restrictions), plural(len(box.Restrictions), "condition", "conditions"))
		p.Add(&pointLabels{Labels: []pointLabel{{X: box.Coverage, Y: box.Density, Text: label}}, Style: sty,
			Avoid: append(pointsOf(pts), pointLabel{X: box.Coverage, Y: box.Density}), Radius: vg.Points(3), Halo: withAlpha(color.RGBA{R: 255, G: 255, B: 255, A: 255}, 0.85),
			// Up first: the boxes lie on a falling curve, with room above it.
			Angles: []float64{90, 67.5, 112.5, 45, 135, 157.5, -90, -67.5, -112.5, 0, 180}, AnglesFirst: true})
	}
	probabilityAxis(&p.X, 1, max(2, min(10, int(dataW/vg.Points(40)))))
	probabilityAxis(&p.Y, 1, yIntervals(dataH))
	return ch, nil
}

// pointsOf is the trajectory's points, for labels to avoid.
func pointsOf(pts []primPoint) []pointLabel {
	out := make([]pointLabel, len(pts))
	for i, pt := range pts {
		out[i] = pointLabel{X: pt.Coverage, Y: pt.Density}
	}
	return out
}

// primOutcome names PRIM's outcome as an event for the chart's phrases
// ("runs with an alliance by 2036"): info.Output as given, "the outcome"
// when it is empty, and "P(alliance by 2036)" read as "an alliance by
// 2036".
func primOutcome(out string) string {
	out = strings.TrimSpace(out)
	if out == "" {
		return "the outcome"
	}
	if inner, ok := strings.CutPrefix(out, "P("); ok && strings.HasSuffix(inner, ")") && len(inner) > 1 {
		inner = strings.TrimSuffix(inner, ")")
		if strings.ContainsRune("aeiouAEIOU", rune(inner[0])) {
			return "an " + inner
		}
		return "a " + inner
	}
	return out
}
