package plots

import (
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/alliancesim/alliancesim/internal/format"
)

// yearTicks marks whole years, labelled at a step of 1, 2, 5, 10, … years
// so that there are at most MaxLabels labels (12 when zero), with a minor
// tick on every year.
type yearTicks struct{ MaxLabels int }

func (yt yearTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi >= lo) || !finite(lo, hi) {
		return nil
	}
	n := cmp0i(yt.MaxLabels, 12)
	first, last := math.Ceil(lo-1e-9), math.Floor(hi+1e-9)
	if last-first > 1000 {
		return nil
	}
	step := 1.0
	for _, s := range []float64{1, 2, 5, 10, 20, 25, 50, 100, 200, 500} {
		if step = s; math.Floor(last/s)-math.Ceil(first/s)+1 <= float64(n) {
			break
		}
	}
	var ticks []plot.Tick
	for y := first; y <= last; y++ {
		t := plot.Tick{Value: y} // a minor tick on every year
		if math.Mod(y, step) == 0 {
			t.Label = strconv.FormatFloat(y, 'f', 0, 64)
		}
		ticks = append(ticks, t)
	}
	return ticks
}

func cmp0i(v, def int) int {
	if v <= 0 {
		return def
	}
	return v
}

// maxYearLabels is how many year labels fit along an axis of the given
// length without crowding.
func maxYearLabels(length vg.Length) int {
	w := textStyle(sansFont, tickSize, tickColor).Width("2036")
	return max(2, int(math.Floor(float64(length/(w*1.35)))))
}

// niceStep returns a round step (1, 2, 2.5 or 5 × 10^k) that cuts span into
// about n intervals.
func niceStep(span float64, n int) float64 {
	if !(span > 0) || math.IsInf(span, 0) {
		return 1
	}
	raw := span / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 2.5, 5} {
		if raw <= m*mag*(1+1e-9) {
			return m * mag
		}
	}
	return 10 * mag
}

// decimals returns the number of decimals needed to print multiples of step.
func decimals(step float64) int {
	for d := 0; d < 8; d++ {
		if s := step * math.Pow(10, float64(d)); math.Abs(s-math.Round(s)) < 1e-6*s {
			return d
		}
	}
	return 8
}

// intervals is how many intervals an axis of the given length takes: one
// per every points, from 2 to most.
func intervals(length vg.Length, every float64, most int) int {
	return max(2, min(most, int(length/vg.Points(every))))
}

// yIntervals is the number of intervals of a y axis: one per 28 pt, 2 to 6.
func yIntervals(length vg.Length) int { return intervals(length, 28, 6) }

// linearTicks marks multiples of Step, labelled by Format (plain numbers
// with a typographic minus when nil).
type linearTicks struct {
	Step   float64
	Format func(v float64) string
}

func (t linearTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(t.Step > 0) || !(hi >= lo) || !finite(lo, hi) || (hi-lo)/t.Step > 1000 {
		return nil
	}
	dec := decimals(t.Step)
	var ticks []plot.Tick
	for i := math.Ceil(lo/t.Step - 1e-9); i*t.Step <= hi+1e-9*t.Step; i++ {
		v := i * t.Step
		if math.Abs(v) < 1e-12*t.Step {
			v = 0 // no "-0"
		}
		label := number(v, dec)
		if t.Format != nil {
			label = t.Format(v)
		}
		ticks = append(ticks, plot.Tick{Value: v, Label: label})
	}
	return ticks
}

// hyphenated labels multiples of step with a hyphen for the minus sign, as
// the latent pressure's axis always has.
func hyphenated(step float64) func(float64) string {
	dec := decimals(step)
	return func(v float64) string { return strconv.FormatFloat(v, 'f', dec, 64) }
}

// probabilityAxis sets a from 0 to max (rounded up to a round step, at most
// 1) in about n intervals with percentage labels.
func probabilityAxis(a *plot.Axis, max float64, n int) {
	if !(max > 0) {
		max = 1
	}
	max = math.Min(max, 1)
	step := niceStep(max, n)
	dec := decimals(100 * step)
	a.Min, a.Max = 0, math.Min(1, math.Ceil(max/step-1e-9)*step)
	a.Tick.Marker = linearTicks{Step: step, Format: func(v float64) string { return percent(v, dec) }}
}

// valueAxis sets a to a round range from lo to hi (widened to round steps)
// in about n intervals.
func valueAxis(a *plot.Axis, lo, hi float64, n int) {
	if !(hi > lo) {
		lo, hi = lo-0.5, hi+0.5
	}
	step := niceStep(hi-lo, n)
	a.Min, a.Max = math.Floor(lo/step+1e-9)*step, math.Ceil(hi/step-1e-9)*step
	a.Tick.Marker = linearTicks{Step: step}
}

// axisTicks sets a to exactly [lo, hi] with round ticks in about n intervals.
func axisTicks(a *plot.Axis, lo, hi float64, n int) {
	if !(hi > lo) {
		lo, hi = lo-0.5, hi+0.5
	}
	a.Min, a.Max = lo, hi
	a.Tick.Marker = linearTicks{Step: niceStep(hi-lo, n)}
}

// setYearRange sets the x axis to the years shown; a single year gets half
// a year either side.
func setYearRange(p *plot.Plot, first, last int) {
	p.X.Min, p.X.Max = float64(first), float64(last)
	if first == last {
		p.X.Min, p.X.Max = p.X.Min-0.5, p.X.Max+0.5
	}
}

// nTicks marks sample sizes, with thousands separators.
func nTicks(ns []int) plot.Ticker {
	ticks := make([]plot.Tick, len(ns))
	for i, n := range ns {
		ticks[i] = plot.Tick{Value: float64(n), Label: format.Thousands(int64(n))}
	}
	return plot.ConstantTicks(ticks)
}

// rowY is the y position of row i of n, the first row at the top.
func rowY(i, n int) float64 { return float64(n - 1 - i) }

// rowAxis makes the y axis of p a list of named rows, names[0] at the top,
// one unit apart, the names offset from the rows' centres by offset rows
// to stand level with marks drawn off centre; no ticks or axis line. No
// names gives one blank row, wide enough for the first x tick label to
// stay on the page.
func rowAxis(p *plot.Plot, names []string, offset float64) {
	if len(names) == 0 {
		names, offset = []string{"        "}, 0
	}
	n := len(names)
	ticks := make([]plot.Tick, n)
	for i, name := range names {
		ticks[i] = plot.Tick{Value: rowY(i, n) + offset, Label: name}
	}
	p.Y.Tick.Marker = plot.ConstantTicks(ticks)
	p.Y.Tick.Length, p.Y.LineStyle.Width = 0, 0
	p.Y.Min, p.Y.Max = -0.6, float64(n)-0.4
}

// maxRowPt is the greatest height of a row of a row chart, in points: a
// chart of a few rows leaves space around them rather than draw giant bars.
const maxRowPt = 30

// capRows widens the y range of a row chart of n rows (data area about
// dataH high) equally up and down, so that no row is taller than maxRowPt.
func capRows(p *plot.Plot, dataH vg.Length) {
	span := p.Y.Max - p.Y.Min
	if dataH > 0 && float64(dataH)/span > maxRowPt {
		extra := (float64(dataH)/maxRowPt - span) / 2
		p.Y.Min, p.Y.Max = p.Y.Min-extra, p.Y.Max+extra
	}
}
