package plots

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"sort"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/alliancesim/alliancesim/backtest"
	"github.com/alliancesim/alliancesim/internal/format"
	"github.com/alliancesim/alliancesim/score"
)

// Kinds of the backtest charts, which are also the base names of their
// files (see RenderBacktest).
const (
	KindReliability   = "backtest-reliability"
	KindBacktestCases = "backtest-cases"
)

var errNilBacktest = errors.New("plots: no backtest to plot (nil *backtest.Report)")

// forecasterLook is how a forecaster is drawn in the backtest charts: the
// model as blue circles, the base rate as orange squares, the logit as
// green triangles, so that they differ in greyscale too.
func forecasterLook(name string) (color.RGBA, draw.GlyphDrawer) {
	switch name {
	case backtest.BaseRate:
		return OkabeIto[3], draw.BoxGlyph{}
	case backtest.Logit:
		return OkabeIto[2], draw.PyramidGlyph{}
	}
	return OkabeIto[0], draw.CircleGlyph{}
}

// forecasterTitle is a forecaster's name standing alone, as in a legend.
func forecasterTitle(name string) string {
	switch name {
	case backtest.BaseRate:
		return "Base rate (" + strconv.FormatFloat(100*score.BaseRateHazard, 'f', -1, 64) + "%/yr)"
	case backtest.Logit:
		return "Structural logit"
	}
	return "Model"
}

// BacktestCaption is the provenance line of the backtest charts, for
// example "Backtest: bundled:history, 12 cases · 20,000 draws each · seed
// 1 · alliancesim v0.1.0".
func BacktestCaption(rep *backtest.Report, version string) string {
	if rep == nil {
		return ""
	}
	lib := rep.Library
	if lib == "" {
		lib = "(unnamed library)"
	}
	cases := fmt.Sprintf("%d cases", len(rep.Cases))
	if len(rep.Cases) == 1 {
		cases = "1 case"
	}
	draws := format.Thousands(rep.Draws) + " draws each"
	if rep.Draws == 1 {
		draws = "1 draw each"
	}
	return strings.Join([]string{"Backtest: " + lib + ", " + cases, draws,
		"seed " + strconv.FormatUint(rep.Seed, 10), "alliancesim " + versionString(version)}, " · ")
}

// brierText is "Brier 0.123".
func brierText(m score.Mean) string {
	if math.IsNaN(m.Value) {
		return "no score"
	}
	return "Brier " + strconv.FormatFloat(m.Value, 'f', 3, 64)
}

// sizedPoint is a point with its own glyph radius.
type sizedPoint struct {
	X, Y float64
	R    vg.Length
}

// sizedGlyphs draws glyphs whose size varies from point to point, such as
// a reliability diagram's bins sized by their count. It implements
// plot.Plotter, plot.DataRanger and plot.Thumbnailer.
type sizedGlyphs struct {
	Points []sizedPoint
	// Style is the glyphs' colour and shape; its Radius is the legend's.
	Style draw.GlyphStyle
	// Outline, when its width is set, strokes a ring around each glyph so
	// that overlapping glyphs stay apart.
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

func (s *sizedGlyphs) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, ymin = math.Inf(1), math.Inf(1)
	xmax, ymax = math.Inf(-1), math.Inf(-1)
	for _, pt := range s.Points {
		xmin, xmax = math.Min(xmin, pt.X), math.Max(xmax, pt.X)
		ymin, ymax = math.Min(ymin, pt.Y), math.Max(ymax, pt.Y)
	}
	return xmin, xmax, ymin, ymax
}

func (s *sizedGlyphs) Thumbnail(c *draw.Canvas) { c.DrawGlyph(s.Style, c.Center()) }

// Glyph sizes of the reliability diagram, in points: a bin with one case
// gets the smallest, the fullest bin the largest, the area in proportion
// to the count in between.
const (
	binMinR = 2.6
	binMaxR = 7.0
)

// binRadius is the radius of a bin of n cases when the fullest has most.
func binRadius(n, most int) vg.Length {
	if most <= 1 {
		return vg.Points(binMinR)
	}
	f := math.Sqrt(float64(n-1) / float64(most-1))
	return vg.Points(binMinR + f*(binMaxR-binMinR))
}

// Reliability draws the reliability diagram of a backtest: for each
// forecaster (the model and the two references), the cases binned by their
// forecast into bins of equal width in p, each bin a point at its mean
// forecast (across) and the share of its cases that formed a pact (up),
// sized and labelled by its number of cases, the points of a forecaster
// joined by a thin line. A calibrated forecaster lies on the dashed
// diagonal. The legend gives each forecaster's Brier score.
func Reliability(rep *backtest.Report, o Options) (*Chart, error) {
	if rep == nil {
		return nil, errNilBacktest
	}
	o, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	p := newPlot("Forecast probability of a pact (mean of the bin)", "Observed share with a pact")
	bins := rep.Bins
	if bins <= 0 {
		bins = backtest.DefaultBins
	}
	ch := &Chart{
		Title:       fmt.Sprintf("Calibration on %s: forecast against what happened", casesText(len(rep.Cases))),
		Subtitle:    fmt.Sprintf("Cases binned by forecast into %d bins of equal width; marker size and label: cases in the bin", bins),
		Plot:        p,
		Caption:     BacktestCaption(rep, o.Version),
		legendBelow: true,
		Description: fmt.Sprintf("Reliability diagram of the backtest on %s: each forecaster's cases are binned by their forecast probability of a pact "+
			"(%d bins of equal width); each point is a bin, at the mean forecast of its cases (across) and the share of them in which the pact formed (up), "+
			"its size and label the number of cases. Points on the dashed diagonal are calibrated: forecasts of 20%% came true one time in five. "+
			"With few cases per bin the observed shares are coarse, so read the pattern, not single points.", casesText(len(rep.Cases)), bins),
	}
	if subtitleStyle().Width(ch.Subtitle) > o.Width-2*vg.Points(marginPt) {
		ch.Subtitle = "Marker size and label: number of cases in the bin"
	}
	diag := &plotter.Line{XYs: plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}},
		LineStyle: draw.LineStyle{Color: axisColor, Width: vg.Points(0.9), Dashes: []vg.Length{vg.Points(4), vg.Points(2.5)}}}

	most := 1
	for _, s := range rep.Scores {
		for _, b := range s.Reliability {
			most = max(most, b.N)
		}
	}
	type series struct {
		line   *plotter.Line
		glyphs *sizedGlyphs
	}
	var all []series
	var labels, avoid []pointLabel
	var notes []string
	for _, name := range backtest.Forecasters {
		s := rep.ScoresOf(name)
		if s == nil {
			continue
		}
		col, shape := forecasterLook(name)
		// The references see-through, so that where they coincide (they
		// often do: both give every case a few per cent) both show; the
		// model solid, with a white rim, on top.
		g := &sizedGlyphs{Style: draw.GlyphStyle{Color: withAlpha(col, 0.6), Radius: vg.Points(3.2), Shape: shape}}
		if name == backtest.Model {
			g.Style.Color = col
			g.Outline = draw.LineStyle{Color: color.White, Width: vg.Points(0.8)}
		}
		ln := &plotter.Line{LineStyle: draw.LineStyle{Color: withAlpha(col, 0.75), Width: vg.Points(1)}}
		if s.Cases == 0 {
			notes = append(notes, "No case gives structural covariates: no logit forecast")
			continue
		}
		for _, b := range s.Reliability {
			if b.N == 0 || !finite(b.MeanP, b.Observed) {
				continue
			}
			g.Points = append(g.Points, sizedPoint{X: b.MeanP, Y: b.Observed, R: binRadius(b.N, most)})
			ln.XYs = append(ln.XYs, plotter.XY{X: b.MeanP, Y: b.Observed})
			labels = append(labels, pointLabel{X: b.MeanP, Y: b.Observed, Text: strconv.Itoa(b.N)})
			avoid = append(avoid, pointLabel{X: b.MeanP, Y: b.Observed})
		}
		entry := forecasterTitle(name) + " · " + brierText(s.Brier)
		if s.Cases < len(rep.Cases) {
			entry += fmt.Sprintf(" (%d of %d cases)", s.Cases, len(rep.Cases))
		}
		ch.AddLegend(entry, ln, g)
		all = append(all, series{ln, g})
	}
	ch.AddLegend("Perfect calibration", diag)
	ch.Empty = len(all) == 0
	if ch.Empty {
		notes = append(notes, "No cases: nothing to plot")
	}
	ch.Note = joinNotes(notes)
	ch.fitXLabel(o)
	_, dataH := ch.fitAxes(o)
	_, dataH = ch.shedSubtitle(o, dataH, vg.Points(100))
	dataW, _ := ch.dataSize(o)
	probabilityAxis(&p.X, 1, max(2, min(5, int(dataW/vg.Points(40)))))
	probabilityAxis(&p.Y, 1, min(5, yIntervals(dataH)))
	if ch.Empty || !ch.roomFor(o, dataH) {
		return ch, nil
	}
	// Room for the largest glyphs at the edges of the unit square.
	p.X.Padding, p.Y.Padding = vg.Points(binMaxR+1), vg.Points(binMaxR+1)
	p.Add(horizontalGrid(), verticalGrid(), diag)
	// The references under the model.
	for k := len(all) - 1; k >= 0; k-- {
		if len(all[k].line.XYs) > 1 {
			p.Add(all[k].line)
		}
	}
	for k := 1; k < len(all); k++ { // base rate, then logit
		p.Add(all[k].glyphs)
	}
	if len(all) > 0 {
		p.Add(all[0].glyphs)
	}
	p.Add(&pointLabels{Labels: labels, Style: textStyle(sansFont, tickSize-1.5, inkColor), Avoid: avoid,
		Radius: vg.Points(binMaxR), Halo: withAlpha(color.RGBA{R: 255, G: 255, B: 255, A: 255}, 0.8)})
	return ch, nil
}

// casesText is "1 historical case" or "12 historical cases".
func casesText(n int) string {
	if n == 1 {
		return "1 historical case"
	}
	return fmt.Sprintf("%d historical cases", n)
}

// caseRowPt is the height of a row of the per-case chart, in points.
const caseRowPt = 15

// BacktestCasesHeight is the height the per-case chart of n cases needs:
// DefaultHeight, or more for a long library, so that every row stays
// legible.
func BacktestCasesHeight(n int) vg.Length {
	// Title, subtitle, legend, x axis and caption take about 4.5 cm; each
	// row (cases plus two group headers) caseRowPt.
	need := 4.5*vg.Centimeter + vg.Length(n+2)*vg.Points(caseRowPt)
	return max(DefaultHeight, need)
}

// caseRow is one row of the per-case chart: a group header or a case.
type caseRow struct {
	header string
	c      *backtest.CaseResult
}

// caseRows orders the cases for the per-case chart: the cases with a pact
// first, then those without, each group under a header and sorted by the
// model's p, highest first (ties by name).
func caseRows(cases []backtest.CaseResult) []caseRow {
	var pact, none []*backtest.CaseResult
	for i := range cases {
		c := &cases[i]
		if c.Pact {
			pact = append(pact, c)
		} else {
			none = append(none, c)
		}
	}
	var rows []caseRow
	for _, g := range []struct {
		title string
		cs    []*backtest.CaseResult
	}{{"Pact formed by the outcome year", pact}, {"No pact through the outcome year", none}} {
		if len(g.cs) == 0 {
			continue
		}
		sort.SliceStable(g.cs, func(a, b int) bool {
			if g.cs[a].Model.P != g.cs[b].Model.P {
				return g.cs[a].Model.P > g.cs[b].Model.P
			}
			return g.cs[a].Name < g.cs[b].Name
		})
		label := fmt.Sprintf("%d cases", len(g.cs))
		if len(g.cs) == 1 {
			label = "1 case"
		}
		rows = append(rows, caseRow{header: g.title + " (" + label + ")"})
		for _, c := range g.cs {
			rows = append(rows, caseRow{c: c})
		}
	}
	return rows
}

// caseLabel is a case's row label: its name and window, "sino-soviet-1950
// (1950–1951)".
func caseLabel(c *backtest.CaseResult) string {
	if c.StartYear == c.Year {
		return fmt.Sprintf("%s (%d)", c.Name, c.Year)
	}
	return fmt.Sprintf("%s (%d–%d)", c.Name, c.StartYear, c.Year)
}

// Vertical offsets of the per-case chart's marks from a row's centre, in
// rows: the model (with its interval and the outcome ring) above, the two
// references below.
const (
	caseModelOffset = 0.17
	caseRefOffset   = -0.2
)

// BacktestCases draws every case of a backtest as a row: the cases that
// formed a pact in one group and the others in another, each sorted by the
// model's forecast, with the model's P(pact by the outcome year) and its 95%
// interval, the base rate's and the logit's forecasts, and what happened
// as a black ring at 100% (a pact) or 0% (none), so that the distance from
// a forecast to the ring is the error the Brier score squares.
func BacktestCases(rep *backtest.Report, o Options) (*Chart, error) {
	if rep == nil {
		return nil, errNilBacktest
	}
	o, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	p := newPlot("Probability of a pact by the outcome year", "")
	ch := &Chart{
		Title:    fmt.Sprintf("The model's forecast for each of %s, against the two references", casesText(len(rep.Cases))),
		Subtitle: "Ring: what happened (100% a pact formed, 0% none); model with its 95% interval",
		Plot:     p,
		Caption:  BacktestCaption(rep, o.Version),
		Description: "One row per historical case, the cases in which a pact formed above those in which none did, each group sorted by the model's forecast. " +
			"Each row shows the probability of a pact by the case's outcome year forecast by the model (circle, with its 95% Monte Carlo interval), " +
			"by the base rate (square) and by the structural logit (triangle), and what happened as a ring at 100% (a pact) or 0% (none): " +
			"the closer a forecast to the ring, the better it scores.",
		legendBelow: true,
	}
	if subtitleStyle().Width(ch.Subtitle) > o.Width-2*vg.Points(marginPt) {
		ch.Subtitle = "Ring: what happened (100% pact, 0% none)"
	}
	rows := caseRows(rep.Cases)
	n := len(rows)
	names := make([]string, n)
	for i, r := range rows {
		if r.c != nil {
			names[i] = caseLabel(r.c)
		}
	}
	rowAxisAt(p, names, caseModelOffset)

	line := func(c color.Color) draw.LineStyle { return draw.LineStyle{Color: c, Width: vg.Points(1.2)} }
	mc, ms := forecasterLook(backtest.Model)
	bc, bs := forecasterLook(backtest.BaseRate)
	lc, ls := forecasterLook(backtest.Logit)
	model := &whiskers{Line: line(mc), Cap: vg.Points(4), Glyph: draw.GlyphStyle{Color: mc, Radius: vg.Points(2.8), Shape: ms}}
	base := &plotter.Scatter{GlyphStyle: draw.GlyphStyle{Color: bc, Radius: vg.Points(2.6), Shape: bs}}
	logit := &plotter.Scatter{GlyphStyle: draw.GlyphStyle{Color: lc, Radius: vg.Points(3), Shape: ls}}
	ring := &plotter.Scatter{GlyphStyle: draw.GlyphStyle{Color: inkColor, Radius: vg.Points(4.6), Shape: draw.RingGlyph{}}}
	scores := func(name string) string {
		if s := rep.ScoresOf(name); s != nil {
			t := brierText(s.Brier)
			if s.Cases < len(rep.Cases) {
				t += fmt.Sprintf(", %d of %d cases", s.Cases, len(rep.Cases))
			}
			return " (" + t + ")"
		}
		return ""
	}
	ch.AddLegend(forecasterTitle(backtest.Model)+", 95% interval"+scores(backtest.Model), model)
	ch.AddLegend(forecasterTitle(backtest.BaseRate)+scores(backtest.BaseRate), base)
	if s := rep.ScoresOf(backtest.Logit); s != nil && s.Cases > 0 {
		ch.AddLegend(forecasterTitle(backtest.Logit)+scores(backtest.Logit), logit)
	}
	ch.AddLegend("What happened", ring)

	var headers []*annotation
	var noLogit, invalid []string
	// Regular, not bold: PDF output cannot mix faces in one file (see render).
	hsty := textStyle(sansFont, labelSize, inkColor)
	hsty.XAlign, hsty.YAlign = draw.XLeft, draw.YCenter
	var caseYs []float64
	for i, r := range rows {
		y := rowY(i, n)
		if r.c == nil {
			headers = append(headers, &annotation{Y: y, Text: r.header, Style: hsty, Halo: color.White})
			continue
		}
		c := r.c
		caseYs = append(caseYs, y)
		if !validProportion(c.Model) {
			invalid = append(invalid, c.Name)
		} else {
			model.Points = append(model.Points, proportionInterval(c.Model, y+caseModelOffset))
		}
		if finite(c.BaseRate) {
			base.XYs = append(base.XYs, plotter.XY{X: c.BaseRate, Y: y + caseRefOffset})
		}
		if c.HasLogit && finite(c.Logit) {
			logit.XYs = append(logit.XYs, plotter.XY{X: c.Logit, Y: y + caseRefOffset})
		} else {
			noLogit = append(noLogit, c.Name)
		}
		outcome := 0.0
		if c.Pact {
			outcome = 1
		}
		ring.XYs = append(ring.XYs, plotter.XY{X: outcome, Y: y + caseModelOffset})
	}
	var notes []string
	if len(noLogit) > 0 && len(noLogit) < len(rep.Cases) {
		notes = append(notes, "No logit forecast (no structural covariates): "+strings.Join(noLogit, ", "))
	} else if len(noLogit) > 0 {
		notes = append(notes, "No case gives structural covariates: no logit forecast")
	}
	if len(invalid) > 0 {
		notes = append(notes, "No valid model estimate: "+strings.Join(invalid, ", "))
	}
	if len(rep.Cases) == 0 {
		notes = append(notes, "No cases: nothing to plot")
	}
	ch.Note = joinNotes(notes)
	ch.Empty = len(rep.Cases) == 0
	if ch.Empty {
		emptyRows(p)
	}
	ch.fitXLabel(o)
	_, dataH := ch.fitAxes(o)
	_, dataH = ch.shedSubtitle(o, dataH, vg.Length(n)*vg.Points(11))
	dataW := ch.rowDataWidth(o, names)
	probabilityAxis(&p.X, 1, max(2, min(10, int(dataW/vg.Points(40)))))
	if ch.Empty || !ch.rowsFit(o, n, 11, dataH) {
		return ch, nil
	}
	// Room for the outcome rings at 0% and 100%.
	p.X.Padding = vg.Points(6)
	guides := draw.LineStyle{Color: gridColor, Width: vg.Points(0.5)}
	p.Add(verticalGrid())
	for _, y := range caseYs {
		p.Add(&refLine{At: y + caseModelOffset, Style: guides})
	}
	p.Add(ring, base, logit, model)
	for _, h := range headers {
		h.X = p.X.Min
		p.Add(h)
	}
	return ch, nil
}

// RenderBacktest draws the backtest's charts and writes them to dir as
// backtest-reliability.<format> (Reliability) and
// backtest-cases.<format> (BacktestCases) for every format (PNG when
// formats is empty). The per-case chart is made taller than o.Height when
// o.Height is zero and the library has more cases than the default height
// holds (BacktestCasesHeight). Both charts are built before any file is
// written; dir must exist.
func RenderBacktest(rep *backtest.Report, dir string, formats []string, o Options) ([]RenderedChart, error) {
	if rep == nil {
		return nil, errNilBacktest
	}
	if err := checkRender(formats, o); err != nil {
		return nil, err
	}
	rel, err := Reliability(rep, o)
	if err != nil {
		return nil, err
	}
	oc := o
	if oc.Height == 0 {
		oc.Height = BacktestCasesHeight(len(rep.Cases))
	}
	cases, err := BacktestCases(rep, oc)
	if err != nil {
		return nil, err
	}
	out, _, err := writeCharts([]namedChart{{KindReliability, rel}}, dir, formats, o)
	if err != nil {
		return out, err
	}
	more, _, err := writeCharts([]namedChart{{KindBacktestCases, cases}}, dir, formats, oc)
	return append(out, more...), err
}
