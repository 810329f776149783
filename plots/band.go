package plots

import (
	"errors"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Band fills the area between two curves, such as a confidence interval or a
// quantile band. It implements plot.Plotter, plot.DataRanger and
// plot.Thumbnailer.
type Band struct {
	// Top and Bottom are the edges of the band, each ordered by x. They
	// need not share x values.
	Top, Bottom plotter.XYs
	// Color fills the band; nil draws no fill.
	Color color.Color
	// LineStyle strokes both edges; a zero width draws no edges.
	draw.LineStyle
}

// NewBand returns a band filled with fill between top and bottom. It returns
// an error if either edge is empty or holds NaN or infinite values.
func NewBand(fill color.Color, top, bottom plotter.XYer) (*Band, error) {
	if top == nil || bottom == nil || top.Len() == 0 || bottom.Len() == 0 {
		return nil, errors.New("plots: band edge has no points")
	}
	t, err := plotter.CopyXYs(top)
	if err != nil {
		return nil, err
	}
	b, err := plotter.CopyXYs(bottom)
	if err != nil {
		return nil, err
	}
	return &Band{Top: t, Bottom: b, Color: fill}, nil
}

// Plot draws the band: the polygon top ++ reverse(bottom), then the edges.
func (b *Band) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	top := make([]vg.Point, len(b.Top))
	for i, xy := range b.Top {
		top[i] = vg.Point{X: trX(xy.X), Y: trY(xy.Y)}
	}
	bottom := make([]vg.Point, len(b.Bottom))
	for i, xy := range b.Bottom {
		bottom[i] = vg.Point{X: trX(xy.X), Y: trY(xy.Y)}
	}
	if b.Color != nil {
		poly := make([]vg.Point, 0, len(top)+len(bottom))
		poly = append(poly, top...)
		for i := len(bottom) - 1; i >= 0; i-- {
			poly = append(poly, bottom[i])
		}
		c.FillPolygon(b.Color, c.ClipPolygonXY(poly))
	}
	if b.LineStyle.Width > 0 && b.LineStyle.Color != nil {
		c.StrokeLines(b.LineStyle, c.ClipLinesXY(top, bottom)...)
	}
}

// DataRange returns the range of both edges.
func (b *Band) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, ymin = math.Inf(1), math.Inf(1)
	xmax, ymax = math.Inf(-1), math.Inf(-1)
	for _, e := range []plotter.XYs{b.Top, b.Bottom} {
		for _, xy := range e {
			xmin, xmax = math.Min(xmin, xy.X), math.Max(xmax, xy.X)
			ymin, ymax = math.Min(ymin, xy.Y), math.Max(ymax, xy.Y)
		}
	}
	return xmin, xmax, ymin, ymax
}

// Thumbnail draws a filled rectangle for the legend.
func (b *Band) Thumbnail(c *draw.Canvas) {
	if b.Color == nil {
		return
	}
	c.FillPolygon(b.Color, []vg.Point{
		{X: c.Min.X, Y: c.Min.Y}, {X: c.Max.X, Y: c.Min.Y},
		{X: c.Max.X, Y: c.Max.Y}, {X: c.Min.X, Y: c.Max.Y},
	})
}

var (
	_ plot.Plotter     = (*Band)(nil)
	_ plot.DataRanger  = (*Band)(nil)
	_ plot.Thumbnailer = (*Band)(nil)
)
