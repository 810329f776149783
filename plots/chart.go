package plots

import (
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
	// Title states the chart's subject; it is drawn left-aligned above the
	// plot, on two lines if it does not fit on one, and shortened with an
	// ellipsis if it does not fit on two.
	Title string
	// Subtitle, when set, is a line under the title: for example the
	// headline value when it cannot be labelled in the plot.
	Subtitle string
	// Plot holds the axes and the data. Its own title and legend are left
	// empty: the Chart draws them.
	Plot *plot.Plot
	// Legend is drawn outside the data area, so that it never hides data:
	// as a column to the right of the plot, or, on a page too narrow for
	// that, in rows under it.
	Legend []LegendEntry
	// Note, when set, warns about the data: for example "2 of 10 years left
	// out: invalid values". It is drawn under the title (and subtitle), on
	// up to two lines, or, on an Empty chart, in a box in the middle of the
	// data area.
	Note string
	// Empty marks a chart with no data to draw, such as a run with no
	// draws. Its legend is left out.
	Empty bool
	// Caption is the provenance line under the plot (see Caption). If it
	// does not fit the width it is wrapped at its " · " separators.
	Caption string
	// Description is a plain-English sentence or two on what the chart
	// shows and how to read it, for the text under a chart in a report. It
	// is not drawn.
	Description string

	// legendBelow puts the legend in rows under the plot even when it would
	// fit in a column on the right, leaving the data area the full width.
	legendBelow bool

	// yAbove is the y-axis label when it is too long for the axis: it is
	// then drawn level, above the plot, instead of along the axis.
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
)

// layout is where the parts of a chart go on a page.
type layout struct {
	inner         vg.Rectangle // the page inside its margins
	titleTop      vg.Length    // top of the title
	subtitleTop   vg.Length    // top of the subtitle
	noteTop       vg.Length    // top of the note line
	yAboveTop     vg.Length    // top of a y-axis label drawn above the plot
	plot          vg.Rectangle // the plot: axes and data
	legendRight   bool         // legend in a column right of the data area
	legendW       vg.Length    // width of that column
	legendTop     vg.Length    // top of a legend in rows under the plot
	captionLines  []string
	captionBottom vg.Length
	// The title, subtitle and note as drawn: wrapped onto at most
	// headLines lines each, the last shortened if need be.
	title, subtitle, note string
}

// headLines is how many lines a title, subtitle or note may take on a page
// too narrow for one.
const headLines = 2

func legendStyle() text.Style { return textStyle(sansFont, legendSize, inkColor) }
func captionStyle() text.Style {
	return textStyle(sansFont, captionSize, captionColor)
}
func noteStyle() text.Style { return textStyle(sansFont, legendSize, noteColor) }
func subtitleStyle() text.Style {
	return textStyle(sansFont, labelSize, inkColor)
}
func yAboveStyle() text.Style {
	return textStyle(sansFont, labelSize, inkColor)
}

// entryH is the height of a legend entry.
func entryH() vg.Length { return legendStyle().FontExtents().Height }

// entryW is the width of a legend entry.
func entryW(e LegendEntry) vg.Length {
	return vg.Points(thumbWPt+thumbTextPt) + legendStyle().Width(e.Name)
}

// legendRows splits the entries into rows that fit width.
func legendRows(es []LegendEntry, width vg.Length) [][]LegendEntry {
	var rows [][]LegendEntry
	var row []LegendEntry
	var w vg.Length
	for _, e := range es {
		ew := entryW(e)
		if len(row) > 0 && w+vg.Points(legendColPt)+ew > width {
			rows = append(rows, row)
			row, w = nil, 0
		}
		if len(row) > 0 {
			w += vg.Points(legendColPt)
		}
		row = append(row, e)
		w += ew
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	return rows
}

// stackH is the height of n legend rows.
func stackH(n int) vg.Length {
	if n == 0 {
		return 0
	}
	return vg.Length(n)*entryH() + vg.Length(n-1)*vg.Points(legendRowPt)
}

// layOut places the parts of ch on a page rectangle with the given title
// font.
func (ch *Chart) layOut(page vg.Rectangle, titleFont font.Font) layout {
	m := vg.Points(marginPt)
	var l layout
	l.inner = vg.Rectangle{Min: page.Min.Add(vg.Point{X: m, Y: m}), Max: page.Max.Sub(vg.Point{X: m, Y: m})}
	width := l.inner.Size().X
	top := l.inner.Max.Y
	l.titleTop = top
	if ch.Title != "" {
		sty := textStyle(titleFont, titleSize, inkColor)
		l.title = wrapWords(sty, ch.Title, width, headLines)
		top -= sty.Height(l.title) + vg.Points(titleGapPt)
	}
	l.subtitleTop = top
	if ch.Subtitle != "" {
		l.subtitle = wrapWords(subtitleStyle(), ch.Subtitle, width, headLines)
		top -= subtitleStyle().Height(l.subtitle) + vg.Points(titleGapPt)
	}
	l.noteTop = top
	if ch.Note != "" && !ch.Empty {
		l.note = wrapWords(noteStyle(), "Note: "+ch.Note, width, headLines)
		top -= noteStyle().Height(l.note) + vg.Points(titleGapPt)
	}
	l.yAboveTop = top
	if ch.yAbove != "" {
		top -= yAboveStyle().Height(ch.yAbove) + vg.Points(yAboveGapPt)
	}

	bottom := l.inner.Min.Y
	l.captionBottom = bottom
	if ch.Caption != "" {
		sty := captionStyle()
		l.captionLines = wrapCaption(sty, ch.Caption, width)
		bottom += vg.Length(len(l.captionLines))*sty.FontExtents().Height + vg.Points(captionGapPt)
	}

	right := l.inner.Max.X
	if len(ch.Legend) > 0 && !ch.Empty {
		var colW vg.Length
		for _, e := range ch.Legend {
			colW = max(colW, entryW(e))
		}
		if colW+vg.Points(legendGapPt) <= vg.Length(legendShare)*width && !ch.legendBelow {
			l.legendRight, l.legendW = true, colW
			right -= colW + vg.Points(legendGapPt)
		} else {
			h := stackH(len(legendRows(ch.Legend, width)))
			l.legendTop = bottom + h
			bottom += h + vg.Points(captionGapPt)
		}
	}
	l.plot = vg.Rectangle{Min: vg.Point{X: l.inner.Min.X, Y: bottom}, Max: vg.Point{X: right, Y: top}}
	return l
}

// Approximate sizes of the axes, for estimating the data area before the
// plot is drawn: y-axis label, tick labels and ticks; x-axis tick labels,
// ticks and label.
const (
	estYTicksPt = 34 // tick labels such as "100%", and ticks
	estXAxisPt  = 33
)

// dataSize estimates the size of the data area of ch on a page of o.
func (ch *Chart) dataSize(o Options) (w, h vg.Length) {
	l := ch.layOut(vg.Rectangle{Max: vg.Point{X: o.Width, Y: o.Height}}, boldFont)
	s := l.plot.Size()
	yw := vg.Points(estYTicksPt)
	if lbl := ch.Plot.Y.Label; lbl.Text != "" {
		yw += lbl.TextStyle.Height(lbl.Text) + lbl.Padding
	}
	return s.X - yw, s.Y - vg.Points(estXAxisPt)
}

// Draw draws the chart on c.
func (ch *Chart) Draw(c draw.Canvas) { ch.draw(c, boldFont) }

// draw draws the chart with the title in titleFont.
func (ch *Chart) draw(c draw.Canvas, titleFont font.Font) {
	c.SetColor(color.White)
	c.Fill(c.Rectangle.Path())
	l := ch.layOut(c.Rectangle, titleFont)
	width := l.inner.Size().X

	if ch.Title != "" {
		sty := textStyle(titleFont, titleSize, inkColor)
		sty.YAlign = draw.YTop
		c.FillText(sty, vg.Point{X: l.inner.Min.X, Y: l.titleTop}, l.title)
	}
	if ch.Subtitle != "" {
		sty := subtitleStyle()
		sty.YAlign = draw.YTop
		c.FillText(sty, vg.Point{X: l.inner.Min.X, Y: l.subtitleTop}, l.subtitle)
	}
	if ch.Note != "" && !ch.Empty {
		sty := noteStyle()
		sty.YAlign = draw.YTop
		c.FillText(sty, vg.Point{X: l.inner.Min.X, Y: l.noteTop}, l.note)
	}
	if ch.yAbove != "" {
		sty := yAboveStyle()
		sty.YAlign = draw.YTop
		c.FillText(sty, vg.Point{X: l.inner.Min.X, Y: l.yAboveTop}, fitText(sty, ch.yAbove, width))
	}
	if len(l.captionLines) > 0 {
		sty := captionStyle()
		y := l.captionBottom + sty.FontExtents().Descent
		for i := len(l.captionLines) - 1; i >= 0; i-- {
			c.FillText(sty, vg.Point{X: l.inner.Min.X, Y: y}, l.captionLines[i])
			y += sty.FontExtents().Height
		}
	}
	if ch.Plot == nil {
		return
	}
	pc := draw.Canvas{Canvas: c.Canvas, Rectangle: l.plot}
	ch.Plot.Draw(pc)
	da := ch.Plot.DataCanvas(pc)

	if len(ch.Legend) > 0 && !ch.Empty {
		if l.legendRight {
			x := da.Max.X + vg.Points(legendGapPt)
			y := da.Max.Y
			for _, e := range ch.Legend {
				drawEntry(c, e, x, y)
				y -= entryH() + vg.Points(legendRowPt)
			}
		} else {
			y := l.legendTop
			for _, row := range legendRows(ch.Legend, width) {
				x := l.inner.Min.X
				for _, e := range row {
					drawEntry(c, e, x, y)
					x += entryW(e) + vg.Points(legendColPt)
				}
				y -= entryH() + vg.Points(legendRowPt)
			}
		}
	}
	if ch.Empty {
		drawNote(da, ch.Note)
	}
}

// drawEntry draws a legend entry with its top left corner at (x, top).
func drawEntry(c draw.Canvas, e LegendEntry, x, top vg.Length) {
	h := entryH()
	inset := vg.Points(1)
	icon := draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
		Min: vg.Point{X: x, Y: top - h + inset},
		Max: vg.Point{X: x + vg.Points(thumbWPt), Y: top - inset},
	}}
	for _, t := range e.Thumbs {
		t.Thumbnail(&icon)
	}
	sty := legendStyle()
	sty.YAlign = draw.YCenter
	c.FillText(sty, vg.Point{X: x + vg.Points(thumbWPt+thumbTextPt), Y: top - h/2}, e.Name)
}

// wrapCaption splits a caption at its " · " separators into lines that fit
// width; a single part that is still too wide is shortened.
func wrapCaption(sty text.Style, caption string, width vg.Length) []string {
	if sty.Width(caption) <= width {
		return []string{caption}
	}
	const sep = " · "
	var lines []string
	cur := ""
	for _, part := range strings.Split(caption, sep) {
		switch {
		case cur == "":
			cur = part
		case sty.Width(cur+sep+part) <= width:
			cur += sep + part
		default:
			lines = append(lines, fitText(sty, cur, width))
			cur = part
		}
	}
	return append(lines, fitText(sty, cur, width))
}

// wrapWords breaks s at spaces into at most maxLines lines that fit width,
// joined by newlines; the last line is shortened with an ellipsis if the
// text does not fit. Text that fits on one line is returned unchanged.
func wrapWords(sty text.Style, s string, width vg.Length, maxLines int) string {
	if width <= 0 || sty.Width(s) <= width {
		return s
	}
	words := strings.Fields(s)
	var lines []string
	cur := ""
	for _, w := range words {
		switch {
		case cur == "":
			cur = w
		case sty.Width(cur+" "+w) <= width:
			cur += " " + w
		default:
			if len(lines) == maxLines-1 {
				return strings.Join(append(lines, fitWords(sty, cur, width)), "\n")
			}
			lines = append(lines, fitText(sty, cur, width))
			cur = w
		}
	}
	return strings.Join(append(lines, fitText(sty, cur, width)), "\n")
}

// fitWords is s, which is followed by more text, shortened to whole words
// and an ellipsis that fit width (to characters if no word fits).
func fitWords(sty text.Style, s string, width vg.Length) string {
	words := strings.Fields(s)
	for n := len(words); n > 0; n-- {
		t := strings.TrimRight(strings.Join(words[:n], " "), ",;:·") + "…"
		if sty.Width(t) <= width {
			return t
		}
	}
	return fitText(sty, s+"…", width)
}

// drawNote draws a boxed note in the middle of an empty data area.
func drawNote(da draw.Canvas, note string) {
	if note == "" {
		return
	}
	sty := textStyle(sansFont, noteSize, inkColor)
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
	pad := vg.Points(notePaddingPt)
	note = wrapWords(sty, note, da.Max.X-da.Min.X-4*pad, 3)
	w, h := sty.Width(note), sty.Height(note)
	ctr := da.Center()
	box := vg.Rectangle{
		Min: vg.Point{X: ctr.X - w/2 - pad, Y: ctr.Y - h/2 - pad},
		Max: vg.Point{X: ctr.X + w/2 + pad, Y: ctr.Y + h/2 + pad},
	}
	da.SetColor(color.White)
	da.Fill(box.Path())
	da.SetLineStyle(draw.LineStyle{Color: axisColor, Width: vg.Points(0.6)})
	da.Stroke(box.Path())
	da.FillText(sty, ctr, note)
}

// maxYearLabels is how many year labels fit along an axis of the given
// length without crowding.
func maxYearLabels(length vg.Length) int {
	w := textStyle(sansFont, tickSize, tickColor).Width("2036")
	return max(2, int(math.Floor(float64(length/(w*1.35)))))
}

// fitAxes adapts the axes of ch to the page of o: a y-axis label that
// fits along the axis (on two lines, broken at " (", if need be; level
// above the plot if even that is too long) and as many year labels as fit.
// It returns the estimated size of the data area. Call it once the title,
// note, legend and caption are set.
func (ch *Chart) fitAxes(o Options) (w, h vg.Length) {
	y := &ch.Plot.Y
	w, h = ch.dataSize(o)
	if label := y.Label.Text; label != "" && y.Label.TextStyle.Width(label) > h {
		if i := strings.Index(label, " ("); i > 0 {
			y.Label.Text = label[:i] + "\n" + label[i+1:]
		}
		if w, h = ch.dataSize(o); y.Label.TextStyle.Width(y.Label.Text) > h {
			ch.yAbove, y.Label.Text = label, ""
			w, h = ch.dataSize(o)
		}
	}
	ch.Plot.X.Tick.Marker = yearTicks{MaxLabels: maxYearLabels(w)}
	return w, h
}
