package plots

import (
	"cmp"
	"fmt"
	"image/color"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/alliancesim/alliancesim/analysis"
	"github.com/alliancesim/alliancesim/internal/format"
	"github.com/alliancesim/alliancesim/study"
)

// AnalysisInfo describes the analysis behind a sensitivity, sweep or
// scenario-discovery chart: what the output is, for the axis labels and
// titles, and where the numbers come from, for the caption.
type AnalysisInfo struct {
	// Scenario is the scenario's name; a SweepResult's own name is used
	// when it is empty.
	Scenario string
	// Output names the output studied, such as "P(alliance by 2036)"; it
	// titles the charts and labels their value axes. Empty means "P(alliance
	// by the horizon)" for a probability and "the output" otherwise (a
	// sweep names its horizon year).
	Output string
	// Probability tells that the output is a probability: the tornado's
	// axis then starts at 0 with percentage ticks, and Morris effects are
	// given in percentage points.
	Probability bool
	// Draws is the number of evaluations of the output (tornado, Morris,
	// Sobol) or of draws (a sweep's draws per point, PRIM's runs), for the
	// caption. Zero takes it from the result where the result says it, and
	// leaves it out otherwise.
	Draws int
	// Reps is the number of simulation runs averaged in each evaluation,
	// for the caption; zero leaves it out.
	Reps int
	// Seed is the analysis's seed, for the caption. A SweepResult's own
	// seed is used for a sweep.
	Seed uint64
	// Version is the tool version for the caption; empty means o.Version.
	Version string
	// Labels maps an input's path to a readable label, such as
	// "china.pressure" → "US pressure on China". An input without a label
	// is shown by its path.
	Labels map[string]string
	// Weights marks, by path, the inputs that are model weights (drawn over
	// their prior ranges) rather than the scenario's inputs: the tornado and
	// Sobol charts hatch their bars and the Morris chart draws them hollow,
	// with a legend entry that says so.
	Weights map[string]bool
	// Percentiles are the tornado's low and high quantiles, such as 0.1
	// and 0.9 (the default when zero).
	Percentiles [2]float64
	// Caption, when set, replaces the caption line built from the fields
	// above.
	Caption string
}

// label is the readable label of an input path.
func (info AnalysisInfo) label(path string) string {
	if l, ok := info.Labels[path]; ok && strings.TrimSpace(l) != "" {
		return l
	}
	return cmp.Or(path, "(unnamed input)")
}

// standalone is the label of an input for a place where it stands alone,
// such as a row or a legend entry: the readable label with a capital first
// letter, or the path as it is.
func (info AnalysisInfo) standalone(path string) string {
	if l, ok := info.Labels[path]; ok && strings.TrimSpace(l) != "" {
		return format.Capitalise(strings.TrimSpace(l))
	}
	return info.label(path)
}

// output names the output.
func (info AnalysisInfo) output() string {
	if s := strings.TrimSpace(info.Output); s != "" {
		return s
	}
	if info.Probability {
		return "P(alliance by the horizon)"
	}
	return "the output"
}

func (info AnalysisInfo) scenario() string { return cmp.Or(info.Scenario, "(unnamed scenario)") }

// caption is the provenance line: "Scenario: baseline · <what> · seed 1 ·
// alliancesim v0.1.0", what describing the design, such as "Sobol, N =
// 1,024: 25,600 evaluations of 64 runs each".
func (info AnalysisInfo) caption(what string, o Options) string {
	if info.Caption != "" {
		return info.Caption
	}
	parts := []string{"Scenario: " + cmp.Or(info.Scenario, "(unnamed)")}
	if what != "" {
		parts = append(parts, what)
	}
	return provenance(cmp.Or(info.Version, o.Version), append(parts, "seed "+strconv.FormatUint(info.Seed, 10))...)
}

// evaluations describes n evaluations of the output: "47 evaluations of
// 64 runs each"; info.Draws, when set, overrides n.
func (info AnalysisInfo) evaluations(n int) string {
	if info.Draws > 0 {
		n = info.Draws
	}
	if n <= 0 {
		return ""
	}
	s := format.Thousands(int64(n)) + " " + format.Plural(n, "evaluation", "evaluations")
	if info.Reps > 0 {
		s += " of " + format.Thousands(int64(info.Reps)) + " runs each"
	}
	return s
}

// design joins the parts of a caption's description of a design that are
// set: "Sobol, N = 1,024: 10,240 evaluations · 500 bootstrap resamples".
func design(head, evals, tail string) string {
	if evals != "" {
		head += ": " + evals
	}
	if tail != "" {
		head += " · " + tail
	}
	return head
}

// percentileName is "10th", "90th", "2.5th" or "median".
func percentileName(q float64) string {
	v := 100 * q
	if v == 50 {
		return "median"
	}
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if len(s) > 5 {
		s = strconv.FormatFloat(v, 'f', 1, 64)
	}
	// English ordinals: 1st, 2nd, 3rd, but 11th to 13th; "2.5th".
	if n, err := strconv.Atoi(s); err == nil && n%100/10 != 1 && n%10 >= 1 && n%10 <= 3 {
		return s + []string{"st", "nd", "rd"}[n%10-1]
	}
	return s + "th"
}

// rowLabels are the labels of a row chart, each shortened to at most share of
// the page's width, so that the rows keep room for their bars.
func rowLabels(labels []string, o Options, share vg.Length) []string {
	out := make([]string, len(labels))
	for i, l := range labels {
		out[i] = fitText(tickStyle, l, share*(o.Width-2*vg.Points(marginPt)))
	}
	return out
}

// The tornado shows at most maxTornadoRows rows, and drops rows rather than
// go below tornadoRowPt points a row; minTornadoRows is the fewest it cuts
// to before it gives up.
const (
	maxTornadoRows = 15
	minRows        = 3
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

// tornadoBars lays out the bars of the rows, two a row: from the base to
// each end, full height when the ends lie on either side of the base, half
// height each when on the same side. Without a base, one grey bar runs
// from the low to the high end of each row, drawn as two halves.
func tornadoBars(d tornadoData) []tornadoBar {
	const half = tornadoBarHalf
	var tbars []tornadoBar
	for i, r := range d.Rows {
		y := rowY(i, len(d.Rows))
		lo := tornadoBar{y0: y - half, y1: y + half, from: d.Base, to: r.Low, low: true, label: "at " + inputValue(r.LowX)}
		hi := tornadoBar{y0: y - half, y1: y + half, from: d.Base, to: r.High, label: "at " + inputValue(r.HighX)}
		lo.dir, hi.dir = cmp.Compare(r.Low, d.Base), cmp.Compare(r.High, d.Base)
		switch {
		case !d.BaseOK:
			mid := (r.Low + r.High) / 2
			lo.from, hi.from, lo.neutral, hi.neutral = mid, mid, true, true
			lo.dir, hi.dir = cmp.Compare(r.Low, mid), cmp.Compare(r.High, mid)
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
		notes = append(notes, fmt.Sprintf("%d more %s with smaller swings (at most %s) not shown", d.Hidden, format.Plural(d.Hidden, "input", "inputs"), swing))
	}
	if d.Flat > 0 && len(d.Rows) > 0 {
		notes = append(notes, fmt.Sprintf("%d %s with no effect left out", d.Flat, format.Plural(d.Flat, "input", "inputs")))
	}
	if len(d.Invalid) > 0 {
		notes = append(notes, "left out, not a number: "+strings.Join(d.Invalid, ", "))
	}
	return format.Capitalise(joinNotes(notes))
}

// tornadoText is the tornado's text, lo and hi naming the percentiles and
// value formatting the output.
func tornadoText(d tornadoData, nbars int, info AnalysisInfo, lo, hi string, value func(float64) string, o Options) chartText {
	out := info.output()
	t := chartText{title: "What moves " + out + ", one input at a time: " + info.scenario(), x: out, below: true,
		caption: info.caption(strings.TrimSpace("Tornado: "+info.evaluations(2*nbars+1)), o),
		desc: fmt.Sprintf("Each bar shows %s with one input moved to its %s percentile (orange) or its %s percentile (blue) "+
			"and every other input at its median, the input's value there written at the bar's end (\"at 0.8\"); the vertical line is the value with every input at its median. "+
			"Inputs are sorted by how far the output moves, the largest at the top. The chart shows local, one-at-a-time effects: "+
			"it cannot show interactions between inputs (see the Sobol chart for those).", out, lo, hi)}
	if d.BaseOK {
		t.subtitles = []string{fmt.Sprintf("Every input at its median: %s; each bar moves one input to its %s or %s percentile, \"at\" giving the input's value", value(d.Base), lo, hi),
			fmt.Sprintf("Every input at its median: %s; bars move one input to its %s or %s percentile (\"at\": its value)", value(d.Base), lo, hi),
			fmt.Sprintf("All at medians: %s; \"at\": the input's value", value(d.Base))}
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
	ch.weightLegend(slices.ContainsFunc(d.Rows, func(r tornadoRow) bool { return r.Weight }))
	if d.BaseOK {
		ch.AddLegend("All at their medians", base)
	}
}

// Tornado draws a one-at-a-time sensitivity chart: for each input (rows, the
// largest swing at the top, at most 15), a bar from the base value (every
// input at its median, a vertical line) to the output with the input at its
// low percentile (orange) and one to the output with it at its high
// percentile (blue), the input's values written at the bar ends.
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
	// As many rows as fit, with a slot over them for the base value's label.
	w, ok := rowChart(ch, o, &d.Rows, func(r tornadoRow) string { return r.Label }, 1, tornadoRowPt, 0.55, func(n int) { d = tornadoRows(base, bars, info, n); ch.Note = note() })
	if !ok {
		emptyValueAxis(&p.X, info.Probability)
		return ch, nil
	}
	n := len(d.Rows)
	rs, marks := tornadoMarks(d, info.Probability, p, w)
	p.Add(rs)
	if d.BaseOK {
		p.Add(baseLine, &annotation{X: d.Base, Y: rowY(0, n) + tornadoBarHalf, Text: "All at median: " + value(d.Base),
			Style: labelStyle(tickSize, inkColor, draw.XCenter, draw.YBottom), Halo: color.White, Offset: vg.Point{Y: vg.Points(2)}})
	}
	p.Add(marks...)
	return ch, nil
}

// rowChart lays out a row chart of rows, each named by name: it cuts them
// to those that fit at rowPt each with extra rows' worth of room over them
// (0.8 of a row each), keeping at least minRows (cut is told the new
// number and cuts *rows; short of room the subtitle goes first); names the
// rows, shortened to share of the page's width; and fits the chart. With
// room it caps the rows' height and adds the grid and the row guides.
func rowChart[T any](ch *Chart, o Options, rows *[]T, name func(T) string, extra int, rowPt float64, share vg.Length, cut func(int)) (w vg.Length, ok bool) {
	n := len(*rows)
	shed := vg.Length(min(n, minRows)+extra) * vg.Points(rowPt)
	if n == 0 {
		shed = 0
	}
	for range 2 {
		_, h, _ := ch.fit(o, shed, -1, 0)
		if fit := int(h/vg.Points(rowPt)) - extra; fit < n && fit >= minRows {
			cut(fit)
			n = fit
		}
	}
	names := make([]string, len(*rows))
	for i, r := range *rows {
		names[i] = name(r)
	}
	n = len(names)
	rowAxis(ch.Plot, rowLabels(names, o, share), 0)
	ch.Plot.Y.Max += 0.8 * float64(extra)
	ch.Empty = n == 0
	w, h, ok := ch.fit(o, 0, n, rowPt*float64(n+extra)/float64(max(n, 1)))
	if ok {
		capRows(ch.Plot, h)
		ch.Plot.Add(vGrid, rowGuides(n, 0))
	}
	return w, ok
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

// MorrisPlot draws the Morris elementary-effects screening: each input's μ*
// (the mean absolute effect of moving it across its distribution, x) against
// σ (the spread of its effects, y), with μ*'s 95% bootstrap interval as a
// thin horizontal line, the glyph telling whether the input raises the
// output, lowers it or does both, and the ~8 most influential inputs
// labelled.
func MorrisPlot(res []analysis.MorrisResult, info AnalysisInfo, o Options) (*Chart, error) {
	ch, p, o, err := start(false, nil, o, func(o Options) chartText { return morrisText(res, info, o) })
	if err != nil {
		return nil, err
	}
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
	ps := []plot.Plotter{hGrid, vGrid, ref}
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
	valueAxis(&p.X, 0, cmp.Or(xmax, 1)*1.04, intervals(w, 45, 8))
	valueAxis(&p.Y, 0, cmp.Or(ymax, 1)*1.08, yIntervals(h))
	top := math.Max(p.X.Max, p.Y.Max)
	ref.XYs = plotter.XYs{{X: 0, Y: 0}, {X: top, Y: top}}
	axes := [4]float64{p.X.Min, p.X.Max, p.Y.Min, p.Y.Max}
	p.Add(append(ps, scatters...)...)
	ch.labels = &pointLabels{Labels: labels, Style: lsty, Avoid: avoid, Radius: vg.Points(3.4), Halo: withAlpha(white, 0.8)}
	p.Add(ch.labels)
	// The axes keep their round ranges: the reference line would stretch
	// them to its end.
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = axes[0], axes[1], axes[2], axes[3]
	return ch, nil
}

func hasWeight(pts []morrisPoint) bool {
	return slices.ContainsFunc(pts, func(pt morrisPoint) bool { return pt.Weight })
}

// morrisScatters are the points by direction, filled for the scenario's
// inputs and hollow for the model's weights, hollow ones under the filled,
// and the legend entries of the directions present.
func morrisScatters(pts []morrisPoint, out string) ([]plot.Plotter, []LegendEntry) {
	var sc [6]*plotter.Scatter // by direction; the weights at 3 + direction
	for k := range sc {
		sc[k] = &plotter.Scatter{GlyphStyle: morrisStyle(k%3, k >= 3)}
	}
	for _, pt := range pts {
		k := pt.Direction
		if pt.Weight {
			k += 3
		}
		sc[k].XYs = append(sc[k].XYs, plotter.XY{X: pt.MuStar, Y: pt.Sigma})
	}
	var legend []LegendEntry
	for k, name := range []string{"Raises " + out, "Lowers it", "Effects of either sign"} {
		if len(sc[k].XYs)+len(sc[k+3].XYs) > 0 {
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
		notes = append(notes, fmt.Sprintf("%d more %s with ST of at most %s not shown", d.Hidden, format.Plural(d.Hidden, "input", "inputs"), number(math.Max(0, d.HiddenMax), 2)))
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
	case !finite(res.SumS1) || !slices.ContainsFunc(res.Indices, func(ix analysis.SobolIndex) bool { return finite(ix.S1, ix.ST) }): // no rows
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
// input: rows ranked by total effect (at most 15), each with a dark bar for
// the first-order index S1 (the share of the output's variance due to the
// input alone) and a light bar for the total effect ST (with every
// interaction it takes part in), and their 95% bootstrap intervals.
func SobolBars(res *analysis.SobolResult, info AnalysisInfo, o Options) (*Chart, error) {
	ch, p, o, err := start(res == nil, errNilSobol, o, func(o Options) chartText { return sobolText(res, info, o) })
	if err != nil {
		return nil, err
	}
	d := sobolRows(res.Indices, info, maxSobolRows)
	ci := &whiskers{Line: lineStyle(inkColor, 0.8), Cap: vg.Points(3.5)}
	ch.AddLegend("S1: the input alone", fill{Color: OkabeIto[0]})
	ch.AddLegend("ST: with its interactions", fill{Color: OkabeIto[4], Border: barBorder})
	ch.AddLegend("95% interval", ci)
	ch.weightLegend(slices.ContainsFunc(d.Rows, func(r sobolRow) bool { return r.Weight }))
	ch.Note = sobolNotes(d, len(res.Indices))
	cut := func(n int) { d = sobolRows(res.Indices, info, n); ch.Note = sobolNotes(d, len(res.Indices)) }
	w, ok := rowChart(ch, o, &d.Rows, func(r sobolRow) string { return r.Label }, 0, sobolRowPt, 0.4, cut)
	if !ok {
		valueAxis(&p.X, 0, 1, 4)
		return ch, nil
	}
	bars, borders, daggers, lo, hi := sobolMarks(d, ci)
	if hi <= 0 {
		hi = 0.1
	}
	valueAxis(&p.X, lo, hi*1.02, intervals(w, 45, 8))
	p.Add(bars, borders, &refLine{Vertical: true, Style: lineStyle(axisColor, 0.6)}, ci)
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
	notes := []string{cmp.Or(convergenceNote(conv.Reasons), "Not settled")}
	if conv.Settled {
		notes = nil
	}
	if skipped > 0 {
		notes = append(notes, fmt.Sprintf("%d values left out: not a number", skipped))
	}
	return notes
}

// SobolConvergencePlot draws how the Sobol indices of the (up to five) most
// influential inputs change with the base sample size N: the total effect ST
// as a solid line with its 95% interval as a band, the first-order index S1
// as a dashed line, one colour and glyph per input, N on a doubling (log 2)
// axis.
func SobolConvergencePlot(conv *analysis.ConvergenceResult, info AnalysisInfo, o Options) (*Chart, error) {
	o, err := begin(conv == nil, errNilConvergence, o)
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
	p.Add(hGrid)
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
		top, bottom := s.STHi, s.STLo
		if len(top) == 1 && len(bottom) == 1 { // one sample size: a narrow block, visible on the log axis
			t, b := top[0], bottom[0]
			top, bottom = plotter.XYs{{X: t.X / 1.04, Y: t.Y}, {X: t.X * 1.04, Y: t.Y}}, plotter.XYs{{X: b.X / 1.04, Y: b.Y}, {X: b.X * 1.04, Y: b.Y}}
		}
		if len(top) > 0 && len(bottom) > 0 {
			bands = append(bands, band(top, bottom, withAlpha(c, 0.15)))
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
		ch.AddLegend("ST, band: 95% interval", &plotter.Polygon{Color: withAlpha(axisColor, 0.15)}, &plotter.Line{LineStyle: lineStyle(axisColor, 1.5)})
		ch.AddLegend("S1", &plotter.Line{LineStyle: lineStyle(axisColor, 1.1, dashed...)})
	}
	return append(bands, lines...)
}

// sweepStart checks that a sweep has the axes its chart draws (says, for
// the error, what the chart draws and other which chart to use instead)
// and the options, and starts
// the text of its chart: the output named ("P(alliance by <horizon>)" when
// info does not), the scenario and seed of the sweep, and the caption
// describing the design, "4,000 draws at each of 56 points (8 × 7), common
// random numbers".
func sweepStart(res *study.SweepResult, axes int, says, other string, info AnalysisInfo, o Options) (AnalysisInfo, string, chartText, Options, error) {
	if res == nil {
		return info, "", chartText{}, o, errNilSweep
	} else if len(res.Axes) != axes {
		return info, "", chartText{}, o, fmt.Errorf("plots: %s, this one has %d (use %s)", says, len(res.Axes), other)
	}
	o, err := o.withDefaults()
	info.Scenario, info.Seed = cmp.Or(info.Scenario, res.Scenario), res.Seed
	out := info.Output
	if out == "" {
		out = "P(alliance by the horizon)"
		if res.Horizon > 0 {
			out = fmt.Sprintf("P(alliance by %d)", res.Horizon)
		}
	}
	draws := res.Draws
	if info.Draws > 0 {
		draws = int64(info.Draws)
	}
	what := fmt.Sprintf("%d %s", len(res.Points), format.Plural(len(res.Points), "point", "points"))
	if len(res.Axes) == 2 {
		what = fmt.Sprintf("%d points (%d × %d)", len(res.Points), res.Axes[0].Steps, res.Axes[1].Steps)
	}
	if draws > 0 {
		what = format.Thousands(draws) + " draws at each of " + what
	}
	return info, out, chartText{caption: info.caption("Sweep: "+what+", common random numbers", o)}, o, err
}

// noValidSweep is the note of a sweep none of whose points can be drawn.
const noValidSweep = "No sweep point has a valid estimate"

// sweepPointOK reports whether a sweep point has runs and a sane estimate.
func sweepPointOK(pt study.SweepPoint, axes int) bool {
	return len(pt.X) == axes && finite(pt.X...) && validProportion(pt.P)
}

// sweepCurveData is the valid points of a one-axis sweep in order of the
// swept value, and the notes on what was left out.
func sweepCurveData(res *study.SweepResult, out string) (e estimate, notes []string) {
	var pts []study.SweepPoint
	for _, pt := range res.Points {
		if sweepPointOK(pt, 1) {
			pts = append(pts, pt)
		}
	}
	sort.SliceStable(pts, func(a, b int) bool { return pts[a].X[0] < pts[b].X[0] })
	flat := true
	for _, pt := range pts {
		e.add(pt.X[0], pt.P)
		flat = flat && pt.P.P == pts[0].P.P
	}
	notes = dropNotes(len(res.Points), len(pts), "No sweep points", noValidSweep, "points left out: no runs or invalid values")
	if len(pts) > 1 && flat {
		notes = append(notes, fmt.Sprintf("%s does not change across the sweep", out))
	}
	return e, notes
}

// SweepCurve draws a one-axis sweep: P(alliance by the horizon) against the
// swept value, with its 95% Wilson interval as a band, the y axis from 0.
func SweepCurve(res *study.SweepResult, info AnalysisInfo, o Options) (*Chart, error) {
	info, out, t, o, err := sweepStart(res, 1, "SweepCurve draws a sweep of one axis", "SweepHeatMap for two", info, o)
	if err != nil {
		return nil, err
	}
	ax := res.Axes[0]
	xl := info.label(ax.Key)
	t.title, t.x, t.y = out+" as "+xl+" varies: "+info.scenario(), info.standalone(ax.Key), "Probability"
	t.desc = fmt.Sprintf("%s at each value of %s, every other input keeping its uncertainty, with its 95%% interval as a shaded band. "+
		"All points use the same random draws, so differences between neighbouring points reflect the swept value, not chance.", out, xl)
	e, notes := sweepCurveData(res, out)
	if len(e.Est) > 1 {
		t.subtitles = []string{fmt.Sprintf("From %s at %s to %s at %s", proportionLabel(e.First), inputValue(e.Est[0].X),
			proportionLabel(e.Last), inputValue(e.LastX))}
	}
	ch, p := newChart(t)
	ch.Note, ch.Empty = joinNotes(notes), len(e.Est) == 0
	xlo, xhi := math.Min(ax.From, ax.To), math.Max(ax.From, ax.To)
	if len(e.Est) > 0 {
		xlo, xhi = math.Min(xlo, e.Est[0].X), math.Max(xhi, e.LastX)
	}
	if !finite(xlo, xhi) {
		xlo, xhi = 0, 1
	}
	c := accentCurve().set(e, 0.01*(xhi-xlo))
	c.line.XYs = e.Est
	c.legend(ch)
	p.Y.Padding = vg.Points(6) // the first and last points stay off the axis
	w, h, ok := ch.fit(o, vg.Points(80), 0, 0)
	if !ok {
		probabilityAxis(&p.Y, 0.01, yIntervals(h))
		axisTicks(&p.X, xlo, xhi, 5)
		return ch, nil
	}
	p.Add(hGrid, vGrid, c.band, c.line, c.pts)
	probabilityAxis(&p.Y, math.Max(0.01, e.top()*1.08), yIntervals(h))
	axisTicks(&p.X, xlo, xhi, intervals(w, 50, 8))
	return ch, nil
}

// sweepGrid is a two-axis sweep as a grid: column c is the c-th value of
// the first axis in increasing order, row r the r-th of the second; a
// missing or invalid point is NaN. It implements plotter.GridXYZ, so that
// gonum's HeatMap and Contour draw it.
type sweepGrid struct {
	xs, ys []float64
	z      [][]float64 // z[c][r]
}

func (g *sweepGrid) Dims() (c, r int)   { return len(g.xs), len(g.ys) }
func (g *sweepGrid) Z(c, r int) float64 { return g.z[c][r] }
func (g *sweepGrid) X(c int) float64    { return g.xs[c] }
func (g *sweepGrid) Y(r int) float64    { return g.ys[r] }

// newSweepGrid lays the row-major points of a two-axis sweep (the last axis
// fastest) out on a grid with both axes increasing, and counts the invalid
// points. The number of points must match the axes.
func newSweepGrid(res *study.SweepResult) (*sweepGrid, int, error) {
	a0, a1 := res.Axes[0], res.Axes[1]
	if a0.Steps < 1 || a1.Steps < 1 || len(res.Points) != a0.Steps*a1.Steps {
		return nil, 0, fmt.Errorf("plots: the sweep has %d points, not %d × %d", len(res.Points), a0.Steps, a1.Steps)
	}
	g := &sweepGrid{xs: make([]float64, a0.Steps), ys: make([]float64, a1.Steps), z: make([][]float64, a0.Steps)}
	at := func(i, n int, rev bool) int {
		if rev {
			return n - 1 - i
		}
		return i
	}
	bad := 0
	for i, x := range a0.Values() {
		c := at(i, a0.Steps, a0.From > a0.To)
		g.xs[c], g.z[c] = x, make([]float64, a1.Steps)
		for j, y := range a1.Values() {
			r, pt := at(j, a1.Steps, a1.From > a1.To), res.Points[i*a1.Steps+j]
			g.ys[r], g.z[c][r] = y, math.NaN()
			if sweepPointOK(pt, 2) {
				g.xs[c], g.ys[r], g.z[c][r] = pt.X[0], pt.X[1], pt.P.P
			} else {
				bad++
			}
		}
	}
	return g, bad, nil
}

// values are the grid's valid values in increasing order.
func (g *sweepGrid) values() []float64 {
	var vs []float64
	for _, col := range g.z {
		for _, v := range col {
			if !math.IsNaN(v) {
				vs = append(vs, v)
			}
		}
	}
	sort.Float64s(vs)
	return vs
}

// binned is a grid of the colour classes of its values, for a HeatMap
// whose palette has one colour per class.
type binned struct {
	*sweepGrid
	edges []float64
}

func (b binned) Z(c, r int) float64 {
	if v := b.sweepGrid.Z(c, r); !math.IsNaN(v) {
		return float64(binOf(v, b.edges))
	}
	return math.NaN()
}

// colourBins are the classes of the heat map's colour scale: n quantile
// classes of the observed values vs (sorted), their edges rounded to two
// significant digits, from the lowest value to the highest. Classes from
// 0 in round steps put most of a skewed surface (0.07% to 9.9% of a grid
// reaching 60%) in one colour; quantiles give every class about as many
// cells.
func colourBins(vs []float64, n int) []float64 {
	if len(vs) == 0 {
		return []float64{0, 0.01}
	}
	round := func(v float64, f func(float64) float64) float64 {
		if v <= 0 {
			return 0
		}
		m := math.Pow(10, math.Floor(math.Log10(100*v))-1)
		return f(100*v/m) * m / 100
	}
	lo, hi := round(vs[0], math.Floor), round(vs[len(vs)-1], math.Ceil)
	edges := []float64{lo}
	for k := 1; k < n && hi > lo; k++ {
		if e := round(vs[k*len(vs)/n], math.Round); e > edges[len(edges)-1] && e < hi {
			edges = append(edges, e)
		}
	}
	if hi <= lo {
		hi = lo + 0.0001
	}
	return append(edges, hi)
}

// binOf is the class of v among the bins of edges.
func binOf(v float64, edges []float64) int {
	for k := 1; k < len(edges); k++ {
		if v < edges[k] {
			return k - 1
		}
	}
	return len(edges) - 2
}

// binPalette colours n classes from light to dark, the lightest at 0.06 so
// that it stays visible on white.
type binPalette int

func (n binPalette) Colors() []color.Color {
	cs := make([]color.Color, n)
	for k := range cs {
		cs[k] = rampColor(k, int(n), 0.06)
	}
	return cs
}

var _ palette.Palette = binPalette(0)

// heatText is the text of a heat map of out over the sweep's two axes.
func heatText(res *study.SweepResult, info AnalysisInfo, out string, t chartText) chartText {
	xl, yl := info.label(res.Axes[0].Key), info.label(res.Axes[1].Key)
	t.title, t.x, t.y = out+" over "+xl+" and "+yl+": "+info.scenario(), info.standalone(res.Axes[0].Key), info.standalone(res.Axes[1].Key)
	t.desc = fmt.Sprintf("%s at each combination of %s (across) and %s (up), every other input keeping its uncertainty; "+
		"darker cells are more likely. All cells use the same random draws, so the pattern reflects the swept values, not chance.", out, xl, yl)
	return t
}

// heatNotes says what the heat map leaves out, and why it draws no contour
// at level when the probability stays on one side of it.
func heatNotes(g *sweepGrid, bad, n int, level float64, out string) (notes []string, contour bool) {
	vs := g.values()
	zlo, zhi := math.Inf(1), math.Inf(-1)
	if len(vs) > 0 {
		zlo, zhi = vs[0], vs[len(vs)-1]
	}
	notes = dropNotes(n, n-bad, "No sweep points", noValidSweep, "cells left out: no runs or invalid values")
	lt := shareLabel(level, 0)
	switch {
	case bad == n, level == 0:
	case zlo == zhi:
		notes = append(notes, fmt.Sprintf("No %s contour: %s is %s on the whole grid", lt, out, shareLabel(zlo, 1)))
	case zhi < level:
		notes = append(notes, fmt.Sprintf("No %s contour: %s stays below it on the whole grid (at most %s)", lt, out, shareLabel(zhi, 1)))
	case zlo >= level:
		notes = append(notes, fmt.Sprintf("No %s contour: %s is at least %s on the whole grid", lt, out, shareLabel(zlo, 1)))
	default:
		return notes, true
	}
	return notes, false
}

// heatLegend lists the colour classes (at least 5, as many up to 8 as a
// legend column beside the plot can hold) and the contour; it returns the
// classes' edges.
func heatLegend(ch *Chart, vs []float64, level float64, contour bool, o Options) []float64 {
	var edges []float64
	for _, target := range []int{8, 7, 6, 5} {
		ch.Legend, edges = nil, colourBins(vs, target)
		nb := len(edges) - 1
		for k := nb - 1; k >= 0; k-- {
			ch.AddLegend(sigFigs(100*edges[k], 2)+"–"+sigFigs(100*edges[k+1], 2)+"%", fill{Color: binPalette(nb).Colors()[k], Border: barBorder})
		}
		if contour {
			ch.AddLegend(shareLabel(level, 0)+" contour", &plotter.Line{LineStyle: contourHalo}, &plotter.Line{LineStyle: contourLine})
		}
		if ch.columnFits(o) {
			break
		}
	}
	return edges
}

// The contour is a black line on a white halo, so that it reads on every
// cell colour.
var (
	contourLine = lineStyle(inkColor, 1.6)
	contourHalo = lineStyle(color.White, 3.6)
)

// SweepHeatMap draws a two-axis sweep as a heat map of P(alliance by the
// horizon): the first axis across, the second up, each cell coloured by its
// probability on a light-to-dark sequential scale (viridis, which is
// colour-blind safe and reads in greyscale) in round classes from 0, with
// the value written in the cell when it fits, and a legend of the classes as
// the colour bar.
func SweepHeatMap(res *study.SweepResult, level float64, info AnalysisInfo, o Options) (*Chart, error) {
	info, out, t, o, err := sweepStart(res, 2, "SweepHeatMap draws a sweep of two axes", "SweepCurve for one", info, o)
	if err == nil && level != 0 && !(level > 0 && level < 1) {
		err = fmt.Errorf("plots: contour level %v is not a probability strictly between 0 and 1 (0 for none)", level)
	}
	if err != nil {
		return nil, err
	}
	g, bad, err := newSweepGrid(res)
	if err != nil {
		return nil, err
	}
	ch, p := newChart(heatText(res, info, out, t))
	notes, contour := heatNotes(g, bad, len(res.Points), level, out)
	if contour {
		ch.Description += fmt.Sprintf(" The black line marks where %s crosses %s.", out, shareLabel(level, 0))
	}
	ch.Note, ch.Empty = joinNotes(notes), bad == len(res.Points)
	edges := heatLegend(ch, g.values(), level, contour, o)
	w, h, ok := ch.fit(o, 0, 0, 0)
	if !ok {
		ch.Legend = nil
		axisTicks(&p.X, g.xs[0], g.xs[len(g.xs)-1], 5)
		axisTicks(&p.Y, g.ys[0], g.ys[len(g.ys)-1], 4)
		return ch, nil
	}
	heat := plotter.NewHeatMap(binned{g, edges}, binPalette(len(edges)-1))
	heat.Min, heat.Max, heat.NaN = 0, float64(len(edges)-2), nanFill
	p.Add(cellUnderlay(g, edges), heat)
	if contour { // under the values, which are drawn on a patch of their cell's colour
		p.Add(contourLines(g, level))
	}
	p.Add(cellValues(g, edges, w, h)...)
	if x, y, ok := contourLabelAt(g, level); contour && ok {
		p.Add(&annotation{X: x, Y: y, Text: shareLabel(level, 0), Style: labelStyle(tickSize, inkColor, draw.XCenter, draw.YCenter),
			Halo: color.White, Border: lineStyle(inkColor, 0.6)})
	}
	xmin, xmax, ymin, ymax := heat.DataRange()
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = xmin, xmax, ymin, ymax
	p.X.Tick.Marker = linearTicks{Step: niceStep(xmax-xmin, intervals(w, 50, 8))}
	p.Y.Tick.Marker = linearTicks{Step: niceStep(ymax-ymin, yIntervals(h))}
	return ch, nil
}

var nanFill = color.RGBA{R: 0xf2, G: 0xf2, B: 0xf2, A: 0xff}

// cellUnderlay paints each cell's colour under the HeatMap, reaching half
// a cell into its right and upper neighbours: gonum antialiases every
// cell's edges, which would let the white page show through as light seams
// between cells; over the underlay an edge blends two cell colours.
func cellUnderlay(g *sweepGrid, edges []float64) *rects {
	bounds := func(vs []float64) []float64 {
		if len(vs) == 1 {
			return []float64{vs[0] - 0.5, vs[0] + 0.5}
		}
		b := []float64{vs[0] - (vs[1]-vs[0])/2}
		for i := 1; i < len(vs); i++ {
			b = append(b, (vs[i-1]+vs[i])/2)
		}
		return append(b, vs[len(vs)-1]+(vs[len(vs)-1]-vs[len(vs)-2])/2)
	}
	xb, yb := bounds(g.xs), bounds(g.ys)
	reach := func(b []float64, i int) float64 {
		if i+2 < len(b) {
			return (b[i+1] + b[i+2]) / 2
		}
		return b[i+1]
	}
	pal, u := binPalette(len(edges)-1).Colors(), &rects{}
	for c := range g.xs {
		for r := range g.ys {
			f := color.Color(nanFill)
			if v := g.z[c][r]; !math.IsNaN(v) {
				f = pal[binOf(v, edges)]
			}
			u.Rects = append(u.Rects, rect{X0: xb[c], X1: reach(xb, c), Y0: yb[r], Y1: reach(yb, r), Fill: f})
		}
	}
	return u
}

// contourLines draws the contour at level by marching squares, a black
// line on a white halo, skipping every square with a missing cell (gonum's
// Contour draws through NaN).
func contourLines(g *sweepGrid, level float64) plotters {
	var segs []plot.Plotter
	for c := 0; c+1 < len(g.xs); c++ {
		for r := 0; r+1 < len(g.ys); r++ {
			// Corners anticlockwise from the bottom left; edge k joins
			// corner k and k+1.
			cs := [4][2]int{{c, r}, {c + 1, r}, {c + 1, r + 1}, {c, r + 1}}
			var z [4]float64
			for k, p := range cs {
				z[k] = g.z[p[0]][p[1]]
			}
			if !finite(z[:]...) {
				continue
			}
			var pts []plotter.XY
			for k := range 4 {
				a, b := cs[k], cs[(k+1)%4]
				if za, zb := z[k], z[(k+1)%4]; (za >= level) != (zb >= level) {
					t := (level - za) / (zb - za)
					pts = append(pts, plotter.XY{X: g.xs[a[0]] + t*(g.xs[b[0]]-g.xs[a[0]]), Y: g.ys[a[1]] + t*(g.ys[b[1]]-g.ys[a[1]])})
				}
			}
			if len(pts) == 4 && ((z[0]+z[1]+z[2]+z[3])/4 >= level) != (z[0] >= level) {
				pts = []plotter.XY{pts[0], pts[3], pts[1], pts[2]} // a saddle: cut off corners 0 and 2
			}
			for i := 0; i+1 < len(pts); i += 2 {
				segs = append(segs, &plotter.Line{XYs: plotter.XYs{pts[i], pts[i+1]}, LineStyle: contourHalo})
			}
		}
	}
	for _, s := range segs[:len(segs):len(segs)] {
		l := *s.(*plotter.Line)
		l.LineStyle = contourLine
		segs = append(segs, &l)
	}
	return segs
}

// cellValues writes each cell's value in it, on a patch of its colour,
// when every value fits its cell.
func cellValues(g *sweepGrid, edges []float64, w, h vg.Length) []plot.Plotter {
	sty := labelStyle(tickSize-1, inkColor, draw.XCenter, draw.YCenter)
	cw, chh := w/vg.Length(len(g.xs)), h/vg.Length(len(g.ys))
	pal := binPalette(len(edges) - 1).Colors()
	var out []plot.Plotter
	for c := range g.xs {
		for r := range g.ys {
			v := g.z[c][r]
			if math.IsNaN(v) {
				continue
			}
			if sty.Width(shareLabel(v, 0))+vg.Points(4) > cw || sty.Height("0")+vg.Points(2) > chh {
				return nil
			}
			f := pal[binOf(v, edges)]
			s := sty
			s.Color = textOn(f)
			out = append(out, &annotation{X: g.xs[c], Y: g.ys[r], Text: shareLabel(v, 0), Style: s, Halo: f})
		}
	}
	return out
}

// contourLabelAt is where the contour's label goes: of the points where the
// contour crosses the lines between neighbouring cell centres, the one
// farthest from every centre (where the values are written), measured in
// cells, the one nearest the middle of the grid breaking ties.
func contourLabelAt(g *sweepGrid, level float64) (x, y float64, ok bool) {
	nc, nr := g.Dims()
	best, bestMid := -1.0, math.Inf(1)
	try := func(c0, r0, c1, r1 int) {
		z0, z1 := g.z[c0][r0], g.z[c1][r1]
		if !(math.Min(z0, z1) <= level && level < math.Max(z0, z1)) {
			return
		}
		t := (level - z0) / (z1 - z0)
		clear := math.Round(math.Min(t, 1-t)*20) / 20 // ties within a twentieth of a cell
		mid := math.Abs(float64(c0+c1)/2-float64(nc-1)/2) + math.Abs(float64(r0+r1)/2-float64(nr-1)/2)
		if clear > best || clear == best && mid < bestMid {
			best, bestMid, ok = clear, mid, true
			x, y = g.xs[c0]+t*(g.xs[c1]-g.xs[c0]), g.ys[r0]+t*(g.ys[r1]-g.ys[r0])
		}
	}
	for c := range nc {
		for r := range nr {
			if c+1 < nc {
				try(c, r, c+1, r)
			}
			if r+1 < nr {
				try(c, r, c, r+1)
			}
		}
	}
	return x, y, ok
}

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
	if c.Lo == c.Hi {
		return fmt.Sprintf("%d %s", c.Lo, format.Plural(c.Lo, "condition", "conditions"))
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
		cs[i].Color = rampColor(i, len(cs), 0.15)
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
	return cmp.Or(out, "the outcome")
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
// have the outcome, up), coverage from 0 to 100% and density from 0 to a
// little above the highest box and the base rate, points coloured by the
// number of restricted inputs and joined in peeling order.
func PrimTradeoff(res *analysis.PrimResult, info AnalysisInfo, o Options) (*Chart, error) {
	ch, p, o, err := start(res == nil, errNilPrim, o, func(o Options) chartText { return primText(res, info, o) })
	if err != nil {
		return nil, err
	}
	marks, avoid, skipped := primMarks(ch, res)
	n := len(res.Trajectory)
	notes := dropNotes(n, n-skipped, "No boxes", "No box has valid statistics", "boxes left out: invalid values")
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
	if ok {
		p.Add(hGrid, vGrid, base)
		p.Add(marks...)
	}
	if ok && boxOK(box) {
		label := fmt.Sprintf("Chosen box: coverage %s, density %s,\nmass %s of runs, %d %s", shareLabel(box.Coverage, 0), shareLabel(box.Density, 0),
			shareLabel(box.Mass, 0), len(box.Restrictions), format.Plural(len(box.Restrictions), "condition", "conditions"))
		p.Add(chosen, &pointLabels{Labels: []pointLabel{{X: box.Coverage, Y: box.Density, Text: label}}, Style: textStyle(sansFont, tickSize, inkColor),
			Avoid: append(avoid, pointLabel{X: box.Coverage, Y: box.Density}), Radius: vg.Points(3), Halo: withAlpha(white, 0.85),
			// Down first: the boxes lie on a falling curve, and the
			// density axis reaches only a little above its top, so the
			// room is below it.
			Angles: []float64{-90, -67.5, -112.5, -45, -135, 90, 67.5, 112.5, 45, 135, 157.5, 0, 180}, AnglesFirst: true})
	}
	// The axes are set once the marks are added, which would stretch them.
	// Density reaches only a little above the boxes and the base rate (the
	// chosen box's label goes below the curve, see Angles): on a 0–100%
	// axis a rare outcome's boxes, all below a few per cent, lie flat on
	// the floor and their rise cannot be read.
	top := 0.01
	if !math.IsNaN(base.At) {
		top = math.Max(top, base.At)
	}
	for _, a := range avoid {
		top = math.Max(top, a.Y)
	}
	// The chosen box is pasted, which can raise its density above every
	// box of the trajectory.
	if boxOK(box) {
		top = math.Max(top, box.Density)
	}
	probabilityAxis(&p.X, 1, intervals(w, 40, 10))
	probabilityAxis(&p.Y, top*headRoom(1.1, vg.Points(3*tickSize), h, 2), yIntervals(h))
	return ch, nil
}
