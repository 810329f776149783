package plots

import (
	"errors"
	"strconv"
	"strings"

	"gonum.org/v1/plot/vg"

	"github.com/alliancesim/alliancesim/internal/format"
)

// Kinds of the analysis charts, which are also the base names of their
// files.
const (
	KindTornado          = "tornado"
	KindMorris           = "morris"
	KindSobol            = "sobol"
	KindSobolConvergence = "sobol-convergence"
	KindSweep            = "sweep"
	KindPrimTradeoff     = "prim-tradeoff"
)

// Errors of the analysis charts.
var (
	errNilSobol       = errors.New("plots: no Sobol result to plot (nil *analysis.SobolResult)")
	errNilConvergence = errors.New("plots: no convergence result to plot (nil *analysis.ConvergenceResult)")
	errNilSweep       = errors.New("plots: no sweep to plot (nil *analysis.SweepResult)")
	errNilPrim        = errors.New("plots: no PRIM result to plot (nil *analysis.PrimResult)")
)

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
	// Reps is the number of simulation runs averaged in each evaluation,
	// for the caption; zero leaves it out.
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
	// Weights marks, by path, the inputs that are model weights (drawn over
	// their prior ranges) rather than the scenario's inputs: the tornado and
	// Sobol charts hatch their bars and the Morris chart draws them hollow,
	// with a legend entry that says so.
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
	return orDefault(path, "(unnamed input)")
}

// standalone is the label of an input for a place where it stands alone,
// such as a row or a legend entry: the readable label with a capital first
// letter, or the path as it is.
func (info AnalysisInfo) standalone(path string) string {
	if l, ok := info.Labels[path]; ok && strings.TrimSpace(l) != "" {
		return capitalise(strings.TrimSpace(l))
	}
	return info.label(path)
}

// output names the output.
func (info AnalysisInfo) output() string {
	if s := strings.TrimSpace(info.Output); s != "" {
		return s
	}
	if info.Probability {
		return "P(alliance by the horizon)"
	}
	return "the output"
}

func (info AnalysisInfo) scenario() string { return orDefault(info.Scenario, "(unnamed scenario)") }

// caption is the provenance line: "Scenario: baseline · <what> · seed 1 ·
// alliancesim v0.1.0", what describing the design, such as "Sobol, N =
// 1,024: 25,600 evaluations of 64 runs each".
func (info AnalysisInfo) caption(what string, o Options) string {
	if info.Caption != "" {
		return info.Caption
	}
	parts := []string{"Scenario: " + orDefault(info.Scenario, "(unnamed)")}
	if what != "" {
		parts = append(parts, what)
	}
	parts = append(parts, "seed "+strconv.FormatUint(info.Seed, 10), "alliancesim "+versionString(orDefault(info.Version, o.Version)))
	return strings.Join(parts, " · ")
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
	s := format.Thousands(int64(n)) + " " + plural(n, "evaluation", "evaluations")
	if info.Reps > 0 {
		s += " of " + format.Thousands(int64(info.Reps)) + " runs each"
	}
	return s
}

// design joins the parts of a caption's description of a design that are
// set: "Sobol, N = 1,024: 10,240 evaluations · 500 bootstrap resamples".
func design(head, evals, tail string) string {
	if evals != "" {
		head += ": " + evals
	}
	if tail != "" {
		head += " · " + tail
	}
	return head
}

// percentileName is "10th", "90th", "2.5th" or "median".
func percentileName(q float64) string {
	v := 100 * q
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if len(s) > 5 {
		s = strconv.FormatFloat(v, 'f', 1, 64)
	}
	n, err := strconv.Atoi(s)
	switch {
	case v == 50:
		return "median"
	case err != nil || n%100 >= 11 && n%100 <= 13:
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

// rowLabels are the labels of a row chart, each shortened to at most 40% of
// the page's width, so that the rows keep room for their bars.
func rowLabels(labels []string, o Options) []string {
	out := make([]string, len(labels))
	for i, l := range labels {
		out[i] = fitText(newPlot("", "").Y.Tick.Label, l, 0.4*(o.Width-2*vg.Points(marginPt)))
	}
	return out
}
