package plots

import (
	"fmt"
	"image/color"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/alliancesim/alliancesim/internal/format"
	"github.com/alliancesim/alliancesim/sim"
)

// allianceData is what the alliance chart draws: the estimate by year and
// the two edges of its 95% Wilson interval.
type allianceData struct {
	Est, Lo, Hi plotter.XYs
	// Last is the final year's proportion and LastYear its year.
	Last     sim.Proportion
	LastYear int
	// NoneFormed is set when no draw formed an alliance in any year.
	NoneFormed bool
	Notes      []string
}

// allianceSeries extracts the cumulative alliance probability and its
// interval from r, leaving out years with no runs or non-finite values.
func allianceSeries(r *sim.Result) (allianceData, error) {
	var d allianceData
	years, err := resultYears(r, len(r.Alliance), "alliance probabilities")
	if err != nil {
		return d, err
	}
	skipped := 0
	d.NoneFormed = true
	for t, a := range r.Alliance {
		if a.N <= 0 || !finite(a.P, a.Lo, a.Hi) || a.P < 0 || a.P > 1 {
			skipped++
			continue
		}
		x := float64(years[t])
		d.Est = append(d.Est, plotter.XY{X: x, Y: a.P})
		d.Lo = append(d.Lo, plotter.XY{X: x, Y: math.Max(0, math.Min(a.Lo, a.P))})
		d.Hi = append(d.Hi, plotter.XY{X: x, Y: math.Min(1, math.Max(a.Hi, a.P))})
		d.Last, d.LastYear = a, years[t]
		if a.Count > 0 || a.P > 0 {
			d.NoneFormed = false
		}
	}
	if skipped > 0 {
		d.Notes = append(d.Notes, fmt.Sprintf("%d of %d years left out: no runs or invalid values", skipped, len(r.Alliance)))
	}
	return d, nil
}

// intervalLabel is the annotation of the final value, such as
// "By 2036 (10 yr): 6.1% (5.9–6.3%)". It shows enough decimals for the
// interval to have width, and rounds the interval outward.
func intervalLabel(d allianceData, horizon int) string {
	dec := 1
	w := d.Last.Hi - d.Last.Lo
	switch {
	case w < 0.0002:
		dec = 3
	case w < 0.002:
		dec = 2
	}
	return fmt.Sprintf("By %d (%d yr): %s (%s–%s)", d.LastYear, horizon,
		percent(d.Last.P, dec), trimPercent(percentOut(d.Last.Lo, dec, false)), percentOut(d.Last.Hi, dec, true))
}

// trimPercent drops the % sign of the lower end of a range ("5.9–6.3%").
func trimPercent(s string) string {
	if n := len(s); n > 0 && s[n-1] == '%' {
		return s[:n-1]
	}
	return s
}

// AllianceCurve draws P(defence alliance formed by year) with its 95% Wilson
// interval as a shaded band, the estimate as a line with points, and the
// final value annotated over the last point. The y axis starts at 0 and ends
// a little above the highest upper bound (at least 1%), not at 100%.
func AllianceCurve(r *sim.Result, o Options) (*Chart, error) {
	if r == nil {
		return nil, errNilResult
	}
	o, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	p := newPlot("Year", "Probability")
	p.X.Padding = vg.Points(6) // points at the first and last year stay off the axis
	ch := &Chart{
		Title:   "P(defence alliance by year): " + scenarioName(r),
		Plot:    p,
		Caption: Caption(r, o.Version),
		Description: "Probability that a defence alliance has formed by the end of each year, with its 95% interval as a shaded band. " +
			"The band is the Monte Carlo error of the estimate: it narrows with more draws and says nothing about whether the model is right.",
	}
	line := draw.LineStyle{Color: AccentColor, Width: vg.Points(1.5)}
	glyph := draw.GlyphStyle{Color: AccentColor, Radius: vg.Points(2), Shape: draw.CircleGlyph{}}
	band := &Band{Color: withAlpha(AccentColor, 0.22)}
	ch.AddLegend("Estimate", &plotter.Line{LineStyle: line}, &plotter.Scatter{GlyphStyle: glyph})
	ch.AddLegend("95% interval", band)

	var d allianceData
	if r.Draws > 0 {
		if d, err = allianceSeries(r); err != nil {
			return nil, err
		}
	}
	notes := d.Notes
	switch {
	case r.Draws <= 0:
		notes = []string{noteNoDraws}
	case len(d.Est) == 0 && len(notes) == 0:
		notes = []string{noteNoYears}
	case len(d.Est) > 0 && d.NoneFormed:
		notes = append(notes, fmt.Sprintf("No alliance formed in any of the %s draws", format.Thousands(r.Draws)))
	}
	ch.Note, ch.Empty = joinNotes(notes), len(d.Est) == 0
	dataW, dataH := ch.fitAxes(o)
	if ch.Empty {
		probabilityAxis(&p.Y, 0.01, yIntervals(dataH))
		fallbackYearRange(p, r)
		return ch, nil
	}

	band.Top, band.Bottom = widen(d.Hi), widen(d.Lo)
	lp := &plotter.Line{XYs: widen(d.Est), LineStyle: line}
	sc := &plotter.Scatter{XYs: d.Est, GlyphStyle: glyph}
	p.Add(horizontalGrid(), band, lp, sc)
	setYearRange(p, int(d.Est[0].X), d.LastYear)

	// The final value, over the last point: on two lines if one is too
	// wide for the data area.
	horizon := r.HorizonYears
	if horizon <= 0 {
		horizon = len(r.Alliance)
	}
	label := intervalLabel(d, horizon)
	sty := textStyle(sansFont, tickSize, inkColor)
	sty.XAlign, sty.YAlign = draw.XRight, draw.YBottom
	if len(d.Hi) == 1 {
		sty.XAlign = draw.XCenter // over the middle of the one-year block
	}
	if sty.Width(label) > 0.9*dataW {
		label = strings.Replace(label, ": ", ":\n", 1)
	}

	// The y axis runs from 0 to a round value above the highest upper
	// bound, leaving room for the label (at least 15%).
	hiMax := 0.0
	for _, h := range d.Hi {
		hiMax = math.Max(hiMax, h.Y)
	}
	const offsetPt = 5
	room := sty.Height(label) + vg.Points(offsetPt+3)
	head := 1.15
	if dataH > room {
		head = math.Max(head, 1/(1-float64(room/dataH)))
	}
	probabilityAxis(&p.Y, math.Max(0.01, hiMax*head), yIntervals(dataH))

	// Near 100% there is no room above the curve: the value goes under the
	// title instead.
	last := d.Hi[len(d.Hi)-1]
	if free := vg.Length((p.Y.Max-last.Y)/(p.Y.Max-p.Y.Min)) * dataH; free < room || dataH <= room {
		ch.Subtitle = strings.Replace(label, "\n", " ", 1)
		ch.fitAxes(o) // the subtitle takes height from the plot
		return ch, nil
	}
	p.Add(&annotation{X: last.X, Y: last.Y, Text: label, Style: sty, Offset: vg.Point{Y: vg.Points(offsetPt)}})
	return ch, nil
}

// annotation is a text label anchored at a data point, offset in page
// units. It stays inside the data area: it is shifted right if it would run
// past the left edge and down if past the top.
type annotation struct {
	X, Y   float64
	Text   string
	Style  text.Style
	Offset vg.Point
	// Halo, when set, fills a box behind the text (such as white), so
	// that lines under it do not cross it.
	Halo color.Color
}

func (a *annotation) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	pt := vg.Point{X: trX(a.X), Y: trY(a.Y)}.Add(a.Offset)
	rect := a.Style.Rectangle(a.Text).Add(pt)
	if d := c.Min.X - rect.Min.X; d > 0 {
		pt.X += d
	}
	if d := rect.Max.X - c.Max.X; d > 0 {
		pt.X -= d
	}
	if d := rect.Max.Y - c.Max.Y; d > 0 {
		pt.Y -= d
	}
	if a.Halo != nil {
		pad := vg.Points(1)
		r := a.Style.Rectangle(a.Text).Add(pt)
		r.Min, r.Max = r.Min.Sub(vg.Point{X: pad, Y: 0}), r.Max.Add(vg.Point{X: pad, Y: 0})
		c.SetColor(a.Halo)
		c.Fill(r.Path())
	}
	c.FillText(a.Style, pt, a.Text)
}
