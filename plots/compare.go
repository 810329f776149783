package plots

import (
	"fmt"
	"math"
	"strconv"
	"strings"

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
	if s = strings.Join(names, sep); len(rs) > 1 && len([]rune(s)) > maxListedNames {
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
		if s := strconv.FormatUint(r.Seed, 10); !contains(seeds, s) {
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
	return strings.Join(append(parts, "alliancesim "+versionString(version)), " · ")
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
// per scenario. The legend gives each scenario's final value. Scenarios
// with different start years or horizons share the year axis.
func CompareCurves(results []*sim.Result, o Options) (*Chart, error) {
	if err := checkResults(results); err != nil {
		return nil, err
	}
	ch, p, o, err := startChart(results[0], o, func(*sim.Result, Options) chartText { return compareCurvesText(results, o) })
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
		ch.AddLegend(fmt.Sprintf("%s (%s by %d)", name, shareLabel(e.Last.P, 1), int(e.LastX)), c.band, c.line, c.pts)
		first, last, top = min(first, int(e.Est[0].X)), max(last, int(e.LastX)), math.Max(top, e.top())
	}
	ch.Note, ch.Empty = joinNotes(notes), len(curves) == 0
	p.X.Padding = vg.Points(6)
	_, h, ok := ch.fit(o, 0, 0, 0)
	if !ok {
		emptyYears(p, results[0], 0.01, h)
		return ch, nil
	}
	p.Add(gridLines{})
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

// diffLabel formats a paired difference: "Δ vs baseline: +23.4 pp (22.9 to
// 23.9)", the interval rounded outward.
func diffLabel(d sim.PairedDiff, base string) string {
	dec := 1
	if d.Hi-d.Lo < 0.002 {
		dec = 2
	}
	return fmt.Sprintf("Δ vs %s: %s pp (%s to %s)", base, signed(100*d.Delta, dec), number(roundOut(d.Lo, dec, false), dec), number(roundOut(d.Hi, dec, true), dec))
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
func dotsData(set *sim.Set) (marks []*whiskers, texts []*annotation, invalid []string) {
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
	if y := lastYear(rs[0]); y > 0 && commonLastYear(rs) {
		by = strconv.Itoa(y)
	}
	ch, p, o, err := startChart(rs[0], o, func(*sim.Result, Options) chartText { return compareDotsText(rs, by, o) })
	if err != nil {
		return nil, err
	}
	names := make([]string, len(rs))
	for i, r := range rs {
		names[i] = scenarioName(r)
	}
	rowAxis(p, names, dotOffset)
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
	hi := 0.0
	for _, m := range marks {
		hi = math.Max(hi, m.Points[0].Hi)
	}
	probabilityAxis(&p.X, math.Max(0.01, hi*1.08), intervals(w, 40, 8))
	if !ok {
		return ch, nil
	}
	p.Add(gridLines{vertical: true}, rowGuides(len(rs), dotOffset))
	for _, m := range marks {
		p.Add(m)
	}
	for _, t := range texts {
		p.Add(t)
	}
	return ch, nil
}

// commonLastYear reports whether all results end in the same year.
func commonLastYear(rs []*sim.Result) bool {
	for _, r := range rs {
		if lastYear(r) != lastYear(rs[0]) {
			return false
		}
	}
	return true
}
