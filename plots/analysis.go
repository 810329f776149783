package plots

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/alliancesim/alliancesim/analysis"
	"github.com/alliancesim/alliancesim/internal/format"
)

// Kinds of the analysis charts, which are also the base names of their
// files (see RenderAnalysis).
const (
	KindTornado          = "tornado"
	KindMorris           = "morris"
	KindSobol            = "sobol"
	KindSobolConvergence = "sobol-convergence"
	KindSweep            = "sweep"
	KindPrimTradeoff     = "prim-tradeoff"
)

// analysisKinds is the order RenderAnalysis writes the known kinds in.
var analysisKinds = []string{KindTornado, KindMorris, KindSobol, KindSobolConvergence, KindSweep, KindPrimTradeoff}

// AnalysisInfo describes the analysis behind a sensitivity, sweep or
// scenario-discovery chart: what the output is, for the axis labels and
// titles, and where the numbers come from, for the caption.
type AnalysisInfo struct {
	// Scenario is the scenario's name; a SweepResult's own name is used
	// when it is empty.
	Scenario string
	// Output names the output studied, such as "P(alliance by 2036)"; it
	// titles the charts and labels their value axes. Empty means "P(alliance
	// by the horizon)" for a probability and "the output" otherwise (a
	// sweep names its horizon year).
	Output string
	// Probability tells that the output is a probability: the tornado's
	// axis then starts at 0 with percentage ticks, and Morris effects are
	// given in percentage points.
	Probability bool
	// Draws is the number of evaluations of the output (tornado, Morris,
	// Sobol) or of draws (a sweep's draws per point, PRIM's runs), for the
	// caption. Zero takes it from the result where the result says it, and
	// leaves it out otherwise.
	Draws int
	// Reps is the number of simulation runs averaged in each evaluation
	// (sim.Evaluator.Reps), for the caption; zero leaves it out.
	Reps int
	// Seed is the analysis's seed, for the caption. A SweepResult's own
	// seed is used for a sweep.
	Seed uint64
	// Version is the tool version for the caption; empty means o.Version.
	Version string
	// Labels maps an input's path to a readable label, such as
	// "china.pressure" → "US pressure on China". An input without a label
	// is shown by its path.
	Labels map[string]string
	// Weights marks, by path, the inputs that are model weights (the
	// coefficients of the model, drawn over their prior ranges) rather
	// than the scenario's inputs: the tornado and Sobol charts hatch their
	// bars and the Morris chart draws them hollow, with a legend entry that
	// says so. Their labels should say it too ("Weight: shared opposition").
	Weights map[string]bool
	// Percentiles are the tornado's low and high quantiles, such as 0.1
	// and 0.9 (the default when zero).
	Percentiles [2]float64
	// Caption, when set, replaces the caption line built from the fields
	// above.
	Caption string
}

// label is the readable label of an input path.
func (info AnalysisInfo) label(path string) string {
	if l, ok := info.Labels[path]; ok && strings.TrimSpace(l) != "" {
		return l
	}
	if path == "" {
		return "(unnamed input)"
	}
	return path
}

// isWeight reports whether the input at path is a model weight.
func (info AnalysisInfo) isWeight(path string) bool { return info.Weights[path] }

// standalone is the label of an input path for a place where it stands
// alone, such as a row or a legend entry: a readable label with a capital
// first letter ("the treaty architecture" becomes "The treaty
// architecture"), or the path as it is.
func (info AnalysisInfo) standalone(path string) string {
	if l, ok := info.Labels[path]; ok && strings.TrimSpace(l) != "" {
		return capitalise(strings.TrimSpace(l))
	}
	return info.label(path)
}

// output names the output, with def for an unnamed non-probability one.
func (info AnalysisInfo) output() string {
	if s := strings.TrimSpace(info.Output); s != "" {
		return s
	}
	if info.Probability {
		return "P(alliance by the horizon)"
	}
	return "the output"
}

// scenario is the scenario's name for titles.
func (info AnalysisInfo) scenario() string {
	if info.Scenario == "" {
		return "(unnamed scenario)"
	}
	return info.Scenario
}

// caption is the provenance line: "Scenario: baseline · <what> · seed 1 ·
// alliancesim v0.1.0". what describes the design, such as "Sobol, N =
// 1,024: 25,600 evaluations of 64 runs each".
func (info AnalysisInfo) caption(what string, o Options) string {
	if info.Caption != "" {
		return info.Caption
	}
	name := info.Scenario
	if name == "" {
		name = "(unnamed)"
	}
	parts := []string{"Scenario: " + name}
	if what != "" {
		parts = append(parts, what)
	}
	parts = append(parts, "seed "+strconv.FormatUint(info.Seed, 10))
	v := info.Version
	if v == "" {
		v = o.Version
	}
	return strings.Join(append(parts, "alliancesim "+versionString(v)), " · ")
}

// evaluations describes n evaluations of the output: "47 evaluations of
// 64 runs each"; info.Draws, when set, overrides n.
func (info AnalysisInfo) evaluations(n int) string {
	if info.Draws > 0 {
		n = info.Draws
	}
	if n <= 0 {
		return ""
	}
	s := format.Thousands(int64(n)) + " evaluations"
	if n == 1 {
		s = "1 evaluation"
	}
	if info.Reps > 0 {
		s += " of " + format.Thousands(int64(info.Reps)) + " runs each"
	}
	return s
}

// percentileName is "10th", "90th", "2.5th" or "median".
func percentileName(q float64) string {
	v := 100 * q
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if len(s) > 5 {
		s = strconv.FormatFloat(v, 'f', 1, 64)
	}
	if v == 50 {
		return "median"
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return s + "th"
	}
	switch {
	case n%100 >= 11 && n%100 <= 13:
		return s + "th"
	case n%10 == 1:
		return s + "st"
	case n%10 == 2:
		return s + "nd"
	case n%10 == 3:
		return s + "rd"
	}
	return s + "th"
}

// RenderAnalysis writes analysis charts to dir as <kind>.<format> for every
// format (PNG when formats is empty) and returns what it wrote. The keys
// of charts are the kinds, which are also the files' base names: use
// KindTornado ("tornado"), KindMorris ("morris"), KindSobol ("sobol"),
// KindSobolConvergence ("sobol-convergence"), KindSweep ("sweep") and
// KindPrimTradeoff ("prim-tradeoff"); other names are allowed if they are
// plain file names. The charts are written in that order, then any other
// names in alphabetical order. Every name and format is checked before
// any file is written; dir must exist. On a write error it returns the
// charts written before it and the error.
func RenderAnalysis(charts map[string]*Chart, dir string, formats []string, o Options) ([]RenderedChart, error) {
	if len(charts) == 0 {
		return nil, errors.New("plots: no analysis charts to render")
	}
	if err := checkRender(formats, o); err != nil {
		return nil, err
	}
	var others []string
	for k, ch := range charts {
		if k == "" || k == "." || k == ".." || strings.ContainsAny(k, `/\`) || filepath.Base(k) != k {
			return nil, fmt.Errorf("plots: bad chart file name %q", k)
		}
		if ch == nil || ch.Plot == nil {
			return nil, fmt.Errorf("plots: the %s chart is empty (nil)", k)
		}
		if !slices.Contains(analysisKinds, k) {
			others = append(others, k)
		}
	}
	slices.Sort(others)
	var named []namedChart
	for _, k := range append(slices.Clone(analysisKinds), others...) {
		if ch, ok := charts[k]; ok {
			named = append(named, namedChart{k, ch})
		}
	}
	out, _, err := writeCharts(named, dir, formats, o)
	return out, err
}

// Errors of the analysis charts.
var (
	errNilSobol       = errors.New("plots: no Sobol result to plot (nil *analysis.SobolResult)")
	errNilConvergence = errors.New("plots: no convergence result to plot (nil *analysis.ConvergenceResult)")
	errNilSweep       = errors.New("plots: no sweep to plot (nil *study.SweepResult)")
	errNilPrim        = errors.New("plots: no PRIM result to plot (nil *analysis.PrimResult)")
)

// conditionText writes a PRIM restriction in words with the input's label.
func conditionText(res analysis.Restriction, info AnalysisInfo) string {
	return analysis.SentenceStyle{Labels: map[string]string{res.Name: info.label(res.Name)}}.Condition(res)
}

// fitXLabel makes the x-axis label fit the page: broken at " (" onto two
// lines if it is too wide, each line shortened with an ellipsis if it is
// still too wide.
func (ch *Chart) fitXLabel(o Options) {
	x := &ch.Plot.X
	label := x.Label.Text
	width := o.Width - 2*vg.Points(marginPt)
	if label == "" || x.Label.TextStyle.Width(label) <= width {
		return
	}
	if i := strings.Index(label, " ("); i > 0 {
		label = label[:i] + "\n" + label[i+1:]
	}
	lines := strings.Split(label, "\n")
	for i, l := range lines {
		lines[i] = fitText(x.Label.TextStyle, l, width)
	}
	x.Label.Text = strings.Join(lines, "\n")
}

// fitLegend puts the legend under the plot when, as a column on the
// right, it would be taller than the plot.
func (ch *Chart) fitLegend(o Options) {
	if !ch.legendColumnFits(o) {
		ch.legendBelow = true
	}
}

// legendColumnFits reports whether the legend is empty, goes under the
// plot anyway, or fits as a column right of the plot, no taller than it.
func (ch *Chart) legendColumnFits(o Options) bool {
	if len(ch.Legend) == 0 || ch.legendBelow {
		return true
	}
	l := ch.layOut(vg.Rectangle{Max: vg.Point{X: o.Width, Y: o.Height}}, boldFont)
	return !l.legendRight || stackH(len(ch.Legend)) <= l.plot.Size().Y-vg.Points(estXAxisPt)
}

// shedSubtitle drops the subtitle when the data area, about dataH high, is
// lower than need: the subtitle is the part of a chart a reader can best
// do without. It returns the data area's new estimated size.
func (ch *Chart) shedSubtitle(o Options, dataH, need vg.Length) (vg.Length, vg.Length) {
	if dataH < need && ch.Subtitle != "" {
		ch.Subtitle = ""
	}
	return ch.fitAxes(o)
}

// maxRowPt is the greatest height of a row of a row chart, in points: a
// chart of a few rows leaves space above and below them rather than draw
// giant bars.
const maxRowPt = 30

// capRows widens the y range of a row chart of n rows (whose data area is
// about dataH high) equally up and down, so that no row is taller than
// maxRowPt.
func capRows(p *plot.Plot, n int, dataH vg.Length) {
	if n <= 0 || dataH <= 0 {
		return
	}
	span := p.Y.Max - p.Y.Min
	if rowH := float64(dataH) / span; rowH > maxRowPt {
		extra := (float64(dataH)/maxRowPt - span) / 2
		p.Y.Min -= extra
		p.Y.Max += extra
	}
}

// The Greek letters of the sensitivity charts, spelled for PDF output,
// whose fonts are encoded in Windows-1252 (see toCP1252): μ as the micro
// sign, which looks the same, σ and Σ in words.
func init() {
	pdfSpelling['μ'] = "µ" // U+00B5, in Windows-1252
	pdfSpelling['σ'] = "sigma"
	pdfSpelling['Σ'] = "sum of "
}
