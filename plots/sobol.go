package plots

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/alliancesim/alliancesim/analysis"
	"github.com/alliancesim/alliancesim/internal/format"
)

// The Sobol chart shows at most maxSobolRows inputs, each at least
// sobolRowPt high (two bars).
const (
	maxSobolRows = 15
	sobolRowPt   = 14
	dagger       = "†" // marks an index drawn as zero
)

// sobolValue is one index as drawn: the estimate and its 95% interval, cut
// at zero below which an index cannot be. Raw is the estimate as computed;
// HasCI is false when the bootstrap gave no interval. Clamped marks a
// slightly negative estimate whose interval includes zero, drawn as zero:
// Monte Carlo noise around a true zero. Negative marks one whose interval
// lies wholly below zero, a sign that the sample is too small, drawn as
// computed.
type sobolValue struct {
	Est, Raw, Lo, Hi         float64
	HasCI, Clamped, Negative bool
}

func sobolIndexValue(est, lo, hi float64) sobolValue {
	v := sobolValue{Est: est, Raw: est, Lo: lo, Hi: hi, HasCI: finite(lo, hi) && lo <= hi}
	if !v.HasCI {
		v.Lo, v.Hi = est, est
	}
	switch {
	case est < 0 && (!v.HasCI || hi >= 0):
		v.Est, v.Clamped = 0, true
	case est < 0:
		v.Negative = true
		v.Lo, v.Hi = math.Min(v.Lo, est), math.Max(math.Min(v.Hi, 0), est)
		return v
	}
	v.Lo, v.Hi = math.Max(0, math.Min(v.Lo, v.Est)), math.Max(v.Hi, v.Est)
	return v
}

// sobolRow is one input of the Sobol chart.
type sobolRow struct {
	Label  string
	S1, ST sobolValue
	Weight bool
}

// sobolData is the rows by total effect, largest first, and what was left
// out: Hidden inputs beyond the row limit (the largest total effect among
// them HiddenMax) and Invalid ones.
type sobolData struct {
	Rows      []sobolRow
	Hidden    int
	HiddenMax float64
	Invalid   []string
}

func sobolRows(idx []analysis.SobolIndex, info AnalysisInfo, maxRows int) sobolData {
	var d sobolData
	for _, ix := range idx {
		if !finite(ix.S1, ix.ST) {
			d.Invalid = append(d.Invalid, info.label(ix.Name))
			continue
		}
		d.Rows = append(d.Rows, sobolRow{Label: info.standalone(ix.Name), Weight: info.Weights[ix.Name],
			S1: sobolIndexValue(ix.S1, ix.S1Lo, ix.S1Hi), ST: sobolIndexValue(ix.ST, ix.STLo, ix.STHi)})
	}
	sort.SliceStable(d.Rows, func(a, b int) bool { return d.Rows[a].ST.Raw > d.Rows[b].ST.Raw })
	if len(d.Rows) > maxRows {
		d.Hidden, d.HiddenMax, d.Rows = len(d.Rows)-maxRows, d.Rows[maxRows].ST.Raw, d.Rows[:maxRows]
	}
	return d
}

// sobolNotes says what the Sobol chart leaves out or draws at zero.
func sobolNotes(d sobolData, ninputs int) string {
	if ninputs == 0 {
		return "No inputs: nothing to plot"
	}
	var notes, negative []string
	if len(d.Rows) == 0 {
		notes = append(notes, "No input has valid indices: nothing to plot")
	}
	clamped := false
	for _, r := range d.Rows {
		clamped = clamped || r.S1.Clamped || r.ST.Clamped
		if r.S1.Negative || r.ST.Negative {
			negative = append(negative, r.Label)
		}
	}
	if clamped {
		notes = append(notes, dagger+" estimate slightly below zero, interval includes zero: shown as 0")
	}
	if len(negative) > 0 {
		notes = append(notes, "Below zero beyond the interval, a sign of too small a sample: "+strings.Join(negative, ", "))
	}
	if d.Hidden > 0 {
		notes = append(notes, fmt.Sprintf("%d more %s with ST of at most %s not shown", d.Hidden, plural(d.Hidden, "input", "inputs"), number(math.Max(0, d.HiddenMax), 2)))
	}
	if len(d.Invalid) > 0 && len(d.Rows) > 0 {
		notes = append(notes, "Left out, not a number: "+strings.Join(d.Invalid, ", "))
	}
	return joinNotes(notes)
}

func sobolText(res *analysis.SobolResult, info AnalysisInfo, o Options) chartText {
	out, what := info.output(), "Sobol"
	if res.N > 0 {
		what = "Sobol, N = " + format.Thousands(int64(res.N))
	}
	tail := ""
	if res.Bootstrap > 0 {
		tail = format.Thousands(int64(res.Bootstrap)) + " bootstrap resamples"
	}
	t := chartText{title: "Share of the uncertainty in " + out + " due to each input: " + info.scenario(), x: "Sobol index (share of the variance of " + out + ")",
		caption: info.caption(design(what, info.evaluations(res.Evaluations), tail), o), below: true,
		desc: "Variance-based (Sobol) sensitivity: for each input, the dark bar (S1) is the share of the variance of " + out +
			" that the input explains on its own, what would be gained on average by learning its true value; the light bar (ST) adds every interaction it takes part in. " +
			"An input with ST near zero can be fixed anywhere in its range without changing the answer. Lines are 95% bootstrap intervals, cut at zero, below which an index cannot be."}
	switch inter := 1 - res.SumS1; {
	case !finite(res.SumS1):
	case inter > 0.005:
		t.subtitles = []string{fmt.Sprintf("ΣS1 = %s: interactions between inputs account for about %s of the variance (1 − ΣS1)", number(res.SumS1, 2), percent(inter, 0)),
			fmt.Sprintf("ΣS1 = %s: interactions account for about %s of the variance", number(res.SumS1, 2), percent(inter, 0))}
	default:
		t.subtitles = []string{fmt.Sprintf("ΣS1 = %s: no sign of interactions between inputs (1 − ΣS1 is about zero)", number(res.SumS1, 2))}
	}
	return t
}

// Where the two bars of a Sobol row go, in rows from its centre, and their
// half height: S1 above, ST below.
const (
	s1Offset     = 0.19
	stOffset     = -0.19
	sobolHalfBar = 0.15
)

// SobolBars draws the variance-based (Sobol) sensitivity indices of each
// input: rows ranked by total effect (at most 15), each with a dark bar
// for the first-order index S1 (the share of the output's variance due to
// the input alone) and a light bar for the total effect ST (with every
// interaction it takes part in), and their 95% bootstrap intervals. A
// slightly negative estimate whose interval includes zero (Monte Carlo
// noise around a true zero) is drawn as zero and marked †; one whose
// interval lies below zero is drawn as computed and flagged in the note.
// The subtitle gives ΣS1: 1 − ΣS1 is the share of the variance due to
// interactions.
func SobolBars(res *analysis.SobolResult, info AnalysisInfo, o Options) (*Chart, error) {
	if res == nil {
		return nil, errNilSobol
	}
	o, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	d := sobolRows(res.Indices, info, maxSobolRows)
	t := sobolText(res, info, o)
	if len(d.Rows) == 0 {
		t.subtitles = nil
	}
	ch, p := newChart(t)
	ci := &whiskers{Line: lineStyle(inkColor, 0.8), Cap: vg.Points(3.5)}
	ch.AddLegend("S1: the input alone", fill{Color: OkabeIto[0]})
	ch.AddLegend("ST: with its interactions", fill{Color: OkabeIto[4], Border: barBorder})
	ch.AddLegend("95% interval", ci)
	for _, r := range d.Rows {
		if r.Weight {
			ch.AddLegend(weightLegend, weightFill)
			ch.Description += " " + weightDescription
			break
		}
	}
	ch.Note = sobolNotes(d, len(res.Indices))
	shed := vg.Length(min(len(d.Rows), 3)) * vg.Points(sobolRowPt)
	for range 2 {
		_, h, _ := ch.fit(o, shed, -1, 0)
		if fit := int(h / vg.Points(sobolRowPt)); fit < len(d.Rows) && fit >= 3 {
			d = sobolRows(res.Indices, info, fit)
			ch.Note = sobolNotes(d, len(res.Indices))
		}
	}
	labels := make([]string, len(d.Rows))
	for i, r := range d.Rows {
		labels[i] = r.Label
	}
	rowAxis(p, rowLabels(labels, o), 0)
	ch.Empty = len(d.Rows) == 0
	w, h, ok := ch.fit(o, 0, len(d.Rows), sobolRowPt)
	if !ok {
		valueAxis(&p.X, 0, 1, 4)
		return ch, nil
	}
	capRows(p, h)
	bars, borders, daggers, lo, hi := sobolMarks(d, ci)
	if hi <= 0 {
		hi = 0.1
	}
	valueAxis(&p.X, lo, hi*1.02, intervals(w, 45, 8))
	p.Add(gridLines{vertical: true}, rowGuides(len(d.Rows), 0), bars, borders, &refLine{Vertical: true, Style: lineStyle(axisColor, 0.6)}, ci)
	p.Add(daggers...)
	return ch, nil
}

// sobolMarks are the bars of the rows (hatched for a model weight), the
// borders that keep the light bars visible on white, the intervals (added
// to ci), the daggers after the intervals of indices drawn as zero, and the
// range the axis must show.
func sobolMarks(d sobolData, ci *whiskers) (bars, borders *rects, daggers []plot.Plotter, lo, hi float64) {
	bars, borders = &rects{}, &rects{Border: barBorder}
	sty := labelStyle(tickSize, inkColor, draw.XLeft, draw.YCenter)
	for i, r := range d.Rows {
		for k, v := range []sobolValue{r.S1, r.ST} {
			y := rowY(i, len(d.Rows)) + []float64{s1Offset, stOffset}[k]
			b := rect{X1: v.Est, Y0: y - sobolHalfBar, Y1: y + sobolHalfBar, Fill: OkabeIto[[]int{0, 4}[k]]}
			if r.Weight {
				b.Hatch = hatchColor(b.Fill)
			}
			bars.Rects = append(bars.Rects, b)
			if k == 1 {
				borders.Rects = append(borders.Rects, rect{X1: v.Est, Y0: b.Y0, Y1: b.Y1})
			}
			if v.HasCI {
				ci.Points = append(ci.Points, interval{Y: y, Lo: v.Lo, Mid: v.Est, Hi: v.Hi})
			}
			if v.Clamped {
				daggers = append(daggers, &annotation{X: v.Hi, Y: y, Text: dagger, Style: sty, Offset: vg.Point{X: vg.Points(3)}})
			}
			lo, hi = math.Min(lo, v.Lo), math.Max(hi, v.Hi)
		}
	}
	return bars, borders, daggers, lo, hi
}

// maxConvergenceInputs is how many inputs the convergence chart follows.
const maxConvergenceInputs = 5

// convergenceSeries is one input's indices by base sample size: the total
// effect ST with the edges of its 95% interval, and the first-order S1.
type convergenceSeries struct {
	Label              string
	ST, S1, STLo, STHi plotter.XYs
}

// convergenceData picks the k inputs with the largest total effect at the
// largest sample size and follows their indices across the sample sizes,
// leaving out (and counting) non-finite estimates.
func convergenceData(conv *analysis.ConvergenceResult, info AnalysisInfo, k int) (series []convergenceSeries, ns []int, skipped int) {
	if len(conv.Points) == 0 {
		return nil, nil, 0
	}
	last := conv.Points[len(conv.Points)-1]
	order := last.Ranking
	if len(order) != len(last.Indices) {
		order = (&analysis.SobolResult{Indices: last.Indices}).Ranking()
	}
	for _, i := range order {
		if len(series) == k || i < 0 || i >= len(last.Indices) || !finite(last.Indices[i].ST) {
			continue
		}
		name := last.Indices[i].Name
		s := convergenceSeries{Label: info.standalone(name)}
		for _, pt := range conv.Points {
			ix, ok := findIndex(pt.Indices, name, i)
			x := float64(pt.N)
			switch {
			case !ok || pt.N <= 0:
				skipped++
				continue
			case !finite(ix.ST):
				skipped++
			case finite(ix.STLo, ix.STHi) && ix.STLo <= ix.STHi:
				s.STLo, s.STHi = append(s.STLo, plotter.XY{X: x, Y: math.Min(ix.STLo, ix.ST)}), append(s.STHi, plotter.XY{X: x, Y: math.Max(ix.STHi, ix.ST)})
				fallthrough
			default:
				s.ST = append(s.ST, plotter.XY{X: x, Y: ix.ST})
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

// convergenceNote shortens the convergence warnings for the chart's note,
// building each from the warning's fields (the full text goes in the
// description); a kind without a short form gives the first sentence of
// its text.
func convergenceNote(reasons []analysis.Warning) string {
	var parts []string
	for _, w := range reasons {
		s := convergenceShort(w)
		if s == "" {
			s, _, _ = strings.Cut(w.String(), ". ")
			s = strings.TrimSuffix(s, ".")
		}
		if s != "" {
			parts = append(parts, s)
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "Not settled: " + strings.ToLower(parts[0][:1]) + strings.Join(parts, "; ")[1:]
}

// convergenceShort is the short form of one warning, or "" if it has none.
func convergenceShort(w analysis.Warning) string {
	switch w.Kind {
	case analysis.OrderChanged:
		return fmt.Sprintf("the order of the leading inputs changed between N = %s and N = %s", format.Thousands(int64(w.PrevN)), format.Thousands(int64(w.N)))
	case analysis.OneSampleSize:
		return "only one sample size, so the ranking's stability cannot be checked"
	case analysis.WideIntervals:
		// The widths to two significant digits, as in the warning; one in
		// exponent form or not a number reads better in the warning's words.
		value, limit := fmt.Sprintf("%.2g", w.Value), fmt.Sprintf("%.2g", w.Limit)
		plain := func(s string) bool { return s != "" && strings.Trim(s, "0123456789.") == "" }
		if plain(value) && plain(limit) {
			return fmt.Sprintf("intervals up to ±%s (target ±%s): about N = %s would do", value, limit, format.Thousands(int64(w.Suggested)))
		}
	}
	return ""
}

func convergenceText(conv *analysis.ConvergenceResult, info AnalysisInfo, o Options) chartText {
	what := "Sobol convergence"
	var lastN, evals int
	if n := len(conv.Points); n > 0 {
		lastN, evals = conv.Points[n-1].N, conv.Points[n-1].Evaluations
	}
	if conv.Final != nil {
		lastN, evals = conv.Final.N, conv.Final.Evaluations
	}
	if lastN > 0 {
		what += ", N up to " + format.Thousands(int64(lastN))
	}
	t := chartText{title: "Convergence of the Sobol indices of " + info.output() + ": " + info.scenario(), x: "Base sample size N (doubling)",
		y: "Sobol index (share of variance)", caption: info.caption(design(what, info.evaluations(evals), ""), o),
		desc: "The Sobol indices of the most influential inputs, computed on the first N points of one design, as N doubles: " +
			"solid lines are total effects (ST) with their 95% bootstrap intervals as bands, dashed lines first-order indices (S1). " +
			"Lines that have levelled off and no longer cross, with narrow bands, mean the ranking can be trusted."}
	if len(conv.Warnings) > 0 {
		t.desc += " Warnings: " + strings.Join(conv.Warnings, " ")
	}
	if conv.Settled {
		t.subtitles = []string{"Ranking settled: the leading inputs kept their order at the two largest N, with narrow intervals", "Ranking settled at the two largest N"}
	}
	return t
}

// convergenceNotes are the notes of the convergence chart.
func convergenceNotes(conv *analysis.ConvergenceResult, series int, skipped int) []string {
	switch {
	case len(conv.Points) == 0:
		return []string{"No sample sizes: nothing to plot"}
	case series == 0:
		return []string{"No input has valid indices: nothing to plot"}
	}
	notes := []string{orDefault(convergenceNote(conv.Reasons), "Not settled")}
	if conv.Settled {
		notes = nil
	}
	if skipped > 0 {
		notes = append(notes, fmt.Sprintf("%d values left out: not a number", skipped))
	}
	return notes
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
	series, ns, skipped := convergenceData(conv, info, maxConvergenceInputs)
	t := convergenceText(conv, info, o)
	if len(series) == 0 {
		t.subtitles = nil
	}
	ch, p := newChart(t)
	ch.Note, ch.Empty = joinNotes(convergenceNotes(conv, len(series), skipped)), len(series) == 0
	marks := convergenceMarks(ch, series, o)
	p.Y.Padding = vg.Points(8) // the first and last points stay off the axis
	_, h, ok := ch.fit(o, vg.Points(80), 0, 0)
	p.X.Tick.Marker, p.X.Scale = nTicks(ns), plot.LogScale{}
	if !ok {
		p.X.Min, p.X.Max = 1, 2
		if len(ns) > 0 {
			p.X.Min, p.X.Max = float64(ns[0])/1.5, float64(ns[len(ns)-1])*1.5
		}
		valueAxis(&p.Y, 0, 1, 4)
		return ch, nil
	}
	var all plotter.XYs
	for _, s := range series {
		all = append(append(append(append(all, s.ST...), s.S1...), s.STLo...), s.STHi...)
	}
	_, _, lo, hi := plotter.XYRange(append(all, plotter.XY{X: 1}))
	if hi <= 0 {
		hi = 0.1
	}
	p.Add(gridLines{})
	if lo < 0 {
		p.Add(&refLine{Style: lineStyle(axisColor, 0.6)})
	}
	p.Add(marks...)
	// The axes are set once the marks are added, which would stretch them.
	valueAxis(&p.Y, lo, hi*1.04, yIntervals(h))
	p.X.Min, p.X.Max = float64(ns[0]), float64(ns[len(ns)-1])
	if p.X.Min == p.X.Max {
		p.X.Min, p.X.Max = p.X.Min/1.5, p.X.Max*1.5
	}
	return ch, nil
}

// convergenceMarks adds the legend of the series and returns their marks:
// the bands first, then the lines, the first input on top.
func convergenceMarks(ch *Chart, series []convergenceSeries, o Options) []plot.Plotter {
	// Labels as long as a legend column on the right may take.
	labelMax := legendShare*(o.Width-2*vg.Points(marginPt)) - vg.Points(legendGapPt+thumbWPt+thumbTextPt+1)
	var bands, lines []plot.Plotter
	for i, s := range series {
		c := cycle(seriesPalette, i)
		band := &Band{Top: s.STHi, Bottom: s.STLo, Color: withAlpha(c, 0.15)}
		if len(band.Top) == 1 && len(band.Bottom) == 1 { // one sample size: a narrow block, visible on the log axis
			t, b := band.Top[0], band.Bottom[0]
			band.Top, band.Bottom = plotter.XYs{{X: t.X / 1.04, Y: t.Y}, {X: t.X * 1.04, Y: t.Y}}, plotter.XYs{{X: b.X / 1.04, Y: b.Y}, {X: b.X * 1.04, Y: b.Y}}
		}
		if len(band.Top) > 0 && len(band.Bottom) > 0 {
			bands = append(bands, band)
		}
		st := &plotter.Line{XYs: s.ST, LineStyle: lineStyle(c, 1.5)}
		pts := &plotter.Scatter{XYs: s.ST, GlyphStyle: glyph(c, 2.4, glyphShapes[i%len(glyphShapes)])}
		var ls []plot.Plotter
		if len(s.S1) > 0 {
			ls = append(ls, &plotter.Line{XYs: s.S1, LineStyle: lineStyle(c, 1.1, dashed...)})
		}
		if len(s.ST) > 0 {
			ls = append(ls, st, pts)
		}
		lines = append(ls, lines...)
		ch.AddLegend(fitText(legendStyle, s.Label, labelMax), st, pts)
	}
	if len(series) > 0 {
		ch.AddLegend("ST, band: 95% interval", &Band{Color: withAlpha(axisColor, 0.15)}, &plotter.Line{LineStyle: lineStyle(axisColor, 1.5)})
		ch.AddLegend("S1", &plotter.Line{LineStyle: lineStyle(axisColor, 1.1, dashed...)})
	}
	return append(bands, lines...)
}
