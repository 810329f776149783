package plots

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/alliancesim/alliancesim/sim"
)

// Notes shown on charts whose data cannot be drawn.
const (
	noteNoDraws = "No draws: nothing to plot"
	noteNoYears = "No simulated years: nothing to plot"
)

var (
	errNilResult      = errors.New("plots: no result to plot (nil *sim.Result)")
	errNilExplanation = errors.New("plots: no explanation to plot (nil *model.Explanation)")
	errNilSet         = errors.New("plots: no scenarios to compare (nil or empty *sim.Set)")
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
	return nil, fmt.Errorf("plots: result for %q has %d years but %d rows of %s",
		r.Scenario, len(r.Years), n, series)
}

// finite reports whether all vs are neither NaN nor infinite.
func finite(vs ...float64) bool {
	for _, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

// singleHalfWidth is half the width, in years, of the block that stands
// for a one-year series, which has no extent along x of its own.
const singleHalfWidth = 0.3

// widen turns a one-point series into a flat segment of width
// 2·singleHalfWidth centred on the point, so that areas and bands of a
// one-year horizon stay visible; longer series are returned unchanged.
func widen(xys plotter.XYs) plotter.XYs {
	if len(xys) != 1 {
		return xys
	}
	p := xys[0]
	return plotter.XYs{{X: p.X - singleHalfWidth, Y: p.Y}, {X: p.X + singleHalfWidth, Y: p.Y}}
}

// setYearRange sets the x axis to the years shown; a single year gets half a
// year either side.
func setYearRange(p *plot.Plot, first, last int) {
	p.X.Min, p.X.Max = float64(first), float64(last)
	if first == last {
		p.X.Min -= 0.5
		p.X.Max += 0.5
	}
}

// fallbackYearRange sets the x axis of a chart with no data rows from the
// scenario's start year and horizon.
func fallbackYearRange(p *plot.Plot, r *sim.Result) {
	h := max(r.HorizonYears, 1)
	setYearRange(p, r.StartYear, r.StartYear+h-1)
}

// swatch is a legend thumbnail: a filled rectangle with a thin border, so
// that light fills stay visible on white.
type swatch struct {
	fill   []plot.Thumbnailer
	border draw.LineStyle
}

func (s swatch) Thumbnail(c *draw.Canvas) {
	for _, f := range s.fill {
		f.Thumbnail(c)
	}
	if s.border.Width > 0 {
		r := vg.Rectangle{Min: c.Min, Max: c.Max}
		c.SetLineStyle(s.border)
		c.Stroke(r.Path())
	}
}

// scenarioName is the scenario's name for titles.
func scenarioName(r *sim.Result) string {
	if r.Scenario == "" {
		return "(unnamed scenario)"
	}
	return r.Scenario
}

// joinNotes joins chart notes into one line.
func joinNotes(notes []string) string {
	s := ""
	for i, n := range notes {
		if i > 0 {
			s += "; "
		}
		s += n
	}
	return s
}
