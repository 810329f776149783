package plots

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// pointLabels draws labels next to their points, most important first.
// Each goes to the nearest free position around its point: beside it if
// there is room, otherwise further out in one of sixteen directions, with a
// thin leader line from the point. A position is free when it is inside the
// data area and overlaps no label already placed and no point in Avoid,
// and its leader crosses neither. A label with no free position within
// reach is left out. Labels whose points nearly coincide share one label,
// a line each.
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
	trX, trY := p.Transforms(&c)
	page := func(l pointLabel) vg.Point { return vg.Point{X: trX(l.X), Y: trY(l.Y)} }
	var points []vg.Rectangle
	for _, a := range pl.Avoid {
		pt, r := page(a), vg.Point{X: pl.Radius, Y: pl.Radius}
		points = append(points, vg.Rectangle{Min: pt.Sub(r), Max: pt.Add(r)})
	}
	sty := pl.Style
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YBottom
	var done []placedLabel
	for _, g := range pl.groups(page) {
		if l, ok := pl.place(&c, sty, g, points, done); ok {
			done = append(done, l)
		}
	}
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

// near reports whether two points on the page nearly coincide.
func (pl *pointLabels) near(a, b vg.Point) bool {
	return math.Hypot(float64(a.X-b.X), float64(a.Y-b.Y)) <= float64(2*pl.Radius+vg.Points(4))
}

// groups merges the labels of points that nearly coincide into the label
// of the first (most important) of them.
func (pl *pointLabels) groups(page func(pointLabel) vg.Point) []placedLabel {
	var gs []placedLabel
outer:
	for _, l := range pl.Labels {
		pt := page(l)
		for g := range gs {
			if pl.near(pt, gs[g].pt) {
				gs[g].text += "\n" + l.Text
				continue outer
			}
		}
		gs = append(gs, placedLabel{pt: pt, text: l.Text})
	}
	return gs
}

// place finds the first free position for g, in the order of pl's angles
// and distances.
func (pl *pointLabels) place(c *draw.Canvas, sty text.Style, g placedLabel, points []vg.Rectangle, done []placedLabel) (placedLabel, bool) {
	angles := pl.Angles
	if len(angles) == 0 {
		angles = defaultLabelAngles
	}
	w, h := sty.Width(g.text), sty.Height(g.text)
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
		if pl.free(c, g, points, done) {
			return g, true
		}
	}
	return g, false
}

// free reports whether a label may go at g.box: inside the data area,
// clear of the labels placed and of the points, and its leader too.
func (pl *pointLabels) free(c *draw.Canvas, g placedLabel, points []vg.Rectangle, done []placedLabel) bool {
	b := g.box
	if b.Min.X < c.Min.X || b.Max.X > c.Max.X || b.Min.Y < c.Min.Y || b.Max.Y > c.Max.Y {
		return false
	}
	end := nearestOnBox(g.pt, b)
	for _, d := range done {
		if overlaps(b, d.box) || g.leader && segmentCrosses(g.pt, end, d.box) {
			return false
		}
	}
	for _, o := range points {
		if overlaps(b, o) {
			return false
		}
		// The label's own point, or one that shares its label, may lie
		// under the leader.
		ctr := vg.Point{X: (o.Min.X + o.Max.X) / 2, Y: (o.Min.Y + o.Max.Y) / 2}
		if g.leader && !pl.near(ctr, g.pt) && segmentCrosses(g.pt, end, o) {
			return false
		}
	}
	return true
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
