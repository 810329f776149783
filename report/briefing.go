package report

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/alliancesim/alliancesim/internal/format"
	"github.com/alliancesim/alliancesim/results"
)

// The briefing is the first few printed pages: the headline in words, the
// comparison chart, what each scenario changes against the first, and,
// when given, the tornado and the signposts. The appendix holds the rest.

// topInputs is how many of a sensitivity ranking the briefing lists.
const topInputs = 5

func (b *builder) briefing() ([]section, error) {
	out := []section{b.summary()}
	if c := b.in.Comparison; c != nil && len(c.Charts) > 0 {
		b.briefChart = briefingChart(c.Charts)
		s := section{ID: "compared", Title: "The scenarios compared"}
		f, err := b.figure(c.Charts[b.briefChart])
		if err != nil {
			return nil, err
		}
		s.figure(f)
		out = append(out, s)
	}
	if len(b.in.Scenarios) > 1 {
		out = append(out, b.changesSection())
	}
	if len(b.in.Sensitivity) > 0 {
		s, err := b.sensitivityBrief()
		if err != nil {
			return nil, err
		}
		if len(b.in.Sweep) > 0 {
			b.sweepBrief(&s, false)
		}
		out = append(out, s)
	} else if len(b.in.Sweep) > 0 {
		s := section{ID: "sweeps", Title: "How the answer moves with a value"}
		b.sweepBrief(&s, true)
		out = append(out, s)
	}
	if len(b.in.Discover) > 0 {
		out = append(out, b.discoverBrief())
	}
	if b.in.Nowcast != nil {
		out = append(out, b.nowcastBrief())
	}
	return out, nil
}

// briefingChart picks the comparison chart for the briefing: the one of
// the final probabilities with their differences ("compare-dots"), else
// the first.
func briefingChart(cs []Chart) int {
	for i, c := range cs {
		if c.Kind == "compare-dots" {
			return i
		}
	}
	return 0
}

// ---- What each scenario changes ----

func (b *builder) changesSection() section {
	base := scenarioName(b.in.Scenarios[0])
	s := section{ID: "changes", Title: "What each scenario changes"}
	s.p("", txt(fmt.Sprintf("Each scenario against the %s scenario: only the inputs, events and weights whose values differ, with both values. "+
		"Everything not listed is the same; the appendix gives every value, with the differing ones marked.", base)))
	for k := 1; k < len(b.in.Scenarios); k++ {
		name := scenarioName(b.in.Scenarios[k])
		cs := b.changes(k)
		if len(cs) == 0 {
			s.p("", strong(name+": "), txt(fmt.Sprintf("no input, event or weight differs from the %s scenario.", base)))
			continue
		}
		t := b.table(&table{Class: "changes",
			Caption: fmt.Sprintf("What the %s scenario changes against the %s scenario.", name, base),
			Head:    []string{"Input, event or weight", base, name}, Align: "lll"})
		for _, c := range cs {
			t.Rows = append(t.Rows, []para{changeLabel(c), changeCell(c, c.Base, base), changeCell(c, c.Other, name)})
		}
		s.table(t)
	}
	return s
}

// ---- Sensitivity ----

// scenarioLabel names the scenario an analysis is of.
func scenarioLabel(name string, ref results.ScenarioRef) string {
	if n := oneLine(name); n != "" {
		return n
	}
	if n := oneLine(ref.Name); n != "" {
		return n
	}
	return "unnamed"
}

// ranked returns a sensitivity analysis's inputs, best-ranked first (the
// unranked last, in their order).
func ranked(s *results.Sensitivity) []results.SensitivityInput {
	in := append([]results.SensitivityInput(nil), s.Inputs...)
	sort.SliceStable(in, func(i, j int) bool {
		ri, rj := in[i].Ranking, in[j].Ranking
		if ri == 0 || rj == 0 {
			return ri != 0 && rj == 0
		}
		return ri < rj
	})
	return in
}

// isProbability tells whether an analysis's output is a probability.
func isProbability(output string) bool {
	return output == "" || strings.HasPrefix(output, "P(")
}

// outValue renders a value of the analysis's output.
func outValue(output string, x float64) string {
	if isProbability(output) {
		return format.Percent(x)
	}
	return fixed(x, 2)
}

// outSwing renders the difference between two values of the output.
func outSwing(output string, d float64) string {
	if isProbability(output) {
		return signedPP(d)
	}
	return signedFixed(d, 2)
}

// num renders an input's value with three significant digits.
func num(x float64) string {
	if bad(x) {
		return "–"
	}
	if x == 0 {
		return "0"
	}
	dec := max(0, 2-int(math.Floor(math.Log10(math.Abs(x)))))
	s := fixed(x, dec)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

func outputName(s *results.Sensitivity) string {
	return cmp.Or(oneLine(s.Output), "P(alliance by the horizon)")
}

func (b *builder) sensitivityBrief() (section, error) {
	s := section{ID: "sensitivity", Title: "What the result depends on"}
	s.p("", txt("Each input moved alone from a low to a high value, the others at their medians (a tornado): the longest bars matter most."))
	for _, sr := range b.in.Sensitivity {
		r := sr.Result
		name := scenarioLabel(sr.Scenario, r.Scenario)
		in := ranked(r)
		if len(in) > 0 {
			top := in[0]
			s.para("summary", para{txt(fmt.Sprintf("In the %s scenario, %s is %s with every input at its median; it moves most with ", name, outputName(r), outValue(r.Output, r.Base))),
				strong(oneLine(top.Label)),
				txt(fmt.Sprintf(", from %s with it at %s to %s at %s.", outValue(r.Output, top.Low), num(top.LowX), outValue(r.Output, top.High), num(top.HighX)))})
		}
		if err := b.figures(&s, sr.Charts, func(_ int, c Chart) bool { return c.Kind == "tornado" }); err != nil {
			return s, fmt.Errorf("sensitivity of %s: %w", name, err)
		}
		s.table(b.rankingTable(name, r, min(topInputs, len(in)), true))
	}
	return s, nil
}

// rankingTable lists the first n inputs of an analysis's ranking: for the
// briefing (brief), without their distributions; otherwise all of them
// with their distributions.
func (b *builder) rankingTable(name string, r *results.Sensitivity, n int, brief bool) *table {
	in := ranked(r)
	sobol := false
	for _, x := range in {
		sobol = sobol || x.ST != nil
	}
	// The briefing's short list leaves the distributions to the appendix's
	// whole ranking.
	all := !brief
	what := fmt.Sprintf("The %d inputs that move %s most in the %s scenario", n, outputName(r), name)
	if all {
		what = fmt.Sprintf("Every input of the sensitivity analysis of the %s scenario, by rank", name)
	}
	t := &table{Class: "ranking", Wide: true,
		Caption: what + ": the output with the input at a low and at a high value (every other input at its median) and the difference (the tornado's bar)" +
			map[bool]string{true: ", and the Sobol total effect ST with its 95% bootstrap interval (the share of the output's variance the input accounts for, interactions included).", false: "."}[sobol],
		Head:  []string{"Rank", "Input", "Low value", "Output there", "High value", "Output there", "Difference"},
		Align: "rlrrrrr"}
	if !all {
		t.Caption = what + ": the output with each at a low and a high value, the difference (the tornado's bar)" +
			map[bool]string{true: " and the Sobol total effect ST (95% interval)", false: ""}[sobol] + "; every input, with its path and distribution, is in the appendix."
	}
	if all {
		t.Head = slices.Insert(t.Head, 2, "Distribution")
		t.Align = "rllrrrrr"
	}
	if sobol {
		t.Head = append(t.Head, "Total effect ST")
		t.Align += "r"
	}
	for _, x := range in[:n] {
		rank := "–"
		if x.Ranking > 0 {
			rank = strconv.Itoa(x.Ranking)
		}
		label := para{txt(oneLine(x.Label))}
		if oneLine(x.Label) == "" {
			label = para{code(orDash(oneLine(x.Name)))}
		} else if nm := oneLine(x.Name); all && nm != "" && nm != oneLine(x.Label) {
			label = append(label, txt(" ("), code(nm), txt(")"))
		}
		row := []para{cell(rank), label, cell(num(x.LowX)), cell(outValue(r.Output, x.Low)),
			cell(num(x.HighX)), cell(outValue(r.Output, x.High)), cell(outSwing(r.Output, x.High-x.Low))}
		if all {
			row = slices.Insert(row, 2, codeCell(orDash(oneLine(x.Distribution))))
		}
		if sobol {
			st := "–"
			if x.ST != nil {
				st = fixed(*x.ST, 2)
				if x.STLo != nil && x.STHi != nil {
					st += " (" + fixed(*x.STLo, 2) + " to " + fixed(*x.STHi, 2) + ")"
				}
			}
			row = append(row, cell(st))
		}
		t.Rows = append(t.Rows, row)
	}
	return b.table(t)
}

func (b *builder) sensitivityDetail() (section, error) {
	s := section{ID: "sensitivity-detail", Title: "Sensitivity in detail"}
	s.p("", txt("A tornado moves each input alone, the others at their medians: it sees neither interactions nor effects that peak between its two values. "+
		"Where a variance-based (Sobol) analysis was run, its total effect ST counts the input's interactions too."))
	for _, sr := range b.in.Sensitivity {
		r := sr.Result
		name := scenarioLabel(sr.Scenario, r.Scenario)
		s.h3("Sensitivity of the " + name + " scenario")
		facts := []para{{strong("Output: "), txt(outputName(r) + ", " + outValue(r.Output, r.Base) + " with every input at its median.")}}
		if len(r.Samples) > 0 {
			var parts []string
			for _, k := range slices.Sorted(maps.Keys(r.Samples)) {
				parts = append(parts, strings.ReplaceAll(k, "_", " ")+" "+format.Thousands(int64(r.Samples[k])))
			}
			facts = append(facts, para{strong("Samples: "), txt(strings.Join(parts, " · ") + ".")})
		}
		facts = append(facts, para{strong("Seed: "), code(fmt.Sprint(r.Seed))})
		if r.InputsOnly {
			facts = append(facts, para{strong("Weights: "), txt("held at their values (--inputs-only): only the scenario's inputs were varied.")})
		}
		if c := r.Convergence; c != nil {
			v := "the Sobol ranking has settled."
			if !c.Settled {
				v = "the Sobol ranking has not settled: " + strings.Join(c.Warnings, "; ")
			}
			facts = append(facts, para{strong("Convergence: "), txt(v)})
		}
		s.list("facts", facts...)
		s.table(b.rankingTable(name, r, len(r.Inputs), false))
		if len(r.FixedWeights) > 0 {
			t := b.table(&table{Class: "fixed-weights",
				Caption: fmt.Sprintf("Weights held at a value in the sensitivity analysis of the %s scenario, and why.", name),
				Head:    []string{"Weight", "Value", "Why"}, Align: "lrl"})
			for _, w := range r.FixedWeights {
				t.Rows = append(t.Rows, []para{codeCell(oneLine(w.Name)), cell(value(w.Value)), cell(oneLine(w.Source))})
			}
			s.table(t)
		}
		if err := b.figures(&s, sr.Charts, func(_ int, c Chart) bool { return c.Kind != "tornado" }); err != nil {
			return s, fmt.Errorf("sensitivity of %s: %w", name, err)
		}
	}
	return s, nil
}

// ---- Discovery ----

// condition renders a box limit: "at least 0.8", "at most 0.3",
// "between 0.6 and 0.9".
func condition(l results.DiscoverLimit) string {
	switch {
	case l.Lo != nil && l.Hi != nil:
		return "between " + num(*l.Lo) + " and " + num(*l.Hi)
	case l.Lo != nil:
		return "at least " + num(*l.Lo)
	case l.Hi != nil:
		return "at most " + num(*l.Hi)
	}
	return "any value"
}

func limitLabel(l results.DiscoverLimit) para {
	p := para{txt(orDash(oneLine(l.Label)))}
	if in := oneLine(l.Input); in != "" && in != oneLine(l.Label) {
		p = append(p, txt(" ("), code(in), txt(")"))
	}
	return p
}

func outcomeName(d *results.Discovery) string {
	return cmp.Or(oneLine(d.Outcome), "the outcome")
}

func (b *builder) discoverBrief() section {
	s := section{ID: "signposts", Title: "Signposts"}
	s.p("", txt("Scenario discovery (PRIM) finds a simple box of input values in which the outcome is much more common than overall. "+
		"Its conditions, the most telling first, are the developments worth watching, not forecasts; each one's drop is how much less common the outcome becomes without it."))
	for _, dr := range b.in.Discover {
		d := dr.Result
		name := scenarioLabel(dr.Scenario, d.Scenario)
		overall := math.NaN()
		if d.Draws > 0 {
			overall = float64(d.Cases) / float64(d.Draws)
		}
		p := para{strong(name + ": "), txt(fmt.Sprintf("%s occurs in %s of all runs but in %s of the runs in the box, which holds %s of the runs and %s of those with %s.",
			format.Capitalise(outcomeName(d)), format.Percent(overall), format.Percent(d.Box.Density), format.Percent(d.Box.Mass), format.Percent(d.Box.Coverage), outcomeName(d)))}
		s.para("", p)
		if st := strings.TrimSpace(d.Sentences); st != "" {
			for _, ps := range paragraphs(st) {
				s.para("summary", linked(ps))
			}
		}
		if len(d.Signposts) > 0 {
			t := b.table(&table{Class: "signposts",
				Caption: fmt.Sprintf("The signposts of the %s scenario, the most telling first: each condition of the box, and how much the share of runs with %s in the box drops without it.", name, outcomeName(d)),
				Head:    []string{"Signpost", "Condition", "Drop without it"}, Align: "llr"})
			for _, l := range d.Signposts {
				drop := "–"
				if l.DensityDrop != nil {
					drop = pp(*l.DensityDrop)
				}
				t.Rows = append(t.Rows, []para{limitLabel(l), cell(condition(l)), cell(drop)})
			}
			s.table(t)
		} else {
			s.p("", txt("The box has no condition that stands out as a signpost."))
		}
	}
	return s
}

func (b *builder) discoverDetail() (section, error) {
	s := section{ID: "discover-detail", Title: "Scenario discovery in detail"}
	for _, dr := range b.in.Discover {
		d := dr.Result
		name := scenarioLabel(dr.Scenario, d.Scenario)
		s.h3("Discovery in the " + name + " scenario")
		facts := []para{
			{strong("Outcome: "), txt(outcomeName(d) + ", in " + format.Thousands(int64(d.Cases)) + " of " + format.Thousands(d.Draws) + " runs.")},
			{strong("Box: "), txt(fmt.Sprintf("coverage %s, density %s, mass %s.", format.Percent(d.Box.Coverage), format.Percent(d.Box.Density), format.Percent(d.Box.Mass)))},
			{strong("Seed: "), code(fmt.Sprint(d.Seed))},
		}
		s.list("facts", facts...)
		if len(d.Box.Limits) > 0 {
			t := b.table(&table{Class: "box",
				Caption: fmt.Sprintf("Every limit of the box chosen in the %s scenario.", name),
				Head:    []string{"Input", "Condition"}, Align: "ll"})
			for _, l := range d.Box.Limits {
				t.Rows = append(t.Rows, []para{limitLabel(l), cell(condition(l))})
			}
			s.table(t)
		}
		if err := b.figures(&s, dr.Charts, nil); err != nil {
			return s, fmt.Errorf("discovery in %s: %w", name, err)
		}
	}
	return s, nil
}
