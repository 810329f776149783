package plots

import (
	"fmt"
	"image/color"
	"math"
	"sort"
	"strings"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/alliancesim/alliancesim/analysis"
)

// maxTornadoRows is how many inputs a tornado chart shows at most.
const maxTornadoRows = 15

// minTornadoRows is the fewest rows a tornado chart cuts its rows to
// when the page is short; on a shorter page it asks for a taller one.
const minTornadoRows = 3

// tornadoRowPt is the least height of a tornado row, in points.
const tornadoRowPt = 12

// tornadoRow is one input's row: the output with the input at its low
// and high percentile (every other input at its median), and the input's
// values there.
type tornadoRow struct {
	Name, Label string
	Low, High   float64
	LowX, HighX float64
	Swing       float64
	// Weight marks a model weight, whose bars are hatched.
	Weight bool
}

// tornadoData is what the tornado chart draws: the rows, largest swing
// first, and what was left out.
type tornadoData struct {
	Base   float64
	BaseOK bool
	Rows   []tornadoRow
	// Flat counts the inputs left out because the output does not move
	// between their two percentiles; Hidden those left out beyond the
	// row limit, the largest of whose swings is HiddenMax.
	Flat, Hidden int
	HiddenMax    float64
	// Invalid names the inputs left out for NaN or infinite values.
	Invalid []string
}

// tornadoRows sorts the bars by the size of their swing, largest first
// (ties in the given order), and keeps at most maxRows of those that move
// the output.
func tornadoRows(base float64, bars []analysis.TornadoBar, info AnalysisInfo, maxRows int) tornadoData {
	d := tornadoData{Base: base, BaseOK: finite(base)}
	scale := 1.0
	if d.BaseOK {
		scale = math.Max(1, math.Abs(base))
	}
	var rows []tornadoRow
	for _, b := range bars {
		if !finite(b.Low, b.High) {
			d.Invalid = append(d.Invalid, info.label(b.Name))
			continue
		}
		sw := b.High - b.Low
		flat := math.Abs(sw) <= 1e-12*scale
		if d.BaseOK {
			flat = flat && math.Abs(b.Low-base) <= 1e-12*scale
		}
		if flat {
			d.Flat++
			continue
		}
		rows = append(rows, tornadoRow{Name: b.Name, Label: info.standalone(b.Name), Low: b.Low, High: b.High,
			LowX: b.LowX, HighX: b.HighX, Swing: sw, Weight: info.isWeight(b.Name)})
	}
	// The bar's length is its reach from the base on either side when the
	// base is known, the swing otherwise.
	reach := func(r tornadoRow) float64 {
		if d.BaseOK {
			return math.Max(math.Abs(r.Low-base), math.Abs(r.High-base)) + math.Abs(r.Swing)
		}
		return math.Abs(r.Swing)
	}
	sort.SliceStable(rows, func(a, b int) bool {
		sa, sb := math.Abs(rows[a].Swing), math.Abs(rows[b].Swing)
		if sa != sb {
			return sa > sb
		}
		return reach(rows[a]) > reach(rows[b])
	})
	if len(rows) > maxRows {
		d.Hidden = len(rows) - maxRows
		d.HiddenMax = math.Abs(rows[maxRows].Swing)
		rows = rows[:maxRows]
	}
	d.Rows = rows
	return d
}

// Tornado colours: the input at its low percentile light (Okabe–Ito
// orange, about 162 in greyscale), at its high percentile dark (blue,
// about 87), so that low and high read in greyscale too.
var (
	tornadoLowColor  = OkabeIto[3]
	tornadoHighColor = OkabeIto[0]
)

// tornadoBar is one bar of the chart: from the base to an end, on a row,
// with the input's value as a label at the end.
type tornadoBar struct {
	y0, y1   float64 // the bar's extent across its row
	from, to float64
	low      bool
	neutral  bool // grey: there is no base to measure from
	weight   bool // hatched: the row is a model weight
	label    string
	// dir is the side of the bar's end its label goes: +1 right, −1 left.
	dir int
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
	out := info.output()
	p := newPlot(out, "")
	loName, hiName := percentileName(lo), percentileName(hi)
	ch := &Chart{
		Title:   "What moves " + out + ", one input at a time: " + info.scenario(),
		Plot:    p,
		Caption: info.caption(strings.TrimSpace("Tornado: "+info.evaluations(2*len(bars)+1)), o),
		Description: fmt.Sprintf("Each bar shows %s with one input moved to its %s percentile (orange) or its %s percentile (blue) "+
			"and every other input at its median; the vertical line is the value with every input at its median. "+
			"Inputs are sorted by how far the output moves, the largest at the top. The chart shows local, one-at-a-time effects: "+
			"it cannot show interactions between inputs (see the Sobol chart for those).", out, loName, hiName),
	}
	lowFill := fill{Color: tornadoLowColor}
	highFill := fill{Color: tornadoHighColor}
	baseLine := &refLine{Vertical: true, Style: draw.LineStyle{Color: inkColor, Width: vg.Points(1)}}
	d := tornadoRows(base, bars, info, maxTornadoRows)
	if d.BaseOK {
		ch.AddLegend("Input at its "+loName+" percentile", lowFill)
		ch.AddLegend("At its "+hiName, highFill)
	} else {
		ch.AddLegend("From its "+loName+" to its "+hiName+" percentile", fill{Color: neutralFill})
	}

	format := func(v float64) string { return sigFigs(v, 3) }
	if info.Probability {
		format = func(v float64) string { return percent(v, 1) }
	}
	for _, r := range d.Rows {
		if r.Weight {
			ch.AddLegend(weightLegend, weightFill)
			ch.Description += " " + weightDescription
			break
		}
	}
	if d.BaseOK {
		ch.AddLegend("All at their medians", baseLine)
		baseLine.At = d.Base
		ch.Subtitle = fmt.Sprintf("%s with every input at its median: %s; each bar moves one input to its %s or %s percentile",
			out, format(d.Base), loName, hiName)
		if subtitleStyle().Width(ch.Subtitle) > o.Width-2*vg.Points(marginPt) {
			ch.Subtitle = fmt.Sprintf("Every input at its median: %s; bars move one input to its %s or %s percentile",
				format(d.Base), loName, hiName)
		}
	}
	ch.Note = capitalise(tornadoNote(d, len(bars), out, loName, hiName, info.Probability))
	ch.fitLegend(o)
	ch.fitXLabel(o)
	if _, dataH := ch.fitAxes(o); len(d.Rows) > 0 {
		ch.shedSubtitle(o, dataH, vg.Length(min(len(d.Rows), minTornadoRows)+1)*vg.Points(tornadoRowPt))
	}
	// As many rows as fit the page at tornadoRowPt each (and a slot over
	// them for the base value's label), up to maxTornadoRows.
	for range 2 {
		_, dataH := ch.fitAxes(o)
		fit := int(dataH/vg.Points(tornadoRowPt)) - 1
		if fit >= len(d.Rows) || fit < minTornadoRows {
			break
		}
		d = tornadoRows(base, bars, info, fit)
		ch.Note = capitalise(tornadoNote(d, len(bars), out, loName, hiName, info.Probability))
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
		if info.Probability {
			probabilityAxis(&p.X, 0.1, 5)
		} else {
			valueAxis(&p.X, -1, 1, 4)
		}
		return ch, nil
	}
	rowAxis(p, names)
	p.Y.Max += 0.8 // room over the top row for the base value's label
	_, dataH := ch.fitAxes(o)
	dataW := ch.rowDataWidth(o, names)
	capRows(p, n+1, dataH)
	if !ch.rowsFit(o, n, tornadoRowPt, dataH-vg.Points(tornadoRowPt)) {
		if info.Probability {
			probabilityAxis(&p.X, 0.1, 5)
		} else {
			valueAxis(&p.X, -1, 1, 4)
		}
		return ch, nil
	}

	tbars := tornadoBars(d)

	// The axis: from 0 (a probability) or the lowest end, widened until
	// every value label fits between its bar's end and the edge.
	xlo, xhi := math.Inf(1), math.Inf(-1)
	for _, b := range tbars {
		xlo, xhi = math.Min(xlo, math.Min(b.from, b.to)), math.Max(xhi, math.Max(b.from, b.to))
	}
	sty := textStyle(sansFont, tickSize-1, captionColor)
	sty.YAlign = draw.YCenter
	gap := vg.Points(3)
	side := func(b tornadoBar) int { return b.dir }
	if info.Probability {
		xlo = 0
	}
	l, h := xlo, xhi
	if l == h {
		l, h = l-0.5, h+0.5
		if info.Probability {
			l, h = 0, math.Max(h, 0.01)
		}
	}
	inside := make([]bool, len(tbars))
	for range 8 {
		per := (h - l) / float64(dataW)
		nl, nh := xlo, xhi
		for k, b := range tbars {
			w := float64(sty.Width(b.label)+gap+vg.Points(2)) * per
			if side(b) > 0 {
				nh = math.Max(nh, b.to+w)
				continue
			}
			if info.Probability && b.to-w < 0 {
				// No room left of the bar on an axis from 0: the label goes
				// inside the bar's end when the bar is long enough.
				inside[k] = math.Abs(b.to-b.from) > w
				continue
			}
			inside[k] = false
			nl = math.Min(nl, b.to-w)
		}
		if info.Probability {
			nl = 0
		}
		l, h = nl, nh
	}
	if info.Probability {
		probabilityAxis(&p.X, math.Min(1, h), max(2, min(8, int(dataW/vg.Points(45)))))
	} else {
		valueAxis(&p.X, l, h, max(2, min(8, int(dataW/vg.Points(50)))))
	}
	// Rounding the axis up leaves less room left of the bars on an axis
	// from 0: check the left labels again on the final axis.
	if info.Probability {
		per := (p.X.Max - p.X.Min) / float64(dataW)
		for k, b := range tbars {
			w := float64(sty.Width(b.label)+gap+vg.Points(2)) * per
			if side(b) < 0 {
				inside[k] = b.to-w < p.X.Min && math.Abs(b.to-b.from) > w
			}
		}
	}

	bars2 := &rects{}
	var labels []*annotation
	for k, b := range tbars {
		c := tornadoHighColor
		switch {
		case b.neutral:
			c = neutralFill
		case b.low:
			c = tornadoLowColor
		}
		var h color.Color
		if b.weight {
			h = hatchColor(c)
		}
		switch {
		case b.neutral:
			// The two halves of a grey bar, each drawn whole so that no seam
			// shows where they meet.
			bars2.Rects = append(bars2.Rects, rect{X0: 2*b.from - b.to, X1: b.to, Y0: b.y0, Y1: b.y1, Fill: c, Hatch: h})
		case b.to != b.from:
			bars2.Rects = append(bars2.Rects, rect{X0: b.from, X1: b.to, Y0: b.y0, Y1: b.y1, Fill: c, Hatch: h})
		}
		s := sty
		a := &annotation{X: b.to, Y: (b.y0 + b.y1) / 2, Text: b.label}
		switch {
		case inside[k]:
			s.XAlign, s.Color = draw.XLeft, textOn(c)
			a.Offset = vg.Point{X: gap}
		case side(b) > 0:
			s.XAlign = draw.XLeft
			a.Offset = vg.Point{X: gap}
		default:
			s.XAlign = draw.XRight
			a.Offset = vg.Point{X: -gap}
		}
		a.Style = s
		labels = append(labels, a)
	}
	guides := rowGuides{N: n, Style: draw.LineStyle{Color: gridColor, Width: vg.Points(0.5)}}
	p.Add(verticalGrid(), guides, bars2)
	if d.BaseOK {
		p.Add(baseLine)
		bs := textStyle(sansFont, tickSize, inkColor)
		bs.XAlign, bs.YAlign = draw.XCenter, draw.YBottom
		p.Add(&annotation{X: d.Base, Y: rowY(0, n) + tornadoBarHalf, Text: "All at median: " + format(d.Base), Style: bs,
			Halo: color.White, Offset: vg.Point{Y: vg.Points(2)}})
	}
	for _, a := range labels {
		p.Add(a)
	}
	return ch, nil
}

// sign is −1, 0 or +1.
func sign(v float64) int {
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}

// swingText formats the size of a swing: in percentage points for a
// probability.
func swingText(v float64, prob bool) string {
	if prob {
		return number(100*v, 1) + " pp"
	}
	return sigFigs(v, 3)
}

// plural picks the singular or plural form for n.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// capitalise upper-cases the first letter of s.
func capitalise(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}

// tornadoNote says what the tornado chart leaves out.
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
		notes = append(notes, fmt.Sprintf("%d more %s with smaller swings (at most %s) not shown",
			d.Hidden, plural(d.Hidden, "input", "inputs"), swingText(d.HiddenMax, prob)))
	}
	if d.Flat > 0 && len(d.Rows) > 0 {
		notes = append(notes, fmt.Sprintf("%d %s with no effect left out", d.Flat, plural(d.Flat, "input", "inputs")))
	}
	if len(d.Invalid) > 0 {
		notes = append(notes, "left out, not a number: "+strings.Join(d.Invalid, ", "))
	}
	return joinNotes(notes)
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

// tornadoBarHalf is half the height of a tornado bar, in rows.
const tornadoBarHalf = 0.34

// tornadoBars lays out the bars of the rows: from the base to each end,
// full row height when the ends lie on either side of the base, half
// height each when they lie on the same side. Without a base, one grey bar
// runs from the low to the high end of each row.
func tornadoBars(d tornadoData) []tornadoBar {
	const half = tornadoBarHalf
	n := len(d.Rows)
	var tbars []tornadoBar
	for i, r := range d.Rows {
		y := rowY(i, n)
		lx, hx := inputValue(r.LowX), inputValue(r.HighX)
		if !d.BaseOK {
			mid := (r.Low + r.High) / 2
			tbars = append(tbars,
				tornadoBar{y0: y - half, y1: y + half, from: mid, to: r.Low, low: true, neutral: true, label: lx, dir: sign(r.Low - mid)},
				tornadoBar{y0: y - half, y1: y + half, from: mid, to: r.High, neutral: true, label: hx, dir: sign(r.High - mid)})
			continue
		}
		dl, dh := sign(r.Low-d.Base), sign(r.High-d.Base)
		if dl != 0 && dl == dh {
			tbars = append(tbars,
				tornadoBar{y0: y + 0.03, y1: y + half, from: d.Base, to: r.Low, low: true, label: lx, dir: dl},
				tornadoBar{y0: y - half, y1: y - 0.03, from: d.Base, to: r.High, label: hx, dir: dh})
			continue
		}
		// A bar of zero length has its label on the side away from the
		// other bar.
		if dl == 0 {
			dl = -dh
		}
		if dh == 0 {
			dh = -dl
		}
		tbars = append(tbars,
			tornadoBar{y0: y - half, y1: y + half, from: d.Base, to: r.Low, low: true, label: lx, dir: dl},
			tornadoBar{y0: y - half, y1: y + half, from: d.Base, to: r.High, label: hx, dir: dh})
	}
	// Every row has two bars, its low end's and its high end's.
	for k := range tbars {
		tbars[k].weight = d.Rows[k/2].Weight
	}
	return tbars
}

// sigFigs formats v with n significant digits (no exponent, trailing
// zeros after the point dropped) and a typographic minus sign: 2.5,
// 0.0123, 1230.
func sigFigs(v float64, n int) string {
	if v == 0 || !finite(v) {
		return number(v, 0)
	}
	dec := max(0, n-1-int(math.Floor(math.Log10(math.Abs(v)))))
	s := number(v, dec)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}
