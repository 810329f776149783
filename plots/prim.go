package plots

import (
	"fmt"
	"image/color"
	"math"
	"strings"

	"gonum.org/v1/plot"
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
		cs[i].Color = sequentialColor(0.5)
		if len(cs) > 1 {
			cs[i].Color = sequentialColor(0.15 + 0.85*float64(i)/float64(len(cs)-1))
		}
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

// boxOK reports whether a box has valid statistics.
func boxOK(b analysis.PrimBox) bool {
	return finite(b.Coverage, b.Density, b.Mass) && b.Coverage >= 0 && b.Coverage <= 1 && b.Density >= 0 && b.Density <= 1
}

// primOutcome names PRIM's outcome as an event for the chart's phrases:
// info.Output as given, "the outcome" when it is empty, and "P(alliance by
// 2036)" read as "an alliance by 2036".
func primOutcome(out string) string {
	out = strings.TrimSpace(out)
	if inner, ok := strings.CutPrefix(out, "P("); ok && strings.HasSuffix(inner, ")") && len(inner) > 1 {
		inner = strings.TrimSuffix(inner, ")")
		if strings.ContainsRune("aeiouAEIOU", rune(inner[0])) {
			return "an " + inner
		}
		return "a " + inner
	}
	return orDefault(out, "the outcome")
}

func primText(res *analysis.PrimResult, info AnalysisInfo, o Options) chartText {
	out, what, n := primOutcome(info.Output), "PRIM", res.N
	if info.Draws > 0 {
		n = info.Draws
	}
	if n > 0 {
		what += " on " + format.Thousands(int64(n)) + " draws"
	}
	if res.Cases > 0 {
		what += fmt.Sprintf(" (%s with %s)", format.Thousands(int64(res.Cases)), out)
	}
	t := chartText{title: "Conditions that concentrate " + out + " (PRIM scenario discovery): " + info.scenario(),
		subtitles: []string{"Each point is a box, a set of conditions on the inputs: each added condition moves it left and up", "Each point is a box of conditions; more conditions: left and up"},
		x:         "Coverage (share of all runs with " + out + " that are in the box)", y: "Density (share of the box's runs with " + out + ")", caption: info.caption(what, o),
		desc: "Scenario discovery with PRIM: each point is a box, a set of conditions on the inputs, from the box with no conditions (right) " +
			"to ever narrower boxes (left, darker points have more conditions). Coverage is the share of all runs with " + out +
			" that the box holds; density the share of the box's runs that have it. The ringed box is the one chosen: " +
			"it trades some coverage for a higher density; further peeling buys little density for much coverage."}
	var conds []string
	for _, r := range res.Box.Restrictions {
		conds = append(conds, analysis.SentenceStyle{Labels: map[string]string{r.Name: info.label(r.Name)}}.Condition(r))
	}
	if len(conds) > 0 && boxOK(res.Box) {
		t.desc += " The chosen box: " + strings.Join(conds, "; ") + "."
	}
	return t
}

// primMarks are the trajectory's valid boxes as points coloured by class,
// each with a thin rim, joined in peeling order, and the legend of the
// classes present; skipped counts the invalid boxes.
func primMarks(ch *Chart, res *analysis.PrimResult) (ps []plot.Plotter, avoid []pointLabel, skipped int) {
	maxK := 0
	for _, b := range res.Trajectory {
		maxK = max(maxK, len(b.Restrictions))
	}
	classes := primClasses(maxK)
	path := &plotter.Line{LineStyle: lineStyle(color.RGBA{R: 0xb0, G: 0xb0, B: 0xb0, A: 0xff}, 0.8)}
	rim := &plotter.Scatter{GlyphStyle: glyph(color.RGBA{R: 0x40, G: 0x40, B: 0x40, A: 0xff}, 2.8, markGlyph{Shape: shapeCircle, Outline: vg.Points(0.4)})}
	scatters := make([]*plotter.Scatter, len(classes))
	for i, c := range classes {
		scatters[i] = &plotter.Scatter{GlyphStyle: glyph(c.Color, 2.8, draw.CircleGlyph{})}
	}
	for _, b := range res.Trajectory {
		if !boxOK(b) {
			skipped++
			continue
		}
		xy := plotter.XY{X: b.Coverage, Y: b.Density}
		s := scatters[classOf(len(b.Restrictions), classes)]
		s.XYs, rim.XYs, path.XYs = append(s.XYs, xy), append(rim.XYs, xy), append(path.XYs, xy)
		avoid = append(avoid, pointLabel{X: xy.X, Y: xy.Y})
	}
	ps = append(ps, path)
	for i, s := range scatters {
		if len(s.XYs) > 0 {
			ps = append(ps, s)
			ch.AddLegend(classes[i].Name(), s, &plotter.Scatter{GlyphStyle: rim.GlyphStyle})
		}
	}
	return append(ps, rim), avoid, skipped
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
	ch, p := newChart(primText(res, info, o))
	marks, avoid, skipped := primMarks(ch, res)
	n, notes := len(res.Trajectory), []string(nil)
	switch {
	case n == 0:
		notes = append(notes, "No boxes: nothing to plot")
	case skipped == n:
		notes = append(notes, "No box has valid statistics: nothing to plot")
	case skipped > 0:
		notes = append(notes, fmt.Sprintf("%d of %d boxes left out: invalid values", skipped, n))
	}
	if n == 1 && skipped == 0 {
		notes = append(notes, "No condition raises the density: the trajectory is the one box with no conditions")
	}
	ch.Note, ch.Empty = joinNotes(notes), skipped == n
	box := res.Box
	chosen := &plotter.Scatter{XYs: plotter.XYs{{X: box.Coverage, Y: box.Density}}, GlyphStyle: glyph(AccentColor, 6, markGlyph{Shape: shapeCircle, Outline: vg.Points(1.6)})}
	if boxOK(box) && !ch.Empty {
		ch.AddLegend("Chosen box", chosen)
	}
	base := &refLine{At: math.NaN(), Style: lineStyle(axisColor, 0.9, dashed...)}
	if res.N > 0 && res.Cases >= 0 && res.Cases <= res.N && !ch.Empty {
		base.At = float64(res.Cases) / float64(res.N)
		ch.AddLegend("All runs ("+shareLabel(base.At, 1)+")", base)
	}
	p.X.Padding, p.Y.Padding = vg.Points(4), vg.Points(4)
	w, h, ok := ch.fit(o, vg.Points(100), 0, 0)
	probabilityAxis(&p.X, 1, intervals(w, 40, 10))
	probabilityAxis(&p.Y, 1, yIntervals(h))
	if !ok {
		return ch, nil
	}
	p.Add(gridLines{}, gridLines{vertical: true}, base)
	p.Add(marks...)
	if boxOK(box) {
		label := fmt.Sprintf("Chosen box: coverage %s, density %s,\nmass %s of runs, %d %s", shareLabel(box.Coverage, 0), shareLabel(box.Density, 0),
			shareLabel(box.Mass, 0), len(box.Restrictions), plural(len(box.Restrictions), "condition", "conditions"))
		p.Add(chosen, &pointLabels{Labels: []pointLabel{{X: box.Coverage, Y: box.Density, Text: label}}, Style: textStyle(sansFont, tickSize, inkColor),
			Avoid: append(avoid, pointLabel{X: box.Coverage, Y: box.Density}), Radius: vg.Points(3), Halo: withAlpha(white, 0.85),
			// Up first: the boxes lie on a falling curve, with room above it.
			Angles: []float64{90, 67.5, 112.5, 45, 135, 157.5, -90, -67.5, -112.5, 0, 180}, AnglesFirst: true})
	}
	probabilityAxis(&p.X, 1, intervals(w, 40, 10))
	probabilityAxis(&p.Y, 1, yIntervals(h))
	return ch, nil
}
