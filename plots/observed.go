package plots

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/alliancesim/alliancesim/calibrate"
	"github.com/alliancesim/alliancesim/internal/format"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/nowcast"
	"github.com/alliancesim/alliancesim/results"
	"github.com/alliancesim/alliancesim/sim"
)

// This file holds the charts of the observed record: Nowcast (nowcast.json)
// and PriorPosterior, PosteriorPredictive and CalibrationPath
// (calibration.json).

// rungMarks mark the observed rung of each year in the middle of its band
// of the stack, joined by a line that steps from band to band where the
// rung changes, so that the eye sees whether the record's rung is the one
// the model holds likely.
func rungMarks(layers []stackLayer, rungs map[float64]model.State) (*plotter.Line, *plotter.Scatter) {
	line := &plotter.Line{LineStyle: lineStyle(withAlpha(inkColor, 0.7), 0.9)}
	pts := &plotter.Scatter{GlyphStyle: glyph(inkColor, 2.6, markGlyph{Shape: shapeCircle, Outline: vg.Points(1.2), OnWhite: true})}
	for _, l := range layers {
		for t, up := range l.Upper {
			if s, ok := rungs[up.X]; ok && s == l.State {
				pts.XYs = append(pts.XYs, plotter.XY{X: up.X, Y: (up.Y + l.Lower[t].Y) / 2})
			}
		}
	}
	sort.Slice(pts.XYs, func(a, b int) bool { return pts.XYs[a].X < pts.XYs[b].X })
	line.XYs = pts.XYs
	return line, pts
}

// stackChart is the shared body of Nowcast and CalibrationPath: the rung
// probabilities of n years as the states chart's stacked area, the rungs
// of the record marked on it. year gives year t and the rung the record
// gives it ("" for none), prob its probability of the rung of key; a year
// missing a rung's probability is left out (stackStates leaves out NaN).
func stackChart(ch *Chart, o Options, n int, year func(t int) (int, string), prob func(t int, key string) (results.Num, bool), rungName string, strip func(h vg.Length)) {
	years, rows, rungs := make([]int, n), make([][]float64, n), map[float64]model.State{}
	for t := range n {
		y, k := year(t)
		if s, err := model.ParseState(k); err == nil && k != "" {
			rungs[float64(y)] = s
		}
		years[t], rows[t] = y, make([]float64, model.NumStates)
		for s, key := range model.StateKeys() {
			v, ok := prob(t, key)
			if rows[t][s] = float64(v); !ok {
				rows[t][s] = math.NaN()
			}
		}
	}
	layers, notes := stackStates(years, rows)
	if ch.Note != "" {
		notes = append(notes, ch.Note)
	}
	ch.Note, ch.Empty = joinNotes(notes), layers == nil
	extra := ch.Legend
	ch.Legend = nil
	stateLegend(ch, nil)
	line, pts := rungMarks(layers, rungs)
	if len(pts.XYs) > 0 {
		ch.AddLegend(rungName, line, pts)
	}
	ch.Legend = append(ch.Legend, extra...)
	_, h, ok := ch.fit(o, 0, 0, 0)
	if strip != nil && ok {
		h *= 1 - stripShare
		strip(h)
	}
	probabilityAxis(&ch.Plot.Y, 1, yIntervals(h))
	if !ok {
		setYearRange(ch.Plot, 2000, 2010)
		return
	}
	addStack(ch.Plot, layers)
	if len(pts.XYs) > 1 {
		ch.Plot.Add(line)
	}
	ch.Plot.Add(pts)
}

// nowcastIndicators are the key observations of the nowcast chart's strip.
var nowcastIndicators = []struct{ key, name string }{
	{"unsc_joint_veto", "Joint UNSC vetoes"}, {"joint_exercises", "Joint exercises"}, {"joint_patrols", "Joint patrols"}}

// Nowcast draws a nowcast: the filtered probability of each rung by year as
// the states chart's stacked area, the coded rung of each year marked in its
// band, and in a strip beneath, on an axis of its own, the year's joint UN
// Security Council vetoes, joint exercises and joint patrols as small bars.
func Nowcast(f *nowcast.File, o Options) (*Chart, error) {
	ch, p, o, err := start(f == nil, errNilNowcast, o, func(o Options) chartText {
		return chartText{title: "Where the relationship stood: the filtered rung by year, from the observed record",
			subtitles: []string{"Bands: probability of each rung given the record up to that year; rings: the rung the record codes", "Bands: filtered rung probabilities; rings: the coded rung"},
			y:         "Filtered probability", caption: nowcastCaption(f, o.Version), below: true,
			desc: "The nowcast: for each year of the record, the probability of each rung of the ladder given the observations up to that year " +
				"(a particle filter run under the scenario " + cmp.Or(f.Scenario, "(unnamed)") + "), stacked to 100% with the defence alliance at the bottom; " +
				"the rings mark the rung the record codes for the year. The strip beneath gives the year's key observations: " +
				"vetoes cast jointly by China and Russia in the UN Security Council, joint military exercises and joint patrols."}
	})
	if err != nil {
		return nil, err
	}
	keys := f.StateKeys
	if len(keys) == 0 {
		keys = model.StateKeys()
	}
	strip, bars := newPlot("Year", "Per year"), &rects{}
	top := 0.0
	for k, ind := range nowcastIndicators {
		c := OkabeIto[[]int{0, 2, 3}[k]]
		for _, y := range f.Years {
			if v, ok := y.Observations[ind.key]; ok && finite(float64(v)) && v >= 0 {
				x := float64(y.Year) + 0.26*float64(k-1)
				bars.Rects, top = append(bars.Rects, rect{X0: x - 0.12, X1: x + 0.12, Y1: float64(v), Fill: c}), math.Max(top, float64(v))
			}
		}
		ch.AddLegend(ind.name, fill{Color: c})
	}
	if len(bars.Rects) > 0 {
		ch.strip = strip
	} else {
		ch.Legend, ch.Note = ch.Legend[:0], "No joint vetoes, exercises or patrols in the record"
	}
	if len(f.Years) == 0 {
		ch.Note = "No filtered years in the nowcast: nothing to plot"
	}
	coded := func(t int) (int, string) {
		if y := f.Years[t]; y.Coded != nil {
			return y.Year, *y.Coded
		}
		return f.Years[t].Year, ""
	}
	filtered := func(t int, k string) (results.Num, bool) {
		i := slices.Index(keys, k)
		if i >= 0 && i < len(f.Years[t].Filtered) {
			return f.Years[t].Filtered[i], true
		}
		return 0, false
	}
	stackChart(ch, o, len(f.Years), coded, filtered, "Coded rung", func(h vg.Length) {
		valueAxis(&strip.Y, 0, math.Max(top, 1), 2)
		strip.Add(hGrid, bars)
	})
	if ch.strip != nil && !ch.Empty {
		ch.strip.X.Min, ch.strip.X.Max, ch.strip.X.Tick.Marker = p.X.Min, p.X.Max, p.X.Tick.Marker
		p.HideX()
	}
	return ch, nil
}

// nowcastCaption is "Nowcast: <data> · scenario baseline · 2,000 particles
// · seed 1 · alliancesim v0.1.0".
func nowcastCaption(f *nowcast.File, version string) string {
	parts := []string{"Nowcast: " + cmp.Or(f.Data, "(unnamed record)"), "scenario " + cmp.Or(f.Scenario, "(unnamed)"),
		format.Thousands(int64(f.Run.Particles)) + " particles", "seed " + strconv.FormatUint(f.Run.Seed, 10)}
	// Years past the record (nowcast --through) are the model's
	// prediction, not a reading of observations: the caption says which.
	var beyond []int
	for _, y := range f.Years {
		if y.BeyondRecord {
			beyond = append(beyond, y.Year)
		}
	}
	if n := len(beyond); n == 1 {
		parts = append(parts, strconv.Itoa(beyond[0])+" predicted, no observations")
	} else if n > 1 {
		parts = append(parts, fmt.Sprintf("%d–%d predicted, no observations", beyond[0], beyond[n-1]))
	}
	return provenance(version, parts...)
}

// CalibrationCaption is the provenance line of the calibration charts:
// "Calibration: bundled:history · 4 rounds of 500 points · 2,000 draws ·
// seed 1 · ESS 412 · alliancesim v0.1.0".
func CalibrationCaption(f *calibrate.File, version string) string {
	if f == nil {
		return ""
	}
	s := f.Settings
	return provenance(cmp.Or(version, f.Version), "Calibration: "+cmp.Or(s.Library, "(unnamed library)"),
		fmt.Sprintf("%d %s of %s points", s.Rounds, format.Plural(s.Rounds, "round", "rounds"), format.Thousands(int64(s.Points))),
		format.Thousands(int64(s.Draws))+" draws", "seed "+strconv.FormatUint(s.Seed, 10), "ESS "+sigFigs(float64(f.ESS), 3))
}

// CalibrationPath draws the path of a calibration (China–Russia): the
// probability of each rung by year under the posterior, as the states
// chart's stacked area, with the observed rung marked in its band and
// joined by a step line.
func CalibrationPath(f *calibrate.File, o Options) (*Chart, error) {
	o, err := begin(f == nil, errNilCalibration, o)
	if err != nil {
		return nil, err
	}
	path := f.Path
	if path == nil {
		path = &calibrate.PathJSON{}
	}
	ch, _ := newChart(chartText{title: "The " + cmp.Or(path.Name, "calibration's") + " path under the posterior: rung probabilities against the observed rung",
		subtitles: []string{fmt.Sprintf("P(the observed coarse path): %s under the prior, %s under the posterior",
			shareLabel(float64(path.PMatchPrior), 1), shareLabel(float64(path.PMatchPosterior), 1))},
		x: "Year", y: "Probability", caption: CalibrationCaption(f, o.Version), below: true,
		desc: "Share of simulated runs of the path's scenario in each rung at the end of each year, the model's weights drawn from the calibrated posterior, " +
			"stacked to 100% with the defence alliance at the bottom; the rings, joined by a step line, mark the rung observed in each year."})
	if len(path.ByYear) == 0 {
		ch.Subtitle, ch.subtitles, ch.Note = "", nil, "No years in the calibration's path: nothing to plot"
	}
	observed := func(t int) (int, string) { return path.ByYear[t].Year, path.ByYear[t].Observed }
	posterior := func(t int, k string) (results.Num, bool) { v, ok := path.ByYear[t].Posterior[k]; return v, ok }
	stackChart(ch, o, len(path.ByYear), observed, posterior, "Observed rung", nil)
	return ch, nil
}

// priorRow is one weight of PriorPosterior, in units of its prior's 90%
// interval: the prior runs from 0 to 1.
type priorRow struct {
	key                 string
	prior, lo, mean, hi float64 // the prior mean and the posterior, standardized
	moved               float64
}

// priorRows standardizes each free weight to its prior's 90% interval and
// orders them by how far the posterior mean moved from the prior's,
// farthest first; fixed weights and those without a prior range are left
// out and counted.
func priorRows(ws []calibrate.WeightJSON) (rows []priorRow, fixed, bad int) {
	for _, w := range ws {
		a, b := float64(w.Prior.Q05), float64(w.Prior.Q95)
		z := func(v results.Num) float64 { return (float64(v) - a) / (b - a) }
		r := priorRow{key: w.Key, prior: z(w.Prior.Mean), lo: z(w.Posterior.Q05), mean: z(w.Posterior.Mean), hi: z(w.Posterior.Q95)}
		switch r.moved = math.Abs(r.mean - r.prior); {
		case w.Fixed:
			fixed++
		case !(b > a) || !finite(r.prior, r.lo, r.mean, r.hi):
			bad++
		default:
			rows = append(rows, r)
		}
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].moved > rows[j].moved })
	return rows, fixed, bad
}

// PriorPosterior draws each weight's prior 90% interval and its posterior
// 90% interval and mean, two interval bars a row, each weight standardized
// to its prior's interval (0 its 5th percentile, 1 its 95th) so that weights
// of different scales share the axis; the rows are ordered by how far the
// posterior mean moved from the prior's, and as many as fit are shown.
func PriorPosterior(f *calibrate.File, o Options) (*Chart, error) {
	ch, p, o, err := start(f == nil, errNilCalibration, o, func(o Options) chartText {
		return chartText{title: "What the record taught the model: each weight's prior and posterior",
			subtitles: []string{"Rows ordered by how far the posterior mean moved; each weight scaled to its prior's 90% interval", "Rows by how far the posterior moved"},
			x:         "Position in the prior's 90% interval (0: its 5th percentile, 1: its 95th)", caption: CalibrationCaption(f, o.Version), below: true,
			desc: "For each of the model's weights, the prior's 90% interval (grey) and the posterior's 90% interval with its mean (blue), after calibrating on the historical cases and the path. " +
				"Each weight is measured in units of its prior's interval, so that weights on different scales share one axis: a posterior bar shorter than the grey one means the record narrowed the weight, " +
				"one shifted sideways that it moved it. Rows are ordered by how far the posterior mean moved from the prior mean."}
	})
	if err != nil {
		return nil, err
	}
	all, fixed, bad := priorRows(f.Weights)
	rows := all
	var notes []string
	note := func() {
		notes = nil
		if len(f.Weights) == 0 || len(all) == 0 {
			notes = append(notes, "No free weights: nothing to plot")
		}
		if n := len(all) - len(rows); n > 0 {
			notes = append(notes, fmt.Sprintf("%d more %s that moved less (at most %s of the prior interval) not shown", n, format.Plural(n, "weight", "weights"), number(all[len(rows)].moved, 2)))
		}
		if fixed > 0 {
			notes = append(notes, fmt.Sprintf("%d fixed %s left out", fixed, format.Plural(fixed, "weight", "weights")))
		}
		if bad > 0 {
			notes = append(notes, fmt.Sprintf("%d %s without a valid prior range left out", bad, format.Plural(bad, "weight", "weights")))
		}
		ch.Note = joinNotes(notes)
	}
	post := &whiskers{Line: lineStyle(OkabeIto[0], 3.2), Glyph: glyph(inkColor, 2.6, draw.CircleGlyph{})}
	prior := &whiskers{Line: lineStyle(neutralFill, 3.2), Glyph: glyph(captionColor, 2, draw.BoxGlyph{})}
	ch.AddLegend("Prior: 90% interval and mean", prior)
	ch.AddLegend("Posterior: 90% interval and mean", post)
	note()
	w, ok := rowChart(ch, o, &rows, func(r priorRow) string { return r.key }, 0, 2*waterRowPt, 0.4, func(n int) { rows = all[:n]; note() })
	lo, hi := 0.0, 1.0
	for i, r := range rows {
		y := rowY(i, len(rows))
		prior.Points = append(prior.Points, interval{Y: y + 0.17, Lo: 0, Mid: r.prior, Hi: 1})
		post.Points = append(post.Points, interval{Y: y - 0.17, Lo: r.lo, Mid: r.mean, Hi: r.hi})
		lo, hi = math.Min(lo, r.lo), math.Max(hi, r.hi)
	}
	valueAxis(&p.X, lo, hi, intervals(w, 45, 8))
	if ok {
		p.Add(prior, post)
	}
	return ch, nil
}

const predictiveDesc = "One row per historical case, the cases in which a pact formed above those in which none did, each group sorted by the forecast: " +
	"the probability of a pact by the case's outcome year under the calibrated posterior, with its 90% interval across the posterior's weights. " +
	"A calibrated model puts the pacts to the right and the others to the left; the posterior was fitted on these same cases, so this is a check of fit, not of prediction."

// PosteriorPredictive draws each case of a calibration as a row: the
// posterior predictive P(pact by the case's outcome year) with its 90%
// interval, marked by what happened (a pact or none), the cases grouped
// by outcome and sorted by the forecast.
func PosteriorPredictive(f *calibrate.File, o Options) (*Chart, error) {
	ch, p, o, err := start(f == nil, errNilCalibration, o, func(o Options) chartText {
		return chartText{title: fmt.Sprintf("The calibrated model's forecast for each of %s", casesText(len(f.Cases))),
			subtitles: []string{"Posterior predictive P(pact by the outcome year) with its 90% interval, marked by what happened", "Posterior predictive with its 90% interval"},
			x:         "Posterior predictive probability of a pact by the outcome year", caption: CalibrationCaption(f, o.Version), below: true,
			desc: predictiveDesc}
	})
	if err != nil {
		return nil, err
	}
	n := len(f.Cases)
	rows, headers := caseRows(p, n, 0, func(i int) bool { return f.Cases[i].Pact }, func(i int) float64 { return float64(f.Cases[i].PPosterior) },
		func(i int) string { return f.Cases[i].Name }, func(i int) string { c := f.Cases[i]; return yearSpan(c.Name, c.StartYear, c.Year) })
	pact := &whiskers{Line: lineStyle(AccentColor, 1.2), Cap: vg.Points(4), Glyph: glyph(AccentColor, 2.8, draw.CircleGlyph{})}
	none := &whiskers{Line: lineStyle(OkabeIto[0], 1.2), Cap: vg.Points(4), Glyph: glyph(OkabeIto[0], 2.6, draw.BoxGlyph{})}
	ch.AddLegend("Pact formed, 90% interval", pact)
	ch.AddLegend("No pact", none)
	var invalid []string
	for i, r := range rows {
		if r.i < 0 {
			continue
		}
		c, y := f.Cases[r.i], rowY(i, len(rows))
		v, lo, hi := float64(c.PPosterior), float64(c.PPosteriorQ05), float64(c.PPosteriorQ95)
		if !finite(v, lo, hi) || v < 0 || v > 1 {
			invalid = append(invalid, c.Name)
			continue
		}
		m := none
		if c.Pact {
			m = pact
		}
		m.Points = append(m.Points, proportionInterval(sim.Proportion{P: v, Lo: lo, Hi: hi}, y))
	}
	var notes []string
	if len(invalid) > 0 {
		notes = []string{"No valid posterior predictive: " + strings.Join(invalid, ", ")}
	}
	caseChart(ch, o, rows, headers, notes, 4, rowGuides(len(rows), 0), none, pact)
	return ch, nil
}
