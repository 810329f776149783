package plots

import (
	"fmt"
	"math"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/alliancesim/alliancesim/sim"
)

// fanData holds the quantile curves of the latent alignment pressure.
type fanData struct {
	P05, P25, P50, P75, P95 plotter.XYs
	Notes                   []string
}

// quantileTolerance absorbs rounding when checking that quantiles are ordered.
const quantileTolerance = 1e-9

// latentFan extracts the quantile curves from r.Latent. Years with NaN or
// infinite quantiles are left out; quantiles out of order are an error, since
// the fan would then draw nonsense.
func latentFan(r *sim.Result) (fanData, error) {
	var d fanData
	years, err := resultYears(r, len(r.Latent), "latent quantiles")
	if err != nil {
		return d, err
	}
	skipped := 0
	for t, q := range r.Latent {
		if !finite(q.P05, q.P25, q.P50, q.P75, q.P95) {
			skipped++
			continue
		}
		qs := []float64{q.P05, q.P25, q.P50, q.P75, q.P95}
		for i := 1; i < len(qs); i++ {
			if qs[i] < qs[i-1]-quantileTolerance {
				return d, fmt.Errorf("plots: latent quantiles of %q are out of order in %d: P05..P95 = %v",
					r.Scenario, years[t], qs)
			}
		}
		year := q.Year
		if year == 0 {
			year = years[t]
		}
		x := float64(year)
		d.P05 = append(d.P05, plotter.XY{X: x, Y: q.P05})
		d.P25 = append(d.P25, plotter.XY{X: x, Y: q.P25})
		d.P50 = append(d.P50, plotter.XY{X: x, Y: q.P50})
		d.P75 = append(d.P75, plotter.XY{X: x, Y: q.P75})
		d.P95 = append(d.P95, plotter.XY{X: x, Y: q.P95})
	}
	if skipped > 0 {
		d.Notes = append(d.Notes, fmt.Sprintf("%d of %d years left out: invalid quantiles", skipped, len(r.Latent)))
	}
	return d, nil
}

// LatentFan draws the latent alignment pressure across runs by year as a fan
// chart: the median as a line, the middle 50% (P25–P75) and 90% (P05–P95)
// of runs as bands of one hue at two opacities.
func LatentFan(r *sim.Result, o Options) (*Chart, error) {
	if r == nil {
		return nil, errNilResult
	}
	o, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	p := newPlot("Year", "Latent alignment pressure (model units)")
	ch := &Chart{
		Title:   "Latent alignment pressure: " + scenarioName(r),
		Plot:    p,
		Caption: Caption(r, o.Version),
		Description: "Latent alignment pressure across runs, in model units: the line is the median run, the darker band the middle 50% of runs " +
			"and the lighter band the middle 90%. Higher pressure moves the pair up the ladder; above the year's hurdle an alliance can come onto the table.",
	}
	hue := OkabeIto[0]
	outer := &Band{Color: withAlpha(hue, 0.20)}
	inner := &Band{Color: withAlpha(hue, 0.35)}
	median := &plotter.Line{LineStyle: draw.LineStyle{Color: hue, Width: vg.Points(1.5)}}
	ch.AddLegend("Median", median)
	// The inner band is drawn over the outer one; its legend swatch is too.
	ch.AddLegend("Middle 50% of runs", outer, inner)
	ch.AddLegend("Middle 90% of runs", outer)

	var d fanData
	if r.Draws > 0 {
		if d, err = latentFan(r); err != nil {
			return nil, err
		}
	}
	notes := d.Notes
	switch {
	case r.Draws <= 0:
		notes = []string{noteNoDraws}
	case len(d.P50) == 0 && len(notes) == 0:
		notes = []string{"No latent pressure data: nothing to plot"}
	}
	ch.Note, ch.Empty = joinNotes(notes), len(d.P50) == 0
	_, dataH := ch.fitAxes(o)
	if ch.Empty {
		fallbackYearRange(p, r)
		p.Y.Min, p.Y.Max = 0, 1
		p.Y.Tick.Marker = linearTicks{Step: 0.2}
		return ch, nil
	}

	outer.Top, outer.Bottom = widen(d.P95), widen(d.P05)
	inner.Top, inner.Bottom = widen(d.P75), widen(d.P25)
	median.XYs = widen(d.P50)
	p.Add(horizontalGrid(), outer, inner, median)

	lo, hi := math.Inf(1), math.Inf(-1)
	for i := range d.P05 {
		lo, hi = math.Min(lo, d.P05[i].Y), math.Max(hi, d.P95[i].Y)
	}
	if hi-lo < 1e-9*math.Max(1, math.Abs(hi)) {
		lo, hi = lo-0.5, hi+0.5
	}
	pad := 0.02 * (hi - lo)
	step := niceStep(hi-lo+2*pad, yIntervals(dataH))
	p.Y.Min = math.Floor((lo-pad)/step) * step
	p.Y.Max = math.Ceil((hi+pad)/step) * step
	p.Y.Tick.Marker = linearTicks{Step: step}

	setYearRange(p, int(d.P50[0].X), int(d.P50[len(d.P50)-1].X))
	return ch, nil
}
