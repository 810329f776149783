package plots

import (
	"fmt"
	"image/color"
	"math"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/alliancesim/alliancesim/internal/format"
	"github.com/alliancesim/alliancesim/study"
)

// sweepOutput names the output of a sweep: info.Output, or
// "P(alliance by <horizon>)".
func sweepOutput(res *study.SweepResult, info AnalysisInfo) string {
	if info.Output != "" {
		return info.Output
	}
	if res.Horizon > 0 {
		return fmt.Sprintf("P(alliance by %d)", res.Horizon)
	}
	return "P(alliance by the horizon)"
}

// sweepInfo fills the scenario and seed of info from the sweep.
func sweepInfo(res *study.SweepResult, info AnalysisInfo) AnalysisInfo {
	if info.Scenario == "" {
		info.Scenario = res.Scenario
	}
	info.Seed = res.Seed
	return info
}

// sweepCaption describes the sweep's design: "4,000 draws at each of 56
// points (8 × 7), common random numbers".
func sweepCaption(res *study.SweepResult, info AnalysisInfo, o Options) string {
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
	return info.caption("Sweep: "+what+", common random numbers", o)
}

// sweepPointOK reports whether a sweep point has runs and a sane estimate.
func sweepPointOK(pt study.SweepPoint, axes int) bool {
	if len(pt.X) != axes {
		return false
	}
	for _, x := range pt.X {
		if !finite(x) {
			return false
		}
	}
	return validProportion(pt.P)
}

// axisTicks marks round values inside [lo, hi] with about n intervals.
func axisTicks(a *plot.Axis, lo, hi float64, n int) {
	if !(hi > lo) {
		lo, hi = lo-0.5, hi+0.5
	}
	a.Min, a.Max = lo, hi
	a.Tick.Marker = plainLinearTicks(niceStep(hi-lo, n))
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
	info = sweepInfo(res, info)
	out := sweepOutput(res, info)
	ax := res.Axes[0]
	xl := info.label(ax.Key)
	p := newPlot(info.standalone(ax.Key), "Probability")
	p.Y.Padding = vg.Points(6) // the first and last points stay off the axis
	ch := &Chart{
		Title:   out + " as " + xl + " varies: " + info.scenario(),
		Plot:    p,
		Caption: sweepCaption(res, info, o),
		Description: fmt.Sprintf("%s at each value of %s, every other input keeping its uncertainty, with its 95%% interval as a shaded band. "+
			"All points use the same random draws, so differences between neighbouring points reflect the swept value, not chance.", out, xl),
	}
	line := draw.LineStyle{Color: AccentColor, Width: vg.Points(1.5)}
	glyph := draw.GlyphStyle{Color: AccentColor, Radius: vg.Points(2), Shape: draw.CircleGlyph{}}
	band := &Band{Color: withAlpha(AccentColor, 0.22)}
	ch.AddLegend("Estimate", &plotter.Line{LineStyle: line}, &plotter.Scatter{GlyphStyle: glyph})
	ch.AddLegend("95% interval", band)

	var est, lo, hi plotter.XYs
	var pts []study.SweepPoint
	for _, pt := range res.Points {
		if sweepPointOK(pt, 1) {
			pts = append(pts, pt)
		}
	}
	sort.SliceStable(pts, func(a, b int) bool { return pts[a].X[0] < pts[b].X[0] })
	top := 0.0
	for _, pt := range pts {
		iv := proportionInterval(pt.P, 0)
		est = append(est, plotter.XY{X: pt.X[0], Y: iv.Mid})
		lo = append(lo, plotter.XY{X: pt.X[0], Y: iv.Lo})
		hi = append(hi, plotter.XY{X: pt.X[0], Y: iv.Hi})
		top = math.Max(top, iv.Hi)
	}
	var notes []string
	switch {
	case len(res.Points) == 0:
		notes = append(notes, "No sweep points: nothing to plot")
	case len(pts) == 0:
		notes = append(notes, "No sweep point has a valid estimate: nothing to plot")
	case len(pts) < len(res.Points):
		notes = append(notes, fmt.Sprintf("%d of %d points left out: no runs or invalid values", len(res.Points)-len(pts), len(res.Points)))
	}
	if len(pts) > 1 {
		first, last := pts[0], pts[len(pts)-1]
		if est[0].Y == est[len(est)-1].Y && flatSweep(est) {
			notes = append(notes, fmt.Sprintf("%s does not change across the sweep", out))
		}
		ch.Subtitle = fmt.Sprintf("From %s at %s to %s at %s", proportionLabel(first.P), inputValue(first.X[0]),
			proportionLabel(last.P), inputValue(last.X[0]))
	}
	ch.Note = joinNotes(notes)
	ch.Empty = len(pts) == 0
	ch.fitLegend(o)
	ch.fitXLabel(o)
	_, dataH := ch.fitAxes(o)
	dataW, dataH := ch.shedSubtitle(o, dataH, vg.Points(80))
	xlo, xhi := math.Min(ax.From, ax.To), math.Max(ax.From, ax.To)
	if len(pts) > 0 {
		xlo, xhi = math.Min(xlo, est[0].X), math.Max(xhi, est[len(est)-1].X)
	}
	if !finite(xlo, xhi) {
		xlo, xhi = 0, 1
	}
	if ch.Empty || !ch.roomFor(o, dataH) {
		probabilityAxis(&p.Y, 0.01, yIntervals(dataH))
		axisTicks(&p.X, xlo, xhi, 5)
		return ch, nil
	}
	band.Top, band.Bottom = hi, lo
	if len(hi) == 1 {
		// One point: its interval as a narrow block, to stay visible.
		w := 0.01 * (xhi - xlo)
		band.Top = plotter.XYs{{X: hi[0].X - w, Y: hi[0].Y}, {X: hi[0].X + w, Y: hi[0].Y}}
		band.Bottom = plotter.XYs{{X: lo[0].X - w, Y: lo[0].Y}, {X: lo[0].X + w, Y: lo[0].Y}}
	}
	p.Add(horizontalGrid(), verticalGrid(), band, &plotter.Line{XYs: est, LineStyle: line}, &plotter.Scatter{XYs: est, GlyphStyle: glyph})
	probabilityAxis(&p.Y, math.Max(0.01, top*1.08), yIntervals(dataH))
	axisTicks(&p.X, xlo, xhi, max(2, min(8, int(dataW/vg.Points(50)))))
	return ch, nil
}

// flatSweep reports whether every estimate is the same.
func flatSweep(est plotter.XYs) bool {
	for _, xy := range est {
		if xy.Y != est[0].Y {
			return false
		}
	}
	return true
}

// sweepGrid is a two-axis sweep as a grid for a heat map: column c is
// the c-th value of the first axis in increasing order, row r the r-th of
// the second. It implements plotter.GridXYZ; a missing or invalid point
// is NaN.
type sweepGrid struct {
	xs, ys []float64
	z      [][]float64 // z[c][r]
	prop   [][]int     // index of the point in the sweep's Points, or −1
}

func (g *sweepGrid) Dims() (c, r int)   { return len(g.xs), len(g.ys) }
func (g *sweepGrid) Z(c, r int) float64 { return g.z[c][r] }
func (g *sweepGrid) X(c int) float64    { return g.xs[c] }
func (g *sweepGrid) Y(r int) float64    { return g.ys[r] }

// newSweepGrid lays the row-major points of a two-axis sweep (the last
// axis fastest) out on a grid with both axes increasing. Points are
// matched to grid cells by their position in res.Points; it returns an
// error if their number does not match the axes.
func newSweepGrid(res *study.SweepResult) (*sweepGrid, int, error) {
	a0, a1 := res.Axes[0], res.Axes[1]
	if a0.Steps < 1 || a1.Steps < 1 || len(res.Points) != a0.Steps*a1.Steps {
		return nil, 0, fmt.Errorf("plots: the sweep has %d points, not %d × %d", len(res.Points), a0.Steps, a1.Steps)
	}
	g := &sweepGrid{xs: a0.Values(), ys: a1.Values()}
	revX, revY := a0.From > a0.To, a1.From > a1.To
	if revX {
		reverse(g.xs)
	}
	if revY {
		reverse(g.ys)
	}
	g.z = make([][]float64, a0.Steps)
	g.prop = make([][]int, a0.Steps)
	bad := 0
	for i := range a0.Steps {
		c := i
		if revX {
			c = a0.Steps - 1 - i
		}
		g.z[c] = make([]float64, a1.Steps)
		g.prop[c] = make([]int, a1.Steps)
		for j := range a1.Steps {
			r := j
			if revY {
				r = a1.Steps - 1 - j
			}
			k := i*a1.Steps + j
			pt := res.Points[k]
			if sweepPointOK(pt, 2) {
				g.z[c][r] = pt.P.P
				g.prop[c][r] = k
				if len(pt.X) == 2 {
					g.xs[c], g.ys[r] = pt.X[0], pt.X[1]
				}
			} else {
				g.z[c][r] = math.NaN()
				g.prop[c][r] = -1
				bad++
			}
		}
	}
	return g, bad, nil
}

func reverse(v []float64) {
	for i, j := 0, len(v)-1; i < j; i, j = i+1, j-1 {
		v[i], v[j] = v[j], v[i]
	}
}

// zRange is the smallest and largest valid value of the grid.
func (g *sweepGrid) zRange() (lo, hi float64, ok bool) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, col := range g.z {
		for _, v := range col {
			if !math.IsNaN(v) {
				lo, hi, ok = math.Min(lo, v), math.Max(hi, v), true
			}
		}
	}
	return lo, hi, ok
}

// colourBins are the classes of the heat map's colour scale: from 0 to
// the first round value above the highest probability, in about n round
// steps.
func colourBins(hi float64, n int) (edges []float64) {
	if !(hi > 0) {
		hi = 0.01
	}
	hi = math.Min(hi, 1)
	step := niceStep(hi, n)
	top := math.Min(1, math.Ceil(hi/step-1e-9)*step)
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

// binColour is the colour of class k of n.
func binColour(k, n int) color.RGBA {
	if n <= 1 {
		return sequentialColor(0.5)
	}
	// From 0.06 to 1: the lightest class stays visible on white.
	return sequentialColor(0.06 + 0.94*float64(k)/float64(n-1))
}

// contourLines traces the level line of the grid by marching squares,
// interpolating linearly along the cell edges between the grid's points;
// NaN cells are skipped. It returns the segments joined into polylines.
func contourLines(g *sweepGrid, level float64) []plotter.XYs {
	nc, nr := g.Dims()
	var segs [][2]plotter.XY
	at := func(c0, r0, c1, r1 int) plotter.XY {
		z0, z1 := g.z[c0][r0], g.z[c1][r1]
		t := 0.5
		if z1 != z0 {
			t = (level - z0) / (z1 - z0)
		}
		return plotter.XY{X: g.xs[c0] + t*(g.xs[c1]-g.xs[c0]), Y: g.ys[r0] + t*(g.ys[r1]-g.ys[r0])}
	}
	for c := 0; c+1 < nc; c++ {
		for r := 0; r+1 < nr; r++ {
			z := [4]float64{g.z[c][r], g.z[c+1][r], g.z[c+1][r+1], g.z[c][r+1]}
			if math.IsNaN(z[0]) || math.IsNaN(z[1]) || math.IsNaN(z[2]) || math.IsNaN(z[3]) {
				continue
			}
			idx := 0
			for k, v := range z {
				if v >= level {
					idx |= 1 << k
				}
			}
			// Crossing points on the four edges: bottom, right, top, left.
			e := [4]func() plotter.XY{
				func() plotter.XY { return at(c, r, c+1, r) },
				func() plotter.XY { return at(c+1, r, c+1, r+1) },
				func() plotter.XY { return at(c, r+1, c+1, r+1) },
				func() plotter.XY { return at(c, r, c, r+1) },
			}
			add := func(a, b int) { segs = append(segs, [2]plotter.XY{e[a](), e[b]()}) }
			switch idx {
			case 1, 14:
				add(3, 0)
			case 2, 13:
				add(0, 1)
			case 3, 12:
				add(3, 1)
			case 4, 11:
				add(1, 2)
			case 6, 9:
				add(0, 2)
			case 7, 8:
				add(3, 2)
			case 5, 10:
				// A saddle: the centre's value decides which corners join.
				above := (z[0]+z[1]+z[2]+z[3])/4 >= level
				if (idx == 5) == above {
					add(3, 2)
					add(0, 1)
				} else {
					add(3, 0)
					add(1, 2)
				}
			}
		}
	}
	return joinSegments(segs)
}

// joinSegments chains segments that share end points into polylines.
func joinSegments(segs [][2]plotter.XY) []plotter.XYs {
	const eps = 1e-9
	same := func(a, b plotter.XY) bool {
		return math.Abs(a.X-b.X) <= eps*math.Max(1, math.Abs(a.X)) && math.Abs(a.Y-b.Y) <= eps*math.Max(1, math.Abs(a.Y))
	}
	used := make([]bool, len(segs))
	var lines []plotter.XYs
	for i := range segs {
		if used[i] {
			continue
		}
		used[i] = true
		line := plotter.XYs{segs[i][0], segs[i][1]}
		for grew := true; grew; {
			grew = false
			for j := range segs {
				if used[j] {
					continue
				}
				s := segs[j]
				switch {
				case same(line[len(line)-1], s[0]):
					line = append(line, s[1])
				case same(line[len(line)-1], s[1]):
					line = append(line, s[0])
				case same(line[0], s[1]):
					line = append(plotter.XYs{s[0]}, line...)
				case same(line[0], s[0]):
					line = append(plotter.XYs{s[1]}, line...)
				default:
					continue
				}
				used[j], grew = true, true
			}
		}
		lines = append(lines, line)
	}
	return lines
}

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
	info = sweepInfo(res, info)
	out := sweepOutput(res, info)
	xl, yl := info.label(res.Axes[0].Key), info.label(res.Axes[1].Key)
	p := newPlot(info.standalone(res.Axes[0].Key), info.standalone(res.Axes[1].Key))
	ch := &Chart{
		Title:   out + " over " + xl + " and " + yl + ": " + info.scenario(),
		Plot:    p,
		Caption: sweepCaption(res, info, o),
		Description: fmt.Sprintf("%s at each combination of %s (across) and %s (up), every other input keeping its uncertainty; "+
			"darker cells are more likely. All cells use the same random draws, so the pattern reflects the swept values, not chance.", out, xl, yl),
	}
	zlo, zhi, ok := g.zRange()
	var notes []string
	if bad > 0 {
		notes = append(notes, fmt.Sprintf("%d of %d cells left out: no runs or invalid values", bad, len(res.Points)))
	}
	if !ok {
		notes = []string{"No sweep point has a valid estimate: nothing to plot"}
	}
	// The contour.
	var lines []plotter.XYs
	contourStyle := draw.LineStyle{Color: inkColor, Width: vg.Points(1.6)}
	haloStyle := draw.LineStyle{Color: color.White, Width: vg.Points(3.6)}
	levelText := shareLabel(level, 0)
	if ok && level > 0 {
		switch {
		case zlo == zhi:
			notes = append(notes, fmt.Sprintf("No %s contour: %s is %s on the whole grid", levelText, out, shareLabel(zlo, 1)))
		case zhi < level:
			notes = append(notes, fmt.Sprintf("No %s contour: %s stays below it on the whole grid (at most %s)", levelText, out, shareLabel(zhi, 1)))
		case zlo >= level:
			notes = append(notes, fmt.Sprintf("No %s contour: %s is at least %s on the whole grid", levelText, out, shareLabel(zlo, 1)))
		default:
			lines = contourLines(g, level)
			if len(lines) > 0 {
				ch.Description += fmt.Sprintf(" The black line marks where %s crosses %s.", out, levelText)
			}
		}
	}
	ch.Note = joinNotes(notes)
	// The colour classes, as many (up to about eight) as a legend column
	// beside the plot can list.
	var edges []float64
	var nb int
	for _, target := range []int{8, 6, 4, 3} {
		ch.Legend = nil
		edges = colourBins(zhi, target)
		nb = len(edges) - 1
		dec := decimals(100 * (edges[1] - edges[0]))
		if ok {
			for k := nb - 1; k >= 0; k-- {
				ch.AddLegend(fmt.Sprintf("%s–%s", trimPercent(percent(edges[k], dec)), percent(edges[k+1], dec)),
					fill{Color: binColour(k, nb), Border: barBorder})
			}
		}
		if len(lines) > 0 {
			ch.AddLegend(levelText+" contour", &plotter.Line{LineStyle: haloStyle}, &plotter.Line{LineStyle: contourStyle})
		}
		if ch.legendColumnFits(o) {
			break
		}
	}
	ch.fitLegend(o)
	ch.fitXLabel(o)
	ch.Empty = !ok
	dataW, dataH := ch.fitAxes(o)
	if ch.Empty || !ch.roomFor(o, dataH) {
		axisTicks(&p.X, g.xs[0], g.xs[len(g.xs)-1], 5)
		axisTicks(&p.Y, g.ys[0], g.ys[len(g.ys)-1], 4)
		return ch, nil
	}

	// The cells, each reaching halfway to its neighbours.
	edgesOf := func(v []float64) []float64 {
		e := make([]float64, len(v)+1)
		for i := range v {
			switch {
			case len(v) == 1:
				e[0], e[1] = v[0]-0.5, v[0]+0.5
			case i == 0:
				e[0] = v[0] - (v[1]-v[0])/2
			default:
				e[i] = (v[i-1] + v[i]) / 2
			}
		}
		if len(v) > 1 {
			e[len(v)] = v[len(v)-1] + (v[len(v)-1]-v[len(v)-2])/2
		}
		return e
	}
	xe, ye := edgesOf(g.xs), edgesOf(g.ys)
	cells := &rects{}
	nanFill := color.RGBA{R: 0xf2, G: 0xf2, B: 0xf2, A: 0xff}
	var texts []*annotation
	cw := dataW / vg.Length(len(g.xs))
	chh := dataH / vg.Length(len(g.ys))
	tsty := textStyle(sansFont, tickSize-1, inkColor)
	tsty.XAlign, tsty.YAlign = draw.XCenter, draw.YCenter
	valueLabel := func(v float64) string { return shareLabel(v, 0) }
	labelsFit := true
	for c := range g.xs {
		for r := range g.ys {
			if v := g.z[c][r]; !math.IsNaN(v) {
				labelsFit = labelsFit && tsty.Width(valueLabel(v))+vg.Points(4) <= cw && tsty.Height("0")+vg.Points(2) <= chh
			}
		}
	}
	for c := range g.xs {
		for r := range g.ys {
			v := g.z[c][r]
			f := color.Color(nanFill)
			if !math.IsNaN(v) {
				f = binColour(binOf(v, edges), nb)
				if labelsFit {
					s := tsty
					s.Color = textOn(f)
					texts = append(texts, &annotation{X: g.xs[c], Y: g.ys[r], Text: valueLabel(v), Style: s, Halo: f})
				}
			}
			// Each cell overlaps its neighbours by a hair, so that no seam
			// of background shows between cells of the same colour.
			dx, dy := 0.01*(xe[c+1]-xe[c]), 0.01*(ye[r+1]-ye[r])
			cells.Rects = append(cells.Rects, rect{X0: xe[c] - dx, X1: xe[c+1] + dx, Y0: ye[r] - dy, Y1: ye[r+1] + dy, Fill: f})
		}
	}
	// The contour under the values, which are drawn on a patch of their
	// cell's colour: the line passes behind them.
	p.Add(cells)
	for _, l := range lines {
		p.Add(&plotter.Line{XYs: l, LineStyle: haloStyle})
	}
	for _, l := range lines {
		p.Add(&plotter.Line{XYs: l, LineStyle: contourStyle})
	}
	for _, t := range texts {
		p.Add(t)
	}
	if lbl := contourLabelAt(lines, g); lbl != nil {
		s := textStyle(sansFont, tickSize, inkColor) // regular: vgpdf cannot mix faces
		p.Add(&haloText{X: lbl.X, Y: lbl.Y, Text: shareLabel(level, 0), Style: s, Halo: color.White,
			Border: draw.LineStyle{Color: inkColor, Width: vg.Points(0.6)}})
	}
	p.X.Min, p.X.Max = xe[0], xe[len(xe)-1]
	p.Y.Min, p.Y.Max = ye[0], ye[len(ye)-1]
	p.X.Tick.Marker = plainLinearTicks(niceStep(xe[len(xe)-1]-xe[0], max(2, min(8, int(dataW/vg.Points(50))))))
	p.Y.Tick.Marker = plainLinearTicks(niceStep(ye[len(ye)-1]-ye[0], yIntervals(dataH)))
	return ch, nil
}

// contourLabelAt is where the contour's label goes: the point of the
// contour farthest from every cell centre (where the cells' values are
// written), measured in cells, the middle of the line breaking ties; nil
// when there is no contour.
func contourLabelAt(lines []plotter.XYs, g *sweepGrid) *plotter.XY {
	nc, nr := g.Dims()
	cellW, cellH := 1.0, 1.0
	if nc > 1 {
		cellW = (g.xs[nc-1] - g.xs[0]) / float64(nc-1)
	}
	if nr > 1 {
		cellH = (g.ys[nr-1] - g.ys[0]) / float64(nr-1)
	}
	clear := func(pt plotter.XY) float64 {
		d := math.Inf(1)
		for _, x := range g.xs {
			for _, y := range g.ys {
				d = math.Min(d, math.Max(math.Abs(pt.X-x)/cellW, math.Abs(pt.Y-y)/cellH))
			}
		}
		return d
	}
	var best *plotter.XY
	bestD, bestMid := -1.0, math.Inf(1)
	for _, l := range lines {
		var cands plotter.XYs
		for i := range l {
			cands = append(cands, l[i])
			if i+1 < len(l) {
				cands = append(cands, plotter.XY{X: (l[i].X + l[i+1].X) / 2, Y: (l[i].Y + l[i+1].Y) / 2})
			}
		}
		for i, pt := range cands {
			d := math.Round(clear(pt)*20) / 20 // ties within a twentieth of a cell
			mid := math.Abs(float64(i) - float64(len(cands)-1)/2)
			if d > bestD || (d == bestD && mid < bestMid) {
				pt := pt
				best, bestD, bestMid = &pt, d, mid
			}
		}
	}
	return best
}
