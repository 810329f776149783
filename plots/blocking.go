package plots

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/alliancesim/alliancesim/sim"
)

// blockingData is what the blocking chart draws: by year, the share of all
// runs in which the alliance was on the table and refused by the first
// actor alone, the second alone, or both.
type blockingData struct {
	Years []int
	// Parts[k][t] is r.Blocking.ByYear[t][k] / Draws: k = 0 only the first
	// actor refused, 1 only the second, 2 both.
	Parts [3][]float64
	// Total[t] is the sum of the three: the share of runs with a refusal.
	Total []float64
	Notes []string
}

// blockingShares turns the blocking counts of r into shares of all runs.
// Years with a negative count, or more refusals than runs, are left out.
func blockingShares(r *sim.Result) (blockingData, error) {
	var d blockingData
	years, err := resultYears(r, len(r.Blocking.ByYear), "blocking counts")
	if err != nil {
		return d, err
	}
	n := float64(r.Draws)
	skipped := 0
	for t, b := range r.Blocking.ByYear {
		if b[0] < 0 || b[1] < 0 || b[2] < 0 || b[0]+b[1]+b[2] > r.Draws {
			skipped++
			continue
		}
		d.Years = append(d.Years, years[t])
		total := 0.0
		for k := range b {
			s := float64(b[k]) / n
			d.Parts[k] = append(d.Parts[k], s)
			total += s
		}
		d.Total = append(d.Total, total)
	}
	if skipped > 0 {
		d.Notes = append(d.Notes, fmt.Sprintf("%d of %d years left out: invalid counts", skipped, len(r.Blocking.ByYear)))
	}
	return d, nil
}

// actorNames returns the two actors' display names, with stand-ins for
// missing ones.
func actorNames(a [2]string) [2]string {
	if a[0] == "" {
		a[0] = "First actor"
	}
	if a[1] == "" {
		a[1] = "Second actor"
	}
	return a
}

// Fills of the blocking segments: the first actor alone, the second alone,
// both. In greyscale about 87, 162 and 207: dark, middle, light.
var blockingFills = [3]color.RGBA{OkabeIto[0], OkabeIto[3], neutralFill}

// BlockingBars draws who withheld consent when the alliance was on the
// table, by year: stacked bars of the share of all runs in which only the
// first actor refused, only the second, or both. The top of a bar is the
// share of runs with a refusal that year.
func BlockingBars(r *sim.Result, o Options) (*Chart, error) {
	if r == nil {
		return nil, errNilResult
	}
	o, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	p := newPlot("Year", "Share of all runs")
	ch := &Chart{
		Title:   "Who refused the alliance when it was on the table: " + scenarioName(r),
		Plot:    p,
		Caption: Caption(r, o.Version),
	}
	names := actorNames(r.Actors)
	labels := [3]string{names[0] + " alone", names[1] + " alone", "Both"}
	ch.Description = fmt.Sprintf("Share of all runs in which the alliance was on the table in a year but was refused, "+
		"split by who refused: %s alone, %s alone, or both. The top of each bar is the share of runs with a refusal that year.",
		names[0], names[1])

	var d blockingData
	if r.Draws > 0 {
		if d, err = blockingShares(r); err != nil {
			return nil, err
		}
	}
	anyRefusal := false
	for _, t := range d.Total {
		anyRefusal = anyRefusal || t > 0
	}
	notes := d.Notes
	switch {
	case r.Draws <= 0:
		notes = []string{noteNoDraws}
	case len(d.Years) == 0 && len(notes) == 0:
		notes = []string{noteNoYears}
	case len(d.Years) > 0 && !anyRefusal:
		notes = append(notes, "No refusals: in no year of any run was the alliance on the table and refused")
	}
	ch.Note, ch.Empty = joinNotes(notes), len(d.Years) == 0

	// Legend top to bottom in the order of the stack on the page.
	for k := 2; k >= 0; k-- {
		ch.AddLegend(labels[k], fill{Color: blockingFills[k], Border: barBorder})
	}
	if r.Draws > 0 && r.Blocking.RunsBlocked > 0 && r.Blocking.RunsBlocked <= r.Draws && len(d.Years) > 0 {
		ch.Subtitle = fmt.Sprintf("At least one refusal in %s of runs over %d–%d",
			shareLabel(float64(r.Blocking.RunsBlocked)/float64(r.Draws), 1), d.Years[0], d.Years[len(d.Years)-1])
	}
	dataW, dataH := ch.fitAxes(o)
	if !ch.Empty && dataH < vg.Points(minDataPt) && ch.Subtitle != "" {
		ch.Subtitle = "" // short of room: the subtitle is the least needed
		dataW, dataH = ch.fitAxes(o)
	}
	if ch.Empty || !ch.roomFor(o, dataH) {
		probabilityAxis(&p.Y, 0.01, yIntervals(dataH))
		fallbackYearRange(p, r)
		return ch, nil
	}

	const halfBar = 0.35
	bars := &rects{}
	sep := &rects{Border: draw.LineStyle{Color: color.White, Width: vg.Points(0.5)}}
	hi := 0.0
	for t, y := range d.Years {
		x := float64(y)
		cum := 0.0
		for k := range 3 {
			s := d.Parts[k][t]
			if s > 0 {
				bars.Rects = append(bars.Rects, rect{X0: x - halfBar, X1: x + halfBar, Y0: cum, Y1: cum + s,
					Fill: blockingFills[k]})
			}
			cum += s
		}
		hi = math.Max(hi, cum)
	}
	// White rules between the segments, drawn over them.
	sep.Rects = make([]rect, len(bars.Rects))
	for i, b := range bars.Rects {
		sep.Rects[i] = rect{X0: b.X0, X1: b.X1, Y0: b.Y0, Y1: b.Y1}
	}
	p.Add(horizontalGrid(), bars, sep)
	p.X.Min, p.X.Max = float64(d.Years[0])-0.5, float64(d.Years[len(d.Years)-1])+0.5

	// The total over each bar, when the labels fit side by side.
	sty := textStyle(sansFont, tickSize, inkColor)
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YBottom
	dec := 0
	if hi < 0.1 {
		dec = 1
	}
	slot := dataW / vg.Length(p.X.Max-p.X.Min)
	fits := anyRefusal
	for _, s := range d.Total {
		fits = fits && fitLabel(sty.Width(shareLabel(s, dec)), slot)
	}
	const offsetPt = 2
	head := 1.05
	if fits {
		room := sty.Height("0") + vg.Points(offsetPt+2)
		if dataH > 2*room {
			head = math.Max(head, 1/(1-float64(room/dataH)))
		}
	}
	probabilityAxis(&p.Y, math.Max(hi*head, 0.01), yIntervals(dataH))
	if fits {
		for t, s := range d.Total {
			p.Add(&annotation{X: float64(d.Years[t]), Y: s, Text: shareLabel(s, dec), Style: sty,
				Offset: vg.Point{Y: vg.Points(offsetPt)}})
		}
	}
	return ch, nil
}
