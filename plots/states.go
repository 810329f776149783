package plots

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/sim"
)

// stackLayer is one state's band in the stacked area. The defence alliance
// sits at the bottom, on the axis, so that its share reads straight off the
// y axis; the other states follow down the ladder, rivalry on top. Each
// layer's Upper edge is the cumulative share of the states at or below it in
// the stack.
type stackLayer struct {
	State        model.State
	Name         string
	Lower, Upper plotter.XYs
}

// sumTolerance is how far a year's state shares may sum from 1 before the
// chart says so.
const sumTolerance = 1e-6

// stateStack cumulates the state shares of r into stacked layers, bottom
// first. Years with NaN, infinite or negative shares are left out and
// reported in the notes.
func stateStack(r *sim.Result) (layers []stackLayer, notes []string, err error) {
	years, err := resultYears(r, len(r.StateProb), "state shares")
	if err != nil {
		return nil, nil, err
	}
	names := r.StateNames
	if len(names) != model.NumStates {
		names = model.StateNames()
	}
	layers = make([]stackLayer, model.NumStates)
	for i := range layers {
		s := model.State(model.NumStates - 1 - i)
		layers[i] = stackLayer{State: s, Name: names[s]}
	}
	var skipped, offSum int
	var worst float64
	for t, row := range r.StateProb {
		if len(row) != model.NumStates {
			return nil, nil, fmt.Errorf("plots: result for %q has %d state shares in %d, want %d",
				r.Scenario, len(row), years[t], model.NumStates)
		}
		ok := finite(row...)
		for _, v := range row {
			ok = ok && v >= 0
		}
		if !ok {
			skipped++
			continue
		}
		x := float64(years[t])
		cum := 0.0
		for i := range layers {
			lo := cum
			cum += row[layers[i].State]
			layers[i].Lower = append(layers[i].Lower, plotter.XY{X: x, Y: lo})
			layers[i].Upper = append(layers[i].Upper, plotter.XY{X: x, Y: cum})
		}
		if d := math.Abs(cum - 1); d > sumTolerance {
			offSum++
			worst = math.Max(worst, d)
		}
	}
	if skipped > 0 {
		notes = append(notes, fmt.Sprintf("%d of %d years left out: invalid state shares", skipped, len(r.StateProb)))
	}
	if offSum > 0 {
		notes = append(notes, fmt.Sprintf("State shares do not sum to 1 in %d years (off by up to %.2g)", offSum, worst))
	}
	if len(layers[0].Upper) == 0 {
		return nil, notes, nil
	}
	return layers, notes, nil
}

// StateArea draws the share of runs in each relationship state at the end of
// each year as a stacked area summing to 1: the ladder in a light-to-dark
// sequential palette with the defence alliance in the accent colour at the
// bottom, and the legend to the right in the same top-to-bottom order.
func StateArea(r *sim.Result, o Options) (*Chart, error) {
	if r == nil {
		return nil, errNilResult
	}
	o, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	p := newPlot("Year", "Probability")
	ch := &Chart{
		Title:   "Relationship state by year: " + scenarioName(r),
		Plot:    p,
		Caption: Caption(r, o.Version),
		Description: "Share of simulated runs in each relationship state at the end of each year; the bands add up to 100%. " +
			"The defence alliance is the bottom band, so its height reads straight off the axis.",
	}

	var layers []stackLayer
	var notes []string
	if r.Draws > 0 {
		layers, notes, err = stateStack(r)
		if err != nil {
			return nil, err
		}
	}
	switch {
	case r.Draws <= 0:
		notes = []string{noteNoDraws}
	case layers == nil && len(notes) == 0:
		notes = []string{noteNoYears}
	}
	ch.Note, ch.Empty = joinNotes(notes), layers == nil

	// Legend entries top to bottom in the order of the stack on the page.
	names := model.StateNames()
	if len(r.StateNames) == model.NumStates {
		names = r.StateNames
	}
	border := draw.LineStyle{Color: color.RGBA{R: 0x99, G: 0x99, B: 0x99, A: 0xff}, Width: vg.Points(0.4)}
	bands := make([]*Band, model.NumStates) // by layer, bottom first
	for i := model.NumStates - 1; i >= 0; i-- {
		s := model.State(model.NumStates - 1 - i)
		bands[i] = &Band{Color: StateColor(s)}
		ch.AddLegend(names[s], swatch{fill: []plot.Thumbnailer{bands[i]}, border: border})
	}
	_, dataH := ch.fitAxes(o)
	probabilityAxis(&p.Y, 1, yIntervals(dataH))
	if ch.Empty {
		fallbackYearRange(p, r)
		return ch, nil
	}

	for i, l := range layers {
		bands[i].Top, bands[i].Bottom = widen(l.Upper), widen(l.Lower)
		p.Add(bands[i])
	}
	// Thin white rules between layers (not on the axis, not along the top).
	sep := draw.LineStyle{Color: color.White, Width: vg.Points(0.5)}
	for _, l := range layers[:len(layers)-1] {
		p.Add(&plotter.Line{XYs: widen(l.Upper), LineStyle: sep})
	}
	first, last := layers[0].Upper[0].X, layers[0].Upper[len(layers[0].Upper)-1].X
	setYearRange(p, int(first), int(last))
	p.Y.Min, p.Y.Max = 0, 1 // the stack may have overshot 1 by rounding
	return ch, nil
}
