package plots

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/alliancesim/alliancesim/analysis"
	"github.com/alliancesim/alliancesim/internal/format"
)

// maxConvergenceInputs is how many inputs the convergence chart follows.
const maxConvergenceInputs = 5

// convergenceSeries is one input's indices by base sample size.
type convergenceSeries struct {
	Name, Label string
	// ST and S1 are the estimates by N; STLo and STHi the edges of the
	// total effect's 95% interval (points with no interval are left out of
	// the band).
	ST, S1, STLo, STHi plotter.XYs
}

// convergenceData picks the inputs with the largest total effect at the
// largest sample size and follows their indices across the sample sizes.
// Points with non-finite estimates are left out.
func convergenceData(conv *analysis.ConvergenceResult, info AnalysisInfo, k int) (series []convergenceSeries, ns []int, skipped int) {
	if len(conv.Points) == 0 {
		return nil, nil, 0
	}
	last := conv.Points[len(conv.Points)-1]
	order := last.Ranking
	if len(order) != len(last.Indices) {
		order = rankIndices(last.Indices)
	}
	for _, i := range order {
		if len(series) == k {
			break
		}
		if i < 0 || i >= len(last.Indices) || !finite(last.Indices[i].ST) {
			continue
		}
		name := last.Indices[i].Name
		s := convergenceSeries{Name: name, Label: info.standalone(name)}
		for _, pt := range conv.Points {
			x := float64(pt.N)
			ix, ok := findIndex(pt.Indices, name, i)
			if !ok || pt.N <= 0 {
				skipped++
				continue
			}
			if finite(ix.ST) {
				s.ST = append(s.ST, plotter.XY{X: x, Y: ix.ST})
				if finite(ix.STLo, ix.STHi) && ix.STLo <= ix.STHi {
					s.STLo = append(s.STLo, plotter.XY{X: x, Y: math.Min(ix.STLo, ix.ST)})
					s.STHi = append(s.STHi, plotter.XY{X: x, Y: math.Max(ix.STHi, ix.ST)})
				}
			} else {
				skipped++
			}
			if finite(ix.S1) {
				s.S1 = append(s.S1, plotter.XY{X: x, Y: ix.S1})
			} else {
				skipped++
			}
		}
		series = append(series, s)
	}
	for _, pt := range conv.Points {
		if pt.N > 0 {
			ns = append(ns, pt.N)
		}
	}
	return series, ns, skipped
}

// findIndex finds an input's index by name, trying position i first.
func findIndex(idx []analysis.SobolIndex, name string, i int) (analysis.SobolIndex, bool) {
	if i >= 0 && i < len(idx) && idx[i].Name == name {
		return idx[i], true
	}
	for _, ix := range idx {
		if ix.Name == name {
			return ix, true
		}
	}
	return analysis.SobolIndex{}, false
}

// rankIndices orders indices by total effect, largest first.
func rankIndices(idx []analysis.SobolIndex) []int {
	r := &analysis.SobolResult{Indices: idx}
	return r.Ranking()
}

// convergenceNote shortens the convergence warnings for the chart's note,
// building each from the warning's fields (the full text goes in the
// description). A kind without a short form gives the first sentence of
// its text.
func convergenceNote(reasons []analysis.Warning) string {
	var parts []string
	for _, w := range reasons {
		s := convergenceShort(w)
		if s == "" {
			s = w.String()
			if i := strings.Index(s, ". "); i > 0 {
				s = s[:i]
			}
			s = strings.TrimSuffix(s, ".")
		}
		if s != "" {
			parts = append(parts, s)
		}
	}
	if len(parts) == 0 {
		return ""
	}
	parts[0] = strings.ToLower(parts[0][:1]) + parts[0][1:]
	return "Not settled: " + strings.Join(parts, "; ")
}

// convergenceShort is the short form of one warning, or "" if it has none.
func convergenceShort(w analysis.Warning) string {
	switch w.Kind {
	case analysis.OrderChanged:
		return fmt.Sprintf("the order of the leading inputs changed between N = %s and N = %s", format.Thousands(int64(w.PrevN)), format.Thousands(int64(w.N)))
	case analysis.OneSampleSize:
		return "only one sample size, so the ranking's stability cannot be checked"
	case analysis.WideIntervals:
		// The widths to two significant digits, as in the warning; one
		// in exponent form (below 0.0001 or from 100) or not a number
		// reads better in the warning's own words.
		value, limit := fmt.Sprintf("%.2g", w.Value), fmt.Sprintf("%.2g", w.Limit)
		if !plainDecimal(value) || !plainDecimal(limit) {
			return ""
		}
		return fmt.Sprintf("intervals up to ±%s (target ±%s): about N = %s would do", value, limit, format.Thousands(int64(w.Suggested)))
	}
	return ""
}

// plainDecimal reports whether s is only digits and decimal points.
func plainDecimal(s string) bool {
	return s != "" && strings.Trim(s, "0123456789.") == ""
}

// SobolConvergencePlot draws how the Sobol indices of the (up to five)
// most influential inputs change with the base sample size N: the total
// effect ST as a solid line with its 95% interval as a band, the
// first-order index S1 as a dashed line, one colour and glyph per input,
// N on a doubling (log 2) axis. The note gives the convergence warnings
// in short, built from conv.Reasons (a result with Warnings but no Reasons
// gets a bare "Not settled"), or the subtitle says that the ranking has
// settled; the description quotes conv.Warnings in full.
func SobolConvergencePlot(conv *analysis.ConvergenceResult, info AnalysisInfo, o Options) (*Chart, error) {
	if conv == nil {
		return nil, errNilConvergence
	}
	o, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	out := info.output()
	p := newPlot("Base sample size N (doubling)", "Sobol index (share of variance)")
	p.Y.Padding = vg.Points(8) // the first and last points stay off the axis
	what := "Sobol convergence"
	var lastN, evals int
	if len(conv.Points) > 0 {
		lastN, evals = conv.Points[len(conv.Points)-1].N, conv.Points[len(conv.Points)-1].Evaluations
	}
	if conv.Final != nil {
		lastN, evals = conv.Final.N, conv.Final.Evaluations
	}
	if lastN > 0 {
		what += ", N up to " + format.Thousands(int64(lastN))
	}
	if e := info.evaluations(evals); e != "" {
		what += ": " + e
	}
	ch := &Chart{
		Title:   "Convergence of the Sobol indices of " + out + ": " + info.scenario(),
		Plot:    p,
		Caption: info.caption(what, o),
		Description: "The Sobol indices of the most influential inputs, computed on the first N points of one design, as N doubles: " +
			"solid lines are total effects (ST) with their 95% bootstrap intervals as bands, dashed lines first-order indices (S1). " +
			"Lines that have levelled off and no longer cross, with narrow bands, mean the ranking can be trusted.",
	}
	series, ns, skipped := convergenceData(conv, info, maxConvergenceInputs)
	var notes []string
	switch {
	case len(conv.Points) == 0:
		notes = append(notes, "No sample sizes: nothing to plot")
	case len(series) == 0:
		notes = append(notes, "No input has valid indices: nothing to plot")
	}
	if len(series) > 0 {
		if conv.Settled {
			ch.Subtitle = "Ranking settled: the leading inputs kept their order at the two largest N, with narrow intervals"
			if subtitleStyle().Width(ch.Subtitle) > o.Width-2*vg.Points(marginPt) {
				ch.Subtitle = "Ranking settled at the two largest N"
			}
		} else if s := convergenceNote(conv.Reasons); s != "" {
			notes = append(notes, s)
		} else {
			notes = append(notes, "Not settled")
		}
		if skipped > 0 {
			notes = append(notes, fmt.Sprintf("%d values left out: not a number", skipped))
		}
	}
	if len(conv.Warnings) > 0 {
		ch.Description += " Warnings: " + strings.Join(conv.Warnings, " ")
	}
	ch.Note = joinNotes(notes)
	ch.Empty = len(series) == 0

	type drawn struct {
		band   *Band
		st, s1 *plotter.Line
		pts    *plotter.Scatter
	}
	var lines []drawn
	// Labels as long as a legend column on the right may take.
	labelMax := vg.Length(legendShare)*(o.Width-2*vg.Points(marginPt)) - vg.Points(legendGapPt+thumbWPt+thumbTextPt+1)
	for i, s := range series {
		c := seriesColor(i)
		gs := draw.GlyphStyle{Color: c, Radius: vg.Points(2.4), Shape: glyphShapes[i%len(glyphShapes)]}
		d := drawn{
			band: &Band{Top: s.STHi, Bottom: s.STLo, Color: withAlpha(c, 0.15)},
			st:   &plotter.Line{XYs: s.ST, LineStyle: draw.LineStyle{Color: c, Width: vg.Points(1.5)}},
			s1:   &plotter.Line{XYs: s.S1, LineStyle: draw.LineStyle{Color: c, Width: vg.Points(1.1), Dashes: []vg.Length{vg.Points(4), vg.Points(2.5)}}},
			pts:  &plotter.Scatter{XYs: s.ST, GlyphStyle: gs},
		}
		lines = append(lines, d)
		ch.AddLegend(fitText(legendStyle(), s.Label, labelMax), d.st, d.pts)
	}
	if len(series) > 0 {
		grey := draw.LineStyle{Color: axisColor, Width: vg.Points(1.5)}
		ch.AddLegend("ST, band: 95% interval", &Band{Color: withAlpha(axisColor, 0.15)}, &plotter.Line{LineStyle: grey})
		grey.Width, grey.Dashes = vg.Points(1.1), []vg.Length{vg.Points(4), vg.Points(2.5)}
		ch.AddLegend("S1", &plotter.Line{LineStyle: grey})
	}
	ch.fitLegend(o)
	ch.fitXLabel(o)
	_, dataH := ch.fitAxes(o)
	_, dataH = ch.shedSubtitle(o, dataH, vg.Points(80))
	p.X.Tick.Marker = nTicks(ns)
	if ch.Empty || !ch.roomFor(o, dataH) {
		p.X.Min, p.X.Max = 1, 2
		if len(ns) > 0 {
			p.X.Min, p.X.Max = float64(ns[0])/1.5, float64(ns[len(ns)-1])*1.5
		}
		p.X.Scale = plot.LogScale{}
		valueAxis(&p.Y, 0, 1, 4)
		return ch, nil
	}
	lo, hi := 0.0, 0.0
	for _, s := range series {
		for _, xys := range []plotter.XYs{s.ST, s.S1, s.STLo, s.STHi} {
			for _, xy := range xys {
				lo, hi = math.Min(lo, xy.Y), math.Max(hi, xy.Y)
			}
		}
	}
	if hi <= 0 {
		hi = 0.1
	}
	p.Add(horizontalGrid())
	if lo < 0 { // the zero line
		p.Add(&refLine{At: 0, Style: draw.LineStyle{Color: axisColor, Width: vg.Points(0.6)}})
	}
	for _, d := range lines {
		if len(d.band.Top) == 1 && len(d.band.Bottom) == 1 {
			// One sample size: the interval as a narrow block, to stay
			// visible on the log axis.
			t, b := d.band.Top[0], d.band.Bottom[0]
			d.band.Top = plotter.XYs{{X: t.X / 1.04, Y: t.Y}, {X: t.X * 1.04, Y: t.Y}}
			d.band.Bottom = plotter.XYs{{X: b.X / 1.04, Y: b.Y}, {X: b.X * 1.04, Y: b.Y}}
		}
		if len(d.band.Top) > 0 && len(d.band.Bottom) > 0 {
			p.Add(d.band)
		}
	}
	for k := len(lines) - 1; k >= 0; k-- {
		d := lines[k]
		if len(d.s1.XYs) > 0 {
			p.Add(d.s1)
		}
		if len(d.st.XYs) > 0 {
			p.Add(d.st, d.pts)
		}
	}
	// The axes are set once the marks are added, which would stretch them
	// to their data.
	valueAxis(&p.Y, lo, hi*1.04, yIntervals(dataH))
	p.X.Scale = plot.LogScale{}
	p.X.Min, p.X.Max = float64(ns[0]), float64(ns[len(ns)-1])
	if p.X.Min == p.X.Max {
		p.X.Min, p.X.Max = p.X.Min/1.5, p.X.Max*1.5
	}
	return ch, nil
}

// nTicks marks the sample sizes, with thousands separators.
func nTicks(ns []int) plot.Ticker {
	ticks := make([]plot.Tick, len(ns))
	for i, n := range ns {
		ticks[i] = plot.Tick{Value: float64(n), Label: format.Thousands(int64(n))}
	}
	return plot.ConstantTicks(ticks)
}
