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
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/alliancesim/alliancesim/backtest"
	"github.com/alliancesim/alliancesim/internal/format"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/score"
	"github.com/alliancesim/alliancesim/sim"
)

// This file holds the charts of runs: one run's, a central run's, several
// runs' and a backtest's, each made as the package documentation says.

// Notes shown on charts whose data cannot be drawn.
const (
	noteNoDraws = "No draws: nothing to plot"
	noteNoYears = "No simulated years: nothing to plot"
)

// resultYears returns the year of each of the n rows of a per-year series:
// r.Years when it has n entries, StartYear+t when r.Years is empty; nil
// when r has no draws (or no rows), whose data are then empty.
func resultYears(r *sim.Result, n int, series string) ([]int, error) {
	switch {
	case r.Draws <= 0:
		return nil, nil
	case len(r.Years) == n:
		return r.Years, nil
	case len(r.Years) == 0:
		ys := make([]int, n)
		for t := range ys {
			ys[t] = r.StartYear + t
		}
		return ys, nil
	}
	return nil, fmt.Errorf("plots: result for %q has %d years but %d rows of %s", r.Scenario, len(r.Years), n, series)
}

// skipNote says how many of n years were left out and why.
func skipNote(skipped, n int, why string) []string {
	if skipped == 0 {
		return nil
	}
	return []string{fmt.Sprintf("%d of %d years left out: %s", skipped, n, why)}
}

// resultNotes are the notes of a chart of r: no draws, no years, or those
// of its data.
func resultNotes(r *sim.Result, notes []string, empty bool, none string) []string {
	switch {
	case r.Draws <= 0:
		return []string{noteNoDraws}
	case empty && len(notes) == 0:
		return []string{none}
	}
	return notes
}

// resultChart starts a chart of r with its text and its data, the note
// saying what the data left out, or none when empty says there is nothing
// to draw.
func resultChart[D any](r *sim.Result, o Options, t func(*sim.Result, Options) chartText, data func(*sim.Result) (D, []string, error),
	empty func(D) bool, none string) (*Chart, *plot.Plot, Options, D, error) {
	var d D
	ch, p, o, err := start(r == nil, errNilResult, o, func(o Options) chartText { return t(r, o) })
	if err == nil {
		var notes []string
		if d, notes, err = data(r); err == nil {
			ch.Note, ch.Empty = joinNotes(resultNotes(r, notes, empty(d), none)), empty(d)
		}
	}
	return ch, p, o, d, err
}

// emptyYears gives a chart over years with nothing to draw its axes: the
// scenario's years and a probability axis to 1%.
func emptyYears(p *plot.Plot, r *sim.Result, top float64, dataH vg.Length) {
	probabilityAxis(&p.Y, top, yIntervals(dataH))
	setYearRange(p, r.StartYear, r.StartYear+max(r.HorizonYears, 1)-1)
}

func scenarioName(r *sim.Result) string { return cmp.Or(r.Scenario, "(unnamed scenario)") }

// scenarioNames names the scenarios of rs, as rows or in a list.
func scenarioNames(rs []*sim.Result) []string {
	names := make([]string, len(rs))
	for i, r := range rs {
		names[i] = scenarioName(r)
	}
	return names
}

// validProportion reports whether a has runs and a sane estimate and interval.
func validProportion(a sim.Proportion) bool {
	return a.N > 0 && finite(a.P, a.Lo, a.Hi) && a.P >= 0 && a.P <= 1
}

// proportionInterval is a on row y, its bounds clamped to [0, 1] and around
// the estimate.
func proportionInterval(a sim.Proportion, y float64) interval {
	return interval{Y: y, Mid: a.P, Lo: math.Max(0, math.Min(a.Lo, a.P)), Hi: math.Min(1, math.Max(a.Hi, a.P))}
}

// lastYear is the last simulated year of r (0 when unknown).
func lastYear(r *sim.Result) int {
	if len(r.Years) > 0 {
		return r.Years[len(r.Years)-1]
	}
	if r.HorizonYears > 0 {
		return r.StartYear + r.HorizonYears - 1
	}
	return 0
}

// stackLayer is one state's band in the stacked area, from Lower to Upper.
type stackLayer struct {
	State        model.State
	Lower, Upper plotter.XYs
}

// sumTolerance is how far a year's state shares may sum from 1 before the
// chart says so: results files round shares to six decimals, so six
// rungs may be off by a few 1e-6 without anything being wrong.
const sumTolerance = 1e-5

// stateData checks the state shares of r and stacks them.
func stateData(r *sim.Result) (layers []stackLayer, notes []string, err error) {
	years, err := resultYears(r, len(r.StateProb), "state shares")
	if years == nil {
		return nil, nil, err
	}
	for t, row := range r.StateProb {
		if len(row) != model.NumStates {
			return nil, nil, fmt.Errorf("plots: result for %q has %d state shares in %d, want %d", r.Scenario, len(row), years[t], model.NumStates)
		}
	}
	layers, notes = stackStates(years, r.StateProb)
	return layers, notes, nil
}

// stackStates cumulates the state shares by year into layers, bottom
// first: the defence alliance at the bottom, on the axis, so that its
// share reads off the y axis, then down the ladder, rivalry on top. Years
// with invalid shares are left out and noted.
func stackStates(years []int, rows [][]float64) (layers []stackLayer, notes []string) {
	layers = make([]stackLayer, model.NumStates)
	for i := range layers {
		layers[i].State = model.State(model.NumStates - 1 - i)
	}
	var skipped, offSum int
	var worst float64
	for t, row := range rows {
		if !finite(row...) || slices.ContainsFunc(row, func(v float64) bool { return v < 0 }) {
			skipped++
			continue
		}
		cum := 0.0
		for i := range layers {
			layers[i].Lower = append(layers[i].Lower, plotter.XY{X: float64(years[t]), Y: cum})
			cum += row[layers[i].State]
			layers[i].Upper = append(layers[i].Upper, plotter.XY{X: float64(years[t]), Y: cum})
		}
		if d := math.Abs(cum - 1); d > sumTolerance {
			offSum, worst = offSum+1, math.Max(worst, d)
		}
	}
	notes = skipNote(skipped, len(rows), "invalid state shares")
	if offSum > 0 {
		notes = append(notes, fmt.Sprintf("State shares do not sum to 1 in %d years (off by up to %.2g)", offSum, worst))
	}
	if len(layers[0].Upper) == 0 {
		return nil, notes
	}
	return layers, notes
}

// addStack draws the layers with thin white rules between them over the
// years they cover, from 0 to 1.
func addStack(p *plot.Plot, layers []stackLayer) {
	for _, l := range layers {
		p.Add(band(widen(l.Upper), widen(l.Lower), StateColor(l.State)))
	}
	for _, l := range layers[:len(layers)-1] {
		p.Add(&plotter.Line{XYs: widen(l.Upper), LineStyle: lineStyle(color.White, 0.5)})
	}
	up := layers[0].Upper
	setYearRange(p, int(up[0].X), int(up[len(up)-1].X))
	p.Y.Min, p.Y.Max = 0, 1 // the stack may have overshot 1 by rounding
}

// stateNames are the names of the states, the model's when names are not
// one for each.
func stateNames(names []string) []string {
	if len(names) != model.NumStates {
		return model.StateNames()
	}
	return names
}

// stateLegend lists the states, rivalry at the top as on the page.
func stateLegend(ch *Chart, names []string) {
	names = stateNames(names)
	for s := range model.NumStates {
		ch.AddLegend(names[s], fill{Color: StateColor(model.State(s)), Border: lineStyle(color.RGBA{R: 0x99, G: 0x99, B: 0x99, A: 0xff}, 0.4)})
	}
}

func stateText(r *sim.Result, o Options) chartText {
	return chartText{title: "Relationship state by year: " + scenarioName(r), x: "Year", y: "Probability", caption: Caption(r, o.Version),
		desc: "Share of simulated runs in each relationship state at the end of each year; the bands add up to 100%. " +
			"The defence alliance is the bottom band, so its height reads straight off the axis."}
}

// StateArea draws the share of runs in each relationship state at the end of
// each year as a stacked area summing to 1: the ladder in a light-to-dark
// sequential palette with the defence alliance in the accent colour at the
// bottom, and the legend to the right in the same top-to-bottom order.
func StateArea(r *sim.Result, o Options) (*Chart, error) {
	ch, p, o, layers, err := resultChart(r, o, stateText, stateData, func(l []stackLayer) bool { return l == nil }, noteNoYears)
	if err != nil {
		return nil, err
	}
	stateLegend(ch, r.StateNames)
	_, h, ok := ch.fit(o, 0, 0, 0)
	probabilityAxis(&p.Y, 1, yIntervals(h))
	if !ok {
		emptyYears(p, r, 1, h)
		return ch, nil
	}
	addStack(p, layers)
	return ch, nil
}

// estimate is a proportion by x with its 95% interval.
type estimate struct {
	Est, Lo, Hi plotter.XYs
	First, Last sim.Proportion // the first and last points'
	LastX       float64
}

// add appends a at x, its interval clamped to [0, 1] and around it.
func (e *estimate) add(x float64, a sim.Proportion) {
	iv := proportionInterval(a, 0)
	if len(e.Est) == 0 {
		e.First = a
	}
	e.Est, e.Lo, e.Hi = append(e.Est, plotter.XY{X: x, Y: a.P}), append(e.Lo, plotter.XY{X: x, Y: iv.Lo}), append(e.Hi, plotter.XY{X: x, Y: iv.Hi})
	e.Last, e.LastX = a, x
}

// top is the highest upper bound.
func (e *estimate) top() float64 {
	_, _, _, hi := plotter.XYRange(e.Hi)
	return math.Max(hi, 0)
}

// curve draws an estimate as a line with points over its interval as a band.
type curve struct {
	band *plotter.Polygon
	line *plotter.Line
	pts  *plotter.Scatter
}

func newCurve(ls draw.LineStyle, gs draw.GlyphStyle, alpha float64) curve {
	c := ls.Color.(color.RGBA)
	return curve{&plotter.Polygon{Color: withAlpha(c, alpha)}, &plotter.Line{LineStyle: ls}, &plotter.Scatter{GlyphStyle: gs}}
}

// accentCurve is the look of the headline estimate.
func accentCurve() curve {
	return newCurve(lineStyle(AccentColor, 1.5), glyph(AccentColor, 2, draw.CircleGlyph{}), 0.22)
}

// set gives the curve its data; a one-point band becomes a block half
// wide either side of its point, to stay visible.
func (c curve) set(e estimate, half float64) curve {
	c.band.XYs, c.line.XYs, c.pts.XYs = band(widenBy(e.Hi, half), widenBy(e.Lo, half), nil).XYs, widenBy(e.Est, half), e.Est
	return c
}

// legend adds the estimate's and the interval's legend entries.
func (c curve) legend(ch *Chart) {
	ch.AddLegend("Estimate", c.line, c.pts)
	ch.AddLegend("95% interval", c.band)
}

// allianceData extracts the cumulative alliance probability of r by year,
// leaving out years with no runs or invalid values; noneFormed is set when
// no draw formed an alliance in any year.
func allianceData(r *sim.Result) (e estimate, noneFormed bool, notes []string, err error) {
	years, err := resultYears(r, len(r.Alliance), "alliance probabilities")
	if years == nil {
		return e, false, nil, err
	}
	skipped, noneFormed := 0, true
	for t, a := range r.Alliance {
		if !validProportion(a) {
			skipped++
			continue
		}
		e.add(float64(years[t]), a)
		noneFormed = noneFormed && a.Count <= 0 && a.P <= 0
	}
	return e, noneFormed && len(e.Est) > 0, skipNote(skipped, len(r.Alliance), "no runs or invalid values"), nil
}

func allianceText(r *sim.Result, o Options) chartText {
	return chartText{title: "P(defence alliance by year): " + scenarioName(r), x: "Year", y: "Probability", caption: Caption(r, o.Version),
		desc: "Probability that a defence alliance has formed by the end of each year, with its 95% interval as a shaded band. " +
			"The band is the Monte Carlo error of the estimate: it narrows with more draws and says nothing about whether the model is right."}
}

// allianceLabel annotates the final value, "By 2036 (10 yr): 6.1% (5.9–6.3%)".
func allianceLabel(r *sim.Result, e estimate) string {
	horizon := r.HorizonYears
	if horizon <= 0 {
		horizon = len(r.Alliance)
	}
	return fmt.Sprintf("By %d (%d yr): %s", int(e.LastX), horizon, proportionLabel(e.Last))
}

// AllianceCurve draws P(defence alliance formed by year) with its 95% Wilson
// interval as a shaded band, the estimate as a line with points, and the
// final value annotated over the last point.
func AllianceCurve(r *sim.Result, o Options) (*Chart, error) {
	data := func(r *sim.Result) (estimate, []string, error) {
		e, none, notes, err := allianceData(r)
		if none {
			notes = append(notes, fmt.Sprintf("No alliance formed in any of the %s draws", format.Thousands(r.Draws)))
		}
		return e, notes, err
	}
	ch, p, o, e, err := resultChart(r, o, allianceText, data, func(e estimate) bool { return len(e.Est) == 0 }, noteNoYears)
	if err != nil {
		return nil, err
	}
	c := accentCurve().set(e, 0.3)
	c.legend(ch)
	p.X.Padding = vg.Points(6) // points at the first and last year stay off the axis
	w, h, ok := ch.fit(o, 0, 0, 0)
	if !ok {
		emptyYears(p, r, 0.01, h)
		return ch, nil
	}
	p.Add(hGrid, c.band, c.line, c.pts)
	setYearRange(p, int(e.Est[0].X), int(e.LastX))
	label := allianceLabel(r, e)
	sty := labelStyle(tickSize, inkColor, draw.XRight, draw.YBottom)
	if len(e.Hi) == 1 {
		sty.XAlign = draw.XCenter // over the middle of the one-year block
	}
	if sty.Width(label) > 0.9*w {
		label = strings.Replace(label, ": ", ":\n", 1)
	}
	// The y axis runs to a round value above the highest bound, leaving
	// room for the label (at least 15%).
	room := sty.Height(label) + vg.Points(8)
	probabilityAxis(&p.Y, math.Max(0.01, e.top()*headRoom(1.15, room, h, 1)), yIntervals(h))
	last := e.Hi[len(e.Hi)-1]
	if free := vg.Length((p.Y.Max-last.Y)/(p.Y.Max-p.Y.Min)) * h; free < room || h <= room {
		// Near 100% there is no room above the curve: the value goes under
		// the title instead.
		ch.Subtitle = strings.Replace(label, "\n", " ", 1)
		ch.fit(o, 0, 0, 0)
		return ch, nil
	}
	p.Add(&annotation{X: last.X, Y: last.Y, Text: label, Style: sty, Offset: vg.Point{Y: vg.Points(5)}})
	return ch, nil
}

// headRoom is how far above the data the axis must reach (as a factor, at
// least least) to leave room above it on a data area dataH high, when the
// area is more than k·room high.
func headRoom(least float64, room, dataH vg.Length, k float64) float64 {
	if dataH > vg.Length(k)*room {
		return math.Max(least, 1/(1-float64(room/dataH)))
	}
	return least
}

// fanData holds the quantile curves of the latent alignment pressure.
type fanData struct{ P05, P25, P50, P75, P95 plotter.XYs }

// quantileTolerance absorbs rounding when checking that quantiles are ordered.
const quantileTolerance = 1e-9

// latentData extracts the quantile curves from r.Latent. Years with NaN or
// infinite quantiles are left out; quantiles out of order are an error, as
// the fan would draw nonsense.
func latentData(r *sim.Result) (d fanData, notes []string, err error) {
	years, err := resultYears(r, len(r.Latent), "latent quantiles")
	if years == nil {
		return d, nil, err
	}
	skipped := 0
	for t, q := range r.Latent {
		qs := []float64{q.P05, q.P25, q.P50, q.P75, q.P95}
		if !finite(qs...) {
			skipped++
			continue
		}
		for i := 1; i < len(qs); i++ {
			if qs[i] < qs[i-1]-quantileTolerance {
				return d, nil, fmt.Errorf("plots: latent quantiles of %q are out of order in %d: P05..P95 = %v", r.Scenario, years[t], qs)
			}
		}
		x := float64(years[t])
		if q.Year != 0 {
			x = float64(q.Year)
		}
		for i, s := range []*plotter.XYs{&d.P05, &d.P25, &d.P50, &d.P75, &d.P95} {
			*s = append(*s, plotter.XY{X: x, Y: qs[i]})
		}
	}
	return d, skipNote(skipped, len(r.Latent), "invalid quantiles"), nil
}

func latentText(r *sim.Result, o Options) chartText {
	return chartText{title: "Latent alignment pressure: " + scenarioName(r), x: "Year", y: "Latent alignment pressure (model units)", caption: Caption(r, o.Version),
		desc: "Latent alignment pressure across runs, in model units: the line is the median run, the darker band the middle 50% of runs " +
			"and the lighter band the middle 90%. Higher pressure moves the pair up the ladder: the dashed lines are the thresholds to step up into each state; " +
			"above the entente's an alliance can come onto the table."}
}

// LatentFan draws the latent alignment pressure across runs by year as a fan
// chart: the median as a line, the middle 50% (P25–P75) and 90% (P05–P95)
// of runs as bands of one hue at two opacities.
func LatentFan(r *sim.Result, o Options) (*Chart, error) {
	ch, p, o, d, err := resultChart(r, o, latentText, latentData, func(d fanData) bool { return len(d.P50) == 0 }, "No latent pressure data: nothing to plot")
	if err != nil {
		return nil, err
	}
	outer := band(widen(d.P95), widen(d.P05), withAlpha(OkabeIto[0], 0.20))
	inner := band(widen(d.P75), widen(d.P25), withAlpha(OkabeIto[0], 0.35))
	median := &plotter.Line{XYs: widen(d.P50), LineStyle: lineStyle(OkabeIto[0], 1.5)}
	ch.AddLegend("Median", median)
	ch.AddLegend("Middle 50% of runs", outer, inner) // the inner band is drawn over the outer
	ch.AddLegend("Middle 90% of runs", outer)
	_, h, ok := ch.fit(o, 0, 0, 0)
	if !ok {
		emptyYears(p, r, 0.01, h)
		axisTicks(&p.Y, 0, 1, 5)
		return ch, nil
	}
	p.Add(hGrid, outer, inner, median)
	_, _, lo, _ := plotter.XYRange(d.P05)
	_, _, _, hi := plotter.XYRange(d.P95)
	th := o.Thresholds
	if th == nil {
		w := model.DefaultWeights()
		th = w.Thresholds[:]
	}
	names := stateNames(r.StateNames)
	sty := labelStyle(tickSize-1, captionColor, draw.XRight, draw.YBottom)
	for i, v := range th {
		if !finite(v) || i+1 >= len(names) {
			continue
		}
		lo, hi = math.Min(lo, v), math.Max(hi, v)
		p.Add(&refLine{At: v, Style: lineStyle(axisColor, 0.7, vg.Points(3), vg.Points(2))},
			&annotation{X: d.P50[len(d.P50)-1].X, Y: v, Text: "Threshold to " + strings.ToLower(names[i+1]) + " (" + number(v, 2) + ")",
				Style: sty, Offset: vg.Point{Y: vg.Points(1)}, Halo: withAlpha(white, 0.7)})
	}
	if hi-lo < 1e-9*math.Max(1, math.Abs(hi)) {
		lo, hi = lo-0.5, hi+0.5
	}
	pad := 0.02 * (hi - lo)
	step := niceStep(hi-lo+2*pad, yIntervals(h))
	p.Y.Min, p.Y.Max = math.Floor((lo-pad)/step)*step, math.Ceil((hi+pad)/step)*step
	p.Y.Tick.Marker = linearTicks{Step: step, Format: hyphenated(step)}
	setYearRange(p, int(d.P50[0].X), int(d.P50[len(d.P50)-1].X))
	return ch, nil
}

// yearShares are counts by year as shares of all runs.
type yearShares struct {
	Years []int
	Share [][]float64 // Share[t][k]: part k in year t
	Total []float64   // the sum of the parts by year
}

// shares turns counts by year into shares of all runs, leaving out years
// with a negative count or more than the draws in all.
func shares(r *sim.Result, counts [][]int64, series string) (d yearShares, notes []string, err error) {
	years, err := resultYears(r, len(counts), series)
	if years == nil {
		return d, nil, err
	}
	skipped := 0
	for t, cs := range counts {
		var sum int64
		for _, c := range cs {
			sum += c
			if c < 0 {
				sum = r.Draws + 1
			}
		}
		if sum > r.Draws {
			skipped++
			continue
		}
		row := make([]float64, len(cs))
		for k, c := range cs {
			row[k] = float64(c) / float64(r.Draws)
		}
		d.Years, d.Share, d.Total = append(d.Years, years[t]), append(d.Share, row), append(d.Total, float64(sum)/float64(r.Draws))
	}
	return d, skipNote(skipped, len(counts), "invalid counts"), nil
}

// barLook is how a chart of shares by year looks: a fill per part, the
// decimals of the totals over the bars (one more when the highest is below
// fine), how far above the highest bar the y axis reaches at least (as a
// factor) and the least top of that axis.
type barLook struct {
	fills              []color.Color
	dec                int
	fine, least, floor float64
}

var (
	onsetLook    = barLook{fills: []color.Color{AccentColor}, dec: 1, fine: 0.01, least: 1.08, floor: 0.0001}
	blockingLook = barLook{fills: blockingFills, fine: 0.1, least: 1.05, floor: 0.01}
)

// barChart draws stacked bars by year, one fill per part, with white rules
// between the parts; each bar's total goes over it when the labels fit side
// by side (and label is set). It sets the axes, the y axis high enough to
// leave room for the labels.
func barChart(p *plot.Plot, d yearShares, look barLook, label bool, w, h vg.Length) {
	bars, sep := &rects{}, &rects{Border: lineStyle(color.White, 0.5)}
	hi, fills, dec := slices.Max(d.Total), look.fills, look.dec
	if hi < look.fine {
		dec++
	}
	for t, y := range d.Years {
		cum := 0.0
		for k, s := range d.Share[t] {
			if s > 0 {
				b := rect{X0: float64(y) - 0.35, X1: float64(y) + 0.35, Y0: cum, Y1: cum + s}
				sep.Rects = append(sep.Rects, b)
				b.Fill = fills[k]
				bars.Rects = append(bars.Rects, b)
			}
			cum += s
		}
	}
	p.Add(hGrid, bars)
	if len(fills) > 1 {
		p.Add(sep)
	}
	p.X.Min, p.X.Max = float64(d.Years[0])-0.5, float64(d.Years[len(d.Years)-1])+0.5
	sty := labelStyle(tickSize, inkColor, draw.XCenter, draw.YBottom)
	slot := w / vg.Length(p.X.Max-p.X.Min)
	for _, s := range d.Total {
		label = label && sty.Width(shareLabel(s, dec))+vg.Points(3) <= slot
	}
	top := hi * look.least
	if label {
		top = hi * headRoom(look.least, sty.Height("0")+vg.Points(4), h, 2)
		for t, s := range d.Total {
			p.Add(&annotation{X: float64(d.Years[t]), Y: s, Text: shareLabel(s, dec), Style: sty, Offset: vg.Point{Y: vg.Points(2)}})
		}
	}
	if top == 0 {
		top = 0.01
	}
	probabilityAxis(&p.Y, math.Max(top, look.floor), yIntervals(h))
}

func onsetText(r *sim.Result, o Options) chartText {
	return chartText{title: "Year the defence alliance formed: " + scenarioName(r), x: "Year the alliance formed", y: "Share of all runs", caption: Caption(r, o.Version)}
}

// onsetData is the share of all runs whose alliance formed in each year,
// and the notes on counts that do not add up.
func onsetData(r *sim.Result) (yearShares, []string, error) {
	counts := make([][]int64, len(r.Onset))
	for t, c := range r.Onset {
		counts[t] = []int64{c}
	}
	d, notes, err := shares(r, counts, "onset counts")
	var sum int64
	for _, c := range r.Onset {
		sum += c
	}
	if err == nil && len(notes) == 0 && r.Draws > 0 && sum+r.NoOnset != r.Draws {
		notes = append(notes, fmt.Sprintf("Counts do not add up: %s runs with an alliance and %s without, of %s draws",
			format.Thousands(sum), format.Thousands(r.NoOnset), format.Thousands(r.Draws)))
	}
	if err == nil && len(d.Years) > 0 && slices.Max(d.Total) == 0 {
		notes = append(notes, fmt.Sprintf("No alliance formed in any of the %s draws", format.Thousands(r.Draws)))
	}
	return d, notes, err
}

// OnsetHistogram draws the year in which the defence alliance formed: one
// bar per year, the share of all runs whose alliance formed that year.
func OnsetHistogram(r *sim.Result, o Options) (*Chart, error) {
	ch, p, o, d, err := resultChart(r, o, onsetText, onsetData, noYears, noteNoYears)
	if err != nil {
		return nil, err
	}
	if !ch.Empty {
		last, none := d.Years[len(d.Years)-1], shareLabel(float64(r.NoOnset)/float64(r.Draws), 1)
		ch.Subtitle = fmt.Sprintf("No alliance by %d in any run", last)
		if slices.Max(d.Total) > 0 {
			ch.Subtitle, ch.subtitles = fmt.Sprintf("No alliance by %d in %s of runs (not drawn as a bar, so that the yearly bars stay readable)", last, none),
				[]string{fmt.Sprintf("No alliance by %d in %s of runs (not drawn as a bar)", last, none), fmt.Sprintf("No alliance by %d: %s of runs (not drawn)", last, none)}
		}
		ch.Description = fmt.Sprintf("Share of all runs in which the defence alliance formed in each year. "+
			"The %s of runs with no alliance by %d are stated above the chart rather than drawn, so that the yearly bars stay readable.", none, last)
	}
	w, h, ok := ch.fit(o, 0, 0, 0)
	if !ok {
		emptyYears(p, r, 0.01, h)
		return ch, nil
	}
	barChart(p, d, onsetLook, true, w, h)
	return ch, nil
}

// blockingFills are the first actor alone, the second alone, both: about
// 87, 162 and 207 in greyscale, dark to light.
var blockingFills = []color.Color{OkabeIto[0], OkabeIto[3], neutralFill}

// actorNames returns the two actors' names, with stand-ins for missing ones.
func actorNames(a [2]string) [2]string {
	return [2]string{cmp.Or(a[0], "First actor"), cmp.Or(a[1], "Second actor")}
}

// blockingData is the share of all runs with a refusal in each year, by
// who refused.
func blockingData(r *sim.Result) (yearShares, []string, error) {
	counts := make([][]int64, len(r.Blocking.ByYear))
	for t, b := range r.Blocking.ByYear {
		counts[t] = b[:]
	}
	d, notes, err := shares(r, counts, "blocking counts")
	if len(d.Years) > 0 && slices.Max(d.Total) == 0 {
		notes = append(notes, "No refusals: in no year of any run was the alliance on the table and refused")
	}
	return d, notes, err
}

func noYears(d yearShares) bool { return len(d.Years) == 0 }

func blockingText(r *sim.Result, o Options) chartText {
	names := actorNames(r.Actors)
	return chartText{title: "Who refused the alliance when it was on the table: " + scenarioName(r), x: "Year", y: "Share of all runs", caption: Caption(r, o.Version),
		desc: fmt.Sprintf("Share of all runs in which the alliance was on the table in a year but was refused, "+
			"split by who refused: %s alone, %s alone, or both. The top of each bar is the share of runs with a refusal that year.", names[0], names[1])}
}

// BlockingBars draws who withheld consent when the alliance was on the
// table, by year: stacked bars of the share of all runs in which only the
// first actor refused, only the second, or both.
func BlockingBars(r *sim.Result, o Options) (*Chart, error) {
	ch, p, o, d, err := resultChart(r, o, blockingText, blockingData, noYears, noteNoYears)
	if err != nil {
		return nil, err
	}
	names := actorNames(r.Actors)
	for k, name := range []string{"Both", names[1] + " alone", names[0] + " alone"} { // top to bottom, as stacked
		ch.AddLegend(name, fill{Color: blockingFills[2-k], Border: barBorder})
	}
	if b := r.Blocking.RunsBlocked; r.Draws > 0 && b > 0 && b <= r.Draws && !ch.Empty {
		ch.Subtitle = fmt.Sprintf("At least one refusal in %s of runs over %d–%d", shareLabel(float64(b)/float64(r.Draws), 1), d.Years[0], d.Years[len(d.Years)-1])
	}
	w, h, ok := ch.fit(o, vg.Points(minDataPt), 0, 0)
	if !ok {
		emptyYears(p, r, 0.01, h)
		return ch, nil
	}
	barChart(p, d, blockingLook, slices.Max(d.Total) > 0, w, h)
	return ch, nil
}

// eventRowPt is the least height of a row of the event chart, in points.
const eventRowPt = 13

// largestEvents keeps the n events whose runs with and without them differ
// most, in their order.
func largestEvents(es []sim.EventStat, n int) []sim.EventStat {
	idx := make([]int, len(es))
	for i := range idx {
		idx[i] = i
	}
	diff := func(e sim.EventStat) float64 {
		if d := math.Abs(e.AllianceIf.P - e.AllianceIfNot.P); finite(d) {
			return d
		}
		return -1
	}
	sort.SliceStable(idx, func(a, b int) bool { return diff(es[idx[a]]) > diff(es[idx[b]]) })
	idx = idx[:n]
	sort.Ints(idx)
	out := make([]sim.EventStat, n)
	for k, i := range idx {
		out[k] = es[i]
	}
	return out
}

// eventOffset is how far above (with the event) and below (without) its
// row's centre each series is drawn, in rows.
const eventOffset = 0.17

// eventData is the event chart's marks: P(alliance by the horizon) with and
// without each event, and in the rows where a side has no runs (the event
// never, or always, occurred) or no valid estimate, a text saying so.
func eventData(r *sim.Result, with, without *whiskers) (names []string, texts []plot.Plotter, invalid int) {
	if with.Points, without.Points = nil, nil; r.Draws <= 0 {
		return nil, nil, 0
	}
	n := len(r.Events)
	grey := labelStyle(tickSize, captionColor, draw.XLeft, draw.YCenter)
	side := func(a sim.Proportion, y float64, marks *whiskers, none, bad string) {
		if validProportion(a) {
			marks.Points = append(marks.Points, proportionInterval(a, y))
			return
		}
		if a.N > 0 {
			invalid, none = invalid+1, bad
		}
		texts = append(texts, &annotation{Y: y, Text: none, Style: grey, Offset: vg.Point{X: vg.Points(3)}})
	}
	for i, e := range r.Events {
		names = append(names, cmp.Or(e.Name, fmt.Sprintf("(event %d)", i+1)))
		side(e.AllianceIf, rowY(i, n)+eventOffset, with, "never occurred (no runs with it)", "no valid estimate (runs with it)")
		side(e.AllianceIfNot, rowY(i, n)-eventOffset, without, "occurred in every run (no runs without it)", "no valid estimate (runs without it)")
	}
	return names, texts, invalid
}

func eventText(r *sim.Result, o Options) chartText {
	horizon := "the horizon"
	if y := lastYear(r); y != 0 {
		horizon = fmt.Sprint(y)
	}
	return chartText{title: "Alliance by " + horizon + " with and without each event: " + scenarioName(r),
		subtitles: []string{"Runs in which the event occurred vs runs in which it did not: a comparison across runs, not a causal effect",
			"Runs with vs without the event: a comparison across runs, not a causal effect"},
		x: "Probability of a defence alliance by " + horizon, caption: Caption(r, o.Version),
		desc: "For each event, the probability of a defence alliance by " + horizon +
			" in the runs where the event occurred (circles) and in those where it did not (squares), with 95% intervals. " +
			"Runs with an event differ from runs without it in other ways too, so this is an association across runs, not the event's causal effect."}
}

// EventImpact draws, for each event of the scenario (rows, in scenario
// order), P(defence alliance by the horizon) in the runs in which the event
// occurred and in those in which it did not, with their 95% intervals, and
// the value over all runs as a dashed reference line.
func EventImpact(r *sim.Result, o Options) (*Chart, error) {
	ch, p, o, err := start(r == nil, errNilResult, o, func(o Options) chartText { return eventText(r, o) })
	if err != nil {
		return nil, err
	}
	with := &whiskers{Line: lineStyle(OkabeIto[0], 1.2), Cap: vg.Points(4), Glyph: glyph(OkabeIto[0], 2.6, draw.CircleGlyph{})}
	without := &whiskers{Line: lineStyle(OkabeIto[1], 1.2), Cap: vg.Points(4), Glyph: glyph(OkabeIto[1], 2.4, draw.BoxGlyph{})}
	all := &refLine{Vertical: true, At: r.ByHorizon.P, Style: lineStyle(axisColor, 0.8, vg.Points(3), vg.Points(2))}
	ch.AddLegend("Runs with the event", with)
	ch.AddLegend("Runs without it", without)
	overall := validProportion(r.ByHorizon)
	if overall {
		ch.AddLegend("All runs ("+format.Percent(r.ByHorizon.P)+")", all)
	}
	names, texts, invalid := eventData(r, with, without)
	ch.Empty = len(names) == 0
	ch.Note = joinNotes(resultNotes(r, nil, ch.Empty, "No events in this scenario: nothing to plot"))
	if invalid > 0 {
		ch.Note = fmt.Sprintf("%d estimates left out: invalid values", invalid)
	}
	rowAxis(p, names, 0)
	// Short of room, the subtitle goes, then the rows of the events with
	// the smallest differences, rather than the whole chart.
	need, note, evs := vg.Length(len(names))*vg.Points(eventRowPt), ch.Note, r.Events
	for range 2 {
		if _, h, _ := ch.fit(o, need, -1, 0); !ch.Empty && h < vg.Length(len(names))*vg.Points(eventRowPt) {
			rr := *r
			rr.Events = largestEvents(evs, max(1, min(len(names), int(h/vg.Points(eventRowPt)))))
			names, texts, _ = eventData(&rr, with, without)
			tall := math.Ceil(float64((o.Height + need - h) / vg.Centimeter))
			ch.Warnings = []string{fmt.Sprintf("%d of %d events shown, those with the largest differences: make the chart at least %.0f cm tall for all", len(names), len(evs), tall)}
			if ch.Note = fmt.Sprintf("%d of %d events shown (largest differences)", len(names), len(evs)); note != "" {
				ch.Note = note + "; " + ch.Note
			}
			rowAxis(p, names, 0)
		}
	}
	w, _, ok := ch.fit(o, 0, len(names), eventRowPt)
	if !ok {
		probabilityAxis(&p.X, 1, 5)
		return ch, nil
	}
	hi := highest(with, without)
	if overall {
		hi = math.Max(hi, r.ByHorizon.Hi)
	}
	probabilityAxis(&p.X, math.Max(0.01, hi*1.05), intervals(w, 40, 8))
	p.Add(vGrid, rowGuides(len(names), 0))
	if overall {
		p.Add(all)
	}
	p.Add(without, with)
	p.Add(texts...)
	return ch, nil
}

// maxListedNames is how long a list of scenario names may be in a title or
// caption before it is replaced by "N scenarios".
const maxListedNames = 60

// scenarioList names the scenarios joined by sep, or "N scenarios" when
// that is too long; listed reports which.
func scenarioList(rs []*sim.Result, sep string) (s string, listed bool) {
	if s = strings.Join(scenarioNames(rs), sep); len(rs) > 1 && len([]rune(s)) > maxListedNames {
		return fmt.Sprintf("%d scenarios", len(rs)), false
	}
	return s, true
}

// CompareCaption is the provenance line of a chart of several runs, for
// example "Scenarios: baseline, us-hardline · 50,000 draws each · seed 1 ·
// alliancesim v0.1.0".
func CompareCaption(rs []*sim.Result, version string) string {
	var live []*sim.Result
	for _, r := range rs {
		if r != nil {
			live = append(live, r)
		}
	}
	switch len(live) {
	case 0:
		return ""
	case 1:
		return Caption(live[0], version)
	}
	list, listed := scenarioList(live, ", ")
	if listed {
		list = "Scenarios: " + list
	}
	lo, hi := live[0].Draws, live[0].Draws
	var seeds []string
	capped := false
	for _, r := range live {
		lo, hi = min(lo, r.Draws), max(hi, r.Draws)
		if s := strconv.FormatUint(r.Seed, 10); !slices.Contains(seeds, s) {
			seeds = append(seeds, s)
		}
		capped = capped || r.Stopped == sim.StopMaxDraws
	}
	parts := []string{list, format.Thousands(lo) + " draws each", "seed " + seeds[0]}
	if lo != hi {
		parts[1] = format.Thousands(lo) + " to " + format.Thousands(hi) + " draws"
	}
	if len(seeds) > 1 {
		parts[2] = "seeds " + strings.Join(seeds, ", ")
	}
	if capped {
		parts = append(parts, "precision target not reached")
	}
	return provenance(version, parts...)
}

// checkResults reports a nil result among those to compare.
func checkResults(rs []*sim.Result) error {
	if len(rs) == 0 {
		return errNilSet
	}
	for i, r := range rs {
		if r == nil {
			return fmt.Errorf("plots: result %d of %d to compare is nil", i+1, len(rs))
		}
	}
	return nil
}

// curveStyle is the look of the i-th scenario: its colour, a dash pattern
// and a glyph shape, so that scenarios differ in greyscale too.
func curveStyle(i int) (draw.LineStyle, draw.GlyphStyle) {
	c := cycle(seriesPalette, i)
	return lineStyle(c, 1.5, dashPatterns[i%len(dashPatterns)]...), glyph(c, 2.2, glyphShapes[i%len(glyphShapes)])
}

func compareCurvesText(rs []*sim.Result, o Options) chartText {
	list, _ := scenarioList(rs, " vs ")
	return chartText{title: "P(defence alliance by year): " + list, x: "Year", y: "Probability", caption: CompareCaption(rs, o.Version),
		desc: "Probability that a defence alliance has formed by the end of each year under each scenario, " +
			"with its 95% Monte Carlo interval as a light band of the same colour; the legend gives each scenario's value at the end of its horizon."}
}

// CompareCurves draws the cumulative P(defence alliance by year) of several
// scenarios on one chart, each with its 95% Wilson interval as a light band
// of the same hue, in the Okabe–Ito colours with a dash pattern and glyph
// per scenario.
func CompareCurves(results []*sim.Result, o Options) (*Chart, error) {
	if err := checkResults(results); err != nil {
		return nil, err
	}
	ch, p, o, err := start(false, nil, o, func(o Options) chartText { return compareCurvesText(results, o) })
	if err != nil {
		return nil, err
	}
	var curves []curve
	var notes []string
	first, last, top := math.MaxInt, math.MinInt, 0.0
	for i, r := range results {
		e, _, more, err := allianceData(r)
		if err != nil {
			return nil, err
		}
		name := scenarioName(r)
		if r.Draws <= 0 {
			notes = append(notes, name+": no draws")
			continue
		} else if len(e.Est) == 0 {
			notes = append(notes, name+": no valid years")
			continue
		}
		for _, n := range more {
			notes = append(notes, name+": "+strings.ToLower(n[:1])+n[1:])
		}
		ls, gs := curveStyle(i)
		c := newCurve(ls, gs, 0.16).set(e, 0.3)
		curves = append(curves, c)
		ch.AddLegend(fmt.Sprintf("%s (%s by %d)", name, format.Percent(e.Last.P), int(e.LastX)), c.band, c.line, c.pts)
		first, last, top = min(first, int(e.Est[0].X)), max(last, int(e.LastX)), math.Max(top, e.top())
	}
	ch.Note, ch.Empty = joinNotes(notes), len(curves) == 0
	p.X.Padding = vg.Points(6)
	_, h, ok := ch.fit(o, 0, 0, 0)
	if !ok {
		emptyYears(p, results[0], 0.01, h)
		return ch, nil
	}
	p.Add(hGrid)
	for _, c := range curves {
		p.Add(c.band)
	}
	for k := len(curves) - 1; k >= 0; k-- { // the first scenario on top
		p.Add(curves[k].line, curves[k].pts)
	}
	probabilityAxis(&p.Y, math.Max(0.01, top*1.08), yIntervals(h))
	setYearRange(p, first, last)
	return ch, nil
}

// diffLabel formats a paired difference as the tables do: "Δ vs
// baseline: +23.4 pp (+22.9 to +23.9 pp)".
func diffLabel(d sim.PairedDiff, base string) string {
	pp := func(v float64) string {
		s := strings.TrimSuffix(format.Percent(math.Abs(v)), "%")
		switch {
		case v > 0:
			return "+" + s
		case v < 0:
			return minus + s
		}
		return s
	}
	return fmt.Sprintf("Δ vs %s: %s pp (%s to %s pp)", base, pp(d.Delta), pp(d.Lo), pp(d.Hi))
}

// Where the dot and the label line of a CompareDots row go, in rows from
// the row's centre, and the height a row needs for both, in points.
const (
	dotOffset   = 0.15
	labelOffset = -0.2
	compareRowH = 26
)

// compareDotsText is the text of CompareDots; by is the common horizon.
func compareDotsText(rs []*sim.Result, by string, o Options) chartText {
	list, _ := scenarioList(rs, " vs ")
	base := scenarioName(rs[0])
	t := chartText{title: "P(defence alliance by " + by + "): " + list, x: "Probability of a defence alliance by " + by, caption: CompareCaption(rs, o.Version),
		desc: "Probability of a defence alliance by " + by + " under each scenario, with its 95% interval, " +
			"and each scenario's difference from " + base + " in percentage points (Δ). The differences are estimated on the same draws, " +
			"so they are far more precise than the two intervals suggest."}
	if len(rs) > 1 {
		t.subtitles = []string{"Dots: estimate with 95% interval · Δ: difference from " + base + " on the same draws, 95% interval",
			"Δ: difference from " + base + " on the same draws, with its 95% interval"}
	}
	return t
}

// dotsData is a dot and whisker per scenario with its value and the paired
// difference from the first scenario as a label under it.
func dotsData(set *sim.Set) (marks []*whiskers, texts []plot.Plotter, invalid []string) {
	rs, n := set.Results, len(set.Results)
	sty := labelStyle(tickSize, inkColor, draw.XLeft, draw.YCenter)
	at := func(i int, off float64, text string) {
		texts = append(texts, &annotation{Y: rowY(i, n) + off, Text: text, Style: sty, Offset: vg.Point{X: vg.Points(3)}})
	}
	for i, r := range rs {
		if a := r.ByHorizon; r.Draws <= 0 || !validProportion(a) {
			invalid = append(invalid, scenarioName(r))
			at(i, dotOffset, "no valid estimate")
			continue
		}
		ls, gs := curveStyle(i)
		ls.Dashes, gs.Radius = nil, vg.Points(3.4)
		marks = append(marks, &whiskers{Line: ls, Glyph: gs, Cap: vg.Points(5), Points: []interval{proportionInterval(r.ByHorizon, rowY(i, n)+dotOffset)}})
		text, d := proportionLabel(r.ByHorizon), sim.PairedDiff{}
		if len(set.Diffs) == n {
			d = set.Diffs[i]
		}
		switch {
		case i == 0 && n > 1:
			text += " · reference for Δ"
		case i > 0 && d.N > 0 && finite(d.Delta, d.Lo, d.Hi):
			text += " · " + diffLabel(d, scenarioName(rs[0]))
		case i > 0:
			text += " · Δ not available"
		}
		at(i, labelOffset, text)
	}
	return marks, texts, invalid
}

// CompareDots draws P(defence alliance by the horizon) for each scenario of
// a set (rows, in the set's order) with its 95% Wilson interval, and under
// each row its value and the paired difference from the first scenario,
// "Δ vs baseline: +23.4 pp (22.9 to 23.9)", estimated on the same draws.
func CompareDots(set *sim.Set, o Options) (*Chart, error) {
	if set == nil {
		return nil, errNilSet
	}
	if err := checkResults(set.Results); err != nil {
		return nil, err
	}
	rs, by := set.Results, "the end of the horizon"
	if y := lastYear(rs[0]); y > 0 && !slices.ContainsFunc(rs, func(r *sim.Result) bool { return lastYear(r) != y }) {
		by = strconv.Itoa(y)
	}
	ch, p, o, err := start(false, nil, o, func(o Options) chartText { return compareDotsText(rs, by, o) })
	if err != nil {
		return nil, err
	}
	rowAxis(p, scenarioNames(rs), dotOffset)
	marks, texts, invalid := dotsData(set)
	var notes []string
	if len(invalid) > 0 {
		notes = append(notes, "No valid estimate for "+strings.Join(invalid, ", "))
	}
	ch.Empty = len(marks) == 0
	if _, h, _ := ch.fit(o, 0, -1, 0); !ch.Empty && h/vg.Length(len(rs)) < vg.Points(compareRowH) {
		notes = append(notes, "Too many scenarios to label at this chart size: make the chart taller for the values and differences")
		texts = nil
		if ch.Subtitle != "" {
			ch.Subtitle = "Dots: estimate with 95% interval"
		}
	}
	ch.Note = joinNotes(notes)
	w, _, ok := ch.fit(o, 0, len(rs), 11)
	probabilityAxis(&p.X, math.Max(0.01, highest(marks...)*1.08), intervals(w, 40, 8))
	if !ok {
		return ch, nil
	}
	p.Add(vGrid, rowGuides(len(rs), dotOffset))
	for _, m := range marks {
		p.Add(m)
	}
	p.Add(texts...)
	return ch, nil
}

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
	return provenance(version, "Scenario: "+cmp.Or(ex.Scenario, "(unnamed)"), "central run: every input at its median, no noise, no events")
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
func termName(c model.Contribution) string { return cmp.Or(c.Label, c.Key) }

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
	t := chartText{title: "What makes up " + subject + ": " + cmp.Or(ex.Scenario, "(unnamed scenario)"), x: axis, caption: ExplanationCaption(ex, o.Version), below: true}
	if y != nil {
		t.title = fmt.Sprintf("What makes up %s in %d: %s", subject, y.Year, cmp.Or(ex.Scenario, "(unnamed scenario)"))
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

// Waterfall draws how the terms of the central run add up, in one year (the
// first when year is 0), to the latent pressure (target "latent") or to an
// actor's utility of an alliance (target "0", "1" or the actor's name).
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
	ch.Note, ch.Empty = format.Capitalise(joinNotes(notes)), len(parts) == 0
	ref := &refLine{Vertical: true, At: refV, Style: refStyle}
	ch.AddLegend("Raises the total", fill{Color: raiseColor})
	ch.AddLegend("Lowers the total", fill{Color: lowerColor})
	ch.AddLegend("Total", fill{Color: totalColor})
	lo, hi := math.Min(0, total), math.Max(0, total)
	if _, _, name, _ := tg.words(); finite(refV) {
		ch.AddLegend(fmt.Sprintf("%s (%s)", name, number(refV, 2)), ref)
		lo, hi = math.Min(lo, refV), math.Max(hi, refV)
	}
	var names []string
	for _, s := range steps {
		names = append(names, s.Label)
		lo, hi = math.Min(lo, math.Min(s.Start, s.End)), math.Max(hi, math.Max(s.Start, s.End))
	}
	names = append(names, "Total")
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
	p.Add(vGrid, &refLine{Vertical: true, Style: lineStyle(axisColor, 0.6)})
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
	index, bad := map[string]int{}, 0
	// put adds a finite value and counts the others.
	put := func(xys *plotter.XYs, x, v float64, count bool) {
		if finite(v) {
			*xys = append(*xys, plotter.XY{X: x, Y: v})
		} else if count {
			bad++
		}
	}
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
			put(&series[k].XYs, x, c.Value, true)
		}
		put(&total, x, tot, true)
		put(&ref, x, r, false)
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
	return chartText{title: "What drives " + subject + ", by year: " + cmp.Or(ex.Scenario, "(unnamed scenario)"), x: "Year", y: axis,
		caption: ExplanationCaption(ex, o.Version),
		desc: fmt.Sprintf("Central run (every input at its median, no noise, no events): each driver's contribution "+
			"to %s by year, with the total as a thick black line and the %s as a dashed line; %s.", subject, strings.ToLower(ref), verb)}
}

// ContributionLines draws each term's contribution to the latent pressure
// (target "latent") or to an actor's utility (target "0", "1" or the actor's
// name) over the years of the central run: one line per term in the
// Okabe–Ito colours with dash patterns that survive greyscale, the total as
// a thick black line and the hurdle or consent threshold as a dashed line.
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
	ps := []plot.Plotter{hGrid, &refLine{Style: lineStyle(axisColor, 0.6)}}
	ch.AddLegend("Total", totalLine)
	if _, _, name, _ := tg.words(); len(refXY) > 0 {
		ch.AddLegend(name, refL)
	}
	lines, all := make([]*plotter.Line, len(series)), append(append(plotter.XYs{{}}, total...), refXY...) // all: every value, and 0
	for i, s := range series {
		lines[i] = &plotter.Line{XYs: widen(s.XYs), LineStyle: lineStyle(cycle(termPalette, i), 1.4, dashPatterns[i%len(dashPatterns)]...)}
		ps, all = append(ps, lines[i]), append(all, s.XYs...)
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
	_, _, lo, hi := plotter.XYRange(all)
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

// forecasterLook is how a forecaster is drawn: the model as blue circles,
// the base rate as orange squares, the logit as green triangles, so that
// they differ in greyscale too; and its name standing alone, as in a legend.
func forecasterLook(name string) (color.RGBA, draw.GlyphDrawer, string) {
	switch name {
	case backtest.BaseRate:
		return OkabeIto[3], draw.BoxGlyph{}, "Base rate (" + strconv.FormatFloat(100*score.BaseRateHazard, 'f', -1, 64) + "%/yr)"
	case backtest.Logit:
		return OkabeIto[2], draw.PyramidGlyph{}, "Structural logit"
	}
	return OkabeIto[0], draw.CircleGlyph{}, "Model"
}

// BacktestCaption is the provenance line of the backtest charts, for
// example "Backtest: bundled:history, 12 cases · 20,000 draws each · seed
// 1 · alliancesim v0.1.0".
func BacktestCaption(rep *backtest.Report, version string) string {
	if rep == nil {
		return ""
	}
	return provenance(version, "Backtest: "+cmp.Or(rep.Library, "(unnamed library)")+", "+fmt.Sprintf("%d %s", len(rep.Cases), format.Plural(len(rep.Cases), "case", "cases")),
		format.Thousands(rep.Draws)+format.Plural(int(rep.Draws), " draw each", " draws each"), "seed "+strconv.FormatUint(rep.Seed, 10))
}

// scoreText is "Brier 0.123", and the share of cases scored when not all.
func scoreText(rep *backtest.Report, s *backtest.Scores, of string) string {
	t := "no score"
	if !math.IsNaN(s.Brier.Value) {
		t = "Brier " + strconv.FormatFloat(s.Brier.Value, 'f', 3, 64)
	}
	if s.Cases < len(rep.Cases) {
		t += fmt.Sprintf(of, s.Cases, len(rep.Cases))
	}
	return t
}

// casesText is "1 historical case" or "12 historical cases".
func casesText(n int) string {
	return fmt.Sprintf("%d historical %s", n, format.Plural(n, "case", "cases"))
}

// Glyph sizes of the reliability diagram, in points: a bin with one case
// gets the smallest, the fullest bin the largest, the area in proportion
// to the count in between.
const (
	binMinR = 2.6
	binMaxR = 7.0
)

func reliabilityText(rep *backtest.Report, o Options) chartText {
	bins := cmp.Or(max(rep.Bins, 0), backtest.DefaultBins)
	return chartText{title: fmt.Sprintf("Calibration on %s: forecast against what happened", casesText(len(rep.Cases))),
		subtitles: []string{fmt.Sprintf("Cases binned by forecast into %d bins of equal width; marker size and label: cases in the bin", bins), "Marker size and label: number of cases in the bin"},
		x:         "Forecast probability of a pact (mean of the bin)", y: "Observed share with a pact", caption: BacktestCaption(rep, o.Version), below: true,
		desc: fmt.Sprintf("Reliability diagram of the backtest on %s: each forecaster's cases are binned by their forecast probability of a pact "+
			"(%d bins of equal width); each point is a bin, at the mean forecast of its cases (across) and the share of them in which the pact formed (up), "+
			"its size and label the number of cases. Points on the dashed diagonal are calibrated: forecasts of 20%% came true one time in five. "+
			"With few cases per bin the observed shares are coarse, so read the pattern, not single points.", casesText(len(rep.Cases)), bins)}
}

// reliabilityMarks adds each forecaster's legend entry and returns its
// bins as sized glyphs joined by a line, the references under the model
// and see-through, so that where they coincide (both give every case a few
// per cent) both show; and the bins' labels.
func reliabilityMarks(ch *Chart, rep *backtest.Report) (lines, glyphs []plot.Plotter, labels []pointLabel, notes []string) {
	most := 1
	for _, s := range rep.Scores {
		for _, b := range s.Reliability {
			most = max(most, b.N)
		}
	}
	for _, name := range backtest.Forecasters {
		s := rep.ScoresOf(name)
		if s == nil {
			continue
		} else if s.Cases == 0 {
			notes = append(notes, "No case gives structural covariates: no logit forecast")
			continue
		}
		col, shape, title := forecasterLook(name)
		g := &sizedGlyphs{Style: glyph(withAlpha(col, 0.6), 3.2, shape)}
		if name == backtest.Model {
			g.Style.Color, g.Outline = col, lineStyle(color.White, 0.8)
		}
		ln := &plotter.Line{LineStyle: draw.LineStyle{Color: withAlpha(col, 0.75), Width: vg.Points(1)}}
		for _, b := range s.Reliability {
			if b.N > 0 && finite(b.MeanP, b.Observed) {
				f := math.Sqrt(float64(b.N-1) / float64(max(most-1, 1)))
				g.Points = append(g.Points, sizedPoint{X: b.MeanP, Y: b.Observed, R: vg.Points(binMinR + f*(binMaxR-binMinR))})
				ln.XYs = append(ln.XYs, plotter.XY{X: b.MeanP, Y: b.Observed})
				labels = append(labels, pointLabel{X: b.MeanP, Y: b.Observed, Text: strconv.Itoa(b.N)})
			}
		}
		ch.AddLegend(title+" · "+scoreText(rep, s, " (%d of %d cases)"), ln, g)
		if len(ln.XYs) > 1 {
			lines = append([]plot.Plotter{ln}, lines...)
		}
		glyphs = append(glyphs, g)
	}
	if len(glyphs) > 0 { // base rate, then logit, then the model on top
		glyphs = append(glyphs[1:], glyphs[0])
	}
	return lines, glyphs, labels, notes
}

// Reliability draws the reliability diagram of a backtest: for each
// forecaster (the model and the two references), the cases binned by their
// forecast into bins of equal width in p, each bin a point at its mean
// forecast (across) and the share of its cases that formed a pact (up),
// sized and labelled by its number of cases, the points of a forecaster
// joined by a thin line.
func Reliability(rep *backtest.Report, o Options) (*Chart, error) {
	ch, p, o, err := start(rep == nil, errNilBacktest, o, func(o Options) chartText { return reliabilityText(rep, o) })
	if err != nil {
		return nil, err
	}
	diag := &plotter.Line{XYs: plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}}, LineStyle: lineStyle(axisColor, 0.9, dashed...)}
	lines, glyphs, labels, notes := reliabilityMarks(ch, rep)
	ch.AddLegend("Perfect calibration", diag)
	if ch.Empty = len(glyphs) == 0; ch.Empty {
		notes = append(notes, "No cases: nothing to plot")
	}
	ch.Note = joinNotes(notes)
	w, h, ok := ch.fit(o, vg.Points(100), 0, 0)
	probabilityAxis(&p.X, 1, intervals(w, 40, 5))
	probabilityAxis(&p.Y, 1, min(5, yIntervals(h)))
	if !ok {
		return ch, nil
	}
	// Room for the largest glyphs at the edges of the unit square.
	p.X.Padding, p.Y.Padding = vg.Points(binMaxR+1), vg.Points(binMaxR+1)
	p.Add(hGrid, vGrid, diag)
	p.Add(lines...)
	p.Add(glyphs...)
	p.Add(&pointLabels{Labels: labels, Style: textStyle(sansFont, tickSize-1.5, inkColor), Avoid: labels, Radius: vg.Points(binMaxR), Halo: withAlpha(white, 0.8)})
	return ch, nil
}

// caseRowPt is the height of a row of the per-case chart, in points.
const caseRowPt = 15

// BacktestCasesHeight is the height the per-case chart of n cases needs:
// DefaultHeight, or more for a long library, so that every row stays
// legible: title, subtitle, legend, x axis and caption take about 4.5 cm,
// each row (cases and two group headers) caseRowPt.
func BacktestCasesHeight(n int) vg.Length {
	return max(DefaultHeight, 4.5*vg.Centimeter+vg.Length(n+2)*vg.Points(caseRowPt))
}

// caseRow is one row of a per-case chart: a group header (i < 0) or case i.
type caseRow struct {
	header string
	i      int
}

// caseRows orders n cases, those with a pact first, then those without,
// each group under a header and sorted by prob, highest first (ties by
// name), and names the rows of p after their cases (label giving case
// i's, offset as in rowAxis). It returns the rows and the group headers,
// in regular type: PDF output cannot mix faces in one file.
func caseRows(p *plot.Plot, n int, offset float64, pact func(int) bool, prob func(int) float64, name, label func(int) string) (rows []caseRow, headers []plot.Plotter) {
	for k, title := range []string{"Pact formed by the outcome year", "No pact through the outcome year"} {
		var g []int
		for i := range n {
			if pact(i) == (k == 0) {
				g = append(g, i)
			}
		}
		if len(g) == 0 {
			continue
		}
		sort.SliceStable(g, func(a, b int) bool {
			if prob(g[a]) != prob(g[b]) {
				return prob(g[a]) > prob(g[b])
			}
			return name(g[a]) < name(g[b])
		})
		rows = append(rows, caseRow{header: fmt.Sprintf("%s (%d %s)", title, len(g), format.Plural(len(g), "case", "cases")), i: -1})
		for _, i := range g {
			rows = append(rows, caseRow{i: i})
		}
	}
	names, sty := make([]string, len(rows)), labelStyle(labelSize, inkColor, draw.XLeft, draw.YCenter)
	for i, r := range rows {
		if r.i < 0 {
			headers = append(headers, &annotation{Y: rowY(i, len(rows)), Text: r.header, Style: sty, Halo: white})
		} else {
			names[i] = label(r.i)
		}
	}
	rowAxis(p, names, offset)
	return rows, headers
}

// yearSpan is "name (2001–2014)", or "name (2014)" for one year.
func yearSpan(name string, from, to int) string {
	if from == to {
		return fmt.Sprintf("%s (%d)", name, to)
	}
	return fmt.Sprintf("%s (%d–%d)", name, from, to)
}

// Vertical offsets of the per-case chart's marks from a row's centre, in
// rows: the model (with its interval and the outcome ring) above, the two
// references below.
const (
	caseModelOffset = 0.17
	caseRefOffset   = -0.2
)

func casesChartText(rep *backtest.Report, o Options) chartText {
	return chartText{title: fmt.Sprintf("The model's forecast for each of %s, against the two references", casesText(len(rep.Cases))),
		subtitles: []string{"Ring: what happened (100% a pact formed, 0% none); model with its 95% interval", "Ring: what happened (100% pact, 0% none)"},
		x:         "Probability of a pact by the outcome year", caption: BacktestCaption(rep, o.Version), below: true,
		desc: "One row per historical case, the cases in which a pact formed above those in which none did, each group sorted by the model's forecast. " +
			"Each row shows the probability of a pact by the case's outcome year forecast by the model (circle, with its 95% Monte Carlo interval), " +
			"by the base rate (square) and by the structural logit (triangle), and what happened as a ring at 100% (a pact) or 0% (none): " +
			"the closer a forecast to the ring, the better it scores."}
}

// caseMarks are the marks of the per-case chart: the model's forecasts
// with their intervals, the references', the outcome rings and row guides;
// and the notes on forecasts left out.
func caseMarks(rep *backtest.Report, rows []caseRow) (model *whiskers, base, logit, ring *plotter.Scatter, guides []plot.Plotter, notes []string) {
	mc, ms, _ := forecasterLook(backtest.Model)
	bc, bs, _ := forecasterLook(backtest.BaseRate)
	lc, ls, _ := forecasterLook(backtest.Logit)
	model = &whiskers{Line: lineStyle(mc, 1.2), Cap: vg.Points(4), Glyph: glyph(mc, 2.8, ms)}
	base, logit = &plotter.Scatter{GlyphStyle: glyph(bc, 2.6, bs)}, &plotter.Scatter{GlyphStyle: glyph(lc, 3, ls)}
	ring = &plotter.Scatter{GlyphStyle: glyph(inkColor, 4.6, draw.RingGlyph{})}
	var noLogit, invalid []string
	for i, r := range rows {
		y := rowY(i, len(rows))
		if r.i < 0 {
			continue
		}
		c := &rep.Cases[r.i]
		guides = append(guides, &refLine{At: y + caseModelOffset, Style: gridStyle})
		if validProportion(c.Model) {
			model.Points = append(model.Points, proportionInterval(c.Model, y+caseModelOffset))
		} else {
			invalid = append(invalid, c.Name)
		}
		if finite(c.BaseRate) {
			base.XYs = append(base.XYs, plotter.XY{X: c.BaseRate, Y: y + caseRefOffset})
		}
		if c.HasLogit && finite(c.Logit) {
			logit.XYs = append(logit.XYs, plotter.XY{X: c.Logit, Y: y + caseRefOffset})
		} else {
			noLogit = append(noLogit, c.Name)
		}
		outcome := 0.0
		if c.Pact {
			outcome = 1
		}
		ring.XYs = append(ring.XYs, plotter.XY{X: outcome, Y: y + caseModelOffset})
	}
	switch {
	case len(noLogit) > 0 && len(noLogit) < len(rep.Cases):
		notes = append(notes, "No logit forecast (no structural covariates): "+strings.Join(noLogit, ", "))
	case len(noLogit) > 0:
		notes = append(notes, "No case gives structural covariates: no logit forecast")
	}
	if len(invalid) > 0 {
		notes = append(notes, "No valid model estimate: "+strings.Join(invalid, ", "))
	}
	return model, base, logit, ring, guides, notes
}

// BacktestCases draws every case of a backtest as a row: the cases that
// formed a pact in one group and the others in another, each sorted by the
// model's forecast, with the model's P(pact by the outcome year) and its 95%
// interval, the base rate's and the logit's forecasts, and what happened
// as a black ring at 100% (a pact) or 0% (none), so that the distance from
// a forecast to the ring is the error the Brier score squares.
func BacktestCases(rep *backtest.Report, o Options) (*Chart, error) {
	ch, p, o, err := start(rep == nil, errNilBacktest, o, func(o Options) chartText { return casesChartText(rep, o) })
	if err != nil {
		return nil, err
	}
	cs := rep.Cases
	rows, headers := caseRows(p, len(cs), caseModelOffset, func(i int) bool { return cs[i].Pact }, func(i int) float64 { return cs[i].Model.P },
		func(i int) string { return cs[i].Name }, func(i int) string { return yearSpan(cs[i].Name, cs[i].StartYear, cs[i].Year) })
	model, base, logit, ring, guides, notes := caseMarks(rep, rows)
	scores := func(name string) string {
		if s := rep.ScoresOf(name); s != nil {
			return " (" + scoreText(rep, s, ", %d of %d cases") + ")"
		}
		return ""
	}
	for _, f := range []struct {
		name, extra string
		mark        plot.Thumbnailer
	}{{backtest.Model, ", 95% interval", model}, {backtest.BaseRate, "", base}, {backtest.Logit, "", logit}} {
		if _, _, title := forecasterLook(f.name); f.name != backtest.Logit || rep.ScoresOf(f.name) != nil && rep.ScoresOf(f.name).Cases > 0 {
			ch.AddLegend(title+f.extra+scores(f.name), f.mark)
		}
	}
	ch.AddLegend("What happened", ring)
	// Room for the outcome rings at 0% and 100%.
	caseChart(ch, o, rows, headers, notes, 6, append(guides, ring, base, logit, model)...)
	return ch, nil
}

// caseChart lays out a per-case chart of rows with its notes (no rows
// making it empty) and adds the grid, the marks and the group headers,
// with pad points of room at 0% and 100%.
func caseChart(ch *Chart, o Options, rows []caseRow, headers []plot.Plotter, notes []string, pad float64, marks ...plot.Plotter) {
	if ch.Empty = len(rows) == 0; ch.Empty {
		notes = append(notes, "No cases: nothing to plot")
	}
	ch.Note = joinNotes(notes)
	w, _, ok := ch.fit(o, vg.Length(len(rows))*vg.Points(11), len(rows), 11)
	probabilityAxis(&ch.Plot.X, 1, intervals(w, 40, 10))
	if ok {
		ch.Plot.X.Padding = vg.Points(pad)
		ch.Plot.Add(vGrid)
		ch.Plot.Add(marks...)
		ch.Plot.Add(headers...)
	}
}

// RenderBacktest draws the backtest's charts and writes them to dir as
// backtest-reliability.<format> (Reliability) and backtest-cases.<format>
// (BacktestCases) for every format (PNG when formats is empty).
func RenderBacktest(rep *backtest.Report, dir string, formats []string, o Options) ([]RenderedChart, error) {
	if rep == nil {
		return nil, errNilBacktest
	}
	oc := o
	if oc.Height == 0 {
		oc.Height = BacktestCasesHeight(len(rep.Cases))
	}
	out, _, err := renderAll([]Builder{
		{Kind: KindReliability, Build: func() (*Chart, error) { return Reliability(rep, o) }},
		{Kind: KindBacktestCases, Build: func() (*Chart, error) { return BacktestCases(rep, oc) }, Options: &oc},
	}, dir, formats, o)
	return out, err
}
