package plots

import (
	"fmt"
	"image/color"
	"math"
	"sort"
	"strings"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/alliancesim/alliancesim/analysis"
)

// maxMorrisLabels is how many of the most influential inputs the Morris
// chart labels.
const maxMorrisLabels = 8

// Directions of an input's effect in the Morris chart.
const (
	morrisRaises = iota // the mean effect μ is positive and at least half μ*
	morrisLowers        // negative, and at least half μ* in size
	morrisMixed         // effects of both signs: |μ| below half μ*
)

// morrisPoint is one input in the Morris chart, in display units
// (percentage points for a probability).
type morrisPoint struct {
	Name, Label       string
	MuStar, Sigma, Mu float64
	// Lo and Hi are μ* ± the half-width of its 95% interval (Lo ≥ 0), or
	// μ* itself when there is no interval.
	Lo, Hi    float64
	Direction int
	// Weight marks a model weight, drawn hollow.
	Weight bool
}

// morrisPoints converts the results to display units, leaving out inputs
// with NaN or infinite statistics, and orders them by μ*, largest first
// (ties in input order).
func morrisPoints(res []analysis.MorrisResult, info AnalysisInfo) (pts []morrisPoint, invalid []string) {
	scale := 1.0
	if info.Probability {
		scale = 100
	}
	for _, r := range res {
		if !finite(r.MuStar, r.Sigma, r.Mu) || r.MuStar < 0 || r.Sigma < 0 {
			invalid = append(invalid, info.label(r.Name))
			continue
		}
		pt := morrisPoint{Name: r.Name, Label: info.standalone(r.Name), Weight: info.isWeight(r.Name),
			MuStar: scale * r.MuStar, Sigma: scale * r.Sigma, Mu: scale * r.Mu}
		pt.Lo, pt.Hi = pt.MuStar, pt.MuStar
		if finite(r.MuStarConf) && r.MuStarConf > 0 {
			pt.Lo = math.Max(0, pt.MuStar-scale*r.MuStarConf)
			pt.Hi = pt.MuStar + scale*r.MuStarConf
		}
		switch {
		case math.Abs(pt.Mu) < pt.MuStar/2 || pt.MuStar == 0:
			pt.Direction = morrisMixed
		case pt.Mu > 0:
			pt.Direction = morrisRaises
		default:
			pt.Direction = morrisLowers
		}
		pts = append(pts, pt)
	}
	sort.SliceStable(pts, func(a, b int) bool { return pts[a].MuStar > pts[b].MuStar })
	return pts, invalid
}

// morrisStyle is the glyph of each direction: an upward blue triangle for
// an input that raises the output, a downward orange one for one that
// lowers it, a grey circle for one with effects of both signs.
func morrisStyle(dir int) draw.GlyphStyle {
	switch dir {
	case morrisRaises:
		return draw.GlyphStyle{Color: raiseColor, Radius: vg.Points(3.4), Shape: draw.PyramidGlyph{}}
	case morrisLowers:
		return draw.GlyphStyle{Color: lowerColor, Radius: vg.Points(3.4), Shape: downTriangle{}}
	}
	return draw.GlyphStyle{Color: color.RGBA{R: 0x60, G: 0x60, B: 0x60, A: 0xff}, Radius: vg.Points(2.8), Shape: draw.CircleGlyph{}}
}

// MorrisPlot draws the Morris elementary-effects screening: each input's
// μ* (the mean absolute effect of moving it across its distribution, x)
// against σ (the spread of its effects, y), with μ*'s 95% bootstrap
// interval as a thin horizontal line, the glyph telling whether the input
// raises the output, lowers it or does both, and the ~8 most influential
// inputs labelled. A dashed line marks σ = μ*: inputs above it have
// effects that vary strongly with the other inputs (interactions or
// non-linearity). Both axes start at 0, in the output's units
// (percentage points for a probability).
func MorrisPlot(res []analysis.MorrisResult, info AnalysisInfo, o Options) (*Chart, error) {
	o, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	out := info.output()
	unit := ""
	if info.Probability {
		unit = " (percentage points)"
	}
	p := newPlot("μ*: mean absolute effect on "+out+unit, "σ: spread of the effects"+unit)
	evals := 0
	if len(res) > 0 {
		evals = len(res[0].Effects) * (len(res) + 1)
	}
	what := "Morris"
	if len(res) > 0 && len(res[0].Effects) > 0 {
		what = fmt.Sprintf("Morris, %d trajectories", len(res[0].Effects))
	}
	if e := info.evaluations(evals); e != "" {
		what += ": " + e
	}
	ch := &Chart{
		Title:    "Which inputs matter for " + out + " (Morris screening): " + info.scenario(),
		Subtitle: "Further right: more influence. Higher: the effect depends more on the other inputs",
		Plot:     p,
		Caption:  info.caption(what, o),
		// The labels need the width more than the legend needs a column.
		legendBelow: true,
		Description: "Morris screening: for each input, μ* (across) is the average size of the change in " + out +
			" when the input moves across its range, and σ (up) how much that change varies from one combination of the other inputs to another. " +
			"Inputs near the origin can be fixed without changing the answer; inputs above the dashed line σ = μ* have effects that depend on the other inputs " +
			"(interactions) or are non-linear. Triangles up: the input raises " + out + "; down: it lowers it; circles: effects of either sign. " +
			"The thin horizontal lines are 95% bootstrap intervals of μ*.",
	}
	if subtitleStyle().Width(ch.Subtitle) > o.Width-2*vg.Points(marginPt) {
		ch.Subtitle = "Right: more influence · higher: depends more on other inputs"
	}
	pts, invalid := morrisPoints(res, info)
	refStyle := draw.LineStyle{Color: axisColor, Width: vg.Points(0.9), Dashes: []vg.Length{vg.Points(4), vg.Points(2.5)}}
	ref := &plotter.Line{LineStyle: refStyle}
	whiskerStyle := draw.LineStyle{Color: color.RGBA{R: 0x9a, G: 0x9a, B: 0x9a, A: 0xff}, Width: vg.Points(0.8)}
	// The scenario's inputs are filled glyphs, the model's weights hollow
	// ones (scatters[3:]).
	var scatters [6]*plotter.Scatter
	dirNames := [3]string{"Raises " + out, "Lowers it", "Effects of either sign"}
	present := [3]bool{}
	weights := false
	for _, pt := range pts {
		present[pt.Direction] = true
		weights = weights || pt.Weight
	}
	for k := range 3 {
		scatters[k] = &plotter.Scatter{GlyphStyle: morrisStyle(k)}
		hollow := morrisStyle(k)
		hollow.Shape = hollowGlyph{Dir: k}
		scatters[3+k] = &plotter.Scatter{GlyphStyle: hollow}
		if present[k] {
			ch.AddLegend(dirNames[k], scatters[k])
		}
	}
	if weights {
		mark := morrisStyle(morrisMixed)
		mark.Shape = hollowGlyph{Dir: morrisMixed}
		ch.AddLegend("Hollow: a model weight", &plotter.Scatter{GlyphStyle: mark})
		ch.Description += " Hollow marks are the model's weights (its coefficients, thresholds and noise scales), each drawn over its prior range; filled marks are the scenario's inputs."
	}
	if len(pts) > 0 {
		ch.AddLegend("σ = μ*: above it, effects vary with other inputs", ref)
		ch.AddLegend("95% interval of μ*", &plotter.Line{LineStyle: whiskerStyle})
	}
	var notes []string
	switch {
	case len(res) == 0:
		notes = append(notes, "No inputs: nothing to plot")
	case len(pts) == 0:
		notes = append(notes, "No input has valid statistics: nothing to plot")
	}
	if len(invalid) > 0 && len(pts) > 0 {
		notes = append(notes, "Left out, not a number: "+strings.Join(invalid, ", "))
	}
	allZero := len(pts) > 0
	for _, pt := range pts {
		allZero = allZero && pt.Hi == 0 && pt.Sigma == 0
	}
	if allZero {
		notes = append(notes, "No input changes "+out+" at any point of the design")
	}
	ch.Note = joinNotes(notes)
	ch.Empty = len(pts) == 0
	ch.fitXLabel(o)
	_, dataH := ch.fitAxes(o)
	_, dataH = ch.shedSubtitle(o, dataH, vg.Points(100))
	dataW, _ := ch.dataSize(o)
	lsty := textStyle(sansFont, tickSize-0.5, inkColor)
	if ch.Empty || !ch.roomFor(o, dataH) {
		valueAxis(&p.X, 0, 1, 4)
		valueAxis(&p.Y, 0, 1, 4)
		return ch, nil
	}

	xmax, ymax := 0.0, 0.0
	var whisk []plotter.XYs
	var avoid, labels []pointLabel
	for i, pt := range pts {
		xmax, ymax = math.Max(xmax, pt.Hi), math.Max(ymax, pt.Sigma)
		k := pt.Direction
		if pt.Weight {
			k += 3
		}
		scatters[k].XYs = append(scatters[k].XYs, plotter.XY{X: pt.MuStar, Y: pt.Sigma})
		if pt.Hi > pt.Lo {
			whisk = append(whisk, plotter.XYs{{X: pt.Lo, Y: pt.Sigma}, {X: pt.Hi, Y: pt.Sigma}})
		}
		avoid = append(avoid, pointLabel{X: pt.MuStar, Y: pt.Sigma})
		if i < maxMorrisLabels && pt.MuStar > 0 {
			labels = append(labels, pointLabel{X: pt.MuStar, Y: pt.Sigma, Text: fitText(lsty, pt.Label, 0.45*dataW)})
		}
	}
	if xmax == 0 {
		xmax = 1
	}
	if ymax == 0 {
		ymax = 1
	}
	// Head room for the labels of the points near the top and the right.
	valueAxis(&p.X, 0, xmax*1.04, max(2, min(8, int(dataW/vg.Points(45)))))
	valueAxis(&p.Y, 0, ymax*1.08, yIntervals(dataH))
	// The axes keep their round ranges: the reference line would stretch
	// them to its end.
	xmin, xmx, ymin, ymx := p.X.Min, p.X.Max, p.Y.Min, p.Y.Max
	top := math.Max(p.X.Max, p.Y.Max)
	ref.XYs = plotter.XYs{{X: 0, Y: 0}, {X: top, Y: top}}

	p.Add(horizontalGrid(), verticalGrid(), ref)
	for _, w := range whisk {
		p.Add(&plotter.Line{XYs: w, LineStyle: whiskerStyle})
	}
	for k := len(scatters) - 1; k >= 0; k-- {
		if len(scatters[k].XYs) > 0 {
			p.Add(scatters[k])
		}
	}
	p.Add(&pointLabels{Labels: labels, Style: lsty, Avoid: avoid, Radius: vg.Points(3.4), Halo: withAlpha(color.RGBA{R: 255, G: 255, B: 255, A: 255}, 0.8)})
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = xmin, xmx, ymin, ymx
	return ch, nil
}
