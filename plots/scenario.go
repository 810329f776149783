package plots

import (
	"fmt"
	"image/color"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/alliancesim/alliancesim/internal/format"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/sim"
)

// This file holds the charts of one run: StateArea, AllianceCurve,
// LatentFan, OnsetHistogram, BlockingBars and EventImpact. Each is a text
// function (what it says), a data function (what it plots, with notes on
// what it left out) and a builder that lays them out with Chart.fit and
// adds the plotters.

// Notes shown on charts whose data cannot be drawn.
const (
	noteNoDraws = "No draws: nothing to plot"
	noteNoYears = "No simulated years: nothing to plot"
)

// resultYears returns the year of each of the n rows of a per-year series:
// r.Years when it has n entries, StartYear+t when r.Years is empty.
func resultYears(r *sim.Result, n int, series string) ([]int, error) {
	switch {
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

// startChart checks the result and the options and starts a chart of r.
func startChart(r *sim.Result, o Options, t func(*sim.Result, Options) chartText) (*Chart, *plot.Plot, Options, error) {
	if r == nil {
		return nil, nil, o, errNilResult
	}
	o, err := o.withDefaults()
	if err != nil {
		return nil, nil, o, err
	}
	ch, p := newChart(t(r, o))
	return ch, p, o, nil
}

// emptyYears gives a chart over years with nothing to draw its axes: the
// scenario's years and a probability axis to 1%.
func emptyYears(p *plot.Plot, r *sim.Result, top float64, dataH vg.Length) {
	probabilityAxis(&p.Y, top, yIntervals(dataH))
	setYearRange(p, r.StartYear, r.StartYear+max(r.HorizonYears, 1)-1)
}

func scenarioName(r *sim.Result) string { return orDefault(r.Scenario, "(unnamed scenario)") }

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
// chart says so.
const sumTolerance = 1e-6

// stateData cumulates the state shares of r into layers, bottom first: the
// defence alliance at the bottom, on the axis, so that its share reads off
// the y axis, then down the ladder, rivalry on top. Years with invalid
// shares are left out and noted.
func stateData(r *sim.Result) (layers []stackLayer, notes []string, err error) {
	if r.Draws <= 0 {
		return nil, nil, nil
	}
	years, err := resultYears(r, len(r.StateProb), "state shares")
	if err != nil {
		return nil, nil, err
	}
	layers = make([]stackLayer, model.NumStates)
	for i := range layers {
		layers[i].State = model.State(model.NumStates - 1 - i)
	}
	var skipped, offSum int
	var worst float64
	for t, row := range r.StateProb {
		if len(row) != model.NumStates {
			return nil, nil, fmt.Errorf("plots: result for %q has %d state shares in %d, want %d", r.Scenario, len(row), years[t], model.NumStates)
		}
		if !finite(row...) || slicesMin(row) < 0 {
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
	notes = skipNote(skipped, len(r.StateProb), "invalid state shares")
	if offSum > 0 {
		notes = append(notes, fmt.Sprintf("State shares do not sum to 1 in %d years (off by up to %.2g)", offSum, worst))
	}
	if len(layers[0].Upper) == 0 {
		return nil, notes, nil
	}
	return layers, notes, nil
}

func slicesMin(v []float64) float64 {
	m := math.Inf(1)
	for _, x := range v {
		m = math.Min(m, x)
	}
	return m
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
	ch, p, o, err := startChart(r, o, stateText)
	if err != nil {
		return nil, err
	}
	layers, notes, err := stateData(r)
	if err != nil {
		return nil, err
	}
	ch.Note, ch.Empty = joinNotes(resultNotes(r, notes, layers == nil, noteNoYears)), layers == nil
	names := r.StateNames
	if len(names) != model.NumStates {
		names = model.StateNames()
	}
	for s := range model.NumStates { // rivalry at the top, as on the page
		ch.AddLegend(names[s], fill{Color: StateColor(model.State(s)), Border: lineStyle(color.RGBA{R: 0x99, G: 0x99, B: 0x99, A: 0xff}, 0.4)})
	}
	_, h, ok := ch.fit(o, 0, 0, 0)
	probabilityAxis(&p.Y, 1, yIntervals(h))
	if !ok {
		emptyYears(p, r, 1, h)
		return ch, nil
	}
	for _, l := range layers {
		p.Add(&Band{Top: widen(l.Upper), Bottom: widen(l.Lower), Color: StateColor(l.State)})
	}
	for _, l := range layers[:len(layers)-1] { // thin white rules between the layers
		p.Add(&plotter.Line{XYs: widen(l.Upper), LineStyle: lineStyle(color.White, 0.5)})
	}
	up := layers[0].Upper
	setYearRange(p, int(up[0].X), int(up[len(up)-1].X))
	p.Y.Min, p.Y.Max = 0, 1 // the stack may have overshot 1 by rounding
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
	band *Band
	line *plotter.Line
	pts  *plotter.Scatter
}

func newCurve(ls draw.LineStyle, gs draw.GlyphStyle, alpha float64) curve {
	c := ls.Color.(color.RGBA)
	return curve{&Band{Color: withAlpha(c, alpha)}, &plotter.Line{LineStyle: ls}, &plotter.Scatter{GlyphStyle: gs}}
}

// accentCurve is the look of the headline estimate.
func accentCurve() curve {
	return newCurve(lineStyle(AccentColor, 1.5), glyph(AccentColor, 2, draw.CircleGlyph{}), 0.22)
}

// set gives the curve its data; a one-point band becomes a block half
// wide either side of its point, to stay visible.
func (c curve) set(e estimate, half float64) curve {
	w := func(xys plotter.XYs) plotter.XYs {
		if len(xys) != 1 {
			return xys
		}
		return plotter.XYs{{X: xys[0].X - half, Y: xys[0].Y}, {X: xys[0].X + half, Y: xys[0].Y}}
	}
	c.band.Top, c.band.Bottom, c.line.XYs, c.pts.XYs = w(e.Hi), w(e.Lo), w(e.Est), e.Est
	return c
}

func (c curve) legend(ch *Chart, name string) { ch.AddLegend(name, c.line, c.pts) }

// allianceData extracts the cumulative alliance probability of r by year,
// leaving out years with no runs or invalid values; noneFormed is set when
// no draw formed an alliance in any year.
func allianceData(r *sim.Result) (e estimate, noneFormed bool, notes []string, err error) {
	if r.Draws <= 0 {
		return e, false, nil, nil
	}
	years, err := resultYears(r, len(r.Alliance), "alliance probabilities")
	if err != nil {
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
// final value annotated over the last point. The y axis starts at 0 and ends
// a little above the highest upper bound (at least 1%), not at 100%.
func AllianceCurve(r *sim.Result, o Options) (*Chart, error) {
	ch, p, o, err := startChart(r, o, allianceText)
	if err != nil {
		return nil, err
	}
	e, none, notes, err := allianceData(r)
	if err != nil {
		return nil, err
	}
	if none {
		notes = append(notes, fmt.Sprintf("No alliance formed in any of the %s draws", format.Thousands(r.Draws)))
	}
	ch.Note, ch.Empty = joinNotes(resultNotes(r, notes, len(e.Est) == 0, noteNoYears)), len(e.Est) == 0
	c := accentCurve().set(e, 0.3)
	c.legend(ch, "Estimate")
	ch.AddLegend("95% interval", c.band)
	p.X.Padding = vg.Points(6) // points at the first and last year stay off the axis
	w, h, ok := ch.fit(o, 0, 0, 0)
	if !ok {
		emptyYears(p, r, 0.01, h)
		return ch, nil
	}
	p.Add(gridLines{}, c.band, c.line, c.pts)
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
	if r.Draws <= 0 {
		return d, nil, nil
	}
	years, err := resultYears(r, len(r.Latent), "latent quantiles")
	if err != nil {
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
			"and the lighter band the middle 90%. Higher pressure moves the pair up the ladder; above the year's hurdle an alliance can come onto the table."}
}

// LatentFan draws the latent alignment pressure across runs by year as a fan
// chart: the median as a line, the middle 50% (P25–P75) and 90% (P05–P95)
// of runs as bands of one hue at two opacities.
func LatentFan(r *sim.Result, o Options) (*Chart, error) {
	ch, p, o, err := startChart(r, o, latentText)
	if err != nil {
		return nil, err
	}
	d, notes, err := latentData(r)
	if err != nil {
		return nil, err
	}
	ch.Note, ch.Empty = joinNotes(resultNotes(r, notes, len(d.P50) == 0, "No latent pressure data: nothing to plot")), len(d.P50) == 0
	outer := &Band{Top: widen(d.P95), Bottom: widen(d.P05), Color: withAlpha(OkabeIto[0], 0.20)}
	inner := &Band{Top: widen(d.P75), Bottom: widen(d.P25), Color: withAlpha(OkabeIto[0], 0.35)}
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
	p.Add(gridLines{}, outer, inner, median)
	_, _, lo, _ := plotter.XYRange(d.P05)
	_, _, _, hi := plotter.XYRange(d.P95)
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
	if r.Draws <= 0 {
		return d, nil, nil
	}
	years, err := resultYears(r, len(counts), series)
	if err != nil {
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

// barChart draws stacked bars by year in fills, one per part, with white
// rules between the parts; each bar's total goes over it when the labels
// fit side by side (and label is set). It sets the x axis and returns the
// top the y axis must reach to leave room for the labels, at least
// least·(highest total).
func barChart(p *plot.Plot, d yearShares, fills []color.Color, dec int, least float64, label bool, w, h vg.Length) float64 {
	bars, sep := &rects{}, &rects{Border: lineStyle(color.White, 0.5)}
	hi := slicesMax(d.Total)
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
	p.Add(gridLines{}, bars)
	if len(fills) > 1 {
		p.Add(sep)
	}
	p.X.Min, p.X.Max = float64(d.Years[0])-0.5, float64(d.Years[len(d.Years)-1])+0.5
	sty := labelStyle(tickSize, inkColor, draw.XCenter, draw.YBottom)
	slot := w / vg.Length(p.X.Max-p.X.Min)
	for _, s := range d.Total {
		label = label && sty.Width(shareLabel(s, dec))+vg.Points(3) <= slot
	}
	if !label {
		return hi * least
	}
	for t, s := range d.Total {
		p.Add(&annotation{X: float64(d.Years[t]), Y: s, Text: shareLabel(s, dec), Style: sty, Offset: vg.Point{Y: vg.Points(2)}})
	}
	return hi * headRoom(least, sty.Height("0")+vg.Points(4), h, 2)
}

func slicesMax(v []float64) float64 {
	m := 0.0
	for _, x := range v {
		m = math.Max(m, x)
	}
	return m
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
	if err == nil && len(d.Years) > 0 && slicesMax(d.Total) == 0 {
		notes = append(notes, fmt.Sprintf("No alliance formed in any of the %s draws", format.Thousands(r.Draws)))
	}
	return d, notes, err
}

// OnsetHistogram draws the year in which the defence alliance formed: one
// bar per year, the share of all runs whose alliance formed that year. The
// runs with no alliance within the horizon, usually the great majority, are
// stated in the subtitle rather than drawn as a bar, which would flatten
// the yearly bars; the y axis is scaled to the yearly bars.
func OnsetHistogram(r *sim.Result, o Options) (*Chart, error) {
	ch, p, o, err := startChart(r, o, onsetText)
	if err != nil {
		return nil, err
	}
	d, notes, err := onsetData(r)
	if err != nil {
		return nil, err
	}
	ch.Note, ch.Empty = joinNotes(resultNotes(r, notes, len(d.Years) == 0, noteNoYears)), len(d.Years) == 0
	if !ch.Empty {
		last, none := d.Years[len(d.Years)-1], shareLabel(float64(r.NoOnset)/float64(r.Draws), 1)
		ch.Subtitle = fmt.Sprintf("No alliance by %d in any run", last)
		if slicesMax(d.Total) > 0 {
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
	dec := 1
	if slicesMax(d.Total) < 0.01 {
		dec = 2
	}
	top := barChart(p, d, []color.Color{AccentColor}, dec, 1.08, true, w, h)
	if top == 0 {
		top = 0.01
	}
	probabilityAxis(&p.Y, math.Max(top, 0.0001), yIntervals(h))
	return ch, nil
}

// blockingFills are the first actor alone, the second alone, both: about
// 87, 162 and 207 in greyscale, dark to light.
var blockingFills = []color.Color{OkabeIto[0], OkabeIto[3], neutralFill}

// actorNames returns the two actors' names, with stand-ins for missing ones.
func actorNames(a [2]string) [2]string {
	return [2]string{orDefault(a[0], "First actor"), orDefault(a[1], "Second actor")}
}

func blockingText(r *sim.Result, o Options) chartText {
	names := actorNames(r.Actors)
	return chartText{title: "Who refused the alliance when it was on the table: " + scenarioName(r), x: "Year", y: "Share of all runs", caption: Caption(r, o.Version),
		desc: fmt.Sprintf("Share of all runs in which the alliance was on the table in a year but was refused, "+
			"split by who refused: %s alone, %s alone, or both. The top of each bar is the share of runs with a refusal that year.", names[0], names[1])}
}

// BlockingBars draws who withheld consent when the alliance was on the
// table, by year: stacked bars of the share of all runs in which only the
// first actor refused, only the second, or both. The top of a bar is the
// share of runs with a refusal that year.
func BlockingBars(r *sim.Result, o Options) (*Chart, error) {
	ch, p, o, err := startChart(r, o, blockingText)
	if err != nil {
		return nil, err
	}
	counts := make([][]int64, len(r.Blocking.ByYear))
	for t, b := range r.Blocking.ByYear {
		counts[t] = b[:]
	}
	d, notes, err := shares(r, counts, "blocking counts")
	if err != nil {
		return nil, err
	}
	refusals := slicesMax(d.Total) > 0
	if len(d.Years) > 0 && !refusals {
		notes = append(notes, "No refusals: in no year of any run was the alliance on the table and refused")
	}
	ch.Note, ch.Empty = joinNotes(resultNotes(r, notes, len(d.Years) == 0, noteNoYears)), len(d.Years) == 0
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
	dec := 0
	if slicesMax(d.Total) < 0.1 {
		dec = 1
	}
	probabilityAxis(&p.Y, math.Max(barChart(p, d, blockingFills, dec, 1.05, refusals, w, h), 0.01), yIntervals(h))
	return ch, nil
}

// eventOffset is how far above (with the event) and below (without) its
// row's centre each series is drawn, in rows.
const eventOffset = 0.17

// eventData is the event chart's marks: P(alliance by the horizon) with and
// without each event, and in the rows where a side has no runs (the event
// never, or always, occurred) or no valid estimate, a text saying so.
func eventData(r *sim.Result) (names []string, with, without []interval, texts []*annotation, invalid int) {
	n := len(r.Events)
	grey := labelStyle(tickSize, captionColor, draw.XLeft, draw.YCenter)
	side := func(a sim.Proportion, y float64, marks *[]interval, none, bad string) {
		switch {
		case validProportion(a):
			*marks = append(*marks, proportionInterval(a, y))
		case a.N > 0:
			invalid++
			texts = append(texts, &annotation{Y: y, Text: bad, Style: grey, Offset: vg.Point{X: vg.Points(3)}})
		default:
			texts = append(texts, &annotation{Y: y, Text: none, Style: grey, Offset: vg.Point{X: vg.Points(3)}})
		}
	}
	for i, e := range r.Events {
		names = append(names, orDefault(e.Name, fmt.Sprintf("(event %d)", i+1)))
		side(e.AllianceIf, rowY(i, n)+eventOffset, &with, "never occurred (no runs with it)", "no valid estimate (runs with it)")
		side(e.AllianceIfNot, rowY(i, n)-eventOffset, &without, "occurred in every run (no runs without it)", "no valid estimate (runs without it)")
	}
	return names, with, without, texts, invalid
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
// the value over all runs as a dashed reference line. An event that never
// occurred (or occurred in every run) is marked so in its row instead of
// being drawn at 0. Runs with and without an event differ in other ways
// too: the chart compares runs, it does not measure the event's effect.
func EventImpact(r *sim.Result, o Options) (*Chart, error) {
	ch, p, o, err := startChart(r, o, eventText)
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
		ch.AddLegend("All runs ("+shareLabel(r.ByHorizon.P, 1)+")", all)
	}
	var names []string
	var texts []*annotation
	var invalid int
	if r.Draws > 0 {
		names, with.Points, without.Points, texts, invalid = eventData(r)
	}
	ch.Empty = len(names) == 0
	ch.Note = joinNotes(resultNotes(r, nil, ch.Empty, "No events in this scenario: nothing to plot"))
	if invalid > 0 {
		ch.Note = fmt.Sprintf("%d estimates left out: invalid values", invalid)
	}
	rowAxis(p, names, 0)
	w, _, ok := ch.fit(o, 0, len(names), 16)
	if !ok {
		probabilityAxis(&p.X, 1, 5)
		return ch, nil
	}
	hi := 0.0
	if overall {
		hi = r.ByHorizon.Hi
	}
	for _, iv := range append(append([]interval{}, with.Points...), without.Points...) {
		hi = math.Max(hi, iv.Hi)
	}
	probabilityAxis(&p.X, math.Max(0.01, hi*1.05), intervals(w, 40, 8))
	p.Add(gridLines{vertical: true}, rowGuides(len(names), 0))
	if overall {
		p.Add(all)
	}
	p.Add(without, with)
	for _, t := range texts {
		p.Add(t)
	}
	return ch, nil
}
