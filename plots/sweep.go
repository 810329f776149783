package plots

import (
	"fmt"
	"image/color"
	"math"
	"sort"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/alliancesim/alliancesim/internal/format"
	"github.com/alliancesim/alliancesim/study"
)

// sweepText starts the text of a sweep chart: the output named
// ("P(alliance by <horizon>)" when info does not), the scenario and seed
// of the sweep, and the caption describing the design, "4,000 draws at
// each of 56 points (8 × 7), common random numbers".
func sweepText(res *study.SweepResult, info AnalysisInfo, o Options) (AnalysisInfo, string, chartText) {
	info.Scenario, info.Seed = orDefault(info.Scenario, res.Scenario), res.Seed
	out := info.Output
	if out == "" {
		out = "P(alliance by the horizon)"
		if res.Horizon > 0 {
			out = fmt.Sprintf("P(alliance by %d)", res.Horizon)
		}
	}
	draws := res.Draws
	if info.Draws > 0 {
		draws = int64(info.Draws)
	}
	what := fmt.Sprintf("%d %s", len(res.Points), plural(len(res.Points), "point", "points"))
	if len(res.Axes) == 2 {
		what = fmt.Sprintf("%d points (%d × %d)", len(res.Points), res.Axes[0].Steps, res.Axes[1].Steps)
	}
	if draws > 0 {
		what = format.Thousands(draws) + " draws at each of " + what
	}
	return info, out, chartText{caption: info.caption("Sweep: "+what+", common random numbers", o)}
}

// sweepPointOK reports whether a sweep point has runs and a sane estimate.
func sweepPointOK(pt study.SweepPoint, axes int) bool {
	return len(pt.X) == axes && finite(pt.X...) && validProportion(pt.P)
}

// sweepCurveData is the valid points of a one-axis sweep in order of the
// swept value, and the notes on what was left out.
func sweepCurveData(res *study.SweepResult, out string) (e estimate, notes []string) {
	var pts []study.SweepPoint
	for _, pt := range res.Points {
		if sweepPointOK(pt, 1) {
			pts = append(pts, pt)
		}
	}
	sort.SliceStable(pts, func(a, b int) bool { return pts[a].X[0] < pts[b].X[0] })
	flat := true
	for _, pt := range pts {
		e.add(pt.X[0], pt.P)
		flat = flat && pt.P.P == pts[0].P.P
	}
	switch {
	case len(res.Points) == 0:
		notes = append(notes, "No sweep points: nothing to plot")
	case len(pts) == 0:
		notes = append(notes, "No sweep point has a valid estimate: nothing to plot")
	case len(pts) < len(res.Points):
		notes = append(notes, fmt.Sprintf("%d of %d points left out: no runs or invalid values", len(res.Points)-len(pts), len(res.Points)))
	}
	if len(pts) > 1 && flat {
		notes = append(notes, fmt.Sprintf("%s does not change across the sweep", out))
	}
	return e, notes
}

// SweepCurve draws a one-axis sweep: P(alliance by the horizon) against
// the swept value, with its 95% Wilson interval as a band, the y axis from
// 0. The x axis is labelled with the readable label of the swept key. The
// subtitle gives the values at both ends of the sweep.
func SweepCurve(res *study.SweepResult, info AnalysisInfo, o Options) (*Chart, error) {
	if res == nil {
		return nil, errNilSweep
	}
	if len(res.Axes) != 1 {
		return nil, fmt.Errorf("plots: SweepCurve draws a sweep of one axis, this one has %d (use SweepHeatMap for two)", len(res.Axes))
	}
	o, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	info, out, t := sweepText(res, info, o)
	ax := res.Axes[0]
	xl := info.label(ax.Key)
	t.title, t.x, t.y = out+" as "+xl+" varies: "+info.scenario(), info.standalone(ax.Key), "Probability"
	t.desc = fmt.Sprintf("%s at each value of %s, every other input keeping its uncertainty, with its 95%% interval as a shaded band. "+
		"All points use the same random draws, so differences between neighbouring points reflect the swept value, not chance.", out, xl)
	e, notes := sweepCurveData(res, out)
	if len(e.Est) > 1 {
		t.subtitles = []string{fmt.Sprintf("From %s at %s to %s at %s", proportionLabel(e.First), inputValue(e.Est[0].X),
			proportionLabel(e.Last), inputValue(e.LastX))}
	}
	ch, p := newChart(t)
	ch.Note, ch.Empty = joinNotes(notes), len(e.Est) == 0
	xlo, xhi := math.Min(ax.From, ax.To), math.Max(ax.From, ax.To)
	if len(e.Est) > 0 {
		xlo, xhi = math.Min(xlo, e.Est[0].X), math.Max(xhi, e.LastX)
	}
	if !finite(xlo, xhi) {
		xlo, xhi = 0, 1
	}
	c := accentCurve().set(e, 0.01*(xhi-xlo))
	c.line.XYs = e.Est
	c.legend(ch, "Estimate")
	ch.AddLegend("95% interval", c.band)
	p.Y.Padding = vg.Points(6) // the first and last points stay off the axis
	w, h, ok := ch.fit(o, vg.Points(80), 0, 0)
	if !ok {
		probabilityAxis(&p.Y, 0.01, yIntervals(h))
		axisTicks(&p.X, xlo, xhi, 5)
		return ch, nil
	}
	p.Add(gridLines{}, gridLines{vertical: true}, c.band, c.line, c.pts)
	probabilityAxis(&p.Y, math.Max(0.01, e.top()*1.08), yIntervals(h))
	axisTicks(&p.X, xlo, xhi, intervals(w, 50, 8))
	return ch, nil
}

// sweepGrid is a two-axis sweep as a grid: column c is the c-th value of
// the first axis in increasing order, row r the r-th of the second; a
// missing or invalid point is NaN. It implements plotter.GridXYZ, so that
// gonum's HeatMap and Contour draw it.
type sweepGrid struct {
	xs, ys []float64
	z      [][]float64 // z[c][r]
}

func (g *sweepGrid) Dims() (c, r int)   { return len(g.xs), len(g.ys) }
func (g *sweepGrid) Z(c, r int) float64 { return g.z[c][r] }
func (g *sweepGrid) X(c int) float64    { return g.xs[c] }
func (g *sweepGrid) Y(r int) float64    { return g.ys[r] }

// newSweepGrid lays the row-major points of a two-axis sweep (the last axis
// fastest) out on a grid with both axes increasing, and counts the invalid
// points. The number of points must match the axes.
func newSweepGrid(res *study.SweepResult) (*sweepGrid, int, error) {
	a0, a1 := res.Axes[0], res.Axes[1]
	if a0.Steps < 1 || a1.Steps < 1 || len(res.Points) != a0.Steps*a1.Steps {
		return nil, 0, fmt.Errorf("plots: the sweep has %d points, not %d × %d", len(res.Points), a0.Steps, a1.Steps)
	}
	g := &sweepGrid{xs: make([]float64, a0.Steps), ys: make([]float64, a1.Steps), z: make([][]float64, a0.Steps)}
	at := func(i, n int, rev bool) int {
		if rev {
			return n - 1 - i
		}
		return i
	}
	bad := 0
	for i, x := range a0.Values() {
		c := at(i, a0.Steps, a0.From > a0.To)
		g.xs[c], g.z[c] = x, make([]float64, a1.Steps)
		for j, y := range a1.Values() {
			r, pt := at(j, a1.Steps, a1.From > a1.To), res.Points[i*a1.Steps+j]
			g.ys[r], g.z[c][r] = y, math.NaN()
			if sweepPointOK(pt, 2) {
				g.xs[c], g.ys[r], g.z[c][r] = pt.X[0], pt.X[1], pt.P.P
			} else {
				bad++
			}
		}
	}
	return g, bad, nil
}

// zRange is the smallest and largest valid value of the grid.
func (g *sweepGrid) zRange() (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, col := range g.z {
		for _, v := range col {
			if !math.IsNaN(v) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	return lo, hi
}

// binned is a grid of the colour classes of its values, for a HeatMap
// whose palette has one colour per class.
type binned struct {
	*sweepGrid
	edges []float64
}

func (b binned) Z(c, r int) float64 {
	v := b.sweepGrid.Z(c, r)
	if math.IsNaN(v) {
		return v
	}
	return float64(binOf(v, b.edges))
}

// colourBins are the classes of the heat map's colour scale: from 0 to the
// first round value above the highest probability, in about n round steps.
func colourBins(hi float64, n int) (edges []float64) {
	if !(hi > 0) {
		hi = 0.01
	}
	step := niceStep(math.Min(hi, 1), n)
	top := math.Min(1, math.Ceil(math.Min(hi, 1)/step-1e-9)*step)
	for k := 0; float64(k)*step < top-step/2; k++ {
		edges = append(edges, float64(k)*step)
	}
	return append(edges, top)
}

// binOf is the class of v among the bins of edges.
func binOf(v float64, edges []float64) int {
	for k := 1; k < len(edges); k++ {
		if v < edges[k] {
			return k - 1
		}
	}
	return len(edges) - 2
}

// binPalette colours n classes from light to dark, the lightest at 0.06 so
// that it stays visible on white.
type binPalette int

func (n binPalette) Colors() []color.Color {
	cs := make([]color.Color, n)
	for k := range cs {
		cs[k] = sequentialColor(0.5)
		if n > 1 {
			cs[k] = sequentialColor(0.06 + 0.94*float64(k)/float64(n-1))
		}
	}
	return cs
}

var _ palette.Palette = binPalette(0)

// heatText is the text of a heat map of out over the sweep's two axes.
func heatText(res *study.SweepResult, info AnalysisInfo, out string, t chartText) chartText {
	xl, yl := info.label(res.Axes[0].Key), info.label(res.Axes[1].Key)
	t.title, t.x, t.y = out+" over "+xl+" and "+yl+": "+info.scenario(), info.standalone(res.Axes[0].Key), info.standalone(res.Axes[1].Key)
	t.desc = fmt.Sprintf("%s at each combination of %s (across) and %s (up), every other input keeping its uncertainty; "+
		"darker cells are more likely. All cells use the same random draws, so the pattern reflects the swept values, not chance.", out, xl, yl)
	return t
}

// heatNotes says what the heat map leaves out, and why it draws no contour
// at level when the probability stays on one side of it.
func heatNotes(g *sweepGrid, bad, n int, level float64, out string) (notes []string, contour bool) {
	zlo, zhi := g.zRange()
	if bad > 0 {
		notes = append(notes, fmt.Sprintf("%d of %d cells left out: no runs or invalid values", bad, n))
	}
	lt := shareLabel(level, 0)
	switch {
	case bad == n:
		return []string{"No sweep point has a valid estimate: nothing to plot"}, false
	case level == 0:
	case zlo == zhi:
		notes = append(notes, fmt.Sprintf("No %s contour: %s is %s on the whole grid", lt, out, shareLabel(zlo, 1)))
	case zhi < level:
		notes = append(notes, fmt.Sprintf("No %s contour: %s stays below it on the whole grid (at most %s)", lt, out, shareLabel(zhi, 1)))
	case zlo >= level:
		notes = append(notes, fmt.Sprintf("No %s contour: %s is at least %s on the whole grid", lt, out, shareLabel(zlo, 1)))
	default:
		return notes, true
	}
	return notes, false
}

// heatLegend lists the colour classes, as many (up to about eight) as a
// legend column beside the plot can hold, and the contour; it returns the
// classes' edges.
func heatLegend(ch *Chart, zhi float64, level float64, contour bool, o Options) []float64 {
	var edges []float64
	for _, target := range []int{8, 6, 4, 3} {
		ch.Legend, edges = nil, colourBins(zhi, target)
		nb, dec := len(edges)-1, decimals(100*(edges[1]-edges[0]))
		for k := nb - 1; k >= 0; k-- {
			ch.AddLegend(strings.TrimSuffix(percent(edges[k], dec), "%")+"–"+percent(edges[k+1], dec),
				fill{Color: binPalette(nb).Colors()[k], Border: barBorder})
		}
		if contour {
			ch.AddLegend(shareLabel(level, 0)+" contour", &plotter.Line{LineStyle: contourHalo}, &plotter.Line{LineStyle: contourLine})
		}
		if ch.columnFits(o) {
			break
		}
	}
	return edges
}

// The contour is a black line on a white halo, so that it reads on every
// cell colour.
var (
	contourLine = lineStyle(inkColor, 1.6)
	contourHalo = lineStyle(color.White, 3.6)
)

// SweepHeatMap draws a two-axis sweep as a heat map of P(alliance by the
// horizon): the first axis across, the second up, each cell coloured by
// its probability on a light-to-dark sequential scale (viridis, which is
// colour-blind safe and reads in greyscale) in round classes from 0, with
// the value written in the cell when it fits, and a legend of the classes
// as the colour bar. A contour line marks where the probability crosses
// level (such as 0.25), labelled; when the probability stays on one side
// of level across the grid, the note says so instead. level 0 draws no
// contour; otherwise it must lie strictly between 0 and 1.
func SweepHeatMap(res *study.SweepResult, level float64, info AnalysisInfo, o Options) (*Chart, error) {
	if res == nil {
		return nil, errNilSweep
	}
	if len(res.Axes) != 2 {
		return nil, fmt.Errorf("plots: SweepHeatMap draws a sweep of two axes, this one has %d (use SweepCurve for one)", len(res.Axes))
	}
	if level != 0 && !(level > 0 && level < 1) {
		return nil, fmt.Errorf("plots: contour level %v is not a probability strictly between 0 and 1 (0 for none)", level)
	}
	o, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	g, bad, err := newSweepGrid(res)
	if err != nil {
		return nil, err
	}
	info, out, t := sweepText(res, info, o)
	ch, p := newChart(heatText(res, info, out, t))
	notes, contour := heatNotes(g, bad, len(res.Points), level, out)
	if contour {
		ch.Description += fmt.Sprintf(" The black line marks where %s crosses %s.", out, shareLabel(level, 0))
	}
	ch.Note, ch.Empty = joinNotes(notes), bad == len(res.Points)
	_, zhi := g.zRange()
	edges := heatLegend(ch, zhi, level, contour, o)
	w, h, ok := ch.fit(o, 0, 0, 0)
	if !ok {
		ch.Legend = nil
		axisTicks(&p.X, g.xs[0], g.xs[len(g.xs)-1], 5)
		axisTicks(&p.Y, g.ys[0], g.ys[len(g.ys)-1], 4)
		return ch, nil
	}
	heat := plotter.NewHeatMap(binned{g, edges}, binPalette(len(edges)-1))
	heat.Min, heat.Max, heat.NaN = 0, float64(len(edges)-2), color.RGBA{R: 0xf2, G: 0xf2, B: 0xf2, A: 0xff}
	p.Add(heat)
	if contour { // under the values, which are drawn on a patch of their cell's colour
		for _, s := range []draw.LineStyle{contourHalo, contourLine} {
			c := plotter.NewContour(g, []float64{level}, nil)
			c.LineStyles = []draw.LineStyle{s}
			p.Add(c)
		}
	}
	p.Add(cellValues(g, edges, w, h)...)
	if x, y, ok := contourLabelAt(g, level); contour && ok {
		p.Add(&annotation{X: x, Y: y, Text: shareLabel(level, 0), Style: labelStyle(tickSize, inkColor, draw.XCenter, draw.YCenter),
			Halo: color.White, Border: lineStyle(inkColor, 0.6)})
	}
	xmin, xmax, ymin, ymax := heat.DataRange()
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = xmin, xmax, ymin, ymax
	p.X.Tick.Marker = linearTicks{Step: niceStep(xmax-xmin, intervals(w, 50, 8))}
	p.Y.Tick.Marker = linearTicks{Step: niceStep(ymax-ymin, yIntervals(h))}
	return ch, nil
}

// cellValues writes each cell's value in it, on a patch of its colour,
// when every value fits its cell.
func cellValues(g *sweepGrid, edges []float64, w, h vg.Length) []plot.Plotter {
	sty := labelStyle(tickSize-1, inkColor, draw.XCenter, draw.YCenter)
	cw, chh := w/vg.Length(len(g.xs)), h/vg.Length(len(g.ys))
	pal := binPalette(len(edges) - 1).Colors()
	var out []plot.Plotter
	for c := range g.xs {
		for r := range g.ys {
			v := g.z[c][r]
			if math.IsNaN(v) {
				continue
			}
			if sty.Width(shareLabel(v, 0))+vg.Points(4) > cw || sty.Height("0")+vg.Points(2) > chh {
				return nil
			}
			f := pal[binOf(v, edges)]
			s := sty
			s.Color = textOn(f)
			out = append(out, &annotation{X: g.xs[c], Y: g.ys[r], Text: shareLabel(v, 0), Style: s, Halo: f})
		}
	}
	return out
}

// contourLabelAt is where the contour's label goes: of the points where the
// contour crosses the lines between neighbouring cell centres, the one
// farthest from every centre (where the values are written), measured in
// cells, the one nearest the middle of the grid breaking ties.
func contourLabelAt(g *sweepGrid, level float64) (x, y float64, ok bool) {
	nc, nr := g.Dims()
	best, bestMid := -1.0, math.Inf(1)
	try := func(c0, r0, c1, r1 int) {
		z0, z1 := g.z[c0][r0], g.z[c1][r1]
		if !(math.Min(z0, z1) <= level && level < math.Max(z0, z1)) {
			return
		}
		t := (level - z0) / (z1 - z0)
		clear := math.Round(math.Min(t, 1-t)*20) / 20 // ties within a twentieth of a cell
		mid := math.Abs(float64(c0+c1)/2-float64(nc-1)/2) + math.Abs(float64(r0+r1)/2-float64(nr-1)/2)
		if clear > best || clear == best && mid < bestMid {
			best, bestMid, ok = clear, mid, true
			x, y = g.xs[c0]+t*(g.xs[c1]-g.xs[c0]), g.ys[r0]+t*(g.ys[r1]-g.ys[r0])
		}
	}
	for c := range nc {
		for r := range nr {
			if c+1 < nc {
				try(c, r, c+1, r)
			}
			if r+1 < nr {
				try(c, r, c, r+1)
			}
		}
	}
	return x, y, ok
}
