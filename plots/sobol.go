package plots

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/alliancesim/alliancesim/analysis"
	"github.com/alliancesim/alliancesim/internal/format"
)

// maxSobolRows is how many inputs the Sobol chart shows at most.
const maxSobolRows = 15

// sobolRowPt is the least height of a Sobol row (two bars), in points.
const sobolRowPt = 14

// dagger marks an index drawn as zero (see sobolValue).
const dagger = "†"

// sobolValue is one index as drawn: the estimate and its 95% interval,
// cut at zero below which an index cannot be.
type sobolValue struct {
	// Est is the estimate as drawn; Raw the estimate as computed.
	Est, Raw float64
	// Lo and Hi are the interval as drawn; HasCI is false when the
	// bootstrap gave none (NaN bounds).
	Lo, Hi float64
	HasCI  bool
	// Clamped is set when a slightly negative estimate whose interval
	// includes zero is drawn as zero (marked with a dagger).
	Clamped bool
	// Negative is set when the estimate is below zero and its interval
	// excludes zero: a sign that the sample is too small. It is drawn as
	// computed, below zero.
	Negative bool
}

// sobolIndexValue prepares an index for drawing. A negative estimate is
// Monte Carlo noise around a true value of zero when its interval
// includes zero: it is drawn as zero. One whose interval lies wholly
// below zero is left as it is, for the note to flag.
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
	}
	if !v.Negative {
		v.Lo = math.Max(0, math.Min(v.Lo, v.Est))
		v.Hi = math.Max(v.Hi, v.Est)
	} else {
		v.Lo, v.Hi = math.Min(v.Lo, est), math.Max(math.Min(v.Hi, 0), est)
	}
	return v
}

// sobolRow is one input of the Sobol chart.
type sobolRow struct {
	Name, Label string
	S1, ST      sobolValue
	// Weight marks a model weight, whose bars are hatched.
	Weight bool
}

// sobolData is what the Sobol chart draws: the rows by total effect,
// largest first, and what was left out.
type sobolData struct {
	Rows []sobolRow
	// Hidden counts the inputs left out beyond the row limit; HiddenMax is
	// the largest total effect among them.
	Hidden    int
	HiddenMax float64
	Invalid   []string
}

// sobolRows ranks the inputs by total-effect index and keeps the first
// maxRows.
func sobolRows(idx []analysis.SobolIndex, info AnalysisInfo, maxRows int) sobolData {
	var d sobolData
	var rows []sobolRow
	for _, ix := range idx {
		if !finite(ix.S1, ix.ST) {
			d.Invalid = append(d.Invalid, info.label(ix.Name))
			continue
		}
		rows = append(rows, sobolRow{Name: ix.Name, Label: info.standalone(ix.Name), Weight: info.isWeight(ix.Name),
			S1: sobolIndexValue(ix.S1, ix.S1Lo, ix.S1Hi), ST: sobolIndexValue(ix.ST, ix.STLo, ix.STHi)})
	}
	sort.SliceStable(rows, func(a, b int) bool { return rows[a].ST.Raw > rows[b].ST.Raw })
	if len(rows) > maxRows {
		d.Hidden = len(rows) - maxRows
		d.HiddenMax = rows[maxRows].ST.Raw
		rows = rows[:maxRows]
	}
	d.Rows = rows
	return d
}

// Colours of the Sobol bars: the first-order index dark (Okabe–Ito blue,
// about 87 in greyscale), the total effect light (sky blue, about 160),
// one hue so that they read as two measures of one thing.
var (
	s1Color = OkabeIto[0]
	stColor = OkabeIto[4]
)

// Where the two bars of a Sobol row go, in rows from its centre, and
// their half height.
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
	out := info.output()
	p := newPlot("Sobol index (share of the variance of "+out+")", "")
	what := "Sobol"
	if res.N > 0 {
		what = "Sobol, N = " + format.Thousands(int64(res.N))
	}
	if e := info.evaluations(res.Evaluations); e != "" {
		what += ": " + e
	}
	if res.Bootstrap > 0 {
		what += " · " + format.Thousands(int64(res.Bootstrap)) + " bootstrap resamples"
	}
	ch := &Chart{
		Title:   "Share of the uncertainty in " + out + " due to each input: " + info.scenario(),
		Plot:    p,
		Caption: info.caption(what, o),
		Description: "Variance-based (Sobol) sensitivity: for each input, the dark bar (S1) is the share of the variance of " + out +
			" that the input explains on its own, what would be gained on average by learning its true value; the light bar (ST) adds every interaction it takes part in. " +
			"An input with ST near zero can be fixed anywhere in its range without changing the answer. Lines are 95% bootstrap intervals, cut at zero, below which an index cannot be.",
		legendBelow: true, // the bars need the width
	}
	s1Fill, stFill := fill{Color: s1Color}, fill{Color: stColor, Border: barBorder}
	ci := &whiskers{Line: draw.LineStyle{Color: inkColor, Width: vg.Points(0.8)}, Cap: vg.Points(3.5)}
	ch.AddLegend("S1: the input alone", s1Fill)
	ch.AddLegend("ST: with its interactions", stFill)
	ch.AddLegend("95% interval", ci)

	d := sobolRows(res.Indices, info, maxSobolRows)
	for _, r := range d.Rows {
		if r.Weight {
			ch.AddLegend(weightLegend, weightFill)
			ch.Description += " " + weightDescription
			break
		}
	}
	if finite(res.SumS1) && len(d.Rows) > 0 {
		inter := 1 - res.SumS1
		if inter > 0.005 {
			ch.Subtitle = fmt.Sprintf("ΣS1 = %s: interactions between inputs account for about %s of the variance (1 − ΣS1)",
				number(res.SumS1, 2), percent(inter, 0))
			if subtitleStyle().Width(ch.Subtitle) > o.Width-2*vg.Points(marginPt) {
				ch.Subtitle = fmt.Sprintf("ΣS1 = %s: interactions account for about %s of the variance",
					number(res.SumS1, 2), percent(inter, 0))
			}
		} else {
			ch.Subtitle = fmt.Sprintf("ΣS1 = %s: no sign of interactions between inputs (1 − ΣS1 is about zero)", number(res.SumS1, 2))
		}
	}
	notes := sobolNotes(d, len(res.Indices))
	ch.Note = joinNotes(notes)
	ch.fitXLabel(o)
	if _, dataH := ch.fitAxes(o); len(d.Rows) > 0 {
		ch.shedSubtitle(o, dataH, vg.Length(min(len(d.Rows), 3))*vg.Points(sobolRowPt))
	}
	for range 2 {
		_, dataH := ch.fitAxes(o)
		fit := int(dataH / vg.Points(sobolRowPt))
		if fit >= len(d.Rows) || fit < 3 {
			break
		}
		d = sobolRows(res.Indices, info, fit)
		ch.Note = joinNotes(sobolNotes(d, len(res.Indices)))
	}
	ch.Empty = len(d.Rows) == 0

	n := len(d.Rows)
	names := make([]string, n)
	labelMax := 0.4 * (o.Width - 2*vg.Points(marginPt))
	for i, r := range d.Rows {
		names[i] = fitText(p.Y.Tick.Label, r.Label, labelMax)
	}
	if ch.Empty {
		emptyRows(p)
		ch.fitAxes(o)
		valueAxis(&p.X, 0, 1, 4)
		return ch, nil
	}
	rowAxis(p, names)
	_, dataH := ch.fitAxes(o)
	dataW := ch.rowDataWidth(o, names)
	capRows(p, n, dataH)
	if !ch.rowsFit(o, n, sobolRowPt, dataH) {
		valueAxis(&p.X, 0, 1, 4)
		return ch, nil
	}

	bars := &rects{}
	lo, hi := 0.0, 0.0
	for i, r := range d.Rows {
		y := rowY(i, n)
		for _, m := range []struct {
			v      sobolValue
			off    float64
			fill   fill
			border bool
		}{{r.S1, s1Offset, s1Fill, false}, {r.ST, stOffset, stFill, true}} {
			yy := y + m.off
			b := rect{X0: 0, X1: m.v.Est, Y0: yy - sobolHalfBar, Y1: yy + sobolHalfBar, Fill: m.fill.Color}
			if r.Weight {
				b.Hatch = hatchColor(m.fill.Color)
			}
			bars.Rects = append(bars.Rects, b)
			if m.v.HasCI {
				ci.Points = append(ci.Points, interval{Y: yy, Lo: m.v.Lo, Mid: m.v.Est, Hi: m.v.Hi})
			}
			lo, hi = math.Min(lo, m.v.Lo), math.Max(hi, m.v.Hi)
		}
	}
	// Light bars get a thin border so that they stay visible on white.
	stBorders := &rects{Border: barBorder}
	for i := range d.Rows {
		yy := rowY(i, n) + stOffset
		stBorders.Rects = append(stBorders.Rects, rect{X0: 0, X1: d.Rows[i].ST.Est, Y0: yy - sobolHalfBar, Y1: yy + sobolHalfBar})
	}
	if hi <= 0 {
		hi = 0.1
	}
	valueAxis(&p.X, lo, hi*1.02, max(2, min(8, int(dataW/vg.Points(45)))))
	guides := rowGuides{N: n, Style: draw.LineStyle{Color: gridColor, Width: vg.Points(0.5)}}
	zero := &refLine{Vertical: true, At: 0, Style: draw.LineStyle{Color: axisColor, Width: vg.Points(0.6)}}
	p.Add(verticalGrid(), guides, bars, stBorders, zero, ci)
	// The dagger after the interval of an index drawn as zero.
	dsty := textStyle(sansFont, tickSize, inkColor)
	dsty.XAlign, dsty.YAlign = draw.XLeft, draw.YCenter
	for i, r := range d.Rows {
		for _, m := range []struct {
			v   sobolValue
			off float64
		}{{r.S1, s1Offset}, {r.ST, stOffset}} {
			if m.v.Clamped {
				p.Add(&annotation{X: m.v.Hi, Y: rowY(i, n) + m.off, Text: dagger, Style: dsty, Offset: vg.Point{X: vg.Points(3)}})
			}
		}
	}
	return ch, nil
}

// sobolNotes says what the Sobol chart leaves out or draws at zero.
func sobolNotes(d sobolData, ninputs int) []string {
	var notes []string
	if ninputs == 0 {
		return []string{"No inputs: nothing to plot"}
	}
	if len(d.Rows) == 0 {
		notes = append(notes, "No input has valid indices: nothing to plot")
	}
	clamped := false
	var negative []string
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
		notes = append(notes, fmt.Sprintf("%d more %s with ST of at most %s not shown",
			d.Hidden, plural(d.Hidden, "input", "inputs"), number(math.Max(0, d.HiddenMax), 2)))
	}
	if len(d.Invalid) > 0 && len(d.Rows) > 0 {
		notes = append(notes, "Left out, not a number: "+strings.Join(d.Invalid, ", "))
	}
	return notes
}
