package plots

import (
	"fmt"
	"image/color"
	"math"
	"sort"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/alliancesim/alliancesim/model"
)

// Targets of the explanation charts: TargetLatent for the latent alignment
// pressure, TargetFirst and TargetSecond for the first or second actor's
// utility of an alliance. An actor's name (any case) also names its
// utility.
const (
	TargetLatent = "latent"
	TargetFirst  = "0"
	TargetSecond = "1"
)

// centralRun describes the run an Explanation comes from, for captions.
const centralRun = "central run: every input at its median, no noise, no events"

// ExplanationCaption is the provenance line of an explanation chart, for
// example "Scenario: baseline · central run: every input at its median, no
// noise, no events · alliancesim v0.1.0". A central run has no draws and no
// seed.
func ExplanationCaption(ex *model.Explanation, version string) string {
	if ex == nil {
		return ""
	}
	name := ex.Scenario
	if name == "" {
		name = "(unnamed)"
	}
	return "Scenario: " + name + " · " + centralRun + " · alliancesim " + versionString(version)
}

// explainTarget is a parsed target: actor -1 for the latent pressure, 0 or
// 1 for an actor's utility.
type explainTarget struct {
	actor int
	names [2]string
}

// parseTarget reads a target: "latent", "0", "1" or an actor's name.
func parseTarget(ex *model.Explanation, target string) (explainTarget, error) {
	t := explainTarget{actor: -1, names: actorNames(ex.Actors)}
	s := strings.TrimSpace(target)
	switch {
	case strings.EqualFold(s, TargetLatent):
		return t, nil
	case s == TargetFirst || s == TargetSecond:
		t.actor, _ = strconv.Atoi(s)
		return t, nil
	}
	for i, a := range ex.Actors {
		if a != "" && strings.EqualFold(s, a) {
			t.actor = i
			return t, nil
		}
	}
	return t, fmt.Errorf("plots: unknown explanation target %q (use %q, %q, %q or an actor's name)",
		target, TargetLatent, TargetFirst, TargetSecond)
}

// parts returns the target's terms and total in year y.
func (t explainTarget) parts(y *model.YearExplanation) ([]model.Contribution, float64) {
	if t.actor < 0 {
		return y.LatentParts, y.Latent
	}
	return y.UtilityParts[t.actor], y.Utility[t.actor]
}

// reference returns the line the target's total is compared with in year
// y: the hurdle for the latent pressure, the consent threshold for a
// utility.
func (t explainTarget) reference(y *model.YearExplanation) float64 {
	if t.actor < 0 {
		return y.Hurdle
	}
	return y.ConsentThreshold
}

// subject is what the target is, for titles: "the latent pressure" or
// "Russia's utility of an alliance".
func (t explainTarget) subject() string {
	if t.actor < 0 {
		return "the latent pressure"
	}
	return possessive(t.names[t.actor]) + " utility of an alliance"
}

// axisLabel is the value axis label.
func (t explainTarget) axisLabel() string {
	if t.actor < 0 {
		return "Contribution to the latent pressure (model units)"
	}
	return "Contribution to " + possessive(t.names[t.actor]) + " utility (model units)"
}

// refName names the reference line.
func (t explainTarget) refName() string {
	if t.actor < 0 {
		return "Hurdle"
	}
	return "Consent threshold"
}

// possessive is "Russia's", or "Wales'" for a name ending in s.
func possessive(name string) string {
	if strings.HasSuffix(name, "s") {
		return name + "'"
	}
	return name + "'s"
}

// waterStep is one bar of a waterfall: a term that moves the running
// total from Start to End.
type waterStep struct {
	Label      string
	Value      float64
	Start, End float64
}

// waterfallData is what a waterfall draws: the non-zero terms in model
// order with their running totals, and the total.
type waterfallData struct {
	Steps []waterStep
	Total float64
	// Dropped lists the terms left out because they are zero.
	Dropped []string
	Notes   []string
}

// waterRowPt is the least height of a waterfall row, in points.
const waterRowPt = 11

// zeroTerm is how small a term must be to count as zero and be left out.
const zeroTerm = 1e-12

// waterfall builds the steps from 0 to the total. Terms at zero are
// dropped, non-finite terms left out with a note; the total is the given
// one when finite (a note says so if the terms do not add up to it), the
// sum of the terms otherwise.
func waterfall(parts []model.Contribution, total float64) waterfallData {
	var d waterfallData
	cum := 0.0
	var invalid []string
	for _, c := range parts {
		label := c.Label
		if label == "" {
			label = c.Key
		}
		switch {
		case !finite(c.Value):
			invalid = append(invalid, label)
			continue
		case math.Abs(c.Value) <= zeroTerm:
			d.Dropped = append(d.Dropped, label)
			continue
		}
		d.Steps = append(d.Steps, waterStep{Label: label, Value: c.Value, Start: cum, End: cum + c.Value})
		cum += c.Value
	}
	d.Total = total
	if !finite(total) {
		d.Total = cum
		d.Notes = append(d.Notes, "the total is not a number: the sum of the terms is shown")
	} else if math.Abs(cum-total) > 1e-6*math.Max(1, math.Abs(total)) {
		d.Notes = append(d.Notes, fmt.Sprintf("the terms add up to %s, not to the total %s", number(cum, 3), number(total, 3)))
	}
	if len(invalid) > 0 {
		d.Notes = append(d.Notes, "left out, not a number: "+strings.Join(invalid, ", "))
	}
	return d
}

// termLabel formats a term's value with a sign and enough decimals to
// show a small term as non-zero.
func termLabel(v float64) string {
	dec := 2
	for a := math.Abs(v); dec < 5 && a > 0 && a < 0.5*math.Pow(10, -float64(dec)); dec++ {
	}
	return signed(v, dec)
}

// findYear returns the explanation of year (the first year when 0).
func findYear(ex *model.Explanation, year int) (*model.YearExplanation, error) {
	if year == 0 {
		return &ex.Years[0], nil
	}
	for i := range ex.Years {
		if ex.Years[i].Year == year {
			return &ex.Years[i], nil
		}
	}
	return nil, fmt.Errorf("plots: the explanation of %q has no year %d (it covers %d–%d)",
		ex.Scenario, year, ex.Years[0].Year, ex.Years[len(ex.Years)-1].Year)
}

// explanationName is the scenario's name for titles.
func explanationName(ex *model.Explanation) string {
	if ex.Scenario == "" {
		return "(unnamed scenario)"
	}
	return ex.Scenario
}

// refStyle is the reference line of the explanation charts: dashed, in the
// accent colour of the alliance.
var refStyle = draw.LineStyle{Color: AccentColor, Width: vg.Points(1.3), Dashes: []vg.Length{vg.Points(4), vg.Points(2.5)}}

// verdict says how the total compares with the reference line.
func (t explainTarget) verdict(y *model.YearExplanation, total float64) string {
	ref := t.reference(y)
	rel := "above"
	if total <= ref {
		rel = "below"
	}
	head := fmt.Sprintf("Total %s, %s the %s of %s", number(total, 2), rel, strings.ToLower(t.refName()), number(ref, 2))
	if t.actor >= 0 {
		if y.Consent[t.actor] {
			return head + ": " + t.names[t.actor] + " would consent"
		}
		return head + ": " + t.names[t.actor] + " would refuse"
	}
	switch {
	case y.State == model.DefenceAlliance && y.OnTable:
		return head + fmt.Sprintf(": the alliance is on the table and agreed in %d", y.Year)
	case y.State == model.DefenceAlliance:
		return head + ": the alliance is already in force"
	case y.OnTable:
		return head + fmt.Sprintf(": the alliance is on the table in %d", y.Year)
	case total > ref:
		return head + ", but the pair is not yet at the entente"
	}
	return head + ": the alliance is not on the table"
}

// Waterfall draws how the terms of the central run add up, in one year
// (the first when year is 0), to the latent pressure (target "latent") or
// to an actor's utility of an alliance (target "0", "1" or the actor's
// name). The terms are rows, in the model's order, each a bar from the
// running total before it to the one after it, blue when it raises the
// total and orange when it lowers it; the total is the dark bar at the
// bottom, and a dashed line marks the hurdle (latent) or the consent
// threshold (utility). Terms at zero are left out and listed in the note.
func Waterfall(ex *model.Explanation, year int, target string, o Options) (*Chart, error) {
	if ex == nil {
		return nil, errNilExplanation
	}
	o, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	tg, err := parseTarget(ex, target)
	if err != nil {
		return nil, err
	}
	p := newPlot(tg.axisLabel(), "")
	ch := &Chart{
		Plot:        p,
		Caption:     ExplanationCaption(ex, o.Version),
		legendBelow: true,
	}
	raise := fill{Color: raiseColor}
	lower := fill{Color: lowerColor}
	tot := fill{Color: totalColor}
	ref := &refLine{Vertical: true, Style: refStyle}
	if len(ex.Years) == 0 {
		ch.Title = "What makes up " + tg.subject() + ": " + explanationName(ex)
		ch.Note, ch.Empty = "No years in the explanation: nothing to plot", true
		emptyRows(p)
		ch.fitAxes(o)
		valueAxis(&p.X, -1, 1, 4)
		return ch, nil
	}
	y, err := findYear(ex, year)
	if err != nil {
		return nil, err
	}
	ch.Title = fmt.Sprintf("What makes up %s in %d: %s", tg.subject(), y.Year, explanationName(ex))
	parts, total := tg.parts(y)
	d := waterfall(parts, total)
	refV := tg.reference(y)
	ch.AddLegend("Raises the total", raise)
	ch.AddLegend("Lowers the total", lower)
	ch.AddLegend("Total", tot)
	if finite(refV) {
		ch.AddLegend(fmt.Sprintf("%s (%s)", tg.refName(), number(refV, 2)), ref)
		ref.At = refV
	}
	notes := d.Notes
	if len(d.Dropped) > 0 {
		notes = append(notes, "terms at zero left out: "+strings.Join(d.Dropped, ", "))
	}
	if len(d.Steps) == 0 && len(parts) == 0 {
		notes = []string{"No terms in the explanation: nothing to plot"}
	}
	if len(notes) > 0 {
		notes[0] = strings.ToUpper(notes[0][:1]) + notes[0][1:]
	}
	ch.Note, ch.Empty = joinNotes(notes), len(parts) == 0
	if !ch.Empty {
		ch.Subtitle = tg.verdict(y, d.Total)
	}
	verb := "the alliance comes onto the table when the total is above the hurdle (if the pair is at the entente)"
	if tg.actor >= 0 {
		verb = tg.names[tg.actor] + " consents when the total is above the consent threshold"
	}
	ch.Description = fmt.Sprintf("Central run (every input at its median, no noise, no events): how each driver adds to "+
		"or takes away from %s in %d, from zero down to the total in the bottom row; %s.", tg.subject(), y.Year, verb)

	names := make([]string, 0, len(d.Steps)+1)
	for _, s := range d.Steps {
		names = append(names, s.Label)
	}
	names = append(names, "Total")
	rowAxis(p, names)
	_, dataH := ch.fitAxes(o)
	if !ch.Empty && dataH < vg.Length(len(names))*vg.Points(waterRowPt) && ch.Subtitle != "" {
		// Short of room: the verdict goes, the bars and the line say it too.
		ch.Subtitle = ""
		_, dataH = ch.fitAxes(o)
	}
	dataW := ch.rowDataWidth(o, names)
	if ch.Empty || !ch.rowsFit(o, len(names), waterRowPt, dataH) {
		valueAxis(&p.X, -1, 1, 4)
		return ch, nil
	}

	n := len(names)
	const half = 0.32
	bars := &rects{}
	lo, hi := math.Min(0, d.Total), math.Max(0, d.Total)
	if finite(refV) {
		lo, hi = math.Min(lo, refV), math.Max(hi, refV)
	}
	sty := textStyle(sansFont, tickSize, inkColor)
	sty.YAlign = draw.YCenter
	var labels []*annotation
	// reach is a label's anchor and width, to make room for it.
	type reach struct {
		x float64
		w vg.Length
	}
	var left, right []reach
	label := func(y, start, end float64, text string) {
		s := sty
		a := &annotation{Y: y, Text: text}
		if end >= start {
			s.XAlign = draw.XLeft
			a.X, a.Offset = math.Max(start, end), vg.Point{X: vg.Points(3)}
		} else {
			s.XAlign = draw.XRight
			a.X, a.Offset = math.Min(start, end), vg.Point{X: -vg.Points(3)}
		}
		a.Style, a.Halo = s, color.White
		labels = append(labels, a)
		w := s.Width(text) + vg.Points(6)
		if end >= start {
			right = append(right, reach{a.X, w})
		} else {
			left = append(left, reach{a.X, w})
		}
	}
	connectors := &plotter.Line{LineStyle: draw.LineStyle{Color: axisColor, Width: vg.Points(0.5),
		Dashes: []vg.Length{vg.Points(1.5), vg.Points(1.5)}}}
	var segs []plotter.XYs
	for i, s := range d.Steps {
		yy := rowY(i, n)
		c := lowerColor
		if s.Value > 0 {
			c = raiseColor
		}
		bars.Rects = append(bars.Rects, rect{X0: s.Start, X1: s.End, Y0: yy - half, Y1: yy + half, Fill: c})
		lo, hi = math.Min(lo, math.Min(s.Start, s.End)), math.Max(hi, math.Max(s.Start, s.End))
		label(yy, s.Start, s.End, termLabel(s.Value))
		// A dotted connector from this bar's end to the next bar's start.
		segs = append(segs, plotter.XYs{{X: s.End, Y: yy - half}, {X: s.End, Y: yy - 1 + half}})
	}
	ty := rowY(n-1, n)
	bars.Rects = append(bars.Rects, rect{X0: 0, X1: d.Total, Y0: ty - half, Y1: ty + half, Fill: totalColor})
	label(ty, 0, d.Total, number(d.Total, 2))

	// Room for the value labels: widen the axis until every label fits
	// between its bar and the edge of the data area.
	if lo == hi {
		lo, hi = lo-1, hi+1
	}
	l, h := lo, hi
	for range 8 {
		per := (h - l) / float64(dataW) // data units per point
		nl, nh := lo, hi
		for _, r := range right {
			nh = math.Max(nh, r.x+float64(r.w)*per)
		}
		for _, r := range left {
			nl = math.Min(nl, r.x-float64(r.w)*per)
		}
		l, h = nl, nh
	}
	if dataW > vg.Points(60) {
		lo, hi = l, h
	}
	valueAxis(&p.X, lo, hi, max(2, min(6, int(dataW/vg.Points(50)))))
	zero := &refLine{Vertical: true, At: 0, Style: draw.LineStyle{Color: axisColor, Width: vg.Points(0.6)}}
	p.Add(verticalGrid(), zero, bars)
	for _, s := range segs {
		c := *connectors
		c.XYs = s
		p.Add(&c)
	}
	if finite(refV) {
		p.Add(ref)
	}
	for _, l := range labels {
		p.Add(l)
	}
	return ch, nil
}

// termSeries is one term's contribution by year.
type termSeries struct {
	Key, Label string
	XYs        plotter.XYs
}

// contributionSeries collects each term's contribution by year, matching
// terms by key; terms at zero in every year are dropped, non-finite values
// left out.
func contributionSeries(ex *model.Explanation, tg explainTarget) (series []termSeries, total, ref plotter.XYs, dropped []string, notes []string) {
	index := map[string]int{}
	bad := 0
	for yi := range ex.Years {
		y := &ex.Years[yi]
		x := float64(y.Year)
		parts, tot := tg.parts(y)
		for _, c := range parts {
			k, ok := index[c.Key]
			if !ok {
				k = len(series)
				index[c.Key] = k
				label := c.Label
				if label == "" {
					label = c.Key
				}
				series = append(series, termSeries{Key: c.Key, Label: label})
			}
			if !finite(c.Value) {
				bad++
				continue
			}
			series[k].XYs = append(series[k].XYs, plotter.XY{X: x, Y: c.Value})
		}
		if finite(tot) {
			total = append(total, plotter.XY{X: x, Y: tot})
		} else {
			bad++
		}
		if r := tg.reference(y); finite(r) {
			ref = append(ref, plotter.XY{X: x, Y: r})
		}
	}
	kept := series[:0]
	for _, s := range series {
		zero := true
		for _, xy := range s.XYs {
			zero = zero && math.Abs(xy.Y) <= zeroTerm
		}
		if zero {
			dropped = append(dropped, s.Label)
			continue
		}
		kept = append(kept, s)
	}
	if bad > 0 {
		notes = append(notes, fmt.Sprintf("%d values left out: not a number", bad))
	}
	return kept, total, ref, dropped, notes
}

// ContributionLines draws each term's contribution to the latent pressure
// (target "latent") or to an actor's utility (target "0", "1" or the
// actor's name) over the years of the central run: one line per term in
// the Okabe–Ito colours with dash patterns that survive greyscale, the
// total as a thick black line and the hurdle or consent threshold as a
// dashed line. Terms at zero in every year are left out and listed in the
// note. The legend lists the total and the reference line first, then the
// terms from the highest to the lowest in the last year.
func ContributionLines(ex *model.Explanation, target string, o Options) (*Chart, error) {
	if ex == nil {
		return nil, errNilExplanation
	}
	o, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	tg, err := parseTarget(ex, target)
	if err != nil {
		return nil, err
	}
	p := newPlot("Year", tg.axisLabel())
	ch := &Chart{
		Title:   "What drives " + tg.subject() + ", by year: " + explanationName(ex),
		Plot:    p,
		Caption: ExplanationCaption(ex, o.Version),
	}
	verb := "where the total is above the hurdle the alliance can come onto the table"
	if tg.actor >= 0 {
		verb = "where the total is above the threshold " + tg.names[tg.actor] + " would consent"
	}
	ch.Description = fmt.Sprintf("Central run (every input at its median, no noise, no events): each driver's contribution "+
		"to %s by year, with the total as a thick black line and the %s as a dashed line; %s.",
		tg.subject(), strings.ToLower(tg.refName()), verb)

	series, total, refXY, dropped, notes := contributionSeries(ex, tg)
	if len(dropped) > 0 {
		notes = append(notes, "Terms at zero in every year left out: "+strings.Join(dropped, ", "))
	}
	if len(ex.Years) == 0 {
		notes = []string{"No years in the explanation: nothing to plot"}
	} else if len(series) == 0 && len(total) == 0 {
		notes = append(notes, "No terms in the explanation: nothing to plot")
	}
	ch.Note, ch.Empty = joinNotes(notes), len(ex.Years) == 0 || (len(series) == 0 && len(total) == 0)

	totalLine := &plotter.Line{XYs: widen(total), LineStyle: draw.LineStyle{Color: inkColor, Width: vg.Points(2.6)}}
	// The reference is a yearly rule: drawn in steps, not as a slope.
	refL := &plotter.Line{XYs: widen(refXY), LineStyle: refStyle, StepStyle: plotter.MidStep}
	if !ch.Empty {
		ch.AddLegend("Total", totalLine)
		if len(refXY) > 0 {
			ch.AddLegend(tg.refName(), refL)
		}
	}
	// Terms in the legend from the highest to the lowest in the last year.
	order := make([]int, len(series))
	for i := range order {
		order[i] = i
	}
	lastY := func(s termSeries) float64 {
		if len(s.XYs) == 0 {
			return math.Inf(-1)
		}
		return s.XYs[len(s.XYs)-1].Y
	}
	sort.SliceStable(order, func(a, b int) bool { return lastY(series[order[a]]) > lastY(series[order[b]]) })
	lines := make([]*plotter.Line, len(series))
	for i, s := range series {
		lines[i] = &plotter.Line{XYs: widen(s.XYs), LineStyle: draw.LineStyle{
			Color: termColor(i), Width: vg.Points(1.4), Dashes: dashPatterns[i%len(dashPatterns)]}}
	}
	for _, i := range order {
		ch.AddLegend(series[i].Label, lines[i])
	}
	_, dataH := ch.fitAxes(o)
	if ch.Empty || !ch.roomFor(o, dataH) {
		if len(ex.Years) > 0 {
			setYearRange(p, ex.Years[0].Year, ex.Years[len(ex.Years)-1].Year)
		} else {
			p.X.Min, p.X.Max = 0, 1
			p.X.Tick.Marker = plot.ConstantTicks(nil)
		}
		valueAxis(&p.Y, -1, 1, 4)
		return ch, nil
	}

	lo, hi := 0.0, 0.0
	for _, xys := range append([]plotter.XYs{total, refXY}, seriesXYs(series)...) {
		for _, xy := range xys {
			lo, hi = math.Min(lo, xy.Y), math.Max(hi, xy.Y)
		}
	}
	pad := 0.04 * (hi - lo)
	valueAxis(&p.Y, lo-pad, hi+pad, yIntervals(dataH))
	zero := &refLine{At: 0, Style: draw.LineStyle{Color: axisColor, Width: vg.Points(0.6)}}
	p.Add(horizontalGrid(), zero)
	for _, l := range lines {
		p.Add(l)
	}
	if len(refXY) > 0 {
		p.Add(refL)
	}
	p.Add(totalLine)
	setYearRange(p, ex.Years[0].Year, ex.Years[len(ex.Years)-1].Year)
	return ch, nil
}

func seriesXYs(ss []termSeries) []plotter.XYs {
	out := make([]plotter.XYs, len(ss))
	for i, s := range ss {
		out[i] = s.XYs
	}
	return out
}
