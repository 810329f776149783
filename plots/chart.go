package plots

import (
	"fmt"
	"image/color"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
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

	// subtitles are shorter forms of Subtitle for narrower pages: fit keeps
	// the first of Subtitle and these that fits the width.
	subtitles []string
	// legendBelow puts the legend in rows under the plot even when it would
	// fit in a column, leaving the data area the full width.
	legendBelow bool
	// yAbove is a y-axis label too long for the axis, drawn level above
	// the plot instead.
	yAbove string
}

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
)

// layout is where the parts of a chart go on a page.
type layout struct {
	inner                           vg.Rectangle // the page inside its margins
	titleTop, subTop, noteTop, yTop vg.Length
	plot                            vg.Rectangle // axes and data
	legendRight                     bool
	legendTop, captionBottom        vg.Length
	title, subtitle, note           string // as drawn, wrapped
	captionLines                    []string
	legendRows                      [][]LegendEntry
	titleStyle                      text.Style
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
	l := layout{inner: vg.Rectangle{Min: page.Min.Add(m), Max: page.Max.Sub(m)}, titleStyle: textStyle(titleFont, titleSize, inkColor)}
	width, top := l.inner.Size().X, l.inner.Max.Y
	head := func(sty text.Style, s string, at *vg.Length, out *string, gap float64) {
		*at = top
		if s != "" {
			*out = strings.Join(wrap(sty, s, " ", width, headLines), "\n")
			top -= sty.Height(*out) + vg.Points(gap)
		}
	}
	head(l.titleStyle, ch.Title, &l.titleTop, &l.title, titleGapPt)
	head(subtitleStyle, ch.Subtitle, &l.subTop, &l.subtitle, titleGapPt)
	if !ch.Empty && ch.Note != "" {
		head(noteStyle, "Note: "+ch.Note, &l.noteTop, &l.note, titleGapPt)
	}
	if l.yTop = top; ch.yAbove != "" {
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
	for _, t := range []struct {
		sty  text.Style
		top  vg.Length
		text string
	}{{l.titleStyle, l.titleTop, l.title}, {subtitleStyle, l.subTop, l.subtitle}, {noteStyle, l.noteTop, l.note},
		{subtitleStyle, l.yTop, fitText(subtitleStyle, ch.yAbove, l.inner.Size().X)}} {
		if t.text == "" {
			continue
		}
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
		need, what = vg.Length(rows)*vg.Points(rowPt), fmt.Sprintf("%d rows", rows)
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
