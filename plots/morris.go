package plots

import (
	"fmt"
	"image/color"
	"math"
	"sort"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/alliancesim/alliancesim/analysis"
)

// maxMorrisLabels is how many of the most influential inputs the Morris
// chart labels.
const maxMorrisLabels = 8

// Directions of an input's effect in the Morris chart: the mean effect μ
// positive (raises) or negative (lowers) and at least half μ* in size, or
// effects of both signs (|μ| below half μ*).
const (
	morrisRaises = iota
	morrisLowers
	morrisMixed
)

// morrisPoint is one input in display units (percentage points for a
// probability); Lo and Hi are μ* ± the half-width of its 95% interval (Lo ≥
// 0), or μ* itself without one.
type morrisPoint struct {
	Label                     string
	MuStar, Sigma, Mu, Lo, Hi float64
	Direction                 int
	Weight                    bool // a model weight, drawn hollow
}

// morrisPoints converts the results to display units, leaving out inputs
// with invalid statistics, ordered by μ*, largest first.
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
		pt := morrisPoint{Label: info.standalone(r.Name), Weight: info.Weights[r.Name], MuStar: scale * r.MuStar, Sigma: scale * r.Sigma, Mu: scale * r.Mu}
		pt.Lo, pt.Hi = pt.MuStar, pt.MuStar
		if finite(r.MuStarConf) && r.MuStarConf > 0 {
			pt.Lo, pt.Hi = math.Max(0, pt.MuStar-scale*r.MuStarConf), pt.MuStar+scale*r.MuStarConf
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

// morrisStyle is the glyph of a direction: an upward blue triangle for an
// input that raises the output, a downward orange one for one that lowers
// it, a grey circle for one with effects of both signs; hollow for a model
// weight.
func morrisStyle(dir int, hollow bool) draw.GlyphStyle {
	g := []draw.GlyphStyle{glyph(raiseColor, 3.4, draw.PyramidGlyph{}), glyph(lowerColor, 3.4, markGlyph{Shape: shapeDown}),
		glyph(color.RGBA{R: 0x60, G: 0x60, B: 0x60, A: 0xff}, 2.8, draw.CircleGlyph{})}[dir]
	if hollow {
		g.Shape = markGlyph{Shape: dir, Outline: vg.Points(1.2), OnWhite: true}
	}
	return g
}

func morrisText(res []analysis.MorrisResult, info AnalysisInfo, o Options) chartText {
	out, unit, evals, what := info.output(), "", 0, "Morris"
	if info.Probability {
		unit = " (percentage points)"
	}
	if len(res) > 0 {
		evals = len(res[0].Effects) * (len(res) + 1)
		if len(res[0].Effects) > 0 {
			what = fmt.Sprintf("Morris, %d trajectories", len(res[0].Effects))
		}
	}
	return chartText{title: "Which inputs matter for " + out + " (Morris screening): " + info.scenario(),
		subtitles: []string{"Further right: more influence. Higher: the effect depends more on the other inputs", "Right: more influence · higher: depends more on other inputs"},
		x:         "μ*: mean absolute effect on " + out + unit, y: "σ: spread of the effects" + unit, caption: info.caption(design(what, info.evaluations(evals), ""), o),
		below: true, // the labels need the width more than the legend needs a column
		desc: "Morris screening: for each input, μ* (across) is the average size of the change in " + out +
			" when the input moves across its range, and σ (up) how much that change varies from one combination of the other inputs to another. " +
			"Inputs near the origin can be fixed without changing the answer; inputs above the dashed line σ = μ* have effects that depend on the other inputs " +
			"(interactions) or are non-linear. Triangles up: the input raises " + out + "; down: it lowers it; circles: effects of either sign. " +
			"The thin horizontal lines are 95% bootstrap intervals of μ*."}
}

// morrisNotes are the notes of the Morris chart.
func morrisNotes(res []analysis.MorrisResult, pts []morrisPoint, invalid []string, out string) string {
	var notes []string
	switch {
	case len(res) == 0:
		notes = append(notes, "No inputs: nothing to plot")
	case len(pts) == 0:
		notes = append(notes, "No input has valid statistics: nothing to plot")
	case len(invalid) > 0:
		notes = append(notes, "Left out, not a number: "+strings.Join(invalid, ", "))
	}
	zero := len(pts) > 0
	for _, pt := range pts {
		zero = zero && pt.Hi == 0 && pt.Sigma == 0
	}
	if zero {
		notes = append(notes, "No input changes "+out+" at any point of the design")
	}
	return joinNotes(notes)
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
	ch, p := newChart(morrisText(res, info, o))
	pts, invalid := morrisPoints(res, info)
	ch.Note, ch.Empty = morrisNotes(res, pts, invalid, info.output()), len(pts) == 0
	ref := &plotter.Line{LineStyle: lineStyle(axisColor, 0.9, dashed...)}
	whisker := lineStyle(color.RGBA{R: 0x9a, G: 0x9a, B: 0x9a, A: 0xff}, 0.8)
	scatters, legend := morrisScatters(pts, info.output())
	ch.Legend = append(ch.Legend, legend...)
	if hasWeight(pts) {
		ch.Description += " Hollow marks are the model's weights (its coefficients, thresholds and noise scales), each drawn over its prior range; filled marks are the scenario's inputs."
	}
	ch.AddLegend("σ = μ*: above it, effects vary with other inputs", ref)
	ch.AddLegend("95% interval of μ*", &plotter.Line{LineStyle: whisker})
	w, h, ok := ch.fit(o, vg.Points(100), 0, 0)
	if !ok {
		valueAxis(&p.X, 0, 1, 4)
		valueAxis(&p.Y, 0, 1, 4)
		return ch, nil
	}
	lsty := textStyle(sansFont, tickSize-0.5, inkColor)
	var xmax, ymax float64
	var avoid, labels []pointLabel
	ps := []plot.Plotter{gridLines{}, gridLines{vertical: true}, ref}
	for i, pt := range pts {
		xmax, ymax = math.Max(xmax, pt.Hi), math.Max(ymax, pt.Sigma)
		if pt.Hi > pt.Lo {
			ps = append(ps, &plotter.Line{XYs: plotter.XYs{{X: pt.Lo, Y: pt.Sigma}, {X: pt.Hi, Y: pt.Sigma}}, LineStyle: whisker})
		}
		avoid = append(avoid, pointLabel{X: pt.MuStar, Y: pt.Sigma})
		if i < maxMorrisLabels && pt.MuStar > 0 {
			labels = append(labels, pointLabel{X: pt.MuStar, Y: pt.Sigma, Text: fitText(lsty, pt.Label, 0.45*w)})
		}
	}
	// Head room for the labels of the points near the top and the right.
	valueAxis(&p.X, 0, orOne(xmax)*1.04, intervals(w, 45, 8))
	valueAxis(&p.Y, 0, orOne(ymax)*1.08, yIntervals(h))
	top := math.Max(p.X.Max, p.Y.Max)
	ref.XYs = plotter.XYs{{X: 0, Y: 0}, {X: top, Y: top}}
	axes := [4]float64{p.X.Min, p.X.Max, p.Y.Min, p.Y.Max}
	p.Add(append(ps, scatters...)...)
	p.Add(&pointLabels{Labels: labels, Style: lsty, Avoid: avoid, Radius: vg.Points(3.4), Halo: withAlpha(white, 0.8)})
	// The axes keep their round ranges: the reference line would stretch
	// them to its end.
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = axes[0], axes[1], axes[2], axes[3]
	return ch, nil
}

func orOne(v float64) float64 {
	if v == 0 {
		return 1
	}
	return v
}

func hasWeight(pts []morrisPoint) bool {
	for _, pt := range pts {
		if pt.Weight {
			return true
		}
	}
	return false
}

// morrisScatters are the points by direction, filled for the scenario's
// inputs and hollow for the model's weights, hollow ones under the filled,
// and the legend entries of the directions present.
func morrisScatters(pts []morrisPoint, out string) ([]plot.Plotter, []LegendEntry) {
	var sc [6]*plotter.Scatter // by direction; the weights at 3 + direction
	var present [3]bool
	for k := range sc {
		sc[k] = &plotter.Scatter{GlyphStyle: morrisStyle(k%3, k >= 3)}
	}
	for _, pt := range pts {
		k := pt.Direction
		present[k] = true
		if pt.Weight {
			k += 3
		}
		sc[k].XYs = append(sc[k].XYs, plotter.XY{X: pt.MuStar, Y: pt.Sigma})
	}
	var legend []LegendEntry
	for k, name := range []string{"Raises " + out, "Lowers it", "Effects of either sign"} {
		if present[k] {
			legend = append(legend, LegendEntry{Name: name, Thumbs: []plot.Thumbnailer{sc[k]}})
		}
	}
	if hasWeight(pts) {
		legend = append(legend, LegendEntry{Name: "Hollow: a model weight", Thumbs: []plot.Thumbnailer{&plotter.Scatter{GlyphStyle: morrisStyle(morrisMixed, true)}}})
	}
	var ps []plot.Plotter
	for k := len(sc) - 1; k >= 0; k-- {
		if len(sc[k].XYs) > 0 {
			ps = append(ps, sc[k])
		}
	}
	return ps, legend
}
