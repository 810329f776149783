package plots

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/alliancesim/alliancesim/sim"
)

// eventRow is one row of the event chart: P(alliance by the horizon) in
// runs with the event and in runs without it, each with its 95% interval.
// A side with no runs (the event never, or always, occurred) or with
// invalid values is not OK and is stated instead of drawn.
type eventRow struct {
	Name          string
	If, IfNot     interval
	IfOK, IfNotOK bool
	// IfN and IfNotN are the numbers of runs with and without the event.
	IfN, IfNotN int64
}

// validProportion reports whether a proportion has runs and a sane
// estimate and interval.
func validProportion(a sim.Proportion) bool {
	return a.N > 0 && finite(a.P, a.Lo, a.Hi) && a.P >= 0 && a.P <= 1
}

// proportionInterval is a as an interval on row y, its bounds clamped to
// [0, 1] and around the estimate.
func proportionInterval(a sim.Proportion, y float64) interval {
	return interval{Y: y, Mid: a.P, Lo: math.Max(0, math.Min(a.Lo, a.P)), Hi: math.Min(1, math.Max(a.Hi, a.P))}
}

// eventOffset is how far above (with the event) and below (without) its
// row's centre each series is drawn, in rows.
const eventOffset = 0.17

// eventRows extracts the rows of the event chart, the first event at the
// top.
func eventRows(r *sim.Result) []eventRow {
	n := len(r.Events)
	rows := make([]eventRow, n)
	for i, e := range r.Events {
		y := rowY(i, n)
		name := e.Name
		if name == "" {
			name = fmt.Sprintf("(event %d)", i+1)
		}
		rows[i] = eventRow{
			Name:    name,
			If:      proportionInterval(e.AllianceIf, y+eventOffset),
			IfNot:   proportionInterval(e.AllianceIfNot, y-eventOffset),
			IfOK:    validProportion(e.AllianceIf),
			IfNotOK: validProportion(e.AllianceIfNot),
			IfN:     e.AllianceIf.N,
			IfNotN:  e.AllianceIfNot.N,
		}
	}
	return rows
}

// Marks of the event chart: runs with the event as blue filled circles,
// runs without it as vermillion squares, so that the two also differ in
// greyscale.
var (
	withColor    = OkabeIto[0]
	withoutColor = OkabeIto[1]
)

// EventImpact draws, for each event of the scenario (rows, in scenario
// order), P(defence alliance by the horizon) in the runs in which the event
// occurred and in those in which it did not, with their 95% intervals, and
// the value over all runs as a dashed reference line. An event that never
// occurred (or occurred in every run) is marked so in its row instead of
// being drawn at 0. Runs with and without an event differ in other ways
// too: the chart compares runs, it does not measure the event's effect.
func EventImpact(r *sim.Result, o Options) (*Chart, error) {
	if r == nil {
		return nil, errNilResult
	}
	o, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	horizon := "the horizon"
	if len(r.Years) > 0 {
		horizon = fmt.Sprint(r.Years[len(r.Years)-1])
	} else if r.HorizonYears > 0 {
		horizon = fmt.Sprint(r.StartYear + r.HorizonYears - 1)
	}
	p := newPlot("Probability of a defence alliance by "+horizon, "")
	ch := &Chart{
		Title:    "Alliance by " + horizon + " with and without each event: " + scenarioName(r),
		Subtitle: "Runs in which the event occurred vs runs in which it did not: a comparison across runs, not a causal effect",
		Plot:     p,
		Caption:  Caption(r, o.Version),
		Description: "For each event, the probability of a defence alliance by " + horizon +
			" in the runs where the event occurred (circles) and in those where it did not (squares), with 95% intervals. " +
			"Runs with an event differ from runs without it in other ways too, so this is an association across runs, not the event's causal effect.",
	}
	if subtitleStyle().Width(ch.Subtitle) > o.Width-2*vg.Points(marginPt) {
		ch.Subtitle = "Runs with vs without the event: a comparison across runs, not a causal effect"
	}
	line := func(c color.Color) draw.LineStyle { return draw.LineStyle{Color: c, Width: vg.Points(1.2)} }
	with := &whiskers{Line: line(withColor), Cap: vg.Points(4),
		Glyph: draw.GlyphStyle{Color: withColor, Radius: vg.Points(2.6), Shape: draw.CircleGlyph{}}}
	without := &whiskers{Line: line(withoutColor), Cap: vg.Points(4),
		Glyph: draw.GlyphStyle{Color: withoutColor, Radius: vg.Points(2.4), Shape: draw.BoxGlyph{}}}
	all := &refLine{Vertical: true, Style: draw.LineStyle{Color: axisColor, Width: vg.Points(0.8),
		Dashes: []vg.Length{vg.Points(3), vg.Points(2)}}}
	ch.AddLegend("Runs with the event", with)
	ch.AddLegend("Runs without it", without)
	overall := validProportion(r.ByHorizon)
	if overall {
		ch.AddLegend("All runs ("+shareLabel(r.ByHorizon.P, 1)+")", all)
		all.At = r.ByHorizon.P
	}

	var rows []eventRow
	if r.Draws > 0 {
		rows = eventRows(r)
	}
	var notes []string
	switch {
	case r.Draws <= 0:
		notes = []string{noteNoDraws}
	case len(rows) == 0:
		notes = []string{"No events in this scenario: nothing to plot"}
	}
	ch.Note, ch.Empty = joinNotes(notes), len(rows) == 0
	hi := 0.0
	if overall {
		hi = r.ByHorizon.Hi
	}
	grey := textStyle(sansFont, tickSize, captionColor)
	grey.XAlign, grey.YAlign = draw.XLeft, draw.YCenter
	var texts []*annotation
	invalid := 0
	for _, row := range rows {
		if row.IfOK {
			with.Points = append(with.Points, row.If)
			hi = math.Max(hi, row.If.Hi)
		} else {
			t := "never occurred (no runs with it)"
			if row.IfN > 0 {
				t = "no valid estimate (runs with it)"
				invalid++
			}
			texts = append(texts, &annotation{Y: row.If.Y, Text: t, Style: grey})
		}
		if row.IfNotOK {
			without.Points = append(without.Points, row.IfNot)
			hi = math.Max(hi, row.IfNot.Hi)
		} else {
			t := "occurred in every run (no runs without it)"
			if row.IfNotN > 0 {
				t = "no valid estimate (runs without it)"
				invalid++
			}
			texts = append(texts, &annotation{Y: row.IfNot.Y, Text: t, Style: grey})
		}
	}
	if invalid > 0 {
		ch.Note = fmt.Sprintf("%d estimates left out: invalid values", invalid)
	}

	names := make([]string, len(rows))
	for i, row := range rows {
		names[i] = row.Name
	}
	rowAxis(p, names)
	if ch.Empty {
		emptyRows(p)
	}
	_, dataH := ch.fitAxes(o)
	dataW := ch.rowDataWidth(o, names)
	if ch.Empty || !ch.rowsFit(o, len(rows), 16, dataH) {
		probabilityAxis(&p.X, 1, 5)
		return ch, nil
	}
	n := max(2, min(8, int(dataW/vg.Points(40))))
	probabilityAxis(&p.X, math.Max(0.01, hi*1.05), n)
	guides := rowGuides{N: len(rows), Style: draw.LineStyle{Color: gridColor, Width: vg.Points(0.5)}}
	p.Add(verticalGrid(), guides)
	if overall {
		p.Add(all)
	}
	p.Add(without, with)
	for _, t := range texts {
		t.X = p.X.Min
		t.Offset = vg.Point{X: vg.Points(3)}
		p.Add(t)
	}
	return ch, nil
}
