package plots

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// This file holds the small plotters the charts are made of, in the manner
// of go-hep's hplot: each draws one kind of mark on a gonum plot.

// Band fills the area between two curves, such as a confidence interval or
// a quantile band. It implements plot.Plotter, plot.DataRanger and
// plot.Thumbnailer.
type Band struct {
	// Top and Bottom are the edges, each ordered by x; they need not share
	// x values.
	Top, Bottom plotter.XYs
	// Color fills the band; nil draws no fill.
	Color color.Color
}

// Plot fills the polygon top ++ reverse(bottom).
func (b *Band) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	poly := make([]vg.Point, 0, len(b.Top)+len(b.Bottom))
	for _, xy := range b.Top {
		poly = append(poly, vg.Point{X: trX(xy.X), Y: trY(xy.Y)})
	}
	for i := len(b.Bottom) - 1; i >= 0; i-- {
		poly = append(poly, vg.Point{X: trX(b.Bottom[i].X), Y: trY(b.Bottom[i].Y)})
	}
	if b.Color != nil && len(poly) > 0 {
		c.FillPolygon(b.Color, c.ClipPolygonXY(poly))
	}
}

// DataRange returns the range of both edges.
func (b *Band) DataRange() (xmin, xmax, ymin, ymax float64) {
	return plotter.XYRange(append(append(plotter.XYs{}, b.Top...), b.Bottom...))
}

// Thumbnail fills the legend icon.
func (b *Band) Thumbnail(c *draw.Canvas) { fill{Color: b.Color}.Thumbnail(c) }

// widen turns a one-point series into a flat segment 0.6 years wide centred
// on the point, so that areas and bands of a one-year horizon stay visible.
func widen(xys plotter.XYs) plotter.XYs {
	if len(xys) != 1 {
		return xys
	}
	p := xys[0]
	return plotter.XYs{{X: p.X - 0.3, Y: p.Y}, {X: p.X + 0.3, Y: p.Y}}
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
		x0, x1, y0, y1 := trX(b.X0), trX(b.X1), trY(b.Y0), trY(b.Y1)
		pts := []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}}
		if b.Fill != nil {
			c.FillPolygon(b.Fill, c.ClipPolygonXY(pts))
		}
		if b.Hatch != nil {
			hatch(&c, vg.Rectangle{Min: pts[0], Max: pts[2]}, b.Hatch, true)
		}
		if r.Border.Width > 0 {
			c.StrokeLines(r.Border, c.ClipLinesXY(append(pts, pts[0]))...)
		}
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
		line := []vg.Point{{X: xa, Y: xa - k}, {X: xb, Y: xb - k}}
		switch {
		case xb <= xa:
		case clip:
			c.StrokeLines(sty, c.ClipLinesXY(line)...)
		default:
			c.StrokeLines(sty, line)
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
	for _, l := range lines {
		if clip {
			c.StrokeLines(w.Line, c.ClipLinesXY(l)...)
		} else {
			c.StrokeLines(w.Line, l)
		}
	}
}

func (w *whiskers) DataRange() (xmin, xmax, ymin, ymax float64) {
	var xys plotter.XYs
	for _, pt := range w.Points {
		xys = append(xys, plotter.XY{X: pt.Lo, Y: pt.Y}, plotter.XY{X: pt.Hi, Y: pt.Y})
	}
	return plotter.XYRange(xys)
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

// gridLines draws light grid lines at the major ticks of the x axis
// (vertical) or the y axis.
type gridLines struct{ vertical bool }

var gridStyle = lineStyle(gridColor, 0.5)

func (g gridLines) Plot(c draw.Canvas, p *plot.Plot) {
	a, tr := &p.Y, func(v float64) vg.Length { _, y := p.Transforms(&c); return y(v) }
	if g.vertical {
		a, tr = &p.X, func(v float64) vg.Length { x, _ := p.Transforms(&c); return x(v) }
	}
	for _, t := range a.Tick.Marker.Ticks(a.Min, a.Max) {
		if t.IsMinor() || t.Value < a.Min || t.Value > a.Max {
			continue
		}
		if v := tr(t.Value); g.vertical {
			c.StrokeLine2(gridStyle, v, c.Min.Y, v, c.Max.Y)
		} else {
			c.StrokeLine2(gridStyle, c.Min.X, v, c.Max.X, v)
		}
	}
}

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
