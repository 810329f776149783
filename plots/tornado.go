package plots

import (
	"fmt"
	"image/color"
	"math"
	"sort"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/alliancesim/alliancesim/analysis"
)

// The tornado shows at most maxTornadoRows rows, and drops rows rather than
// go below tornadoRowPt points a row; minTornadoRows is the fewest it cuts
// to before it gives up.
const (
	maxTornadoRows = 15
	minTornadoRows = 3
	tornadoRowPt   = 12
	tornadoBarHalf = 0.34 // half the height of a bar, in rows
)

// tornadoRow is one input's row: the output with the input at its low and
// high percentile (every other input at its median), and the input's
// values there.
type tornadoRow struct {
	Name, Label string
	Low, High   float64
	LowX, HighX float64
	Swing       float64
	Weight      bool // a model weight, whose bars are hatched
}

// tornadoData is what the tornado draws: the rows, largest swing first,
// and what was left out: Flat inputs that do not move the output, Hidden
// ones beyond the row limit (the largest of whose swings is HiddenMax),
// Invalid ones with NaN or infinite values.
type tornadoData struct {
	Base         float64
	BaseOK       bool
	Rows         []tornadoRow
	Flat, Hidden int
	HiddenMax    float64
	Invalid      []string
}

// tornadoRows sorts the bars by the size of their swing, largest first
// (ties by reach, then in the given order), and keeps at most maxRows of
// those that move the output.
func tornadoRows(base float64, bars []analysis.TornadoBar, info AnalysisInfo, maxRows int) tornadoData {
	d := tornadoData{Base: base, BaseOK: finite(base)}
	scale := 1.0
	if d.BaseOK {
		scale = math.Max(1, math.Abs(base))
	}
	for _, b := range bars {
		sw := b.High - b.Low
		switch {
		case !finite(b.Low, b.High):
			d.Invalid = append(d.Invalid, info.label(b.Name))
		case math.Abs(sw) <= 1e-12*scale && (!d.BaseOK || math.Abs(b.Low-base) <= 1e-12*scale):
			d.Flat++
		default:
			d.Rows = append(d.Rows, tornadoRow{Name: b.Name, Label: info.standalone(b.Name), Low: b.Low, High: b.High,
				LowX: b.LowX, HighX: b.HighX, Swing: sw, Weight: info.Weights[b.Name]})
		}
	}
	// A bar's reach from the base on either side breaks ties of swing.
	reach := func(r tornadoRow) float64 {
		if d.BaseOK {
			return math.Max(math.Abs(r.Low-base), math.Abs(r.High-base)) + math.Abs(r.Swing)
		}
		return math.Abs(r.Swing)
	}
	sort.SliceStable(d.Rows, func(a, b int) bool {
		if sa, sb := math.Abs(d.Rows[a].Swing), math.Abs(d.Rows[b].Swing); sa != sb {
			return sa > sb
		}
		return reach(d.Rows[a]) > reach(d.Rows[b])
	})
	if len(d.Rows) > maxRows {
		d.Hidden, d.HiddenMax, d.Rows = len(d.Rows)-maxRows, math.Abs(d.Rows[maxRows].Swing), d.Rows[:maxRows]
	}
	return d
}

// tornadoBar is one bar: from the base to an end, across its row from y0
// to y1, with the input's value as a label at the end on side dir.
type tornadoBar struct {
	y0, y1, from, to float64
	low, neutral     bool // neutral: grey, there is no base to measure from
	label            string
	dir              int
}

func sign(v float64) int {
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}

// tornadoBars lays out the bars of the rows, two a row: from the base to
// each end, full height when the ends lie on either side of the base, half
// height each when on the same side. Without a base, one grey bar runs
// from the low to the high end of each row, drawn as two halves.
func tornadoBars(d tornadoData) []tornadoBar {
	const half = tornadoBarHalf
	var tbars []tornadoBar
	for i, r := range d.Rows {
		y := rowY(i, len(d.Rows))
		lo := tornadoBar{y0: y - half, y1: y + half, from: d.Base, to: r.Low, low: true, label: inputValue(r.LowX)}
		hi := tornadoBar{y0: y - half, y1: y + half, from: d.Base, to: r.High, label: inputValue(r.HighX)}
		lo.dir, hi.dir = sign(r.Low-d.Base), sign(r.High-d.Base)
		switch {
		case !d.BaseOK:
			mid := (r.Low + r.High) / 2
			lo.from, hi.from, lo.neutral, hi.neutral = mid, mid, true, true
			lo.dir, hi.dir = sign(r.Low-mid), sign(r.High-mid)
		case lo.dir != 0 && lo.dir == hi.dir:
			lo.y0, hi.y1 = y+0.03, y-0.03
		case lo.dir == 0: // a bar of zero length has its label away from the other
			lo.dir = -hi.dir
		case hi.dir == 0:
			hi.dir = -lo.dir
		}
		tbars = append(tbars, lo, hi)
	}
	return tbars
}

// inputValue formats an input's value with two significant digits and a
// typographic minus sign.
func inputValue(v float64) string {
	s := analysis.FormatValue(v)
	if strings.HasPrefix(s, "-") {
		return minus + s[1:]
	}
	return s
}

// tornadoNote says what the tornado leaves out.
func tornadoNote(d tornadoData, nbars int, out, loName, hiName string, prob bool) string {
	var notes []string
	switch {
	case nbars == 0:
		notes = append(notes, "No inputs: nothing to plot")
	case len(d.Rows) == 0 && len(d.Invalid) == 0:
		notes = append(notes, fmt.Sprintf("No input moves %s between its %s and %s percentiles", out, loName, hiName))
	}
	if !d.BaseOK && nbars > 0 {
		notes = append(notes, "The base value is not a number: no base line")
	}
	if d.Hidden > 0 {
		swing := sigFigs(d.HiddenMax, 3)
		if prob {
			swing = number(100*d.HiddenMax, 1) + " pp"
		}
		notes = append(notes, fmt.Sprintf("%d more %s with smaller swings (at most %s) not shown", d.Hidden, plural(d.Hidden, "input", "inputs"), swing))
	}
	if d.Flat > 0 && len(d.Rows) > 0 {
		notes = append(notes, fmt.Sprintf("%d %s with no effect left out", d.Flat, plural(d.Flat, "input", "inputs")))
	}
	if len(d.Invalid) > 0 {
		notes = append(notes, "left out, not a number: "+strings.Join(d.Invalid, ", "))
	}
	return capitalise(joinNotes(notes))
}

// tornadoText is the tornado's text, lo and hi naming the percentiles and
// value formatting the output.
func tornadoText(d tornadoData, nbars int, info AnalysisInfo, lo, hi string, value func(float64) string, o Options) chartText {
	out := info.output()
	t := chartText{title: "What moves " + out + ", one input at a time: " + info.scenario(), x: out,
		caption: info.caption(strings.TrimSpace("Tornado: "+info.evaluations(2*nbars+1)), o),
		desc: fmt.Sprintf("Each bar shows %s with one input moved to its %s percentile (orange) or its %s percentile (blue) "+
			"and every other input at its median; the vertical line is the value with every input at its median. "+
			"Inputs are sorted by how far the output moves, the largest at the top. The chart shows local, one-at-a-time effects: "+
			"it cannot show interactions between inputs (see the Sobol chart for those).", out, lo, hi)}
	if d.BaseOK {
		t.subtitles = []string{fmt.Sprintf("%s with every input at its median: %s; each bar moves one input to its %s or %s percentile", out, value(d.Base), lo, hi),
			fmt.Sprintf("Every input at its median: %s; bars move one input to its %s or %s percentile", value(d.Base), lo, hi)}
	}
	return t
}

// tornadoLegend adds the legend: the two percentiles' fills (one grey fill
// without a base), the hatching of model weights, the base line.
func tornadoLegend(ch *Chart, d tornadoData, lo, hi string, base *refLine) {
	if d.BaseOK {
		ch.AddLegend("Input at its "+lo+" percentile", fill{Color: OkabeIto[3]})
		ch.AddLegend("At its "+hi, fill{Color: OkabeIto[0]})
	} else {
		ch.AddLegend("From its "+lo+" to its "+hi+" percentile", fill{Color: neutralFill})
	}
	for _, r := range d.Rows {
		if r.Weight {
			ch.AddLegend(weightLegend, weightFill)
			ch.Description += " " + weightDescription
			break
		}
	}
	if d.BaseOK {
		ch.AddLegend("All at their medians", base)
	}
}

// Tornado draws a one-at-a-time sensitivity chart: for each input (rows,
// the largest swing at the top, at most 15), a bar from the base value
// (every input at its median, a vertical line) to the output with the
// input at its low percentile (orange) and one to the output with it at
// its high percentile (blue), the input's values written at the bar ends.
// When both ends lie on the same side of the base the two bars share the
// row, one above the other. Inputs that do not move the output are left
// out, and the note says how many rows were left out. base and bars are
// the results of analysis.Tornado; info.Percentiles are its quantiles
// (0.1 and 0.9 when zero).
func Tornado(base float64, bars []analysis.TornadoBar, info AnalysisInfo, o Options) (*Chart, error) {
	o, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	lo, hi := info.Percentiles[0], info.Percentiles[1]
	if lo == 0 && hi == 0 {
		lo, hi = 0.1, 0.9
	}
	if !(lo > 0 && lo < hi && hi < 1) {
		return nil, fmt.Errorf("plots: tornado percentiles must satisfy 0 < low < high < 1, got %v and %v", lo, hi)
	}
	loName, hiName := percentileName(lo), percentileName(hi)
	value := func(v float64) string { return sigFigs(v, 3) }
	if info.Probability {
		value = func(v float64) string { return percent(v, 1) }
	}
	d := tornadoRows(base, bars, info, maxTornadoRows)
	ch, p := newChart(tornadoText(d, len(bars), info, loName, hiName, value, o))
	baseLine := &refLine{Vertical: true, At: d.Base, Style: lineStyle(inkColor, 1)}
	tornadoLegend(ch, d, loName, hiName, baseLine)
	note := func() string { return tornadoNote(d, len(bars), info.output(), loName, hiName, info.Probability) }
	ch.Note = note()
	shed := vg.Length(min(len(d.Rows), minTornadoRows)+1) * vg.Points(tornadoRowPt)
	if len(d.Rows) == 0 {
		shed = 0
	}
	// As many rows as fit at tornadoRowPt each, with a slot over them for
	// the base value's label.
	for range 2 {
		_, h, _ := ch.fit(o, shed, -1, 0)
		if fit := int(h/vg.Points(tornadoRowPt)) - 1; fit < len(d.Rows) && fit >= minTornadoRows {
			d = tornadoRows(base, bars, info, fit)
			ch.Note = note()
		}
	}
	ch.Empty = len(d.Rows) == 0
	n := len(d.Rows)
	labels := make([]string, n)
	for i, r := range d.Rows {
		labels[i] = r.Label
	}
	rowAxis(p, rowLabels(labels, o), 0)
	p.Y.Max += 0.8 // room over the top row for the base value's label
	w, h, ok := ch.fit(o, 0, n, tornadoRowPt*float64(n+1)/float64(max(n, 1)))
	if !ok {
		emptyValueAxis(&p.X, info.Probability)
		return ch, nil
	}
	capRows(p, h)
	rs, marks := tornadoMarks(d, info.Probability, p, w)
	p.Add(gridLines{vertical: true}, rowGuides(n, 0), rs)
	if d.BaseOK {
		p.Add(baseLine, &annotation{X: d.Base, Y: rowY(0, n) + tornadoBarHalf, Text: "All at median: " + value(d.Base),
			Style: labelStyle(tickSize, inkColor, draw.XCenter, draw.YBottom), Halo: color.White, Offset: vg.Point{Y: vg.Points(2)}})
	}
	p.Add(marks...)
	return ch, nil
}

// emptyValueAxis is the value axis of a sensitivity chart with no rows.
func emptyValueAxis(a *plot.Axis, prob bool) {
	if prob {
		probabilityAxis(a, 0.1, 5)
	} else {
		valueAxis(a, -1, 1, 4)
	}
}

// tornadoMarks sets the value axis of the tornado (from 0 for a
// probability, widened until every value label fits between its bar's end
// and the edge) and returns the bars and their labels. On an axis from 0,
// a label with no room left of its bar goes inside the bar's end when the
// bar is long enough.
func tornadoMarks(d tornadoData, prob bool, p *plot.Plot, dataW vg.Length) (*rects, []plot.Plotter) {
	tbars := tornadoBars(d)
	sty, gap := labelStyle(tickSize-1, captionColor, draw.XLeft, draw.YCenter), vg.Points(3)
	lo, hi, floor := math.Inf(1), math.Inf(-1), math.Inf(-1)
	var rs []reach
	for _, b := range tbars {
		lo, hi = math.Min(lo, math.Min(b.from, b.to)), math.Max(hi, math.Max(b.from, b.to))
		rs = append(rs, reach{b.to, sty.Width(b.label) + gap + vg.Points(2), b.dir})
	}
	if prob {
		lo, floor = 0, 0
	}
	l, h := labelRoom(lo, hi, rs, dataW, floor)
	if prob {
		probabilityAxis(&p.X, math.Min(1, h), intervals(dataW, 45, 8))
	} else {
		valueAxis(&p.X, l, h, intervals(dataW, 50, 8))
	}
	per := (p.X.Max - p.X.Min) / float64(dataW)
	bars := &rects{}
	var ps []plot.Plotter
	for k, b := range tbars {
		c := color.Color(OkabeIto[0])
		switch {
		case b.neutral:
			c = neutralFill
		case b.low:
			c = OkabeIto[3]
		}
		r := rect{X0: b.from, X1: b.to, Y0: b.y0, Y1: b.y1, Fill: c}
		if b.neutral { // each half drawn whole, so that no seam shows where they meet
			r.X0 = 2*b.from - b.to
		}
		if d.Rows[k/2].Weight {
			r.Hatch = hatchColor(c)
		}
		if b.neutral || b.to != b.from {
			bars.Rects = append(bars.Rects, r)
		}
		a := sideLabel(b.to, (b.y0+b.y1)/2, b.label, b.dir, sty)
		if w := float64(rs[k].w) * per; prob && b.dir < 0 && b.to-w < p.X.Min && math.Abs(b.to-b.from) > w {
			a = sideLabel(b.to, a.Y, b.label, 1, sty)
			a.Style.Color = textOn(c)
		}
		ps = append(ps, a)
	}
	return bars, ps
}
