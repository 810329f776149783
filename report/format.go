package report

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/alliancesim/alliancesim/design"
	"github.com/alliancesim/alliancesim/internal/format"
	"github.com/alliancesim/alliancesim/sim"
)

// The number formats follow the command line's tables, so that a figure in
// the report reads the same as on the terminal.

// The intervals. Every 95% interval the report prints goes through
// format.Interval (a probability) or ppInterval (a paired difference), and the
// estimate printed beside one through estimate or diffEstimate. They follow
// the one rule the command's tables (cmd/alliancesim/table.go) and the
// charts' labels (plots/theme.go pct and intervalText, plots/compare.go
// diffLabel) print by: each bound rounded to nearest, like any other
// percentage, with one decimal, two below 1% and "<0.01%" below 0.01%. So
// an interval reads the same in a table, in the chart beside it and on the
// terminal (TestIntervalsMatchCharts renders the charts and compares).
// The rule's one home is internal/format (Percent and Interval); plots'
// and the command's copies are to move there too.

// estimate renders a probability printed beside its interval: "10.5%".
func estimate(p sim.Proportion) string { return format.Percent(p.P) }

// diffEstimate renders a paired difference printed beside its interval
// (lo, hi), with its sign and the unit: "+3.7 pp".
func diffEstimate(d, lo, hi float64) string {
	_, _ = lo, hi // the same rule at any width, as the charts print it
	return signedPP(d)
}

// fixed formats x with dec decimals and a true minus sign; a value that
// rounds to zero has no sign.
func fixed(x float64, dec int) string {
	s := strconv.FormatFloat(math.Abs(x), 'f', dec, 64)
	if x < 0 && strings.Trim(s, "0.") != "" {
		return "−" + s
	}
	return s
}

// signedFixed is fixed with an explicit "+" on a positive value.
func signedFixed(x float64, dec int) string {
	s := fixed(x, dec)
	if x > 0 && strings.Trim(s, "0.") != "" {
		return "+" + s
	}
	return s
}

// pp renders a non-negative probability difference, such as a standard
// error, in percentage points: "0.10 pp".
func pp(x float64) string {
	if bad(x) {
		return "–"
	}
	return strings.TrimSuffix(format.Percent(x), "%") + " pp"
}

// signed renders a difference of probabilities in percentage points with
// its sign (a true minus sign), without the unit: "+3.7", "−0.52", "0".
func signed(d float64) string {
	if bad(d) {
		return "–"
	}
	s := strings.TrimSuffix(format.Percent(math.Abs(d)), "%")
	switch {
	case d > 0:
		return "+" + s
	case d < 0:
		return "−" + s
	}
	return s
}

// signedPP is signed with the unit: "+3.7 pp".
func signedPP(d float64) string {
	if bad(d) {
		return "–"
	}
	return signed(d) + " pp"
}

// ppInterval renders the 95% interval of a paired difference, each bound
// with its sign: "+3.5 to +3.9 pp" (as plots' diffLabel prints it).
func ppInterval(lo, hi float64) string {
	if bad(lo) || bad(hi) {
		return "–"
	}
	return signed(lo) + " to " + signed(hi) + " pp"
}

// term renders a model quantity (a contribution to the latent pressure or
// a utility) with two decimals and a sign: "+0.42", "−1.30".
func term(x float64) string {
	if bad(x) {
		return "–"
	}
	s := fmt.Sprintf("%+.2f", x)
	if s == "-0.00" {
		s = "+0.00"
	}
	return strings.Replace(s, "-", "−", 1)
}

// value renders a weight or a decay in the shortest exact form, with a
// true minus sign.
func value(x float64) string {
	if math.IsNaN(x) {
		return "–"
	}
	return strings.Replace(fmt.Sprintf("%g", x), "-", "−", 1)
}

func bad(x float64) bool { return math.IsNaN(x) || math.IsInf(x, 0) }

// direction says in words which way a weight pushes P(alliance).
func direction(d string) string {
	switch strings.TrimSpace(d) {
	case "+":
		return "+ raises"
	case "-", "−":
		return "− lowers"
	case "", "±":
		return "scale"
	}
	return d
}

// samplerName names the sampler for the methods appendix.
func samplerName(s design.Sampler) string {
	switch s {
	case design.MonteCarlo, "":
		return "Monte Carlo (every uncertain input drawn independently in every draw)"
	case design.LatinHypercube:
		return "Latin hypercube (each uncertain input stratified over blocks of draws, so that its whole range is covered evenly)"
	}
	return s.String()
}

var spaces = regexp.MustCompile(`\s+`)

// oneLine collapses every run of white space, newlines included, into one
// space, for table cells and headings.
func oneLine(s string) string { return strings.TrimSpace(spaces.ReplaceAllString(s, " ")) }

// paragraphs splits free text (a scenario's description, which may be a
// YAML block) into paragraphs at blank lines, each on one line.
func paragraphs(s string) []string {
	var out []string
	for _, p := range regexp.MustCompile(`\n\s*\n`).Split(strings.ReplaceAll(s, "\r\n", "\n"), -1) {
		if p = oneLine(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
