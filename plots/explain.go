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
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/alliancesim/alliancesim/model"
)

// Targets of the explanation charts: TargetLatent for the latent alignment
// pressure, TargetFirst and TargetSecond for the first or second actor's
// utility of an alliance. An actor's name (any case) also names its utility.
const (
	TargetLatent = "latent"
	TargetFirst  = "0"
	TargetSecond = "1"
)

// ExplanationCaption is the provenance line of an explanation chart, such as
// "Scenario: baseline · central run: every input at its median, no noise,
// no events · alliancesim v0.1.0". A central run has no draws and no seed.
func ExplanationCaption(ex *model.Explanation, version string) string {
	if ex == nil {
		return ""
	}
	return "Scenario: " + orDefault(ex.Scenario, "(unnamed)") + " · central run: every input at its median, no noise, no events · alliancesim " + versionString(version)
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
	return t, fmt.Errorf("plots: unknown explanation target %q (use %q, %q, %q or an actor's name)", target, TargetLatent, TargetFirst, TargetSecond)
}

// parts returns the target's terms, total and reference line (the hurdle
// for the latent pressure, the consent threshold for a utility) in year y.
func (t explainTarget) parts(y *model.YearExplanation) ([]model.Contribution, float64, float64) {
	if t.actor < 0 {
		return y.LatentParts, y.Latent, y.Hurdle
	}
	return y.UtilityParts[t.actor], y.Utility[t.actor], y.ConsentThreshold
}

// words are the target's phrases: what it is ("the latent pressure" or
// "Russia's utility of an alliance"), its axis label, its reference line's
// name and what crossing the line means.
func (t explainTarget) words() (subject, axis, ref, verb string) {
	if t.actor < 0 {
		return "the latent pressure", "Contribution to the latent pressure (model units)", "Hurdle",
			"the alliance comes onto the table when the total is above the hurdle (if the pair is at the entente)"
	}
	name := t.names[t.actor]
	pos := name + "'s"
	if strings.HasSuffix(name, "s") {
		pos = name + "'"
	}
	return pos + " utility of an alliance", "Contribution to " + pos + " utility (model units)", "Consent threshold",
		name + " consents when the total is above the consent threshold"
}

// verdict says how the total compares with the reference line.
func (t explainTarget) verdict(y *model.YearExplanation, total float64) string {
	_, _, ref := t.parts(y)
	_, _, name, _ := t.words()
	rel := "above"
	if total <= ref {
		rel = "below"
	}
	head := fmt.Sprintf("Total %s, %s the %s of %s", number(total, 2), rel, strings.ToLower(name), number(ref, 2))
	switch {
	case t.actor >= 0 && y.Consent[t.actor]:
		return head + ": " + t.names[t.actor] + " would consent"
	case t.actor >= 0:
		return head + ": " + t.names[t.actor] + " would refuse"
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

// termName is a term's label, or its key.
func termName(c model.Contribution) string { return orDefault(c.Label, c.Key) }

// waterStep is one bar of a waterfall: a term that moves the running total
// from Start to End.
type waterStep struct {
	Label      string
	Value      float64
	Start, End float64
}

// Waterfall rows are at least waterRowPt high; terms at most zeroTerm in
// size count as zero and are left out.
const (
	waterRowPt = 11
	zeroTerm   = 1e-12
)

// waterfallData builds the steps from 0 to the total: the total given when
// finite (a note says so if the terms do not add up to it), the sum of the
// terms otherwise. Terms at zero are left out, as are non-finite ones.
func waterfallData(parts []model.Contribution, total float64) (steps []waterStep, sum float64, notes []string) {
	var invalid, dropped []string
	for _, c := range parts {
		switch {
		case !finite(c.Value):
			invalid = append(invalid, termName(c))
		case math.Abs(c.Value) <= zeroTerm:
			dropped = append(dropped, termName(c))
		default:
			steps = append(steps, waterStep{Label: termName(c), Value: c.Value, Start: sum, End: sum + c.Value})
			sum += c.Value
		}
	}
	if !finite(total) {
		notes = append(notes, "the total is not a number: the sum of the terms is shown")
	} else if math.Abs(sum-total) > 1e-6*math.Max(1, math.Abs(total)) {
		notes, sum = append(notes, fmt.Sprintf("the terms add up to %s, not to the total %s", number(sum, 3), number(total, 3))), total
	} else {
		sum = total
	}
	if len(invalid) > 0 {
		notes = append(notes, "left out, not a number: "+strings.Join(invalid, ", "))
	}
	if len(dropped) > 0 {
		notes = append(notes, "terms at zero left out: "+strings.Join(dropped, ", "))
	}
	return steps, sum, notes
}

// termLabel formats a term's value with a sign and enough decimals to show
// a small term as non-zero.
func termLabel(v float64) string {
	dec := 2
	for a := math.Abs(v); dec < 5 && a > 0 && a < 0.5*math.Pow(10, -float64(dec)); dec++ {
	}
	return signed(v, dec)
}

// findYear returns the explanation of year (the first year when 0).
func findYear(ex *model.Explanation, year int) (*model.YearExplanation, error) {
	for i := range ex.Years {
		if ex.Years[i].Year == year || year == 0 {
			return &ex.Years[i], nil
		}
	}
	return nil, fmt.Errorf("plots: the explanation of %q has no year %d (it covers %d–%d)", ex.Scenario, year, ex.Years[0].Year, ex.Years[len(ex.Years)-1].Year)
}

// refStyle is the reference line of the explanation charts: dashed, in the
// accent colour of the alliance.
var refStyle = lineStyle(AccentColor, 1.3, vg.Points(4), vg.Points(2.5))

// waterfallText is the text of a waterfall of y (nil when there are no
// years).
func waterfallText(ex *model.Explanation, tg explainTarget, y *model.YearExplanation, o Options) chartText {
	subject, axis, _, verb := tg.words()
	t := chartText{title: "What makes up " + subject + ": " + orDefault(ex.Scenario, "(unnamed scenario)"), x: axis, caption: ExplanationCaption(ex, o.Version), below: true}
	if y != nil {
		t.title = fmt.Sprintf("What makes up %s in %d: %s", subject, y.Year, orDefault(ex.Scenario, "(unnamed scenario)"))
		t.desc = fmt.Sprintf("Central run (every input at its median, no noise, no events): how each driver adds to "+
			"or takes away from %s in %d, from zero down to the total in the bottom row; %s.", subject, y.Year, verb)
	}
	return t
}

// reach is a value label anchored at x that needs w points on side dir
// (+1 right, −1 left) of it.
type reach struct {
	x   float64
	w   vg.Length
	dir int
}

// labelRoom widens [lo, hi] until every label fits between its anchor and
// the edge of a data area dataW wide; a label that would reach below floor
// is left to its chart. A few rounds converge, since each widening shrinks
// the scale a little less.
func labelRoom(lo, hi float64, rs []reach, dataW vg.Length, floor float64) (float64, float64) {
	l, h := lo, hi
	if l == h {
		l, h = math.Max(l-0.5, floor), h+0.5
	}
	for range 8 {
		per := (h - l) / float64(dataW) // data units per point
		nl, nh := lo, hi
		for _, r := range rs {
			if d := float64(r.w) * per; r.dir > 0 {
				nh = math.Max(nh, r.x+d)
			} else if r.x-d >= floor {
				nl = math.Min(nl, r.x-d)
			}
		}
		l, h = math.Max(nl, floor), nh
	}
	return l, h
}

// sideLabel is a value label beside a bar end at (x, y), on side dir.
func sideLabel(x, y float64, label string, dir int, sty text.Style) *annotation {
	a := &annotation{X: x, Y: y, Text: label, Style: sty, Offset: vg.Point{X: vg.Points(3)}}
	if a.Style.XAlign = draw.XLeft; dir < 0 {
		a.Style.XAlign, a.Offset.X = draw.XRight, -vg.Points(3)
	}
	return a
}

// waterfallMarks are the bars of the steps and the total (the bottom row),
// with dotted connectors from each bar's end to the next bar's start, the
// value labels beside the bars, and the reaches of those labels.
func waterfallMarks(steps []waterStep, total float64) (marks []plot.Plotter, labels []plot.Plotter, rs []reach) {
	n, half := len(steps)+1, 0.32
	bars := &rects{}
	sty := labelStyle(tickSize, inkColor, draw.XLeft, draw.YCenter)
	add := func(y, start, end float64, fill color.Color, text string) {
		bars.Rects = append(bars.Rects, rect{X0: start, X1: end, Y0: y - half, Y1: y + half, Fill: fill})
		x, dir := math.Max(start, end), 1
		if end < start {
			x, dir = math.Min(start, end), -1
		}
		a := sideLabel(x, y, text, dir, sty)
		a.Halo = color.White
		labels, rs = append(labels, a), append(rs, reach{x, sty.Width(text) + vg.Points(6), dir})
	}
	marks = append(marks, bars)
	for i, s := range steps {
		y := rowY(i, n)
		fill := lowerColor
		if s.Value > 0 {
			fill = raiseColor
		}
		add(y, s.Start, s.End, fill, termLabel(s.Value))
		marks = append(marks, &plotter.Line{XYs: plotter.XYs{{X: s.End, Y: y - half}, {X: s.End, Y: y - 1 + half}},
			LineStyle: lineStyle(axisColor, 0.5, vg.Points(1.5), vg.Points(1.5))})
	}
	add(0, 0, total, totalColor, number(total, 2))
	return marks, labels, rs
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
	tg, y, o, err := explainStart(ex, target, year, o)
	if err != nil {
		return nil, err
	}
	ch, p := newChart(waterfallText(ex, tg, y, o))
	if y == nil {
		ch.Note, ch.Empty = "No years in the explanation: nothing to plot", true
		rowAxis(p, nil, 0)
		ch.fit(o, 0, 0, 0)
		valueAxis(&p.X, -1, 1, 4)
		return ch, nil
	}
	parts, total, refV := tg.parts(y)
	steps, total, notes := waterfallData(parts, total)
	if len(parts) == 0 {
		notes = []string{"No terms in the explanation: nothing to plot"}
	} else {
		ch.Subtitle = tg.verdict(y, total)
	}
	ch.Note, ch.Empty = capitalise(joinNotes(notes)), len(parts) == 0
	ref := &refLine{Vertical: true, At: refV, Style: refStyle}
	ch.AddLegend("Raises the total", fill{Color: raiseColor})
	ch.AddLegend("Lowers the total", fill{Color: lowerColor})
	ch.AddLegend("Total", fill{Color: totalColor})
	lo, hi := math.Min(0, total), math.Max(0, total)
	if _, _, name, _ := tg.words(); finite(refV) {
		ch.AddLegend(fmt.Sprintf("%s (%s)", name, number(refV, 2)), ref)
		lo, hi = math.Min(lo, refV), math.Max(hi, refV)
	}
	names := []string{"Total"}
	for i := len(steps) - 1; i >= 0; i-- {
		names = append([]string{steps[i].Label}, names...)
		lo, hi = math.Min(lo, math.Min(steps[i].Start, steps[i].End)), math.Max(hi, math.Max(steps[i].Start, steps[i].End))
	}
	rowAxis(p, names, 0)
	// Short of room, the verdict goes: the bars and the line say it too.
	w, _, ok := ch.fit(o, vg.Length(len(names))*vg.Points(waterRowPt), len(names), waterRowPt)
	if !ok {
		valueAxis(&p.X, -1, 1, 4)
		return ch, nil
	}
	marks, labels, rs := waterfallMarks(steps, total)
	if lo == hi {
		lo, hi = lo-1, hi+1
	}
	if w > vg.Points(60) { // room for the value labels
		lo, hi = labelRoom(lo, hi, rs, w, math.Inf(-1))
	}
	valueAxis(&p.X, lo, hi, intervals(w, 50, 6))
	p.Add(gridLines{vertical: true}, &refLine{Vertical: true, Style: lineStyle(axisColor, 0.6)})
	p.Add(marks...)
	if finite(refV) {
		p.Add(ref)
	}
	p.Add(labels...)
	return ch, nil
}

// explainStart checks the input of an explanation chart and finds its
// target and year (nil when the explanation has no years).
func explainStart(ex *model.Explanation, target string, year int, o Options) (explainTarget, *model.YearExplanation, Options, error) {
	if ex == nil {
		return explainTarget{}, nil, o, errNilExplanation
	}
	o, err := o.withDefaults()
	if err != nil {
		return explainTarget{}, nil, o, err
	}
	tg, err := parseTarget(ex, target)
	if err != nil || len(ex.Years) == 0 {
		return tg, nil, o, err
	}
	y, err := findYear(ex, year)
	return tg, y, o, err
}

// termSeries is one term's contribution by year.
type termSeries struct {
	Label string
	XYs   plotter.XYs
}

// contributionData collects each term's contribution by year, matching
// terms by key; terms at zero in every year are left out and named in the
// notes, as are non-finite values.
func contributionData(ex *model.Explanation, tg explainTarget) (series []termSeries, total, ref plotter.XYs, notes []string) {
	index := map[string]int{}
	bad := 0
	for yi := range ex.Years {
		y := &ex.Years[yi]
		x := float64(y.Year)
		parts, tot, r := tg.parts(y)
		for _, c := range parts {
			k, ok := index[c.Key]
			if !ok {
				k, index[c.Key] = len(series), len(series)
				series = append(series, termSeries{Label: termName(c)})
			}
			if finite(c.Value) {
				series[k].XYs = append(series[k].XYs, plotter.XY{X: x, Y: c.Value})
			} else {
				bad++
			}
		}
		if finite(tot) {
			total = append(total, plotter.XY{X: x, Y: tot})
		} else {
			bad++
		}
		if finite(r) {
			ref = append(ref, plotter.XY{X: x, Y: r})
		}
	}
	if bad > 0 {
		notes = append(notes, fmt.Sprintf("%d values left out: not a number", bad))
	}
	var kept []termSeries
	var dropped []string
	for _, s := range series {
		if _, _, lo, hi := plotter.XYRange(s.XYs); len(s.XYs) == 0 || math.Max(-lo, hi) <= zeroTerm {
			dropped = append(dropped, s.Label)
		} else {
			kept = append(kept, s)
		}
	}
	if len(dropped) > 0 {
		notes = append(notes, "Terms at zero in every year left out: "+strings.Join(dropped, ", "))
	}
	return kept, total, ref, notes
}

func contributionText(ex *model.Explanation, tg explainTarget, o Options) chartText {
	subject, axis, ref, _ := tg.words()
	verb := "where the total is above the hurdle the alliance can come onto the table"
	if tg.actor >= 0 {
		verb = "where the total is above the threshold " + tg.names[tg.actor] + " would consent"
	}
	return chartText{title: "What drives " + subject + ", by year: " + orDefault(ex.Scenario, "(unnamed scenario)"), x: "Year", y: axis,
		caption: ExplanationCaption(ex, o.Version),
		desc: fmt.Sprintf("Central run (every input at its median, no noise, no events): each driver's contribution "+
			"to %s by year, with the total as a thick black line and the %s as a dashed line; %s.", subject, strings.ToLower(ref), verb)}
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
	tg, _, o, err := explainStart(ex, target, 0, o)
	if err != nil {
		return nil, err
	}
	ch, p := newChart(contributionText(ex, tg, o))
	series, total, refXY, notes := contributionData(ex, tg)
	if len(ex.Years) == 0 {
		notes = []string{"No years in the explanation: nothing to plot"}
	} else if len(series) == 0 && len(total) == 0 {
		notes = append(notes, "No terms in the explanation: nothing to plot")
	}
	ch.Note, ch.Empty = joinNotes(notes), len(series) == 0 && len(total) == 0
	totalLine := &plotter.Line{XYs: widen(total), LineStyle: lineStyle(inkColor, 2.6)}
	// The reference is a yearly rule: drawn in steps, not as a slope.
	refL := &plotter.Line{XYs: widen(refXY), LineStyle: refStyle, StepStyle: plotter.MidStep}
	ps := []plot.Plotter{gridLines{}, &refLine{Style: lineStyle(axisColor, 0.6)}}
	ch.AddLegend("Total", totalLine)
	if _, _, name, _ := tg.words(); len(refXY) > 0 {
		ch.AddLegend(name, refL)
	}
	lines := make([]*plotter.Line, len(series))
	for i, s := range series {
		lines[i] = &plotter.Line{XYs: widen(s.XYs), LineStyle: lineStyle(cycle(termPalette, i), 1.4, dashPatterns[i%len(dashPatterns)]...)}
		ps = append(ps, lines[i])
	}
	order := make([]int, len(series)) // the legend from the highest term to the lowest in the last year
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return lastY(series[order[a]].XYs) > lastY(series[order[b]].XYs) })
	for _, i := range order {
		ch.AddLegend(series[i].Label, lines[i])
	}
	_, h, ok := ch.fit(o, 0, 0, 0)
	if len(ex.Years) > 0 {
		setYearRange(p, ex.Years[0].Year, ex.Years[len(ex.Years)-1].Year)
	} else {
		p.X.Min, p.X.Max, p.X.Tick.Marker = 0, 1, plot.ConstantTicks(nil)
	}
	if !ok {
		valueAxis(&p.Y, -1, 1, 4)
		return ch, nil
	}
	_, _, lo, hi := plotter.XYRange(append(append(append(plotter.XYs{{}}, total...), refXY...), flatten(series)...))
	pad := 0.04 * (hi - lo)
	valueAxis(&p.Y, lo-pad, hi+pad, yIntervals(h))
	if len(refXY) > 0 {
		ps = append(ps, refL)
	}
	p.Add(append(ps, totalLine)...)
	return ch, nil
}

// lastY is the last value of a series (−∞ when it has none).
func lastY(xys plotter.XYs) float64 {
	if len(xys) == 0 {
		return math.Inf(-1)
	}
	return xys[len(xys)-1].Y
}

func flatten(ss []termSeries) plotter.XYs {
	var out plotter.XYs
	for _, s := range ss {
		out = append(out, s.XYs...)
	}
	return out
}
