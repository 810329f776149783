package plots

import (
	"cmp"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"
	"strings"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/alliancesim/alliancesim/internal/format"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/sim"
)

// Chart is a finished chart: a title, an optional note on the data, the
// plot, a legend outside the data area and a provenance caption. Draw lays
// them out on a page; Save and WriteTo render it to a file.
type Chart struct {
	// Title states the chart's subject, drawn left-aligned above the plot
	// on up to two lines, shortened with an ellipsis beyond.
	Title string
	// Subtitle, when set, is a line under the title, such as the headline
	// value when it cannot be labelled in the plot.
	Subtitle string
	// Plot holds the axes and the data; its own title and legend stay
	// empty: the Chart draws them.
	Plot *plot.Plot
	// Legend is drawn outside the data area, so that it never hides data:
	// in a column right of the plot or, on a narrow page, in rows under it.
	Legend []LegendEntry
	// Note, when set, warns about the data, such as "2 of 10 years left
	// out: invalid values": under the title or, on an Empty chart, in a box
	// in the middle of the data area.
	Note string
	// Empty marks a chart with no data to draw; its legend is left out.
	Empty bool
	// Caption is the provenance line under the plot, wrapped at its " · "
	// separators when it does not fit the width.
	Caption string
	// Description is a plain-English sentence or two on how to read the
	// chart, for the text under it in a report. It is not drawn.
	Description string
	// Warnings say why an Empty chart has nothing to draw ("No draws:
	// nothing to plot", "Too little room for 8 rows: make the chart at
	// least 11 cm tall") or what a chart left out for want of room ("3 of 8
	// events shown, ..."): a command prints each on stderr, as
	// "warning: <file>: <warning>", since the chart alone shows it only
	// where the reader may not look.
	Warnings []string

	// subtitles are shorter forms of Subtitle for narrower pages: fit keeps
	// the first of Subtitle and these that fits the width.
	subtitles []string
	// legendBelow puts the legend in rows under the plot even when it would
	// fit in a column, leaving the data area the full width.
	legendBelow bool
	// yAbove is a y-axis label too long for the axis, drawn level above
	// the plot instead.
	yAbove string
	labels *pointLabels // the point labels, for tests
	// strip is a second plot under Plot, stripShare of the height, on the
	// same x axis (Nowcast's observations).
	strip *plot.Plot
}

const stripShare = 0.3

// LegendEntry is one entry of a chart's legend: its thumbnails, drawn on
// top of each other, and its name.
type LegendEntry struct {
	Name   string
	Thumbs []plot.Thumbnailer
}

// AddLegend adds an entry to the chart's legend.
func (ch *Chart) AddLegend(name string, thumbs ...plot.Thumbnailer) {
	ch.Legend = append(ch.Legend, LegendEntry{Name: name, Thumbs: thumbs})
}

// chartText is what a chart says, apart from its data: each chart has a
// pure function that returns it, so that its wording can be read (and
// tested) in one place.
type chartText struct {
	title     string
	subtitles []string // the subtitle and its shorter forms, longest first
	x, y      string   // axis labels
	caption   string
	desc      string
	below     bool // legend under the plot: the data need the width
}

// newChart starts a chart with its text on a themed plot.
func newChart(t chartText) (*Chart, *plot.Plot) {
	p := newPlot(t.x, t.y)
	ch := &Chart{Title: t.title, Plot: p, Caption: t.caption, Description: t.desc, legendBelow: t.below}
	if len(t.subtitles) > 0 {
		ch.Subtitle, ch.subtitles = t.subtitles[0], t.subtitles[1:]
	}
	return ch, p
}

// Page layout, in points.
const (
	marginPt      = 6    // page margin on every side
	titleGapPt    = 7    // under the title and under the note
	yAboveGapPt   = 4    // under a y-axis label drawn above the plot
	captionGapPt  = 5    // between the x-axis label (or legend) and the caption
	legendGapPt   = 10   // between the data area and a legend on the right
	legendRowPt   = 3.5  // between legend rows
	legendColPt   = 12   // between entries of a legend in rows
	thumbWPt      = 14   // legend thumbnail width
	thumbTextPt   = 4    // between a thumbnail and its name
	notePaddingPt = 4    // inside the note box
	legendShare   = 0.38 // a legend column may take at most this share of the width
	headLines     = 2    // lines a title, subtitle or note may take
	minDataPt     = 40   // the least height of a data area
	// Estimated sizes of the axes before the plot is drawn: y tick labels
	// such as "100%" with their ticks, and the x axis with its label.
	estYTicksPt = 34
	estXAxisPt  = 33
)

var (
	legendStyle   = textStyle(sansFont, legendSize, inkColor)
	captionStyle  = textStyle(sansFont, captionSize, captionColor)
	noteStyle     = textStyle(sansFont, legendSize, noteColor)
	subtitleStyle = textStyle(sansFont, labelSize, inkColor)
	tickStyle     = textStyle(sansFont, tickSize, tickColor) // as newPlot's tick labels, for measuring
)

// layout is where the parts of a chart go on a page.
type layout struct {
	inner                    vg.Rectangle // the page inside its margins
	heads                    []headText   // title, subtitle, note and y-axis label above the plot
	plot                     vg.Rectangle // axes and data
	legendRight              bool
	legendTop, captionBottom vg.Length
	captionLines             []string
	legendRows               [][]LegendEntry
}

// headText is a text above the plot as drawn: wrapped, with its top.
type headText struct {
	sty  text.Style
	top  vg.Length
	text string
}

func entryW(e LegendEntry) vg.Length {
	return vg.Points(thumbWPt+thumbTextPt) + legendStyle.Width(e.Name)
}
func entryH() vg.Length { return legendStyle.FontExtents().Height }

// stackH is the height of n legend rows.
func stackH(n int) vg.Length {
	return vg.Length(n)*entryH() + vg.Length(max(n-1, 0))*vg.Points(legendRowPt)
}

// legendRows splits the entries into rows that fit width.
func legendRows(es []LegendEntry, width vg.Length) [][]LegendEntry {
	var rows [][]LegendEntry
	var w vg.Length
	for _, e := range es {
		if ew := entryW(e); len(rows) == 0 || w+vg.Points(legendColPt)+ew > width {
			rows, w = append(rows, []LegendEntry{e}), ew
		} else {
			rows[len(rows)-1], w = append(rows[len(rows)-1], e), w+vg.Points(legendColPt)+ew
		}
	}
	return rows
}

// layOut places the parts of ch on page, the title in titleFont.
func (ch *Chart) layOut(page vg.Rectangle, titleFont font.Font) layout {
	m := vg.Point{X: vg.Points(marginPt), Y: vg.Points(marginPt)}
	l := layout{inner: vg.Rectangle{Min: page.Min.Add(m), Max: page.Max.Sub(m)}}
	width, top := l.inner.Size().X, l.inner.Max.Y
	head := func(sty text.Style, s string, gap float64) {
		if s != "" {
			s = strings.Join(wrap(sty, s, " ", width, headLines), "\n")
			l.heads = append(l.heads, headText{sty, top, s})
			top -= sty.Height(s) + vg.Points(gap)
		}
	}
	head(textStyle(titleFont, titleSize, inkColor), ch.Title, titleGapPt)
	head(subtitleStyle, ch.Subtitle, titleGapPt)
	if !ch.Empty && ch.Note != "" {
		head(noteStyle, "Note: "+ch.Note, titleGapPt)
	}
	if ch.yAbove != "" {
		l.heads = append(l.heads, headText{subtitleStyle, top, fitText(subtitleStyle, ch.yAbove, width)})
		top -= subtitleStyle.Height(ch.yAbove) + vg.Points(yAboveGapPt)
	}

	bottom := l.inner.Min.Y
	l.captionBottom = bottom
	if ch.Caption != "" {
		l.captionLines = wrap(captionStyle, ch.Caption, " · ", width, 0)
		bottom += vg.Length(len(l.captionLines))*captionStyle.FontExtents().Height + vg.Points(captionGapPt)
	}
	right := l.inner.Max.X
	if len(ch.Legend) > 0 && !ch.Empty {
		var colW vg.Length
		for _, e := range ch.Legend {
			colW = max(colW, entryW(e))
		}
		if l.legendRight = colW+vg.Points(legendGapPt) <= legendShare*width && !ch.legendBelow; l.legendRight {
			right -= colW + vg.Points(legendGapPt)
		} else {
			l.legendRows = legendRows(ch.Legend, width)
			h := stackH(len(l.legendRows))
			l.legendTop = bottom + h
			bottom += h + vg.Points(captionGapPt)
		}
	}
	l.plot = vg.Rectangle{Min: vg.Point{X: l.inner.Min.X, Y: bottom}, Max: vg.Point{X: right, Y: top}}
	return l
}

// Draw draws the chart on c.
func (ch *Chart) Draw(c draw.Canvas) { ch.draw(c, boldFont) }

// draw draws the chart with the title in titleFont.
func (ch *Chart) draw(c draw.Canvas, titleFont font.Font) {
	c.SetColor(color.White)
	c.Fill(c.Rectangle.Path())
	l := ch.layOut(c.Rectangle, titleFont)
	left := l.inner.Min.X
	for _, t := range l.heads {
		t.sty.YAlign = draw.YTop
		c.FillText(t.sty, vg.Point{X: left, Y: t.top}, t.text)
	}
	y := l.captionBottom + captionStyle.FontExtents().Descent
	for i := len(l.captionLines) - 1; i >= 0; i-- {
		c.FillText(captionStyle, vg.Point{X: left, Y: y}, l.captionLines[i])
		y += captionStyle.FontExtents().Height
	}
	if ch.Plot == nil {
		return
	}
	pc := draw.Canvas{Canvas: c.Canvas, Rectangle: l.plot}
	if ch.strip != nil && !ch.Empty {
		pc = ch.drawStrip(pc)
	}
	ch.Plot.Draw(pc)
	da := ch.Plot.DataCanvas(pc)
	if ch.Empty {
		drawNote(da, ch.Note)
		return
	}
	step := entryH() + vg.Points(legendRowPt)
	if l.legendRight {
		for i, e := range ch.Legend {
			drawEntry(c, e, da.Max.X+vg.Points(legendGapPt), da.Max.Y-vg.Length(i)*step)
		}
	}
	for i, row := range l.legendRows {
		x := left
		for _, e := range row {
			drawEntry(c, e, x, l.legendTop-vg.Length(i)*step)
			x += entryW(e) + vg.Points(legendColPt)
		}
	}
}

// drawStrip draws the strip in the lower stripShare of pc, its data area
// aligned with the plot's, and returns the canvas left for the plot.
func (ch *Chart) drawStrip(pc draw.Canvas) draw.Canvas {
	top, bot := pc, pc
	bot.Max.Y = pc.Min.Y + stripShare*(pc.Max.Y-pc.Min.Y)
	top.Min.Y = bot.Max.Y + vg.Points(titleGapPt)
	for range 2 {
		a, b := ch.Plot.DataCanvas(top), ch.strip.DataCanvas(bot)
		l, r := max(a.Min.X, b.Min.X), min(a.Max.X, b.Max.X)
		top.Min.X, top.Max.X = top.Min.X+l-a.Min.X, top.Max.X-(a.Max.X-r)
		bot.Min.X, bot.Max.X = bot.Min.X+l-b.Min.X, bot.Max.X-(b.Max.X-r)
	}
	ch.strip.Draw(bot)
	return top
}

// drawEntry draws a legend entry with its top left corner at (x, top).
func drawEntry(c draw.Canvas, e LegendEntry, x, top vg.Length) {
	h, inset := entryH(), vg.Points(1)
	icon := draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
		Min: vg.Point{X: x, Y: top - h + inset}, Max: vg.Point{X: x + vg.Points(thumbWPt), Y: top - inset}}}
	for _, t := range e.Thumbs {
		t.Thumbnail(&icon)
	}
	sty := legendStyle
	sty.YAlign = draw.YCenter
	c.FillText(sty, vg.Point{X: x + vg.Points(thumbWPt+thumbTextPt), Y: top - h/2}, e.Name)
}

// drawNote draws a boxed note in the middle of an empty data area.
func drawNote(da draw.Canvas, note string) {
	if note == "" {
		return
	}
	sty := labelStyle(noteSize, inkColor, draw.XCenter, draw.YCenter)
	pad := vg.Points(notePaddingPt)
	note = strings.Join(wrap(sty, note, " ", da.Max.X-da.Min.X-4*pad, 3), "\n")
	half := vg.Point{X: sty.Width(note)/2 + pad, Y: sty.Height(note)/2 + pad}
	ctr := da.Center()
	box := vg.Rectangle{Min: ctr.Sub(half), Max: ctr.Add(half)}
	da.SetColor(color.White)
	da.Fill(box.Path())
	da.SetLineStyle(lineStyle(axisColor, 0.6))
	da.Stroke(box.Path())
	da.FillText(sty, ctr, note)
}

// wrap breaks s at sep into lines that fit width, at most maxLines (0 for
// any number) of them, the last shortened with an ellipsis when text is
// left over; a part too wide for a line alone is shortened too. It measures
// each part once and adds the widths, so it takes time linear in the
// length of s (measuring every candidate line anew was quadratic).
func wrap(sty text.Style, s, sep string, width vg.Length, maxLines int) []string {
	if width <= 0 || sty.Width(s) <= width {
		return []string{s}
	}
	parts := strings.Split(s, sep)
	if sep == " " {
		parts = strings.Fields(s)
	}
	sepW := sty.Width(sep)
	var lines []string
	var cur []string
	var curW vg.Length
	for _, part := range parts {
		w := sty.Width(part)
		if len(cur) > 0 && curW+sepW+w > width {
			if len(lines) == maxLines-1 {
				return append(lines, shorten(sty, strings.Join(cur, sep), width, true))
			}
			lines = append(lines, fitText(sty, strings.Join(cur, sep), width))
			cur, curW = nil, 0
		}
		if len(cur) > 0 {
			curW += sepW
		}
		cur, curW = append(cur, part), curW+w
	}
	return append(lines, fitText(sty, strings.Join(cur, sep), width))
}

// fitText shortens s with an ellipsis until it fits in width.
func fitText(sty text.Style, s string, width vg.Length) string {
	if width <= 0 || sty.Width(s) <= width {
		return s
	}
	return shorten(sty, s, width, false)
}

// shorten cuts s to its longest prefix that, followed by an ellipsis, fits
// width: after a whole word when words is set and one fits, after any
// character otherwise. It adds up the width of each character once, so it
// is linear in the length of s; kerning, which only narrows pairs in
// Liberation Sans, is left out of the sum and keeps the estimate safe.
func shorten(sty text.Style, s string, width vg.Length, words bool) string {
	room := width - sty.Width("…")
	var w vg.Length
	cut, word := 0, 0
	for i, r := range s {
		if w > room {
			break
		}
		if cut = i; r == ' ' {
			word = i
		}
		w += sty.Width(string(r))
	}
	if w <= room {
		cut, word = len(s), len(s)
	}
	if words && word > 0 {
		cut = word
	}
	t := strings.TrimRight(s[:cut], " ·:,;")
	if t == "" {
		return "…"
	}
	return t + "…"
}

// fit lays the chart out on the page of o: the one routine for the text,
// legend and axes of every chart. It keeps the first subtitle that fits
// the width; breaks an x-axis label too wide for the page at " (" and
// shortens it; puts the legend under the plot when a column would be
// taller than the plot; fits the y-axis label along the axis (on two
// lines, or level above the plot) and as many year labels as fit; drops
// the subtitle when the data area is lower than shed (the part a reader
// can best do without); and checks that the data area has room for rows
// rows of rowPt points (at least minDataPt when rows is 0, no check when
// rows is negative). Without the
// room it turns ch into an Empty chart whose note says how tall to make it,
// rather than draw marks on top of each other. It returns the estimated
// size of the data area and whether there is data to draw.
func (ch *Chart) fit(o Options, shed vg.Length, rows int, rowPt float64) (w, h vg.Length, ok bool) {
	width := o.Width - 2*vg.Points(marginPt)
	for _, s := range ch.subtitles {
		if subtitleStyle.Width(ch.Subtitle) > width {
			ch.Subtitle = s
		}
	}
	ch.subtitles = nil
	if x := &ch.Plot.X.Label; x.TextStyle.Width(x.Text) > width {
		lines := strings.Split(strings.Replace(x.Text, " (", "\n(", 1), "\n")
		for i, l := range lines {
			lines[i] = fitText(x.TextStyle, l, width)
		}
		x.Text = strings.Join(lines, "\n")
	}
	ch.legendBelow = ch.legendBelow || !ch.columnFits(o)
	w, h = ch.fitY(o)
	if h < shed && ch.Subtitle != "" {
		ch.Subtitle = ""
		w, h = ch.fitY(o)
	}
	if yt, ok := ch.Plot.X.Tick.Marker.(yearTicks); ok {
		yt.MaxLabels = maxYearLabels(w)
		ch.Plot.X.Tick.Marker = yt
	}
	need, what := vg.Points(minDataPt), "the chart"
	if rows > 0 {
		need, what = vg.Length(rows)*vg.Points(rowPt), fmt.Sprintf("%d %s", rows, format.Plural(rows, "row", "rows"))
	} else if len(ch.Legend) > 0 {
		what = "the chart and its legend"
	}
	if rows >= 0 && !ch.Empty && h < need {
		ch.Empty = true
		who := "it"
		if rows > 0 {
			who = "the chart"
			rowAxis(ch.Plot, nil, 0)
		}
		tall := math.Ceil(float64((o.Height + need - h) / vg.Centimeter))
		ch.Note = fmt.Sprintf("Too little room for %s: make %s at least %.0f cm tall", what, who, tall)
	}
	if ch.Empty && ch.Note != "" && !slices.Contains(ch.Warnings, ch.Note) {
		ch.Warnings = append(ch.Warnings, ch.Note)
	}
	return w, h, !ch.Empty
}

// columnFits reports whether the legend is empty, goes under the plot, or
// fits in a column right of the plot, no taller than it.
func (ch *Chart) columnFits(o Options) bool {
	l := ch.layOut(vg.Rectangle{Max: vg.Point{X: o.Width, Y: o.Height}}, boldFont)
	return !l.legendRight || stackH(len(ch.Legend)) <= l.plot.Size().Y-vg.Points(estXAxisPt)
}

// fitY fits the y-axis label along the axis (broken at " (" onto two lines
// if need be, level above the plot if even that is too long) and returns
// the estimated size of the data area.
func (ch *Chart) fitY(o Options) (w, h vg.Length) {
	y := &ch.Plot.Y.Label
	if ch.yAbove != "" {
		y.Text, ch.yAbove = ch.yAbove, ""
	}
	label := strings.Replace(y.Text, "\n", " ", 1)
	y.Text = label
	if w, h = ch.dataSize(o); label == "" || y.TextStyle.Width(label) <= h {
		return w, h
	}
	if i := strings.Index(label, " ("); i > 0 {
		y.Text = label[:i] + "\n" + label[i+1:]
	}
	if w, h = ch.dataSize(o); y.TextStyle.Width(y.Text) > h {
		ch.yAbove, y.Text = label, ""
		w, h = ch.dataSize(o)
	}
	return w, h
}

// dataSize estimates the size of the data area of ch on a page of o. A row
// chart's y tick labels are its row names, measured; other charts' are
// short numbers, estimated.
func (ch *Chart) dataSize(o Options) (w, h vg.Length) {
	s := ch.layOut(vg.Rectangle{Max: vg.Point{X: o.Width, Y: o.Height}}, boldFont).plot.Size()
	y := ch.Plot.Y
	yw := vg.Points(estYTicksPt)
	if rows, ok := y.Tick.Marker.(plot.ConstantTicks); ok {
		yw = y.Tick.Label.Width(" ")
		for _, t := range rows {
			yw = max(yw, y.Tick.Label.Width(t.Label)+y.Tick.Label.Width(" "))
		}
	}
	if y.Label.Text != "" {
		yw += y.Label.TextStyle.Height(y.Label.Text) + y.Label.Padding
	}
	return s.X - yw, s.Y - vg.Points(estXAxisPt)
}

// This file holds the small plotters the charts are made of, in the manner
// of go-hep's hplot: each draws one kind of mark on a gonum plot.

// band fills the area between two curves, each ordered by x: gonum's
// Polygon with no outline.
func band(top, bottom plotter.XYs, c color.Color) *plotter.Polygon {
	ring := append(plotter.XYs{}, top...)
	for i := len(bottom) - 1; i >= 0; i-- {
		ring = append(ring, bottom[i])
	}
	return &plotter.Polygon{XYs: []plotter.XYs{ring}, Color: c}
}

// widen turns a one-point series into a flat segment 0.6 years wide centred
// on the point, so that areas and bands of a one-year horizon stay visible.
func widen(xys plotter.XYs) plotter.XYs { return widenBy(xys, 0.3) }

// widenBy turns a one-point series into a flat segment reaching half either
// side of the point.
func widenBy(xys plotter.XYs, half float64) plotter.XYs {
	if len(xys) != 1 {
		return xys
	}
	p := xys[0]
	return plotter.XYs{{X: p.X - half, Y: p.Y}, {X: p.X + half, Y: p.Y}}
}

// rect is a rectangle in data units with its fill, and diagonal hatching
// over it when Hatch is set (the mark of a model weight).
type rect struct {
	X0, X1, Y0, Y1 float64
	Fill, Hatch    color.Color
}

// rects draws rectangles in data units, so that bars keep their proportions
// at any page size (gonum's BarChart takes its width in page units).
type rects struct {
	Rects []rect
	// Border strokes each rectangle; a zero width draws none.
	Border draw.LineStyle
}

func (r *rects) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for _, b := range r.Rects {
		box := vg.Rectangle{Min: vg.Point{X: trX(b.X0), Y: trY(b.Y0)}, Max: vg.Point{X: trX(b.X1), Y: trY(b.Y1)}}
		fill{Color: b.Fill, Hatch: b.Hatch, Border: r.Border}.paint(&c, box, true)
	}
}

func (r *rects) DataRange() (xmin, xmax, ymin, ymax float64) {
	var xys plotter.XYs
	for _, b := range r.Rects {
		xys = append(xys, plotter.XY{X: b.X0, Y: b.Y0}, plotter.XY{X: b.X1, Y: b.Y1})
	}
	return plotter.XYRange(xys)
}

// fill is a legend thumbnail: a filled rectangle with an optional border
// and hatching.
type fill struct {
	Color  color.Color
	Border draw.LineStyle
	Hatch  color.Color
}

func (f fill) Thumbnail(c *draw.Canvas) { f.paint(c, c.Rectangle, false) }

// paint fills r (page units, its corners in any order), hatches it and
// strokes its border, each when set, clipped to c when clip is set: one
// rectangle of the rects plotter, or a legend thumbnail.
func (f fill) paint(c *draw.Canvas, r vg.Rectangle, clip bool) {
	pts := []vg.Point{r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y}}
	if area := pts; f.Color != nil {
		if clip {
			area = c.ClipPolygonXY(pts)
		}
		c.FillPolygon(f.Color, area)
	}
	if f.Hatch != nil {
		hatch(c, r, f.Hatch, clip)
	}
	if f.Border.Width > 0 {
		stroke(c, f.Border, clip, append(pts, pts[0]))
	}
}

// stroke draws lines, clipped to c when clip is set.
func stroke(c *draw.Canvas, sty draw.LineStyle, clip bool, lines ...[]vg.Point) {
	for _, l := range lines {
		if clip {
			c.StrokeLines(sty, c.ClipLinesXY(l)...)
		} else {
			c.StrokeLines(sty, l)
		}
	}
}

// barBorder outlines bars so that light fills stay visible on white.
var barBorder = lineStyle(color.RGBA{R: 0x80, G: 0x80, B: 0x80, A: 0xff}, 0.4)

// hatch draws diagonal lines rising to the right across r (page units),
// clipped to it and, when clip is set, to the canvas. The lines sit on one
// grid across the page, so adjacent hatched bars line up.
func hatch(c *draw.Canvas, r vg.Rectangle, col color.Color, clip bool) {
	x0, x1 := min(r.Min.X, r.Max.X), max(r.Min.X, r.Max.X)
	y0, y1 := min(r.Min.Y, r.Max.Y), max(r.Min.Y, r.Max.Y)
	sty, gap := draw.LineStyle{Color: col, Width: vg.Points(0.7)}, vg.Points(2.6)
	// A line is x − y = k for a multiple k of gap; it crosses the
	// rectangle for k from x0 − y1 to x1 − y0.
	for k := vg.Length(math.Ceil(float64((x0-y1)/gap))) * gap; x1 > x0 && y1 > y0 && k <= x1-y0; k += gap {
		xa, xb := max(x0, y0+k), min(x1, y1+k)
		if xb > xa {
			stroke(c, sty, clip, []vg.Point{{X: xa, Y: xa - k}, {X: xb, Y: xb - k}})
		}
	}
}

// hatchColor is the hatching over a fill: white on dark fills, dark grey on
// light ones, so that it shows in greyscale too.
func hatchColor(fill color.Color) color.Color {
	if fill == nil || luminance(fill) >= 0.5 {
		return withAlpha(inkColor, 0.55)
	}
	return withAlpha(white, 0.85)
}

// The legend entry and description of the hatching of a model weight.
const (
	weightLegend      = "Hatched: a model weight"
	weightDescription = "Hatched bars are the model's weights (its coefficients, thresholds and noise scales), each drawn over its prior range; the others are the scenario's inputs."
)

var weightFill = fill{Color: color.RGBA{R: 0xd9, G: 0xd9, B: 0xd9, A: 0xff}, Hatch: hatchColor(color.White)}

// weightLegend explains the hatching when some bar is a model weight.
func (ch *Chart) weightLegend(some bool) {
	if some {
		ch.AddLegend(weightLegend, weightFill)
		ch.Description += " " + weightDescription
	}
}

// interval is an estimate with its interval on a row: Y is the row's
// position, Lo ≤ Mid ≤ Hi along x.
type interval struct{ Y, Lo, Mid, Hi float64 }

// whiskers draws horizontal intervals with end caps and a glyph at the
// estimate: the marks of a dot-and-whisker chart.
type whiskers struct {
	Points []interval
	Line   draw.LineStyle
	Glyph  draw.GlyphStyle
	Cap    vg.Length // height of the end caps; zero draws none
}

func (w *whiskers) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for _, pt := range w.Points {
		w.draw(&c, trX(pt.Lo), trX(pt.Hi), trY(pt.Y), w.Cap/2, true)
		c.DrawGlyph(w.Glyph, vg.Point{X: trX(pt.Mid), Y: trY(pt.Y)})
	}
}

// draw strokes one whisker from lo to hi at y with caps of half height h.
func (w *whiskers) draw(c *draw.Canvas, lo, hi, y, h vg.Length, clip bool) {
	lines := [][]vg.Point{{{X: lo, Y: y}, {X: hi, Y: y}}}
	if h > 0 {
		lines = append(lines, []vg.Point{{X: lo, Y: y - h}, {X: lo, Y: y + h}}, []vg.Point{{X: hi, Y: y - h}, {X: hi, Y: y + h}})
	}
	stroke(c, w.Line, clip, lines...)
}

func (w *whiskers) DataRange() (xmin, xmax, ymin, ymax float64) {
	var xys plotter.XYs
	for _, pt := range w.Points {
		xys = append(xys, plotter.XY{X: pt.Lo, Y: pt.Y}, plotter.XY{X: pt.Hi, Y: pt.Y})
	}
	return plotter.XYRange(xys)
}

// highest is the highest upper bound of the intervals of ws, at least 0.
func highest(ws ...*whiskers) float64 {
	hi := 0.0
	for _, w := range ws {
		for _, pt := range w.Points {
			hi = math.Max(hi, pt.Hi)
		}
	}
	return hi
}

// Thumbnail draws a short whisker with the glyph in the middle.
func (w *whiskers) Thumbnail(c *draw.Canvas) {
	w.draw(c, c.Min.X+vg.Points(1), c.Max.X-vg.Points(1), c.Center().Y, min(w.Cap/2, (c.Max.Y-c.Min.Y)/2), false)
	c.DrawGlyph(w.Glyph, c.Center())
}

// refLine is a reference line across the data area at At: vertical when
// Vertical is set. It has no data range of its own.
type refLine struct {
	Vertical bool
	At       float64
	Style    draw.LineStyle
}

func (l *refLine) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	switch {
	case l.Vertical && l.At >= p.X.Min && l.At <= p.X.Max:
		c.StrokeLine2(l.Style, trX(l.At), c.Min.Y, trX(l.At), c.Max.Y)
	case !l.Vertical && l.At >= p.Y.Min && l.At <= p.Y.Max:
		c.StrokeLine2(l.Style, c.Min.X, trY(l.At), c.Max.X, trY(l.At))
	}
}

// Thumbnail draws the line across the icon, whatever its direction.
func (l *refLine) Thumbnail(c *draw.Canvas) {
	c.StrokeLine2(l.Style, c.Min.X, c.Center().Y, c.Max.X, c.Center().Y)
}

// hGrid and vGrid are light grid lines at the major ticks of the y and x axes.
var (
	gridStyle    = lineStyle(gridColor, 0.5)
	hGrid, vGrid = &plotter.Grid{Horizontal: gridStyle}, &plotter.Grid{Vertical: gridStyle}
)

// rowGuides draws a faint line along each of n rows (offset from their
// centres by offset rows), so that the eye can follow a row from its label.
func rowGuides(n int, offset float64) plot.Plotter {
	var ls []plot.Plotter
	for i := range n {
		ls = append(ls, &refLine{At: float64(i) + offset, Style: gridStyle})
	}
	return plotters(ls)
}

// plotters draws several plotters as one.
type plotters []plot.Plotter

func (ps plotters) Plot(c draw.Canvas, p *plot.Plot) {
	for _, x := range ps {
		x.Plot(c, p)
	}
}

// annotation is a text label anchored at a data point, offset in page
// units, kept inside the data area. Halo, when set, fills a box behind the
// text so that lines under it do not cross it; Border outlines that box.
type annotation struct {
	X, Y   float64
	Text   string
	Style  text.Style
	Offset vg.Point
	Halo   color.Color
	Border draw.LineStyle
}

func (a *annotation) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	pt := vg.Point{X: trX(a.X), Y: trY(a.Y)}.Add(a.Offset)
	pad := vg.Point{X: vg.Points(1)}
	if a.Border.Width > 0 {
		pad = vg.Point{X: vg.Points(1.5), Y: vg.Points(0.75)}
	}
	r := a.Style.Rectangle(a.Text).Add(pt)
	r.Min, r.Max = r.Min.Sub(pad), r.Max.Add(pad)
	shift := vg.Point{X: max(0, c.Min.X-r.Min.X) - max(0, r.Max.X-c.Max.X), Y: max(0, c.Min.Y-r.Min.Y) - max(0, r.Max.Y-c.Max.Y)}
	r, pt = r.Add(shift), pt.Add(shift)
	if a.Halo != nil {
		c.SetColor(a.Halo)
		c.Fill(r.Path())
	}
	if a.Border.Width > 0 {
		c.SetLineStyle(a.Border)
		c.Stroke(r.Path())
	}
	c.FillText(a.Style, pt, a.Text)
}

// sizedPoint is a point with its own glyph radius.
type sizedPoint struct {
	X, Y float64
	R    vg.Length
}

// sizedGlyphs draws glyphs whose size varies from point to point, such as a
// reliability diagram's bins sized by their count. Outline, when its width
// is set, rings each glyph so that overlapping glyphs stay apart.
type sizedGlyphs struct {
	Points  []sizedPoint
	Style   draw.GlyphStyle // its Radius is the legend's
	Outline draw.LineStyle
}

func (s *sizedGlyphs) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for _, pt := range s.Points {
		at := vg.Point{X: trX(pt.X), Y: trY(pt.Y)}
		if s.Outline.Width > 0 {
			c.DrawGlyphNoClip(draw.GlyphStyle{Color: s.Outline.Color, Radius: pt.R + s.Outline.Width, Shape: s.Style.Shape}, at)
		}
		g := s.Style
		g.Radius = pt.R
		c.DrawGlyphNoClip(g, at)
	}
}

func (s *sizedGlyphs) Thumbnail(c *draw.Canvas) { c.DrawGlyph(s.Style, c.Center()) }

// Shapes of markGlyph.
const (
	shapeUp = iota
	shapeDown
	shapeCircle
)

// markGlyph is a triangle pointing up or down, or a circle: filled, or as
// an outline of width Outline, on white when OnWhite is set (the Morris
// chart's mark of a model weight, the PRIM chart's rings).
type markGlyph struct {
	Shape   int
	Outline vg.Length
	OnWhite bool
}

func (g markGlyph) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	var p vg.Path
	if g.Shape == shapeCircle {
		p.Move(vg.Point{X: pt.X + sty.Radius, Y: pt.Y})
		p.Arc(pt, sty.Radius, 0, 2*math.Pi)
	} else { // the size of gonum's PyramidGlyph
		r := sty.Radius + (sty.Radius-sty.Radius*vg.Length(math.Sin(math.Pi/6)))/2
		up := vg.Length(1 - 2*g.Shape)
		cos, sin := r*vg.Length(math.Cos(math.Pi/6)), r*vg.Length(math.Sin(math.Pi/6))
		p.Move(vg.Point{X: pt.X, Y: pt.Y + up*r})
		p.Line(vg.Point{X: pt.X - cos, Y: pt.Y - up*sin})
		p.Line(vg.Point{X: pt.X + cos, Y: pt.Y - up*sin})
	}
	p.Close()
	switch {
	case g.Outline == 0:
		c.SetLineStyle(draw.LineStyle{Color: sty.Color, Width: vg.Points(0.5)})
		c.SetColor(sty.Color)
		c.Fill(p)
		return
	case g.OnWhite:
		c.SetColor(color.White)
		c.Fill(p)
	}
	c.SetLineStyle(draw.LineStyle{Color: sty.Color, Width: g.Outline})
	c.Stroke(p)
}

// pointLabel is a text label for the point (X, Y) in data units.
type pointLabel struct {
	X, Y float64
	Text string
}

// pointLabels draws labels next to their points, most important first.
// Each goes to the nearest free position around its point: beside it if
// there is room, otherwise further out in one of sixteen directions, with a
// thin leader line from the point. A position is free when it is inside the
// data area, overlaps no label already placed and no point in Avoid, its
// leader crosses neither, and no other point is nearer to it than its own,
// so that a label never reads as another point's. A label with no free
// position within reach may, with a leader, cover points and stand nearer
// to another, then have its leader cross labels; one with none at all is
// left out.
type pointLabels struct {
	Labels []pointLabel
	Style  text.Style
	// Avoid are the points (data units) that labels must not cover, such as
	// every point of the scatter; Radius is their size.
	Avoid  []pointLabel
	Radius vg.Length
	Halo   color.Color // fills a box behind each label when set
	// Angles are the directions to try (degrees, 0 to the right, 90 up),
	// in order of preference; nil means right, left, then the others
	// alternating around the horizontal.
	Angles []float64
	// AnglesFirst tries every distance in one direction before the next;
	// by default every direction is tried at the nearest distance first.
	AnglesFirst bool
}

var defaultLabelAngles = []float64{0, 180, 22.5, -22.5, 157.5, -157.5, 45, -45, 135, -135, 67.5, -67.5, 112.5, -112.5, 90, -90}

// labelReachPt is how far from its point a label may go, in points.
const labelReachPt = 160

// placedLabel is a label's box on the page and the point it belongs to.
type placedLabel struct {
	box    vg.Rectangle
	text   string
	pt     vg.Point
	leader bool
}

func (pl *pointLabels) Plot(c draw.Canvas, p *plot.Plot) {
	sty := pl.Style
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YBottom
	done := pl.layout(c, p)
	for _, d := range done { // leaders first, then the labels over them
		if end := nearestOnBox(d.pt, d.box); d.leader {
			c.StrokeLine2(lineStyle(axisColor, 0.5), d.pt.X, d.pt.Y, end.X, end.Y)
		}
	}
	for _, d := range done {
		if pl.Halo != nil {
			c.SetColor(pl.Halo)
			c.Fill(vg.Rectangle{Min: d.box.Min.Sub(vg.Point{X: vg.Points(1)}), Max: d.box.Max.Add(vg.Point{X: vg.Points(1)})}.Path())
		}
		c.FillText(sty, d.box.Min, d.text)
	}
}

// layout places the labels on the data canvas c of p.
func (pl *pointLabels) layout(c draw.Canvas, p *plot.Plot) []placedLabel {
	trX, trY := p.Transforms(&c)
	var points []vg.Point
	for _, a := range pl.Avoid {
		points = append(points, vg.Point{X: trX(a.X), Y: trY(a.Y)})
	}
	var done []placedLabel
	for _, l := range pl.Labels {
		g := placedLabel{pt: vg.Point{X: trX(l.X), Y: trY(l.Y)}, text: l.Text}
		for strict := 2; strict >= 0; strict-- {
			if g, ok := pl.place(&c, g, points, done, strict); ok {
				done = append(done, g)
				break
			}
		}
	}
	return done
}

// near reports whether two points on the page nearly coincide.
func (pl *pointLabels) near(a, b vg.Point) bool {
	return math.Hypot(float64(a.X-b.X), float64(a.Y-b.Y)) <= float64(pl.Radius)
}

// place finds the first free position for g, in the order of pl's angles
// and distances.
func (pl *pointLabels) place(c *draw.Canvas, g placedLabel, points []vg.Point, done []placedLabel, strict int) (placedLabel, bool) {
	angles := pl.Angles
	if len(angles) == 0 {
		angles = defaultLabelAngles
	}
	w, h := pl.Style.Width(g.text), pl.Style.Height(g.text)
	near := pl.Radius + vg.Points(2.5)
	nd := int((vg.Points(labelReachPt)-near)/vg.Points(6)) + 1
	for i := range nd * len(angles) {
		ai, di := i%len(angles), i/len(angles)
		if pl.AnglesFirst {
			ai, di = i/nd, i%nd
		}
		dist := near + vg.Length(di)*vg.Points(6)
		cos, sin := vg.Length(math.Cos(angles[ai]*math.Pi/180)), vg.Length(math.Sin(angles[ai]*math.Pi/180))
		ll := vg.Point{X: g.pt.X + dist*cos - w*(1-cos)/2, Y: g.pt.Y + dist*sin - h*(1-sin)/2}
		g.box, g.leader = vg.Rectangle{Min: ll, Max: vg.Point{X: ll.X + w, Y: ll.Y + h}}, di > 0
		if pl.free(c, g, points, done, strict) {
			return g, true
		}
	}
	return g, false
}

// free reports whether a label may go at g.box: inside the data area,
// clear of the labels placed and, unless a leader ties it to its point,
// nearer to its own point than to any other; strict 1 keeps its leader
// off the other labels, strict 2 also keeps it and its leader off the
// points and nearer to its own point.
func (pl *pointLabels) free(c *draw.Canvas, g placedLabel, points []vg.Point, done []placedLabel, strict int) bool {
	b := g.box
	if b.Min.X < c.Min.X || b.Max.X > c.Max.X || b.Min.Y < c.Min.Y || b.Max.Y > c.Max.Y {
		return false
	}
	end := nearestOnBox(g.pt, b)
	for _, d := range done {
		if overlaps(b, d.box) || strict > 0 && g.leader && segmentCrosses(g.pt, end, d.box) {
			return false
		}
	}
	own := boxDist(g.pt, b)
	for _, pt := range points {
		r := vg.Point{X: pl.Radius, Y: pl.Radius}
		o := vg.Rectangle{Min: pt.Sub(r), Max: pt.Add(r)}
		closer := !pl.near(pt, g.pt) && boxDist(pt, b) <= own
		if strict > 1 && (overlaps(b, o) || closer || !pl.near(pt, g.pt) && g.leader && segmentCrosses(g.pt, end, o)) || !g.leader && closer {
			return false
		}
	}
	return true
}

// boxDist is the distance from p to the nearest point of r.
func boxDist(p vg.Point, r vg.Rectangle) float64 {
	q := nearestOnBox(p, r)
	return math.Hypot(float64(p.X-q.X), float64(p.Y-q.Y))
}

// segmentCrosses reports whether the segment from a to b passes through r
// (sampled every point or so).
func segmentCrosses(a, b vg.Point, r vg.Rectangle) bool {
	n := int(math.Ceil(math.Hypot(float64(b.X-a.X), float64(b.Y-a.Y)))) + 1
	for i := 0; i <= n; i++ {
		t := vg.Length(float64(i) / float64(n))
		if x, y := a.X+t*(b.X-a.X), a.Y+t*(b.Y-a.Y); r.Min.X < x && x < r.Max.X && r.Min.Y < y && y < r.Max.Y {
			return true
		}
	}
	return false
}

// overlaps reports whether r and o overlap, with a margin of a point.
func overlaps(r, o vg.Rectangle) bool {
	m := vg.Points(1)
	return r.Min.X < o.Max.X+m && o.Min.X < r.Max.X+m && r.Min.Y < o.Max.Y+m && o.Min.Y < r.Max.Y+m
}

// nearestOnBox is the point of r nearest to p.
func nearestOnBox(p vg.Point, r vg.Rectangle) vg.Point {
	return vg.Point{X: max(r.Min.X, min(p.X, r.Max.X)), Y: max(r.Min.Y, min(p.Y, r.Max.Y))}
}

// yearTicks marks whole years, labelled at a step of 1, 2, 5, 10, … years
// so that there are at most MaxLabels labels (12 when zero), with a minor
// tick on every year.
type yearTicks struct{ MaxLabels int }

func (yt yearTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi >= lo) || !finite(lo, hi) {
		return nil
	}
	n := cmp.Or(yt.MaxLabels, 12)
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

// maxYearLabels is how many year labels fit along an axis of the given
// length without crowding.
func maxYearLabels(length vg.Length) int {
	w := tickStyle.Width("2036")
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

// Default chart size and resolution: a column of an A4 page at screen-and-print
// quality. Use DPI 300 for print.
const (
	DefaultWidth  = 16 * vg.Centimeter
	DefaultHeight = 10 * vg.Centimeter
	DefaultDPI    = 150
)

// The PNG resolutions that Options accept, in dots per inch, inclusive.
const (
	MinDPI = 36
	MaxDPI = 1200
)

// MaxPixels bounds a PNG chart's pixel count (about 200 MB of memory).
const MaxPixels = 50e6

// CheckDPI reports whether dpi is a PNG resolution that the charts accept:
// from MinDPI to MaxDPI.
func CheckDPI(dpi int) error {
	if dpi < MinDPI || dpi > MaxDPI {
		return fmt.Errorf("plots: PNG resolution %d dpi is out of range (%d to %d)", dpi, MinDPI, MaxDPI)
	}
	return nil
}

// Options sets the page size, the PNG resolution and the tool version
// printed in the caption. The zero value gives the defaults.
type Options struct {
	// Width and Height are the size of the whole chart, caption included.
	// Zero means DefaultWidth × DefaultHeight.
	Width, Height vg.Length
	// DPI is the PNG resolution, from MinDPI to MaxDPI; zero means
	// DefaultDPI. SVG and PDF ignore it.
	DPI int
	// Version is the tool version for the caption, such as "v0.1.0".
	Version string
	// ExplainYear is the year of the waterfall charts that RenderScenario
	// draws; zero means the first simulated year.
	ExplainYear int
	// Thresholds are the ladder's thresholds that LatentFan draws: the
	// latent pressure needed to step up into each state from normalization
	// to the entente (model.Weights.Thresholds of the run); nil means the
	// model's defaults.
	Thresholds []float64
	// Warn, when not nil, receives each chart's Warnings as the render
	// functions save it (the chart's file base name and the warning), so
	// that a command can tell the user on the terminal why a chart is
	// empty or leaves something out, instead of a blank file.
	Warn func(chart, warning string)
}

// Validate checks the options (size, resolution, pixel count) before any
// chart is built, so that a command can report a bad size as a usage error.
func (o Options) Validate() error {
	_, err := o.withDefaults()
	return err
}

// begin checks a builder's input, nil giving errNil, and fills o's defaults.
func begin(isNil bool, errNil error, o Options) (Options, error) {
	if isNil {
		return o, errNil
	}
	return o.withDefaults()
}

// start checks a builder's input and options and starts its chart.
func start(isNil bool, errNil error, o Options, t func(Options) chartText) (*Chart, *plot.Plot, Options, error) {
	o, err := begin(isNil, errNil, o)
	if err != nil {
		return nil, nil, o, err
	}
	ch, p := newChart(t(o))
	return ch, p, o, nil
}

// withDefaults fills the zero fields of o and checks the others.
func (o Options) withDefaults() (Options, error) {
	o.Width, o.Height = cmp.Or(o.Width, DefaultWidth), cmp.Or(o.Height, DefaultHeight)
	if o.DPI == 0 {
		o.DPI = DefaultDPI
	}
	cm := func(l vg.Length) float64 { return float64(l / vg.Centimeter) }
	switch {
	case !(o.Width >= 6*vg.Centimeter && o.Height >= 4*vg.Centimeter): // also NaN
		return o, fmt.Errorf("plots: chart size %.1f × %.1f cm is too small (at least 6 × 4 cm)", cm(o.Width), cm(o.Height))
	case o.Width > 200*vg.Centimeter || o.Height > 200*vg.Centimeter:
		return o, fmt.Errorf("plots: chart size %.1f × %.1f cm is too large (at most 200 × 200 cm)", cm(o.Width), cm(o.Height))
	}
	if err := CheckDPI(o.DPI); err != nil {
		return o, err
	}
	// A PNG is held in memory as 4 bytes a pixel: cap it, so that a large
	// size at a high resolution is an error, not gigabytes of memory.
	if px := float64(o.Width.Dots(float64(o.DPI))) * float64(o.Height.Dots(float64(o.DPI))); px > MaxPixels {
		return o, fmt.Errorf("plots: a %.1f × %.1f cm chart at %d dpi would be %.0f megapixels; the most is %.0f (an A4 page at 600 dpi is 35): lower the resolution or the size",
			cm(o.Width), cm(o.Height), o.DPI, px/1e6, MaxPixels/1e6)
	}
	return o, nil
}

// Font sizes of the theme, in points.
const (
	titleSize   = 11
	labelSize   = 10
	tickSize    = 9
	legendSize  = 9
	noteSize    = 10
	captionSize = 7.5
)

// The theme's typeface: Liberation Sans, embedded in gonum/plot, metrically
// compatible with Arial and Helvetica.
var (
	sansFont = font.Font{Typeface: "Liberation", Variant: "Sans"}
	boldFont = font.Font{Typeface: "Liberation", Variant: "Sans", Weight: xfont.WeightBold}
)

// Neutral colours of the theme.
var (
	inkColor     = color.RGBA{R: 0x1a, G: 0x1a, B: 0x1a, A: 0xff} // titles, labels
	tickColor    = color.RGBA{R: 0x33, G: 0x33, B: 0x33, A: 0xff}
	axisColor    = color.RGBA{R: 0x55, G: 0x55, B: 0x55, A: 0xff} // axis lines and ticks
	captionColor = color.RGBA{R: 0x4d, G: 0x4d, B: 0x4d, A: 0xff} // light but legible
	gridColor    = color.RGBA{R: 0xe3, G: 0xe3, B: 0xe3, A: 0xff}
	noteColor    = color.RGBA{R: 0x7a, G: 0x3e, B: 0x00, A: 0xff} // data warnings: dark amber
	neutralFill  = color.RGBA{R: 0xCF, G: 0xCF, B: 0xCF, A: 0xff} // a category of no series
	totalColor   = color.RGBA{R: 0x26, G: 0x26, B: 0x26, A: 0xff} // a waterfall's total
	white        = color.RGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
)

// OkabeIto is the Okabe–Ito colour-blind-safe palette for categorical series
// (scenarios, actors), in the order to use them: blue, vermillion, green,
// orange, sky blue, purple, yellow, black.
var OkabeIto = [8]color.RGBA{
	{R: 0x00, G: 0x72, B: 0xB2, A: 0xff},
	{R: 0xD5, G: 0x5E, B: 0x00, A: 0xff},
	{R: 0x00, G: 0x9E, B: 0x73, A: 0xff},
	{R: 0xE6, G: 0x9F, B: 0x00, A: 0xff},
	{R: 0x56, G: 0xB4, B: 0xE9, A: 0xff},
	{R: 0xCC, G: 0x79, B: 0xA7, A: 0xff},
	{R: 0xF0, G: 0xE4, B: 0x42, A: 0xff},
	{R: 0x00, G: 0x00, B: 0x00, A: 0xff},
}

// AccentColor is the colour of the headline event, the defence alliance
// (Okabe–Ito vermillion).
var AccentColor = OkabeIto[1]

// Blue and orange mark what raises and lowers a total (about 87 and 162 in
// greyscale, so they differ in print too).
var raiseColor, lowerColor = OkabeIto[0], OkabeIto[3]

// seriesPalette colours scenarios and inputs: Okabe–Ito without yellow, too
// faint for a line on white, and black, kept for totals. termPalette colours
// the terms of a central run: also without vermillion, kept for the
// reference line.
var (
	seriesPalette = OkabeIto[:6]
	termPalette   = []color.RGBA{OkabeIto[0], OkabeIto[2], OkabeIto[3], OkabeIto[4], OkabeIto[5]}
)

// cycle is the i-th colour of pal, cycling.
func cycle(pal []color.RGBA, i int) color.RGBA {
	if i < 0 {
		i = -i
	}
	return pal[i%len(pal)]
}

// stateRamp is a blue-grey ramp from light (rivalry) to dark (entente). Its
// greyscale luminance falls monotonically, so the ladder order survives a
// black-and-white print.
var stateRamp = [model.NumStates - 1]color.RGBA{
	{R: 0xE4, G: 0xEA, B: 0xF0, A: 0xff},
	{R: 0xBB, G: 0xCA, B: 0xD9, A: 0xff},
	{R: 0x8C, G: 0xA4, B: 0xBC, A: 0xff},
	{R: 0x5A, G: 0x7A, B: 0x99, A: 0xff},
	{R: 0x27, G: 0x43, B: 0x60, A: 0xff},
}

// StateColor is the colour of a rung of the ladder: the sequential ramp for
// rivalry to entente and the accent colour for the defence alliance.
func StateColor(s model.State) color.RGBA {
	if s == model.DefenceAlliance {
		return AccentColor
	}
	return stateRamp[max(0, min(int(s), len(stateRamp)-1))]
}

// viridisAnchors are nine evenly spaced colours of matplotlib's viridis:
// perceptually uniform, colour-blind safe and monotone in lightness.
var viridisAnchors = [...]color.RGBA{
	{R: 0x44, G: 0x01, B: 0x54, A: 0xff}, {R: 0x47, G: 0x2c, B: 0x7a, A: 0xff}, {R: 0x3b, G: 0x51, B: 0x8b, A: 0xff},
	{R: 0x2c, G: 0x71, B: 0x8e, A: 0xff}, {R: 0x21, G: 0x90, B: 0x8d, A: 0xff}, {R: 0x27, G: 0xad, B: 0x81, A: 0xff},
	{R: 0x5c, G: 0xc8, B: 0x63, A: 0xff}, {R: 0xaa, G: 0xdc, B: 0x32, A: 0xff}, {R: 0xfd, G: 0xe7, B: 0x25, A: 0xff},
}

// sequentialColor is t in [0, 1] on viridis reversed, 0 light yellow and 1
// dark purple, so that more reads as darker, as on the state ramp.
func sequentialColor(t float64) color.RGBA {
	if math.IsNaN(t) {
		t = 0
	}
	f := (1 - math.Max(0, math.Min(1, t))) * float64(len(viridisAnchors)-1)
	i := min(int(f), len(viridisAnchors)-2)
	u := f - float64(i)
	a, b := viridisAnchors[i], viridisAnchors[i+1]
	mix := func(x, y uint8) uint8 { return uint8(math.Round(float64(x) + u*(float64(y)-float64(x)))) }
	return color.RGBA{R: mix(a.R, b.R), G: mix(a.G, b.G), B: mix(a.B, b.B), A: 0xff}
}

// rampColor is class k of n on sequentialColor, from light (from) to the
// darkest; a lone class takes the middle, so that it reads as neither end.
func rampColor(k, n int, from float64) color.RGBA {
	if n <= 1 {
		return sequentialColor(0.5)
	}
	return sequentialColor(from + (1-from)*float64(k)/float64(n-1))
}

// withAlpha returns c at opacity a (0–1).
func withAlpha(c color.RGBA, a float64) color.Color {
	return color.NRGBA{R: c.R, G: c.G, B: c.B, A: uint8(math.Round(255 * a))}
}

// luminance is the greyscale value of c on a 0–1 scale (Rec. 709).
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	return (0.2126*float64(r) + 0.7152*float64(g) + 0.0722*float64(b)) / 0xffff
}

// textOn is the colour of text on a fill: white on dark fills, ink on light.
func textOn(fill color.Color) color.Color {
	if luminance(fill) < 0.45 {
		return color.White
	}
	return inkColor
}

// Dash patterns and glyph shapes that tell series apart in greyscale, in the
// order to use them.
var (
	dashPatterns = [][]vg.Length{nil, {vg.Points(5), vg.Points(2.5)}, {vg.Points(1.2), vg.Points(1.8)},
		{vg.Points(6), vg.Points(2), vg.Points(1.2), vg.Points(2)}}
	glyphShapes = []draw.GlyphDrawer{draw.CircleGlyph{}, draw.BoxGlyph{}, draw.PyramidGlyph{},
		draw.RingGlyph{}, draw.SquareGlyph{}, draw.TriangleGlyph{}, draw.CrossGlyph{}, draw.PlusGlyph{}}
	dashed = []vg.Length{vg.Points(4), vg.Points(2.5)}
)

// lineStyle is a solid or dashed line; glyph a glyph style.
func lineStyle(c color.Color, widthPt float64, dashes ...vg.Length) draw.LineStyle {
	return draw.LineStyle{Color: c, Width: vg.Points(widthPt), Dashes: dashes}
}

func glyph(c color.Color, radiusPt float64, shape draw.GlyphDrawer) draw.GlyphStyle {
	return draw.GlyphStyle{Color: c, Radius: vg.Points(radiusPt), Shape: shape}
}

// textStyle is a theme text style in the Liberation Sans of fnt.
func textStyle(fnt font.Font, size vg.Length, c color.Color) text.Style {
	return text.Style{Color: c, Font: font.From(fnt, size), Handler: plot.DefaultTextHandler}
}

// label is a text style for a label in the plot, aligned as given.
func labelStyle(size vg.Length, c color.Color, x text.XAlignment, y text.YAlignment) text.Style {
	s := textStyle(sansFont, size, c)
	s.XAlign, s.YAlign = x, y
	return s
}

// newPlot returns a plot in the theme: labels 10 pt, ticks 9 pt, thin grey
// axes with short outward ticks and no title (the Chart draws the title,
// left-aligned over the whole width).
func newPlot(xlabel, ylabel string) *plot.Plot {
	p := plot.New()
	p.BackgroundColor = nil // the Chart paints the page
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = font.From(sansFont, labelSize)
		a.Label.TextStyle.Color = inkColor
		a.Label.Padding = vg.Points(4)
		a.Tick.Label.Font = font.From(sansFont, tickSize)
		a.Tick.Label.Color = tickColor
		a.LineStyle = lineStyle(axisColor, 0.6)
		a.Tick.LineStyle = lineStyle(axisColor, 0.6)
		a.Tick.Length = vg.Points(3)
		a.Padding = 0
	}
	p.X.Label.Text, p.Y.Label.Text = xlabel, ylabel
	p.X.Tick.Marker = yearTicks{}
	return p
}

// Caption is the provenance line printed under every chart of a run, such
// as "Scenario: baseline · 100,000 draws · seed 42 · alliancesim v0.1.0",
// so that a pasted chart can be traced back to its run.
func Caption(r *sim.Result, version string) string {
	if r == nil {
		return ""
	}
	parts := []string{"Scenario: " + cmp.Or(r.Scenario, "(unnamed)"),
		format.Thousands(r.Draws) + " " + format.Plural(int(min(r.Draws, 2)), "draw", "draws"), "seed " + strconv.FormatUint(r.Seed, 10)}
	if r.Stopped == sim.StopMaxDraws {
		parts = append(parts, "precision target not reached")
	}
	return provenance(version, parts...)
}

// provenance joins the parts of a caption, the tool's version last.
func provenance(version string, parts ...string) string {
	return strings.Join(append(parts, "alliancesim "+versionString(version)), " · ")
}

// versionString normalises a version for display: "0.1.0" becomes "v0.1.0",
// and an empty version "(development build)".
func versionString(v string) string {
	switch v = strings.TrimSpace(v); {
	case v == "":
		return "(development build)"
	case v[0] >= '0' && v[0] <= '9':
		return "v" + v
	}
	return v
}

// minus is the typographic minus sign (PDF output prints it as "-").
const minus = "−"

// number formats v with dec decimals and a typographic minus sign.
func number(v float64, dec int) string {
	s := strconv.FormatFloat(math.Abs(v), 'f', dec, 64)
	if v < 0 && strings.Trim(s, "0.") != "" {
		return minus + s
	}
	return s
}

// signed is number with an explicit sign: "+1.46", "−0.27", "0.00".
func signed(v float64, dec int) string {
	if s := number(v, dec); v <= 0 || strings.Trim(s, "0.") == "" {
		return s
	}
	return "+" + number(v, dec)
}

// percent formats a probability as a percentage with dec decimals.
func percent(p float64, dec int) string { return strconv.FormatFloat(100*p, 'f', dec, 64) + "%" }

// shareLabel formats a share of runs with dec decimals, adding decimals (up
// to 3) so that a share strictly between 0 and 1 never prints as "0%" or
// "100%"; beyond that it prints "<0.001%" or ">99.999%".
func shareLabel(p float64, dec int) string {
	if p <= 0 || p >= 1 {
		return percent(p, 0)
	}
	for d := dec; d <= 3; d++ {
		if s := percent(p, d); s != percent(0, d) && s != percent(1, d) {
			return s
		}
	}
	if p < 0.5 {
		return "<" + percent(0.00001, 3)
	}
	return ">" + percent(0.99999, 3)
}

// proportionLabel formats an estimate with its interval as the tables do:
// "33.9% (33.5–34.3%)".
func proportionLabel(a sim.Proportion) string {
	return format.Percent(a.P) + " (" + format.Interval(a.Lo, a.Hi) + ")"
}

// sigFigs formats v with n significant digits, no exponent and no trailing
// zeros: 2.5, 0.0123, 1230.
func sigFigs(v float64, n int) string {
	if v == 0 || !finite(v) {
		return number(v, 0)
	}
	s := number(v, max(0, n-1-int(math.Floor(math.Log10(math.Abs(v))))))
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// joinNotes joins chart notes into one line.
func joinNotes(notes []string) string { return strings.Join(notes, "; ") }

// dropNotes is the charts' one rule for saying what was left out of n
// items of which valid could be drawn: "<none>: nothing to plot" when there
// are none, "<noneValid>: nothing to plot" when none is valid, otherwise
// "k of n <leftOut>" when k were left out, and nothing when none was.
func dropNotes(n, valid int, none, noneValid, leftOut string) []string {
	switch {
	case n == 0:
		return []string{none + ": nothing to plot"}
	case valid == 0:
		return []string{noneValid + ": nothing to plot"}
	case valid < n:
		return []string{fmt.Sprintf("%d of %d %s", n-valid, n, leftOut)}
	}
	return nil
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
