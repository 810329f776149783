package plots

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/alliancesim/alliancesim/internal/format"
	"github.com/alliancesim/alliancesim/sim"
)

// maxListedNames is how long a list of scenario names may be in a title or
// caption before it is replaced by "N scenarios".
const maxListedNames = 60

// scenarioList names the scenarios joined by sep, or "N scenarios" when
// that is too long; listed reports which.
func scenarioList(rs []*sim.Result, sep string) (s string, listed bool) {
	names := make([]string, len(rs))
	for i, r := range rs {
		names[i] = scenarioName(r)
	}
	s = strings.Join(names, sep)
	if len(rs) > 1 && len([]rune(s)) > maxListedNames {
		return fmt.Sprintf("%d scenarios", len(rs)), false
	}
	return s, true
}

// CompareCaption is the provenance line of a chart of several runs, for
// example "Scenarios: baseline, us-hardline · 50,000 draws each · seed 1 ·
// alliancesim v0.1.0". A long list of names becomes "5 scenarios"; runs of
// different sizes or seeds give the range of draws and the list of seeds.
func CompareCaption(rs []*sim.Result, version string) string {
	var live []*sim.Result
	for _, r := range rs {
		if r != nil {
			live = append(live, r)
		}
	}
	if len(live) == 0 {
		return ""
	}
	if len(live) == 1 {
		return Caption(live[0], version)
	}
	list, listed := scenarioList(live, ", ")
	parts := []string{list}
	if listed {
		parts[0] = "Scenarios: " + list
	}
	lo, hi := live[0].Draws, live[0].Draws
	var seeds []string
	seen := map[uint64]bool{}
	capped := false
	for _, r := range live {
		lo, hi = min(lo, r.Draws), max(hi, r.Draws)
		if !seen[r.Seed] {
			seen[r.Seed] = true
			seeds = append(seeds, strconv.FormatUint(r.Seed, 10))
		}
		capped = capped || r.Stopped == sim.StopMaxDraws
	}
	if lo == hi {
		parts = append(parts, format.Thousands(lo)+" draws each")
	} else {
		parts = append(parts, format.Thousands(lo)+" to "+format.Thousands(hi)+" draws")
	}
	if len(seeds) == 1 {
		parts = append(parts, "seed "+seeds[0])
	} else {
		parts = append(parts, "seeds "+strings.Join(seeds, ", "))
	}
	if capped {
		parts = append(parts, "precision target not reached")
	}
	return strings.Join(append(parts, "alliancesim "+versionString(version)), " · ")
}

// first returns its first argument.
func first(s string, _ bool) string { return s }

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

// commonLastYear is the last year shared by all results, or 0 when they
// differ.
func commonLastYear(rs []*sim.Result) int {
	y := 0
	for i, r := range rs {
		ly := lastYear(r)
		if i > 0 && ly != y {
			return 0
		}
		y = ly
	}
	return y
}

// intervalDecimals is the number of decimals, in percent, that gives an
// interval from lo to hi visible width.
func intervalDecimals(lo, hi float64) int {
	switch w := hi - lo; {
	case w < 0.0002:
		return 3
	case w < 0.002:
		return 2
	}
	return 1
}

// proportionLabel formats an estimate with its interval: "33.9% (33.5–34.3%)",
// the interval rounded outward.
func proportionLabel(a sim.Proportion) string {
	dec := intervalDecimals(a.Lo, a.Hi)
	return fmt.Sprintf("%s (%s–%s)", percent(a.P, dec),
		trimPercent(percentOut(a.Lo, dec, false)), percentOut(a.Hi, dec, true))
}

// ppOut formats a difference in percentage points with dec decimals and a
// typographic minus, rounded outward (down for a lower bound, up for an
// upper bound).
func ppOut(d float64, dec int, upper bool) string {
	k := math.Pow(10, float64(dec))
	v := 100 * d * k
	if upper {
		v = math.Ceil(v - 1e-7)
	} else {
		v = math.Floor(v + 1e-7)
	}
	return number(v/k, dec)
}

// diffLabel formats a paired difference: "Δ vs baseline: +23.4 pp (22.9 to
// 23.9)".
func diffLabel(d sim.PairedDiff, base string) string {
	dec := 1
	if d.Hi-d.Lo < 0.002 {
		dec = 2
	}
	return fmt.Sprintf("Δ vs %s: %s pp (%s to %s)", base, signed(100*d.Delta, dec),
		ppOut(d.Lo, dec, false), ppOut(d.Hi, dec, true))
}

// curveStyle is the look of the i-th scenario in the comparison charts:
// its colour, a dash pattern and a glyph shape, so that scenarios differ
// in greyscale too.
func curveStyle(i int) (draw.LineStyle, draw.GlyphStyle) {
	c := seriesColor(i)
	return draw.LineStyle{Color: c, Width: vg.Points(1.5), Dashes: dashPatterns[i%len(dashPatterns)]},
		draw.GlyphStyle{Color: c, Radius: vg.Points(2.2), Shape: glyphShapes[i%len(glyphShapes)]}
}

// CompareCurves draws the cumulative P(defence alliance by year) of several
// scenarios on one chart, each with its 95% Wilson interval as a light band
// of the same hue, in the Okabe–Ito colours with a dash pattern and glyph
// per scenario. The legend gives each scenario's final value. Scenarios
// with different start years or horizons share the year axis.
func CompareCurves(results []*sim.Result, o Options) (*Chart, error) {
	if len(results) == 0 {
		return nil, errNilSet
	}
	for i, r := range results {
		if r == nil {
			return nil, fmt.Errorf("plots: result %d of %d to compare is nil", i+1, len(results))
		}
	}
	o, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	p := newPlot("Year", "Probability")
	p.X.Padding = vg.Points(6)
	ch := &Chart{
		Title:   "P(defence alliance by year): " + first(scenarioList(results, " vs ")),
		Plot:    p,
		Caption: CompareCaption(results, o.Version),
		Description: "Probability that a defence alliance has formed by the end of each year under each scenario, " +
			"with its 95% Monte Carlo interval as a light band of the same colour; the legend gives each scenario's value at the end of its horizon.",
	}
	type curve struct {
		i    int
		d    allianceData
		band *Band
		line *plotter.Line
		pts  *plotter.Scatter
	}
	var curves []curve
	var notes []string
	first, last := math.MaxInt, math.MinInt
	hiMax := 0.0
	for i, r := range results {
		var d allianceData
		if r.Draws > 0 {
			if d, err = allianceSeries(r); err != nil {
				return nil, err
			}
		}
		ls, gs := curveStyle(i)
		c := curve{i: i, d: d, band: &Band{Color: withAlpha(seriesColor(i), 0.16)},
			line: &plotter.Line{LineStyle: ls}, pts: &plotter.Scatter{GlyphStyle: gs}}
		name := scenarioName(r)
		switch {
		case r.Draws <= 0:
			notes = append(notes, name+": no draws")
			continue
		case len(d.Est) == 0:
			notes = append(notes, name+": no valid years")
			continue
		}
		for _, n := range d.Notes {
			notes = append(notes, name+": "+strings.ToLower(n[:1])+n[1:])
		}
		c.band.Top, c.band.Bottom = widen(d.Hi), widen(d.Lo)
		c.line.XYs, c.pts.XYs = widen(d.Est), d.Est
		curves = append(curves, c)
		ch.AddLegend(fmt.Sprintf("%s (%s by %d)", name, shareLabel(d.Last.P, 1), d.LastYear), c.band, c.line, c.pts)
		first, last = min(first, int(d.Est[0].X)), max(last, d.LastYear)
		for _, h := range d.Hi {
			hiMax = math.Max(hiMax, h.Y)
		}
	}
	ch.Note, ch.Empty = joinNotes(notes), len(curves) == 0
	_, dataH := ch.fitAxes(o)
	if ch.Empty || !ch.roomFor(o, dataH) {
		probabilityAxis(&p.Y, 0.01, yIntervals(dataH))
		fallbackYearRange(p, results[0])
		return ch, nil
	}
	p.Add(horizontalGrid())
	for _, c := range curves {
		p.Add(c.band)
	}
	for k := len(curves) - 1; k >= 0; k-- { // the first scenario on top
		p.Add(curves[k].line, curves[k].pts)
	}
	probabilityAxis(&p.Y, math.Max(0.01, hiMax*1.08), yIntervals(dataH))
	setYearRange(p, first, last)
	return ch, nil
}

// compareRowH is the height a row of CompareDots needs for its dot and its
// label line, in points.
const compareRowH = 26

// Where the dot and the label line of a CompareDots row go, in rows from
// the row's centre.
const (
	dotOffset   = 0.15
	labelOffset = -0.2
)

// CompareDots draws P(defence alliance by the horizon) for each scenario of
// a set (rows, in the set's order) with its 95% Wilson interval, and under
// each row its value and the paired difference from the first scenario,
// "Δ vs baseline: +23.4 pp (22.9 to 23.9)", estimated on the same draws.
func CompareDots(set *sim.Set, o Options) (*Chart, error) {
	if set == nil || len(set.Results) == 0 {
		return nil, errNilSet
	}
	rs := set.Results
	for i, r := range rs {
		if r == nil {
			return nil, fmt.Errorf("plots: result %d of %d to compare is nil", i+1, len(rs))
		}
	}
	o, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	by := "the end of the horizon"
	if y := commonLastYear(rs); y > 0 {
		by = strconv.Itoa(y)
	}
	base := scenarioName(rs[0])
	p := newPlot("Probability of a defence alliance by "+by, "")
	ch := &Chart{
		Title:   "P(defence alliance by " + by + "): " + first(scenarioList(rs, " vs ")),
		Plot:    p,
		Caption: CompareCaption(rs, o.Version),
		Description: "Probability of a defence alliance by " + by + " under each scenario, with its 95% interval, " +
			"and each scenario's difference from " + base + " in percentage points (Δ). The differences are estimated on the same draws, " +
			"so they are far more precise than the two intervals suggest.",
	}
	if len(rs) > 1 {
		ch.Subtitle = "Dots: estimate with 95% interval · Δ: difference from " + base + " on the same draws, 95% interval"
		if subtitleStyle().Width(ch.Subtitle) > o.Width-2*vg.Points(marginPt) {
			ch.Subtitle = "Δ: difference from " + base + " on the same draws, with its 95% interval"
		}
	}
	names := make([]string, len(rs))
	for i, r := range rs {
		names[i] = scenarioName(r)
	}
	rowAxisAt(p, names, dotOffset)

	var notes, invalid []string
	n := len(rs)
	var marks []*whiskers
	var texts []*annotation
	hi := 0.0
	sty := textStyle(sansFont, tickSize, inkColor)
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YCenter
	diffsOK := len(set.Diffs) == n
	for i, r := range rs {
		a := r.ByHorizon
		if r.Draws <= 0 || !validProportion(a) {
			invalid = append(invalid, names[i])
			texts = append(texts, &annotation{Y: rowY(i, n) + dotOffset, Text: "no valid estimate", Style: sty})
			continue
		}
		ls, gs := curveStyle(i)
		ls.Dashes = nil
		gs.Radius = vg.Points(3.4)
		w := &whiskers{Line: ls, Glyph: gs, Cap: vg.Points(5)}
		iv := proportionInterval(a, rowY(i, n)+dotOffset)
		w.Points = []interval{iv}
		marks = append(marks, w)
		hi = math.Max(hi, iv.Hi)
		text := proportionLabel(a)
		switch {
		case i == 0 && n > 1:
			text += " · reference for Δ"
		case i > 0 && diffsOK && set.Diffs[i].N > 0 && finite(set.Diffs[i].Delta, set.Diffs[i].Lo, set.Diffs[i].Hi):
			text += " · " + diffLabel(set.Diffs[i], base)
		case i > 0:
			text += " · Δ not available"
		}
		texts = append(texts, &annotation{Y: rowY(i, n) + labelOffset, Text: text, Style: sty})
	}
	if len(invalid) > 0 {
		notes = append(notes, "No valid estimate for "+strings.Join(invalid, ", "))
	}
	ch.Empty = len(marks) == 0
	_, dataH := ch.fitAxes(o)
	dataW := ch.rowDataWidth(o, names)
	if !ch.Empty && dataH/vg.Length(n) < vg.Points(compareRowH) {
		notes = append(notes, "Too many scenarios to label at this chart size: make the chart taller for the values and differences")
		texts = nil
		if ch.Subtitle != "" {
			ch.Subtitle = "Dots: estimate with 95% interval"
		}
	}
	ch.Note = joinNotes(notes)
	if ch.Note != "" {
		_, dataH = ch.fitAxes(o)
	}
	probabilityAxis(&p.X, math.Max(0.01, hi*1.08), max(2, min(8, int(dataW/vg.Points(40)))))
	if ch.Empty || !ch.rowsFit(o, n, 11, dataH) {
		return ch, nil
	}
	guides := rowGuides{N: n, Offset: dotOffset, Style: draw.LineStyle{Color: gridColor, Width: vg.Points(0.5)}}
	p.Add(verticalGrid(), guides)
	for _, m := range marks {
		p.Add(m)
	}
	for _, t := range texts {
		t.X, t.Offset = 0, vg.Point{X: vg.Points(3)}
		p.Add(t)
	}
	return ch, nil
}
