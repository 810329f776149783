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

// forecasterLook is how a forecaster is drawn: the model as blue circles,
// the base rate as orange squares, the logit as green triangles, so that
// they differ in greyscale too; and its name standing alone, as in a legend.
func forecasterLook(name string) (color.RGBA, draw.GlyphDrawer, string) {
	switch name {
	case backtest.BaseRate:
		return OkabeIto[3], draw.BoxGlyph{}, "Base rate (" + strconv.FormatFloat(100*score.BaseRateHazard, 'f', -1, 64) + "%/yr)"
	case backtest.Logit:
		return OkabeIto[2], draw.PyramidGlyph{}, "Structural logit"
	}
	return OkabeIto[0], draw.CircleGlyph{}, "Model"
}

// BacktestCaption is the provenance line of the backtest charts, for
// example "Backtest: bundled:history, 12 cases · 20,000 draws each · seed
// 1 · alliancesim v0.1.0".
func BacktestCaption(rep *backtest.Report, version string) string {
	if rep == nil {
		return ""
	}
	return strings.Join([]string{"Backtest: " + orDefault(rep.Library, "(unnamed library)") + ", " + fmt.Sprintf("%d %s", len(rep.Cases), plural(len(rep.Cases), "case", "cases")),
		format.Thousands(rep.Draws) + plural(int(rep.Draws), " draw each", " draws each"),
		"seed " + strconv.FormatUint(rep.Seed, 10), "alliancesim " + versionString(version)}, " · ")
}

// scoreText is "Brier 0.123", and the share of cases scored when not all.
func scoreText(rep *backtest.Report, s *backtest.Scores, of string) string {
	t := "no score"
	if !math.IsNaN(s.Brier.Value) {
		t = "Brier " + strconv.FormatFloat(s.Brier.Value, 'f', 3, 64)
	}
	if s.Cases < len(rep.Cases) {
		t += fmt.Sprintf(of, s.Cases, len(rep.Cases))
	}
	return t
}

// casesText is "1 historical case" or "12 historical cases".
func casesText(n int) string { return fmt.Sprintf("%d historical %s", n, plural(n, "case", "cases")) }

// Glyph sizes of the reliability diagram, in points: a bin with one case
// gets the smallest, the fullest bin the largest, the area in proportion
// to the count in between.
const (
	binMinR = 2.6
	binMaxR = 7.0
)

func reliabilityText(rep *backtest.Report, bins int, o Options) chartText {
	return chartText{title: fmt.Sprintf("Calibration on %s: forecast against what happened", casesText(len(rep.Cases))),
		subtitles: []string{fmt.Sprintf("Cases binned by forecast into %d bins of equal width; marker size and label: cases in the bin", bins), "Marker size and label: number of cases in the bin"},
		x:         "Forecast probability of a pact (mean of the bin)", y: "Observed share with a pact", caption: BacktestCaption(rep, o.Version), below: true,
		desc: fmt.Sprintf("Reliability diagram of the backtest on %s: each forecaster's cases are binned by their forecast probability of a pact "+
			"(%d bins of equal width); each point is a bin, at the mean forecast of its cases (across) and the share of them in which the pact formed (up), "+
			"its size and label the number of cases. Points on the dashed diagonal are calibrated: forecasts of 20%% came true one time in five. "+
			"With few cases per bin the observed shares are coarse, so read the pattern, not single points.", casesText(len(rep.Cases)), bins)}
}

// reliabilityMarks adds each forecaster's legend entry and returns its
// bins as sized glyphs joined by a line, the references under the model
// and see-through, so that where they coincide (both give every case a few
// per cent) both show; and the bins' labels.
func reliabilityMarks(ch *Chart, rep *backtest.Report) (lines, glyphs []plot.Plotter, labels []pointLabel, notes []string) {
	most := 1
	for _, s := range rep.Scores {
		for _, b := range s.Reliability {
			most = max(most, b.N)
		}
	}
	for _, name := range backtest.Forecasters {
		s := rep.ScoresOf(name)
		if s == nil {
			continue
		} else if s.Cases == 0 {
			notes = append(notes, "No case gives structural covariates: no logit forecast")
			continue
		}
		col, shape, title := forecasterLook(name)
		g := &sizedGlyphs{Style: glyph(withAlpha(col, 0.6), 3.2, shape)}
		if name == backtest.Model {
			g.Style.Color, g.Outline = col, lineStyle(color.White, 0.8)
		}
		ln := &plotter.Line{LineStyle: draw.LineStyle{Color: withAlpha(col, 0.75), Width: vg.Points(1)}}
		for _, b := range s.Reliability {
			if b.N > 0 && finite(b.MeanP, b.Observed) {
				f := math.Sqrt(float64(b.N-1) / float64(max(most-1, 1)))
				g.Points = append(g.Points, sizedPoint{X: b.MeanP, Y: b.Observed, R: vg.Points(binMinR + f*(binMaxR-binMinR))})
				ln.XYs = append(ln.XYs, plotter.XY{X: b.MeanP, Y: b.Observed})
				labels = append(labels, pointLabel{X: b.MeanP, Y: b.Observed, Text: strconv.Itoa(b.N)})
			}
		}
		ch.AddLegend(title+" · "+scoreText(rep, s, " (%d of %d cases)"), ln, g)
		if len(ln.XYs) > 1 {
			lines = append([]plot.Plotter{ln}, lines...)
		}
		glyphs = append(glyphs, g)
	}
	if len(glyphs) > 0 { // base rate, then logit, then the model on top
		glyphs = append(glyphs[1:], glyphs[0])
	}
	return lines, glyphs, labels, notes
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
	bins := rep.Bins
	if bins <= 0 {
		bins = backtest.DefaultBins
	}
	ch, p := newChart(reliabilityText(rep, bins, o))
	diag := &plotter.Line{XYs: plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}}, LineStyle: lineStyle(axisColor, 0.9, dashed...)}
	lines, glyphs, labels, notes := reliabilityMarks(ch, rep)
	ch.AddLegend("Perfect calibration", diag)
	if ch.Empty = len(glyphs) == 0; ch.Empty {
		notes = append(notes, "No cases: nothing to plot")
	}
	ch.Note = joinNotes(notes)
	w, h, ok := ch.fit(o, vg.Points(100), 0, 0)
	probabilityAxis(&p.X, 1, intervals(w, 40, 5))
	probabilityAxis(&p.Y, 1, min(5, yIntervals(h)))
	if !ok {
		return ch, nil
	}
	// Room for the largest glyphs at the edges of the unit square.
	p.X.Padding, p.Y.Padding = vg.Points(binMaxR+1), vg.Points(binMaxR+1)
	p.Add(gridLines{}, gridLines{vertical: true}, diag)
	p.Add(lines...)
	p.Add(glyphs...)
	p.Add(&pointLabels{Labels: labels, Style: textStyle(sansFont, tickSize-1.5, inkColor), Avoid: labels, Radius: vg.Points(binMaxR), Halo: withAlpha(white, 0.8)})
	return ch, nil
}

// caseRowPt is the height of a row of the per-case chart, in points.
const caseRowPt = 15

// BacktestCasesHeight is the height the per-case chart of n cases needs:
// DefaultHeight, or more for a long library, so that every row stays
// legible: title, subtitle, legend, x axis and caption take about 4.5 cm,
// each row (cases and two group headers) caseRowPt.
func BacktestCasesHeight(n int) vg.Length {
	return max(DefaultHeight, 4.5*vg.Centimeter+vg.Length(n+2)*vg.Points(caseRowPt))
}

// caseRow is one row of the per-case chart: a group header or a case.
type caseRow struct {
	header string
	c      *backtest.CaseResult
}

// caseRows orders the cases: those with a pact first, then those without,
// each group under a header and sorted by the model's p, highest first
// (ties by name).
func caseRows(cases []backtest.CaseResult) []caseRow {
	groups := [2][]*backtest.CaseResult{}
	for i := range cases {
		if cases[i].Pact {
			groups[0] = append(groups[0], &cases[i])
		} else {
			groups[1] = append(groups[1], &cases[i])
		}
	}
	var rows []caseRow
	for k, title := range []string{"Pact formed by the outcome year", "No pact through the outcome year"} {
		g := groups[k]
		if len(g) == 0 {
			continue
		}
		sort.SliceStable(g, func(a, b int) bool {
			if g[a].Model.P != g[b].Model.P {
				return g[a].Model.P > g[b].Model.P
			}
			return g[a].Name < g[b].Name
		})
		rows = append(rows, caseRow{header: fmt.Sprintf("%s (%d %s)", title, len(g), plural(len(g), "case", "cases"))})
		for _, c := range g {
			rows = append(rows, caseRow{c: c})
		}
	}
	return rows
}

// Vertical offsets of the per-case chart's marks from a row's centre, in
// rows: the model (with its interval and the outcome ring) above, the two
// references below.
const (
	caseModelOffset = 0.17
	caseRefOffset   = -0.2
)

func casesChartText(rep *backtest.Report, o Options) chartText {
	return chartText{title: fmt.Sprintf("The model's forecast for each of %s, against the two references", casesText(len(rep.Cases))),
		subtitles: []string{"Ring: what happened (100% a pact formed, 0% none); model with its 95% interval", "Ring: what happened (100% pact, 0% none)"},
		x:         "Probability of a pact by the outcome year", caption: BacktestCaption(rep, o.Version), below: true,
		desc: "One row per historical case, the cases in which a pact formed above those in which none did, each group sorted by the model's forecast. " +
			"Each row shows the probability of a pact by the case's outcome year forecast by the model (circle, with its 95% Monte Carlo interval), " +
			"by the base rate (square) and by the structural logit (triangle), and what happened as a ring at 100% (a pact) or 0% (none): " +
			"the closer a forecast to the ring, the better it scores."}
}

// caseMarks are the marks of the per-case chart: the model's forecasts
// with their intervals, the references', the outcome rings and row guides,
// and the group headers; and the notes on forecasts left out.
func caseMarks(rep *backtest.Report, rows []caseRow) (model *whiskers, base, logit, ring *plotter.Scatter, guides, headers []plot.Plotter, notes []string) {
	mc, ms, _ := forecasterLook(backtest.Model)
	bc, bs, _ := forecasterLook(backtest.BaseRate)
	lc, ls, _ := forecasterLook(backtest.Logit)
	model = &whiskers{Line: lineStyle(mc, 1.2), Cap: vg.Points(4), Glyph: glyph(mc, 2.8, ms)}
	base, logit = &plotter.Scatter{GlyphStyle: glyph(bc, 2.6, bs)}, &plotter.Scatter{GlyphStyle: glyph(lc, 3, ls)}
	ring = &plotter.Scatter{GlyphStyle: glyph(inkColor, 4.6, draw.RingGlyph{})}
	// Headers in regular type: PDF output cannot mix faces in one file.
	hsty := labelStyle(labelSize, inkColor, draw.XLeft, draw.YCenter)
	var noLogit, invalid []string
	for i, r := range rows {
		y := rowY(i, len(rows))
		c := r.c
		if c == nil {
			headers = append(headers, &annotation{Y: y, Text: r.header, Style: hsty, Halo: color.White})
			continue
		}
		guides = append(guides, &refLine{At: y + caseModelOffset, Style: gridStyle})
		if validProportion(c.Model) {
			model.Points = append(model.Points, proportionInterval(c.Model, y+caseModelOffset))
		} else {
			invalid = append(invalid, c.Name)
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
	switch {
	case len(noLogit) > 0 && len(noLogit) < len(rep.Cases):
		notes = append(notes, "No logit forecast (no structural covariates): "+strings.Join(noLogit, ", "))
	case len(noLogit) > 0:
		notes = append(notes, "No case gives structural covariates: no logit forecast")
	}
	if len(invalid) > 0 {
		notes = append(notes, "No valid model estimate: "+strings.Join(invalid, ", "))
	}
	return model, base, logit, ring, guides, headers, notes
}

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
	ch, p := newChart(casesChartText(rep, o))
	rows := caseRows(rep.Cases)
	names := make([]string, len(rows))
	for i, r := range rows {
		if r.c != nil {
			names[i] = fmt.Sprintf("%s (%d–%d)", r.c.Name, r.c.StartYear, r.c.Year)
			if r.c.StartYear == r.c.Year {
				names[i] = fmt.Sprintf("%s (%d)", r.c.Name, r.c.Year)
			}
		}
	}
	rowAxis(p, names, caseModelOffset)
	model, base, logit, ring, guides, headers, notes := caseMarks(rep, rows)
	scores := func(name string) string {
		if s := rep.ScoresOf(name); s != nil {
			return " (" + scoreText(rep, s, ", %d of %d cases") + ")"
		}
		return ""
	}
	for _, f := range []struct {
		name, extra string
		mark        plot.Thumbnailer
	}{{backtest.Model, ", 95% interval", model}, {backtest.BaseRate, "", base}, {backtest.Logit, "", logit}} {
		if _, _, title := forecasterLook(f.name); f.name != backtest.Logit || rep.ScoresOf(f.name) != nil && rep.ScoresOf(f.name).Cases > 0 {
			ch.AddLegend(title+f.extra+scores(f.name), f.mark)
		}
	}
	ch.AddLegend("What happened", ring)
	if len(rep.Cases) == 0 {
		notes = append(notes, "No cases: nothing to plot")
	}
	ch.Note, ch.Empty = joinNotes(notes), len(rep.Cases) == 0
	w, _, ok := ch.fit(o, vg.Length(len(rows))*vg.Points(11), len(rows), 11)
	probabilityAxis(&p.X, 1, intervals(w, 40, 10))
	if !ok {
		return ch, nil
	}
	p.X.Padding = vg.Points(6) // room for the outcome rings at 0% and 100%
	p.Add(gridLines{vertical: true})
	p.Add(guides...)
	p.Add(ring, base, logit, model)
	p.Add(headers...)
	return ch, nil
}

// RenderBacktest draws the backtest's charts and writes them to dir as
// backtest-reliability.<format> (Reliability) and backtest-cases.<format>
// (BacktestCases) for every format (PNG when formats is empty). The
// per-case chart is made taller than o.Height when o.Height is zero and the
// library has more cases than the default height holds
// (BacktestCasesHeight). Both charts are built before any file is written;
// dir must exist.
func RenderBacktest(rep *backtest.Report, dir string, formats []string, o Options) ([]RenderedChart, error) {
	if rep == nil {
		return nil, errNilBacktest
	}
	oc := o
	if oc.Height == 0 {
		oc.Height = BacktestCasesHeight(len(rep.Cases))
	}
	out, _, err := renderAll([]builder{
		{kind: KindReliability, build: func() (*Chart, error) { return Reliability(rep, o) }},
		{kind: KindBacktestCases, build: func() (*Chart, error) { return BacktestCases(rep, oc) }, o: &oc},
	}, dir, formats, o)
	return out, err
}
