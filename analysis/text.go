package analysis

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/alliancesim/alliancesim/internal/format"
)

// SentenceStyle sets the wording of PrimResult.Sentences.
type SentenceStyle struct {
	// Outcome is the clause that states the outcome of interest, with a
	// capital letter, e.g. "An alliance forms". Default "The outcome
	// occurs".
	Outcome string
	// Cases is the plural noun for the runs with the outcome, e.g.
	// "alliances". Default "cases of interest".
	Cases string
	// Labels maps input names to the words to print; an input without a
	// label is printed by its name.
	Labels map[string]string
	// Format prints an input's threshold; nil means FormatValue (two
	// significant digits).
	Format func(name string, v float64) string
}

// Sentences writes the box as plain English an analyst can paste into a
// report, e.g.
//
//	An alliance forms in 71% of runs where US pressure on China is above 0.7
//	and Russia's autonomy value is below 0.4 (these runs are 12% of all runs;
//	they hold 64% of all alliances). In the other runs the share is 6%.
//
// Conditions are listed in the order of Signposts, the most important first.
func (r *PrimResult) Sentences(b PrimBox, s SentenceStyle) string {
	outcome := s.Outcome
	if outcome == "" {
		outcome = "The outcome occurs"
	}
	cases := s.Cases
	if cases == "" {
		cases = "cases of interest"
	}
	if len(b.Restrictions) == 0 {
		return fmt.Sprintf("%s in %s of all runs; no condition on the inputs raises that share.",
			outcome, Percent(float64(r.Cases)/float64(r.N)))
	}
	var conds []string
	for _, sp := range r.Signposts(b) {
		conds = append(conds, s.Condition(sp.Restriction))
	}
	text := fmt.Sprintf("%s in %s of runs where %s (these runs are %s of all runs; they hold %s of all %s).",
		outcome, Percent(b.Density), format.JoinAnd(conds), Percent(b.Mass), Percent(b.Coverage), cases)
	if rest := r.N - b.N; rest > 0 {
		text += fmt.Sprintf(" In the other runs the share is %s.", Percent(float64(r.Cases-b.Cases)/float64(rest)))
	}
	return text
}

// Condition writes one restriction in words, e.g. "US pressure on China is
// above 0.7".
func (s SentenceStyle) Condition(res Restriction) string {
	label := res.Name
	if l, ok := s.Labels[res.Name]; ok && l != "" {
		label = l
	}
	format := s.Format
	if format == nil {
		format = func(_ string, v float64) string { return FormatValue(v) }
	}
	switch {
	case res.HasLo && res.HasHi:
		return fmt.Sprintf("%s is between %s and %s", label, format(res.Name, res.Lo), format(res.Name, res.Hi))
	case res.HasLo:
		return fmt.Sprintf("%s is above %s", label, format(res.Name, res.Lo))
	default:
		return fmt.Sprintf("%s is below %s", label, format(res.Name, res.Hi))
	}
}

// Percent formats a share as a whole percentage for prose: "71%", with
// "under 1%" and "over 99%" where rounding would say 0% or 100% of a share
// that is neither.
func Percent(p float64) string {
	switch {
	case p <= 0:
		return "0%"
	case p >= 1:
		return "100%"
	case p < 0.005:
		return "under 1%"
	case p >= 0.995:
		return "over 99%"
	}
	return strconv.Itoa(int(math.Round(p*100))) + "%"
}

// FormatValue prints v with two significant digits and no exponent or
// trailing zeros: 0.7012 → "0.7", 0.0456 → "0.046", 1234 → "1200".
func FormatValue(v float64) string {
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	mag := int(math.Floor(math.Log10(math.Abs(v))))
	dec := 1 - mag
	if dec <= 0 {
		p := math.Pow(10, float64(-dec))
		return strconv.FormatFloat(math.Round(v/p)*p, 'f', 0, 64)
	}
	s := strconv.FormatFloat(v, 'f', dec, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}
