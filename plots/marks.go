package plots

import (
	"fmt"
	"image/color"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// This file holds the marks shared by the bar, dot-and-whisker and
// waterfall charts: rectangles in data units, intervals with a dot,
// reference lines and row axes.

// rect is a rectangle in data units with its fill, and diagonal hatching
// over it when Hatch is set (the mark of a model weight in the analysis
// charts).
type rect struct {
	X0, X1, Y0, Y1 float64
	Fill           color.Color
	Hatch          color.Color
}

// rects draws filled rectangles in data units, so that bars keep their
// proportions at any page size (gonum's BarChart takes its width in page
// units). It implements plot.Plotter and plot.DataRanger.
type rects struct {
	Rects []rect
	// Border strokes each rectangle; a zero width draws none.
	Border draw.LineStyle
}

func (r *rects) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for _, b := range r.Rects {
		pts := []vg.Point{
			{X: trX(b.X0), Y: trY(b.Y0)}, {X: trX(b.X1), Y: trY(b.Y0)},
			{X: trX(b.X1), Y: trY(b.Y1)}, {X: trX(b.X0), Y: trY(b.Y1)},
		}
		if b.Fill != nil {
			c.FillPolygon(b.Fill, c.ClipPolygonXY(pts))
		}
		if b.Hatch != nil {
			hatch(&c, vg.Rectangle{Min: vg.Point{X: trX(b.X0), Y: trY(b.Y0)}, Max: vg.Point{X: trX(b.X1), Y: trY(b.Y1)}}, b.Hatch, true)
		}
		if r.Border.Width > 0 && r.Border.Color != nil {
			c.StrokeLines(r.Border, c.ClipLinesXY(append(pts, pts[0]))...)
		}
	}
}

func (r *rects) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, ymin = math.Inf(1), math.Inf(1)
	xmax, ymax = math.Inf(-1), math.Inf(-1)
	for _, b := range r.Rects {
		xmin, xmax = math.Min(xmin, math.Min(b.X0, b.X1)), math.Max(xmax, math.Max(b.X0, b.X1))
		ymin, ymax = math.Min(ymin, math.Min(b.Y0, b.Y1)), math.Max(ymax, math.Max(b.Y0, b.Y1))
	}
	return xmin, xmax, ymin, ymax
}

// fill is a legend thumbnail: a filled rectangle with an optional border
// and optional hatching.
type fill struct {
	Color  color.Color
	Border draw.LineStyle
	Hatch  color.Color
}

func (f fill) Thumbnail(c *draw.Canvas) {
	r := vg.Rectangle{Min: c.Min, Max: c.Max}
	if f.Color != nil {
		c.SetColor(f.Color)
		c.Fill(r.Path())
	}
	if f.Hatch != nil {
		hatch(c, r, f.Hatch, false)
	}
	if f.Border.Width > 0 {
		c.SetLineStyle(f.Border)
		c.Stroke(r.Path())
	}
}

// hatchGapPt is the distance between the lines of a hatching, in points.
const hatchGapPt = 2.6

// hatch draws diagonal lines (rising to the right) across the rectangle r
// in page units, clipped to it (and, when clip is set, to the canvas). The
// lines sit on one grid across the page, so adjacent hatched bars line up.
func hatch(c *draw.Canvas, r vg.Rectangle, col color.Color, clip bool) {
	x0, x1 := min(r.Min.X, r.Max.X), max(r.Min.X, r.Max.X)
	y0, y1 := min(r.Min.Y, r.Max.Y), max(r.Min.Y, r.Max.Y)
	if x1-x0 <= 0 || y1-y0 <= 0 {
		return
	}
	sty := draw.LineStyle{Color: col, Width: vg.Points(0.7)}
	gap := vg.Points(hatchGapPt)
	// A line is the set x − y = k for a multiple k of gap; it crosses the
	// rectangle for k from x0 − y1 to x1 − y0.
	for k := vg.Length(math.Ceil(float64((x0-y1)/gap))) * gap; k <= x1-y0; k += gap {
		xa, xb := max(x0, y0+k), min(x1, y1+k)
		if xb <= xa {
			continue
		}
		line := []vg.Point{{X: xa, Y: xa - k}, {X: xb, Y: xb - k}}
		if clip {
			c.StrokeLines(sty, c.ClipLinesXY(line)...)
		} else {
			c.StrokeLines(sty, line)
		}
	}
}

// hatchColor is the colour of the hatching over a fill: white on dark
// fills, dark grey on light ones, so that it shows in greyscale too.
func hatchColor(fill color.Color) color.Color {
	if fill == nil || luminance(fill) >= 0.5 {
		return withAlpha(inkColor, 0.55)
	}
	return withAlpha(color.RGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}, 0.85)
}

// weightLegend is the legend entry of the hatching that marks a model
// weight's bars.
const weightLegend = "Hatched: a model weight"

// weightDescription is the sentence a chart's description adds when it
// shows model weights.
const weightDescription = "Hatched bars are the model's weights (its coefficients, thresholds and noise scales), each drawn over its prior range; the others are the scenario's inputs."

// weightFill is the thumbnail of that entry.
var weightFill = fill{Color: color.RGBA{R: 0xd9, G: 0xd9, B: 0xd9, A: 0xff}, Hatch: hatchColor(color.White)}

// interval is an estimate with its interval on a row: Y is the row's
// position, Lo ≤ Mid ≤ Hi along x.
type interval struct {
	Y, Lo, Mid, Hi float64
}

// whiskers draws horizontal intervals with end caps and a glyph at the
// estimate: the marks of a dot-and-whisker chart. It implements
// plot.Plotter, plot.DataRanger and plot.Thumbnailer.
type whiskers struct {
	Points []interval
	Line   draw.LineStyle
	Glyph  draw.GlyphStyle
	// Cap is the height of the end caps; zero draws none.
	Cap vg.Length
}

func (w *whiskers) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for _, pt := range w.Points {
		y := trY(pt.Y)
		lo, hi := trX(pt.Lo), trX(pt.Hi)
		c.StrokeLines(w.Line, c.ClipLinesXY([]vg.Point{{X: lo, Y: y}, {X: hi, Y: y}})...)
		if w.Cap > 0 {
			for _, x := range []vg.Length{lo, hi} {
				c.StrokeLines(w.Line, c.ClipLinesXY([]vg.Point{{X: x, Y: y - w.Cap/2}, {X: x, Y: y + w.Cap/2}})...)
			}
		}
		c.DrawGlyph(w.Glyph, vg.Point{X: trX(pt.Mid), Y: y})
	}
}

func (w *whiskers) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, ymin = math.Inf(1), math.Inf(1)
	xmax, ymax = math.Inf(-1), math.Inf(-1)
	for _, pt := range w.Points {
		xmin, xmax = math.Min(xmin, pt.Lo), math.Max(xmax, pt.Hi)
		ymin, ymax = math.Min(ymin, pt.Y), math.Max(ymax, pt.Y)
	}
	return xmin, xmax, ymin, ymax
}

// Thumbnail draws a short whisker with the glyph in the middle.
func (w *whiskers) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	x0, x1 := c.Min.X+vg.Points(1), c.Max.X-vg.Points(1)
	c.StrokeLine2(w.Line, x0, y, x1, y)
	if w.Cap > 0 {
		h := min(w.Cap/2, (c.Max.Y-c.Min.Y)/2)
		c.StrokeLine2(w.Line, x0, y-h, x0, y+h)
		c.StrokeLine2(w.Line, x1, y-h, x1, y+h)
	}
	c.DrawGlyph(w.Glyph, c.Center())
}

// refLine is a reference line across the data area: vertical at X when
// Vertical is set, horizontal at Y otherwise. It has no data range of its
// own: set the axis to include it.
type refLine struct {
	Vertical bool
	At       float64
	Style    draw.LineStyle
}

func (l *refLine) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	if l.Vertical {
		if l.At < p.X.Min || l.At > p.X.Max {
			return
		}
		x := trX(l.At)
		c.StrokeLine2(l.Style, x, c.Min.Y, x, c.Max.Y)
		return
	}
	if l.At < p.Y.Min || l.At > p.Y.Max {
		return
	}
	y := trY(l.At)
	c.StrokeLine2(l.Style, c.Min.X, y, c.Max.X, y)
}

// Thumbnail draws the line across the legend icon (horizontally, whatever
// its direction in the plot).
func (l *refLine) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(l.Style, c.Min.X, y, c.Max.X, y)
}

// verticalGrid returns light vertical grid lines at the major x ticks.
func verticalGrid() plot.Plotter {
	return xGridLines{style: draw.LineStyle{Color: gridColor, Width: vg.Points(0.5)}}
}

type xGridLines struct{ style draw.LineStyle }

func (g xGridLines) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	for _, t := range p.X.Tick.Marker.Ticks(p.X.Min, p.X.Max) {
		if t.IsMinor() || t.Value < p.X.Min || t.Value > p.X.Max {
			continue
		}
		x := trX(t.Value)
		c.StrokeLine2(g.style, x, c.Min.Y, x, c.Max.Y)
	}
}

// rowGuides draws a faint horizontal line along each row of a row chart,
// so that the eye can follow a row from its label to its marks.
type rowGuides struct {
	N int
	// Offset moves the lines off the rows' centres, in rows.
	Offset float64
	Style  draw.LineStyle
}

func (g rowGuides) Plot(c draw.Canvas, p *plot.Plot) {
	_, trY := p.Transforms(&c)
	for i := range g.N {
		y := trY(float64(i) + g.Offset)
		c.StrokeLine2(g.Style, c.Min.X, y, c.Max.X, y)
	}
}

// rowY is the y position of row i of n, the first row at the top.
func rowY(i, n int) float64 { return float64(n - 1 - i) }

// rowAxis makes the y axis of p a list of named rows, names[0] at the top,
// one unit apart, without ticks or axis line.
func rowAxis(p *plot.Plot, names []string) { rowAxisAt(p, names, 0) }

// rowAxisAt is rowAxis with the names offset from the rows' centres, in
// rows, to stand level with marks drawn off centre.
func rowAxisAt(p *plot.Plot, names []string, offset float64) {
	n := len(names)
	ticks := make([]plot.Tick, n)
	for i, name := range names {
		ticks[i] = plot.Tick{Value: rowY(i, n) + offset, Label: name}
	}
	p.Y.Tick.Marker = plot.ConstantTicks(ticks)
	p.Y.Tick.Length = 0
	p.Y.LineStyle.Width = 0
	p.Y.Min, p.Y.Max = -0.6, float64(n)-0.4
}

// rowLabelWidth is the width of the widest row label.
func rowLabelWidth(p *plot.Plot, names []string) vg.Length {
	var w vg.Length
	for _, n := range names {
		w = max(w, p.Y.Tick.Label.Width(n))
	}
	return w
}

// rowDataWidth estimates the width of the data area of a row chart, whose
// y tick labels are the row names rather than the short numbers that
// Chart.dataSize assumes.
func (ch *Chart) rowDataWidth(o Options, names []string) vg.Length {
	w, _ := ch.dataSize(o)
	return w + vg.Points(estYTicksPt) - rowLabelWidth(ch.Plot, names) - ch.Plot.Y.Tick.Label.Width(" ")
}

// Dash patterns that tell lines apart in greyscale, in the order to use
// them: solid, dashed, dotted, dash-dot.
var dashPatterns = [][]vg.Length{
	nil,
	{vg.Points(5), vg.Points(2.5)},
	{vg.Points(1.2), vg.Points(1.8)},
	{vg.Points(6), vg.Points(2), vg.Points(1.2), vg.Points(2)},
}

// glyphShapes tell series apart in greyscale, in the order to use them:
// the filled shapes first, which stay legible with a line through them.
var glyphShapes = []draw.GlyphDrawer{
	draw.CircleGlyph{}, draw.BoxGlyph{}, draw.PyramidGlyph{},
	draw.RingGlyph{}, draw.SquareGlyph{}, draw.TriangleGlyph{}, draw.CrossGlyph{}, draw.PlusGlyph{},
}

// seriesColor is the colour of the i-th scenario in the comparison charts:
// the Okabe–Ito palette without yellow, too faint for a line on white, and
// black, which is kept for totals.
func seriesColor(i int) color.RGBA {
	pal := [...]color.RGBA{OkabeIto[0], OkabeIto[1], OkabeIto[2], OkabeIto[3], OkabeIto[4], OkabeIto[5]}
	if i < 0 {
		i = -i
	}
	return pal[i%len(pal)]
}

// termColor is the colour of the i-th term line of ContributionLines: the
// Okabe–Ito palette without vermillion, kept for the reference line, and
// without yellow and black. Five colours against four dash patterns give
// twenty distinct lines.
func termColor(i int) color.RGBA {
	pal := [...]color.RGBA{OkabeIto[0], OkabeIto[2], OkabeIto[3], OkabeIto[4], OkabeIto[5]}
	if i < 0 {
		i = -i
	}
	return pal[i%len(pal)]
}

// Colours of the bar charts.
var (
	// raiseColor and lowerColor fill waterfall steps that raise or lower the
	// total: Okabe–Ito blue and orange, about 87 and 162 in greyscale.
	raiseColor = OkabeIto[0]
	lowerColor = OkabeIto[3]
	// totalColor fills the total bar of a waterfall (about 38 in greyscale,
	// and drawn apart in the bottom row).
	totalColor = color.RGBA{R: 0x26, G: 0x26, B: 0x26, A: 0xff}
	// neutralFill is a light grey for a category that belongs to no series.
	neutralFill = color.RGBA{R: 0xCF, G: 0xCF, B: 0xCF, A: 0xff}
	// barBorder outlines bars so that light fills stay visible on white.
	barBorder = draw.LineStyle{Color: color.RGBA{R: 0x80, G: 0x80, B: 0x80, A: 0xff}, Width: vg.Points(0.4)}
)

// minus is the typographic minus sign (PDF output prints it as "-").
const minus = "−"

// signed formats v with dec decimals and an explicit sign: "+1.46", "−0.27",
// "0.00".
func signed(v float64, dec int) string {
	s := strconv.FormatFloat(math.Abs(v), 'f', dec, 64)
	if strings.Trim(s, "0.") == "" {
		return s
	}
	if v < 0 {
		return minus + s
	}
	return "+" + s
}

// number formats v with dec decimals and a typographic minus sign.
func number(v float64, dec int) string {
	s := strconv.FormatFloat(math.Abs(v), 'f', dec, 64)
	if v < 0 && strings.Trim(s, "0.") != "" {
		return minus + s
	}
	return s
}

// plainLinearTicks marks multiples of step with numbers printed with a
// typographic minus sign.
func plainLinearTicks(step float64) linearTicks {
	dec := decimals(step)
	return linearTicks{Step: step, Format: func(v float64) string { return number(v, dec) }}
}

// valueAxis sets a to a round range from lo to hi (which it widens to
// round steps) in about n intervals, and returns the step.
func valueAxis(a *plot.Axis, lo, hi float64, n int) float64 {
	if !(hi > lo) {
		lo, hi = lo-0.5, hi+0.5
	}
	step := niceStep(hi-lo, n)
	a.Min = math.Floor(lo/step+1e-9) * step
	a.Max = math.Ceil(hi/step-1e-9) * step
	a.Tick.Marker = plainLinearTicks(step)
	return step
}

// fitLabel reports whether labels as wide as w fit in slots of width slot.
func fitLabel(w, slot vg.Length) bool { return w+vg.Points(3) <= slot }

var (
	_ plot.Plotter     = (*rects)(nil)
	_ plot.DataRanger  = (*rects)(nil)
	_ plot.Plotter     = (*whiskers)(nil)
	_ plot.DataRanger  = (*whiskers)(nil)
	_ plot.Thumbnailer = (*whiskers)(nil)
	_ plot.Thumbnailer = (*refLine)(nil)
	_ plot.Thumbnailer = fill{}
)

// rowsFit reports whether the data area of a row chart, about dataH high,
// has room for n rows of rowPt points each. If not, it turns ch into an
// Empty chart whose note says how tall to make it, rather than draw rows
// on top of each other.
func (ch *Chart) rowsFit(o Options, n int, rowPt float64, dataH vg.Length) bool {
	need := vg.Length(n) * vg.Points(rowPt)
	if dataH >= need {
		return true
	}
	tall := (o.Height + need - dataH) / vg.Centimeter
	ch.Empty = true
	ch.Note = fmt.Sprintf("Too little room for %d rows: make the chart at least %.0f cm tall", n, math.Ceil(float64(tall)))
	emptyRows(ch.Plot)
	return false
}

// emptyRows gives a row chart with nothing to draw one blank row, with a
// label wide enough for the x axis's first tick label to stay on the page.
func emptyRows(p *plot.Plot) { rowAxis(p, []string{"        "}) }

// minDataPt is the least height of the data area of a chart over years, in
// points.
const minDataPt = 40

// roomFor reports whether the data area, about dataH high, is at least
// minDataPt high. If not (a small page with a long legend, say), it turns
// ch into an Empty chart whose note says how tall to make it.
func (ch *Chart) roomFor(o Options, dataH vg.Length) bool {
	if dataH >= vg.Points(minDataPt) {
		return true
	}
	tall := (o.Height + vg.Points(minDataPt) - dataH) / vg.Centimeter
	ch.Empty = true
	what := "the chart"
	if len(ch.Legend) > 0 {
		what = "the chart and its legend"
	}
	ch.Note = fmt.Sprintf("Too little room for %s: make it at least %.0f cm tall", what, math.Ceil(float64(tall)))
	return false
}
