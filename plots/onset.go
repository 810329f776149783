package plots

import (
	"fmt"
	"math"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/alliancesim/alliancesim/internal/format"
	"github.com/alliancesim/alliancesim/sim"
)

// onsetData is what the onset histogram draws: the share of all runs whose
// alliance formed in each year, and the share with none by the horizon.
type onsetData struct {
	Years []int
	// Share[t] is Onset[t] / Draws.
	Share []float64
	// Formed is the sum of Share; None is NoOnset / Draws. They add up to
	// 1 when the counts are consistent.
	Formed, None float64
	Notes        []string
}

// onsetShares turns the onset counts of r into shares of all runs. Years
// with a negative count are left out; counts that do not add up to the
// draws are reported in the notes.
func onsetShares(r *sim.Result) (onsetData, error) {
	var d onsetData
	years, err := resultYears(r, len(r.Onset), "onset counts")
	if err != nil {
		return d, err
	}
	n := float64(r.Draws)
	skipped := 0
	var sum int64
	for t, c := range r.Onset {
		if c < 0 || c > r.Draws {
			skipped++
			continue
		}
		sum += c
		d.Years = append(d.Years, years[t])
		d.Share = append(d.Share, float64(c)/n)
	}
	d.Formed = float64(sum) / n
	d.None = float64(r.NoOnset) / n
	if skipped > 0 {
		d.Notes = append(d.Notes, fmt.Sprintf("%d of %d years left out: invalid counts", skipped, len(r.Onset)))
	} else if sum+r.NoOnset != r.Draws {
		d.Notes = append(d.Notes, fmt.Sprintf("Counts do not add up: %s runs with an alliance and %s without, of %s draws",
			format.Thousands(sum), format.Thousands(r.NoOnset), format.Thousands(r.Draws)))
	}
	return d, nil
}

// shareLabel formats a share of runs as a percentage with dec decimals,
// adding decimals (up to 3) so that a share strictly between 0 and 1 never
// prints as "0%" or "100%"; beyond that it prints "<0.001%" or ">99.999%".
func shareLabel(p float64, dec int) string {
	if p <= 0 || p >= 1 {
		return percent(p, 0)
	}
	for d := dec; d <= 3; d++ {
		s := percent(p, d)
		if s != percent(0, d) && s != percent(1, d) {
			return s
		}
	}
	if p < 0.5 {
		return "<" + percent(0.00001, 3)
	}
	return ">" + percent(0.99999, 3)
}

// OnsetHistogram draws the year in which the defence alliance formed: one
// bar per year, the share of all runs whose alliance formed that year. The
// runs with no alliance within the horizon, usually the great majority, are
// stated in the subtitle rather than drawn as a bar, which would flatten
// the yearly bars; the y axis is scaled to the yearly bars.
func OnsetHistogram(r *sim.Result, o Options) (*Chart, error) {
	if r == nil {
		return nil, errNilResult
	}
	o, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	p := newPlot("Year the alliance formed", "Share of all runs")
	ch := &Chart{
		Title:   "Year the defence alliance formed: " + scenarioName(r),
		Plot:    p,
		Caption: Caption(r, o.Version),
	}
	var d onsetData
	if r.Draws > 0 {
		if d, err = onsetShares(r); err != nil {
			return nil, err
		}
	}
	notes := d.Notes
	switch {
	case r.Draws <= 0:
		notes = []string{noteNoDraws}
	case len(d.Share) == 0 && len(notes) == 0:
		notes = []string{noteNoYears}
	case len(d.Share) > 0 && d.Formed == 0:
		notes = append(notes, fmt.Sprintf("No alliance formed in any of the %s draws", format.Thousands(r.Draws)))
	}
	ch.Note, ch.Empty = joinNotes(notes), len(d.Share) == 0

	if !ch.Empty {
		last := d.Years[len(d.Years)-1]
		ch.Subtitle = fmt.Sprintf("No alliance by %d in %s of runs (not drawn as a bar, so that the yearly bars stay readable)",
			last, shareLabel(d.None, 1))
		if d.Formed == 0 {
			ch.Subtitle = fmt.Sprintf("No alliance by %d in any run", last)
		} else {
			// Shorter forms for narrower pages.
			for _, f := range []string{"No alliance by %d in %s of runs (not drawn as a bar)", "No alliance by %d: %s of runs (not drawn)"} {
				if subtitleStyle().Width(ch.Subtitle) > o.Width-2*vg.Points(marginPt) {
					ch.Subtitle = fmt.Sprintf(f, last, shareLabel(d.None, 1))
				}
			}
		}
		ch.Description = fmt.Sprintf("Share of all runs in which the defence alliance formed in each year. "+
			"The %s of runs with no alliance by %d are stated above the chart rather than drawn, so that the yearly bars stay readable.",
			shareLabel(d.None, 1), last)
	}
	dataW, dataH := ch.fitAxes(o)
	if ch.Empty || !ch.roomFor(o, dataH) {
		probabilityAxis(&p.Y, 0.01, yIntervals(dataH))
		fallbackYearRange(p, r)
		return ch, nil
	}

	const halfBar = 0.35
	bars := &rects{}
	hi := 0.0
	for i, s := range d.Share {
		x := float64(d.Years[i])
		bars.Rects = append(bars.Rects, rect{X0: x - halfBar, X1: x + halfBar, Y0: 0, Y1: s, Fill: AccentColor})
		hi = math.Max(hi, s)
	}
	p.Add(horizontalGrid(), bars)
	first, last := d.Years[0], d.Years[len(d.Years)-1]
	p.X.Min, p.X.Max = float64(first)-0.5, float64(last)+0.5

	// Each bar's value over it, when the labels fit side by side.
	dec := 1
	if hi < 0.01 {
		dec = 2
	}
	sty := textStyle(sansFont, tickSize, inkColor)
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YBottom
	slot := dataW / vg.Length(p.X.Max-p.X.Min)
	labels := true
	for _, s := range d.Share {
		labels = labels && fitLabel(sty.Width(shareLabel(s, dec)), slot)
	}
	const offsetPt = 2
	head := 1.08
	if labels {
		room := sty.Height("0") + vg.Points(offsetPt+2)
		if dataH > 2*room {
			head = math.Max(head, 1/(1-float64(room/dataH)))
		}
	}
	top := hi * head
	if hi == 0 {
		top = 0.01
	}
	probabilityAxis(&p.Y, math.Max(top, 0.0001), yIntervals(dataH))
	if labels {
		for i, s := range d.Share {
			p.Add(&annotation{X: float64(d.Years[i]), Y: s, Text: shareLabel(s, dec), Style: sty,
				Offset: vg.Point{Y: vg.Points(offsetPt)}})
		}
	}
	return ch, nil
}
