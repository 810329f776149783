package plots

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// This file holds the marks of the analysis charts: a sequential palette,
// a downward triangle glyph and labels placed next to points without
// overlapping each other.

// viridisAnchors are nine evenly spaced colours of matplotlib's viridis
// map (van der Walt & Smith), from dark purple to yellow: perceptually
// uniform, readable by the colour-blind, and monotone in lightness, so it
// also reads in greyscale.
var viridisAnchors = [...]color.RGBA{
	{R: 0x44, G: 0x01, B: 0x54, A: 0xff},
	{R: 0x47, G: 0x2c, B: 0x7a, A: 0xff},
	{R: 0x3b, G: 0x51, B: 0x8b, A: 0xff},
	{R: 0x2c, G: 0x71, B: 0x8e, A: 0xff},
	{R: 0x21, G: 0x90, B: 0x8d, A: 0xff},
	{R: 0x27, G: 0xad, B: 0x81, A: 0xff},
	{R: 0x5c, G: 0xc8, B: 0x63, A: 0xff},
	{R: 0xaa, G: 0xdc, B: 0x32, A: 0xff},
	{R: 0xfd, G: 0xe7, B: 0x25, A: 0xff},
}

// sequentialColor is the colour of t in [0, 1] on a light-to-dark scale:
// viridis reversed, so that 0 is light yellow and 1 dark purple, and more
// reads as darker, as on the state ramp.
func sequentialColor(t float64) color.RGBA {
	if math.IsNaN(t) {
		t = 0
	}
	t = 1 - math.Max(0, math.Min(1, t))
	f := t * float64(len(viridisAnchors)-1)
	i := min(int(f), len(viridisAnchors)-2)
	u := f - float64(i)
	a, b := viridisAnchors[i], viridisAnchors[i+1]
	mix := func(x, y uint8) uint8 { return uint8(math.Round(float64(x) + u*(float64(y)-float64(x)))) }
	return color.RGBA{R: mix(a.R, b.R), G: mix(a.G, b.G), B: mix(a.B, b.B), A: 0xff}
}

// luminance is the relative greyscale value of c on a 0–1 scale
// (Rec. 709 weights on the sRGB values).
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	return (0.2126*float64(r) + 0.7152*float64(g) + 0.0722*float64(b)) / 0xffff
}

// textOn is the colour of text drawn on a fill: white on dark fills, ink
// on light ones.
func textOn(fill color.Color) color.Color {
	if luminance(fill) < 0.45 {
		return color.White
	}
	return inkColor
}

// downTriangle is a filled triangle pointing down: the glyph of an input
// that lowers the output, next to the upward PyramidGlyph of one that
// raises it.
type downTriangle struct{}

func (downTriangle) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	c.SetLineStyle(draw.LineStyle{Color: sty.Color, Width: vg.Points(0.5)})
	r := sty.Radius + (sty.Radius-sty.Radius*vg.Length(math.Sin(math.Pi/6)))/2
	var p vg.Path
	p.Move(vg.Point{X: pt.X, Y: pt.Y - r})
	p.Line(vg.Point{X: pt.X - r*vg.Length(math.Cos(math.Pi/6)), Y: pt.Y + r*vg.Length(math.Sin(math.Pi/6))})
	p.Line(vg.Point{X: pt.X + r*vg.Length(math.Cos(math.Pi/6)), Y: pt.Y + r*vg.Length(math.Sin(math.Pi/6))})
	p.Close()
	c.SetColor(sty.Color)
	c.Fill(p)
}

// hollowGlyph is a glyph drawn as an outline in its colour on white: the
// Morris chart's mark of a model weight, beside the filled marks of the
// scenario's inputs. Dir is the direction whose shape it takes
// (morrisRaises: a triangle up, morrisLowers: down, morrisMixed: a
// circle), at the size of the filled glyph.
type hollowGlyph struct{ Dir int }

func (g hollowGlyph) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	var p vg.Path
	switch g.Dir {
	case morrisRaises, morrisLowers:
		r := sty.Radius + (sty.Radius-sty.Radius*vg.Length(math.Sin(math.Pi/6)))/2
		up := vg.Length(1)
		if g.Dir == morrisLowers {
			up = -1
		}
		cos, sin := r*vg.Length(math.Cos(math.Pi/6)), r*vg.Length(math.Sin(math.Pi/6))
		p.Move(vg.Point{X: pt.X, Y: pt.Y + up*r})
		p.Line(vg.Point{X: pt.X - cos, Y: pt.Y - up*sin})
		p.Line(vg.Point{X: pt.X + cos, Y: pt.Y - up*sin})
		p.Close()
	default:
		p.Move(vg.Point{X: pt.X + sty.Radius, Y: pt.Y})
		p.Arc(pt, sty.Radius, 0, 2*math.Pi)
		p.Close()
	}
	c.SetColor(color.White)
	c.Fill(p)
	c.SetLineStyle(draw.LineStyle{Color: sty.Color, Width: vg.Points(1.2)})
	c.Stroke(p)
}

// pointLabel is a text label for the point (X, Y) in data units.
type pointLabel struct {
	X, Y float64
	Text string
}

// pointLabels draws labels next to their points, most important first.
// Each goes to the nearest free position around its point: next to it on
// the right or the left if there is room, otherwise further out in one of
// sixteen directions, with a thin leader line from the point. A position
// is free when it is inside the data area, overlaps no label already
// placed and no point in Avoid, and its leader crosses neither. A label
// with no free position within reach is left out; Placed counts the
// labels drawn at the last Plot. Labels whose points nearly coincide on
// the page share one label, a line each.
type pointLabels struct {
	Labels []pointLabel
	Style  text.Style
	// Avoid are the points (in data units) that labels must not cover,
	// such as every point of the scatter; Radius is their size.
	Avoid  []pointLabel
	Radius vg.Length
	// Halo, when set, fills a box behind each label.
	Halo color.Color
	// Angles, when set, are the directions (in degrees, 0 to the right,
	// 90 up) to try, in order of preference; nil means right, left, then
	// the others alternating around the horizontal.
	Angles []float64
	// AnglesFirst tries every distance in the first direction before the
	// next direction; by default every direction is tried at the nearest
	// distance first.
	AnglesFirst bool
	Placed      int
}

// defaultLabelAngles are the directions pointLabels tries: right, left,
// then the others alternating around the horizontal.
var defaultLabelAngles = []float64{0, 180, 22.5, -22.5, 157.5, -157.5, 45, -45, 135, -135, 67.5, -67.5, 112.5, -112.5, 90, -90}

// labelReachPt is how far from its point a label may go, in points.
const labelReachPt = 160

func (pl *pointLabels) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	var points []vg.Rectangle
	r := pl.Radius
	for _, a := range pl.Avoid {
		pt := vg.Point{X: trX(a.X), Y: trY(a.Y)}
		points = append(points, vg.Rectangle{Min: vg.Point{X: pt.X - r, Y: pt.Y - r}, Max: vg.Point{X: pt.X + r, Y: pt.Y + r}})
	}
	sty := pl.Style
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YBottom
	type placed struct {
		box    vg.Rectangle
		text   string
		pt     vg.Point
		leader bool
	}
	var done []placed
	var labelBoxes []vg.Rectangle
	// Directions in order of preference: right, left, then the others
	// alternating around the horizontal.
	angles := pl.Angles
	if len(angles) == 0 {
		angles = defaultLabelAngles
	}
	free := func(box vg.Rectangle, pt vg.Point, leader bool) bool {
		if box.Min.X < c.Min.X || box.Max.X > c.Max.X || box.Min.Y < c.Min.Y || box.Max.Y > c.Max.Y {
			return false
		}
		if overlapsAny(box, labelBoxes) || overlapsAny(box, points) {
			return false
		}
		if !leader {
			return true
		}
		end := nearestOnBox(pt, box)
		for _, o := range labelBoxes {
			if segmentCrosses(pt, end, o) {
				return false
			}
		}
		for _, o := range points {
			if ctr := (vg.Point{X: (o.Min.X + o.Max.X) / 2, Y: (o.Min.Y + o.Max.Y) / 2}); math.Hypot(float64(ctr.X-pt.X), float64(ctr.Y-pt.Y)) <= float64(2*r+vg.Points(4)) {
				continue // the label's own point, or one that shares its label
			}
			if segmentCrosses(pt, end, o) {
				return false
			}
		}
		return true
	}
	// Merge the labels of points that nearly coincide into the label of
	// the first (most important) of them, placed at their middle.
	type group struct {
		pt   vg.Point
		n    int
		text string
	}
	var groups []group
	for _, l := range pl.Labels {
		pt := vg.Point{X: trX(l.X), Y: trY(l.Y)}
		merged := false
		for g := range groups {
			q := groups[g].pt
			if math.Hypot(float64(pt.X-q.X), float64(pt.Y-q.Y)) <= float64(2*r+vg.Points(4)) {
				groups[g].text += "\n" + l.Text
				groups[g].n++
				merged = true
				break
			}
		}
		if !merged {
			groups = append(groups, group{pt: pt, n: 1, text: l.Text})
		}
	}
	for _, g := range groups {
		pt := g.pt
		w, h := sty.Width(g.text), sty.Height(g.text)
		near := r + vg.Points(2.5)
		var dists []vg.Length
		for dist := near; dist <= vg.Points(labelReachPt); dist += vg.Points(6) {
			dists = append(dists, dist)
		}
		try := func(dist vg.Length, a float64) bool {
			cos, sin := vg.Length(math.Cos(a*math.Pi/180)), vg.Length(math.Sin(a*math.Pi/180))
			anchor := vg.Point{X: pt.X + dist*cos, Y: pt.Y + dist*sin}
			ll := vg.Point{X: anchor.X - w*(1-cos)/2, Y: anchor.Y - h*(1-sin)/2}
			box := vg.Rectangle{Min: ll, Max: vg.Point{X: ll.X + w, Y: ll.Y + h}}
			leader := dist > near
			if !free(box, pt, leader) {
				return false
			}
			labelBoxes = append(labelBoxes, box)
			done = append(done, placed{box: box, text: g.text, pt: pt, leader: leader})
			return true
		}
		found := false
		if pl.AnglesFirst {
			for _, a := range angles {
				for _, dist := range dists {
					if found = try(dist, a); found {
						break
					}
				}
				if found {
					break
				}
			}
		} else {
			for _, dist := range dists {
				for _, a := range angles {
					if found = try(dist, a); found {
						break
					}
				}
				if found {
					break
				}
			}
		}
	}
	// Leaders first, then the labels over them.
	leader := draw.LineStyle{Color: axisColor, Width: vg.Points(0.5)}
	for _, d := range done {
		if d.leader {
			end := nearestOnBox(d.pt, d.box)
			c.StrokeLine2(leader, d.pt.X, d.pt.Y, end.X, end.Y)
		}
	}
	for _, d := range done {
		if pl.Halo != nil {
			b := d.box
			b.Min.X, b.Max.X = b.Min.X-vg.Points(1), b.Max.X+vg.Points(1)
			c.SetColor(pl.Halo)
			c.Fill(b.Path())
		}
		c.FillText(sty, d.box.Min, d.text)
	}
	pl.Placed = len(done)
}

// segmentCrosses reports whether the segment from a to b passes through
// the rectangle r (sampled every point or so).
func segmentCrosses(a, b vg.Point, r vg.Rectangle) bool {
	n := int(math.Ceil(float64(math.Hypot(float64(b.X-a.X), float64(b.Y-a.Y))))) + 1
	for i := 0; i <= n; i++ {
		t := vg.Length(float64(i) / float64(n))
		x, y := a.X+t*(b.X-a.X), a.Y+t*(b.Y-a.Y)
		if r.Min.X < x && x < r.Max.X && r.Min.Y < y && y < r.Max.Y {
			return true
		}
	}
	return false
}

// overlapsAny reports whether r overlaps any of rs, with a small margin.
func overlapsAny(r vg.Rectangle, rs []vg.Rectangle) bool {
	m := vg.Points(1)
	for _, o := range rs {
		if r.Min.X < o.Max.X+m && o.Min.X < r.Max.X+m && r.Min.Y < o.Max.Y+m && o.Min.Y < r.Max.Y+m {
			return true
		}
	}
	return false
}

// nearestOnBox is the point of the rectangle r nearest to p.
func nearestOnBox(p vg.Point, r vg.Rectangle) vg.Point {
	return vg.Point{X: max(r.Min.X, min(p.X, r.Max.X)), Y: max(r.Min.Y, min(p.Y, r.Max.Y))}
}

// haloText is a text label centred on a data point, drawn over a filled
// box (a halo) so that a line under it does not cross it.
type haloText struct {
	X, Y  float64
	Text  string
	Style text.Style
	Halo  color.Color
	// Border, when its width is set, outlines the halo box.
	Border draw.LineStyle
}

func (h *haloText) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	pt := vg.Point{X: trX(h.X), Y: trY(h.Y)}
	sty := h.Style
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
	r := sty.Rectangle(h.Text).Add(pt)
	pad := vg.Points(1.5)
	r.Min, r.Max = r.Min.Sub(vg.Point{X: pad, Y: pad / 2}), r.Max.Add(vg.Point{X: pad, Y: pad / 2})
	// Keep the label inside the data area.
	shift := vg.Point{}
	if d := c.Min.X - r.Min.X; d > 0 {
		shift.X = d
	}
	if d := r.Max.X - c.Max.X; d > 0 {
		shift.X = -d
	}
	if d := c.Min.Y - r.Min.Y; d > 0 {
		shift.Y = d
	}
	if d := r.Max.Y - c.Max.Y; d > 0 {
		shift.Y = -d
	}
	r, pt = r.Add(shift), pt.Add(shift)
	if h.Halo != nil {
		c.SetColor(h.Halo)
		c.Fill(r.Path())
	}
	if h.Border.Width > 0 {
		c.SetLineStyle(h.Border)
		c.Stroke(r.Path())
	}
	c.FillText(sty, pt, h.Text)
}

var (
	_ draw.GlyphDrawer = downTriangle{}
	_ plot.Plotter     = (*pointLabels)(nil)
	_ plot.Plotter     = (*haloText)(nil)
)
