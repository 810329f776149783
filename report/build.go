package report

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"html/template"
	"image/png"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/alliancesim/alliancesim/internal/format"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/sim"
)

// builder turns an Input into a document. With embed set (the HTML), it
// reads every chart's image from dir and checks that each linked file
// exists; without it (the Markdown) it only refers to the files.
type builder struct {
	in    *Input
	dir   string
	embed bool
	fig   int
	tab   int
	// briefChart is the index of the comparison chart in the briefing
	// (-1 for none).
	briefChart int
}

func build(in *Input, dir string, embed bool) (*document, error) {
	if err := check(in); err != nil {
		return nil, err
	}
	b := &builder{in: in, dir: dir, embed: embed, briefChart: -1}
	d := &document{Title: oneLine(in.Title), Version: oneLine(in.Version)}
	if d.Title == "" {
		d.Title = "Defence alliance between " + actorsOf(in.Scenarios[0])[0] + " and " + actorsOf(in.Scenarios[0])[1] + ": " + strings.Join(b.names(), ", ")
	}
	d.Meta = b.meta()
	// The briefing: what an editor needs, in a few printed pages.
	brief, err := b.briefing()
	if err != nil {
		return nil, err
	}
	d.Sections = brief
	// The appendix: the detail behind it, each part on a new page.
	// Each part is there only when the input has its results, in this
	// order: the comparison, each scenario, then the analyses.
	var parts []func() (section, error)
	if in.Comparison != nil {
		parts = append(parts, b.comparison)
	}
	for k := range in.Scenarios {
		parts = append(parts, func() (section, error) { return b.scenario(k) })
	}
	if len(in.Sensitivity) > 0 {
		parts = append(parts, b.sensitivityDetail)
	}
	if len(in.Discover) > 0 {
		parts = append(parts, b.discoverDetail)
	}
	if len(in.Sweep) > 0 {
		parts = append(parts, b.sweepDetail)
	}
	if in.Nowcast != nil {
		parts = append(parts, b.nowcastDetail)
	}
	var app []section
	for _, part := range parts {
		s, err := part()
		if err != nil {
			return nil, err
		}
		app = append(app, s)
	}
	app = append(app, b.weights(), b.methods())
	for i := range app {
		app[i].Title = fmt.Sprintf("%c. %s", 'A'+i%26, app[i].Title)
		app[i].Major = true
	}
	app[0].Lead = para{strong("Appendix. "), txt("The briefing above is the report; what follows is the detail behind it, which a reader can skip: " +
		"the comparison in full, each scenario's charts, results by year, central run and assumptions (the inputs that differ from the " +
		scenarioName(in.Scenarios[0]) + " scenario marked), the weights and the methods.")}
	d.Appendix = app
	return d, nil
}

// check refuses an Input that cannot make a report.
func check(in *Input) error {
	if in == nil {
		return errors.New("report: no input")
	}
	if len(in.Scenarios) == 0 {
		return errors.New("report: no scenario to report")
	}
	for k, s := range in.Scenarios {
		if s.Result == nil {
			return fmt.Errorf("report: scenario %d (%q) has no result", k+1, s.Name)
		}
	}
	for k, s := range in.Sensitivity {
		if s.Result == nil {
			return fmt.Errorf("report: sensitivity analysis %d (%q) has no result", k+1, s.Scenario)
		}
	}
	for k, d := range in.Discover {
		if d.Result == nil {
			return fmt.Errorf("report: discovery %d (%q) has no result", k+1, d.Scenario)
		}
	}
	for k, sr := range in.Sweep {
		if err := checkSweep(k, sr); err != nil {
			return err
		}
	}
	if in.Nowcast != nil {
		if err := checkNowcast(in.Nowcast); err != nil {
			return err
		}
	}
	return nil
}

func (b *builder) names() []string {
	var ns []string
	for _, s := range b.in.Scenarios {
		ns = append(ns, scenarioName(s))
	}
	return ns
}

func scenarioName(s Scenario) string {
	if n := oneLine(s.Name); n != "" {
		return n
	}
	if n := oneLine(s.Result.Scenario); n != "" {
		return n
	}
	return "unnamed"
}

// actorsOf returns the two partners' names, from the scenario or else from
// its result.
func actorsOf(s Scenario) [2]string {
	a := s.Actors
	for i := range a {
		if a[i] == "" && s.Result != nil {
			a[i] = s.Result.Actors[i]
		}
		if a[i] == "" {
			a[i] = [2]string{"the first partner", "the second partner"}[i]
		}
		a[i] = oneLine(a[i])
	}
	return a
}

func rivalOf(s Scenario) string {
	if s.Rival != "" {
		return oneLine(s.Rival)
	}
	return oneLine(s.Result.Rival)
}

// firstYear and lastYear are the first and last simulated years.
func firstYear(r *sim.Result) int {
	if len(r.Years) > 0 {
		return r.Years[0]
	}
	return r.StartYear
}

func lastYear(r *sim.Result) int {
	if len(r.Years) > 0 {
		return r.Years[len(r.Years)-1]
	}
	return r.StartYear + r.HorizonYears - 1
}

func (b *builder) table(t *table) *table {
	b.tab++
	t.No = b.tab
	t.ID = fmt.Sprintf("table-%d", t.No)
	return t
}

func (b *builder) meta() para {
	in := b.in
	var parts []string
	if v := oneLine(in.Version); v != "" {
		parts = append(parts, "alliancesim "+v)
	} else {
		parts = append(parts, "alliancesim")
	}
	if c := oneLine(in.CreatedAt); c != "" {
		parts = append(parts, "created "+c)
	}
	draws := in.Run.Draws
	if draws == 0 {
		draws = in.Scenarios[0].Result.Draws
	}
	parts = append(parts, format.Thousands(draws)+" draws per scenario", fmt.Sprintf("seed %d", in.Run.Seed))
	if st := oneLine(in.Run.Start); st != "" {
		parts = append(parts, st)
	}
	return para{txt(strings.Join(parts, " · "))}
}

// diff returns the paired difference of scenario k against the first, if
// the comparison holds one.
func (b *builder) diff(k int) (sim.PairedDiff, bool) {
	c := b.in.Comparison
	if k == 0 || c == nil || c.Set == nil {
		return sim.PairedDiff{}, false
	}
	name := scenarioName(b.in.Scenarios[k])
	if k < len(c.Set.Diffs) && c.Set.Diffs[k].N > 0 && (c.Set.Diffs[k].Scenario == "" || c.Set.Diffs[k].Scenario == name) {
		return c.Set.Diffs[k], true
	}
	for _, d := range c.Set.Diffs {
		if d.N > 0 && d.Scenario == name {
			return d, true
		}
	}
	return sim.PairedDiff{}, false
}

// ---- 1. The briefing's headline ----

func (b *builder) summary() section {
	s := section{ID: "summary", Title: "Headline"}
	for k := range b.in.Scenarios {
		s.para("summary", b.headlineSentence(k))
	}
	s.p("note", txt("The intervals measure only Monte Carlo sampling error, which more draws would shrink, not how uncertain the model or its inputs are: "+
		"every figure is the model's answer under the assumptions and weights in the appendix, not a forecast in its own right (see the methods)."))
	s.table(b.headline())
	return s
}

// headlineSentence is scenario k's result in a sentence an editor can
// quote: the probability with its 95% interval and Monte Carlo error, and
// for a later scenario its paired difference from the first.
func (b *builder) headlineSentence(k int) para {
	sc := b.in.Scenarios[k]
	r := sc.Result
	a := actorsOf(sc)
	if r.ByHorizon.N == 0 {
		return para{txt(fmt.Sprintf("In the %s scenario, no draws were made.", scenarioName(sc)))}
	}
	h := r.ByHorizon
	p := para{
		txt(fmt.Sprintf("In the %s scenario, a defence alliance between %s and %s forms by end %d in ", scenarioName(sc), a[0], a[1], lastYear(r))),
		strong(estimate(h)),
		txt(fmt.Sprintf(" of simulated futures (95%% interval %s; Monte Carlo error ±%s)", format.Interval(h.Lo, h.Hi), pp(h.HalfWidth())))}
	base := scenarioName(b.in.Scenarios[0])
	d, ok := b.diff(k)
	switch {
	case !ok:
		p = append(p, txt("."))
	case d.Lo > 0 || d.Hi < 0:
		more := "more"
		if d.Delta < 0 {
			more = "fewer"
		}
		p = append(p, txt(fmt.Sprintf(", %s percentage points %s than in the %s scenario (paired 95%% interval %s).",
			strings.TrimPrefix(strings.TrimPrefix(strings.TrimSuffix(diffEstimate(d.Delta, d.Lo, d.Hi), " pp"), "+"), "−"), more, base, ppInterval(d.Lo, d.Hi))))
	default:
		p = append(p, txt(fmt.Sprintf(", not distinguishable from the %s scenario with this number of draws (difference %s, paired 95%% interval %s).",
			base, diffEstimate(d.Delta, d.Lo, d.Hi), ppInterval(d.Lo, d.Hi))))
	}
	return p
}

func (b *builder) headline() *table {
	scs := b.in.Scenarios
	r0 := scs[0].Result
	sameYears, sameActors := true, true
	for _, sc := range scs[1:] {
		sameYears = sameYears && firstYear(sc.Result) == firstYear(r0) && lastYear(sc.Result) == lastYear(r0)
		sameActors = sameActors && actorsOf(sc) == actorsOf(scs[0])
	}
	first, last := "first year", "last year"
	if sameYears {
		first, last = fmt.Sprint(firstYear(r0)), fmt.Sprint(lastYear(r0))
	}
	a := actorsOf(scs[0])
	alone := [2]string{a[0] + " alone", a[1] + " alone"}
	if !sameActors {
		alone = [2]string{"first partner alone", "second partner alone"}
	}
	t := b.table(&table{
		Class:   "headline",
		Wide:    true,
		Caption: "Headline results. P(alliance) is the share of simulated futures in which a defence alliance has formed by the end of the horizon, with its 95% Wilson interval and Monte Carlo standard error (s.e.). The most common state is the rung of the ladder most runs are on at the end of the first and last year. Consent withheld: when the alliance was on the table, the share of refusals in which each side alone, or both, withheld consent.",
	})
	// With a common horizon the year goes in the heading; otherwise each
	// row says its own.
	if sameYears {
		t.Head = []string{"Scenario", fmt.Sprintf("P(alliance by end %d)", lastYear(r0))}
		t.Groups = []group{{"", 4}}
		t.Align = "lr"
	} else {
		t.Head = []string{"Scenario", "By end of", "P(alliance)"}
		t.Groups = []group{{"", 5}}
		t.Align = "lrr"
	}
	t.Head = append(t.Head, "95% interval", "MC s.e.", first, last, alone[0], alone[1], "both", "Draws")
	t.Groups = append(t.Groups, group{"Most common state", 2}, group{"Consent withheld by", 3}, group{"", 1})
	t.Align += "rrllrrrr"
	for _, sc := range scs {
		r := sc.Result
		row := []para{cell(scenarioName(sc))}
		if !sameYears {
			row = append(row, cell(fmt.Sprint(lastYear(r))))
		}
		row = append(row, cell(estimate(r.ByHorizon)), cell(format.Interval(r.ByHorizon.Lo, r.ByHorizon.Hi)), cell(pp(r.ByHorizon.SE)),
			cell(modal(r, 0)), cell(modal(r, len(r.StateProb)-1)))
		bl := r.Blocking
		if bl.Occasions > 0 {
			occ := float64(bl.Occasions)
			sh := []string{format.Percent(float64(bl.OnlyFirst) / occ), format.Percent(float64(bl.OnlySecond) / occ), format.Percent(float64(bl.Both) / occ)}
			if !sameActors {
				sa := actorsOf(sc)
				sh[0] += " (" + sa[0] + ")"
				sh[1] += " (" + sa[1] + ")"
			}
			row = append(row, cell(sh[0]), cell(sh[1]), cell(sh[2]))
		} else {
			row = append(row, cell("–"), cell("–"), cell("–"))
		}
		row = append(row, cell(format.Thousands(r.Draws)))
		t.Rows = append(t.Rows, row)
	}
	for _, sc := range scs {
		if sc.Result.Blocking.Occasions == 0 {
			t.Note = para{txt("–: the alliance was never on the table with a side withholding consent.")}
			break
		}
	}
	return t
}

// modal names the most common state at the end of year index t, with its
// share: "Entente (94.4%)".
func modal(r *sim.Result, t int) string {
	if t < 0 || t >= len(r.StateProb) || len(r.StateProb[t]) == 0 {
		return "–"
	}
	best := 0
	for s, p := range r.StateProb[t] {
		if p > r.StateProb[t][best] {
			best = s
		}
	}
	return fmt.Sprintf("%s (%s)", stateName(r, best), format.Percent(r.StateProb[t][best]))
}

func stateName(r *sim.Result, s int) string {
	if s < len(r.StateNames) && r.StateNames[s] != "" {
		return oneLine(r.StateNames[s])
	}
	if s < model.NumStates {
		return model.State(s).String()
	}
	return fmt.Sprintf("state %d", s)
}

// ---- 2. Comparison ----

func (b *builder) comparison() (section, error) {
	s := section{ID: "comparison", Title: "Comparison", Major: true}
	if len(b.in.Scenarios) > 1 {
		s.Title = "Comparison in detail"
	}
	base := scenarioName(b.in.Scenarios[0])
	s.p("", txt(fmt.Sprintf("Each scenario against the %s scenario: ΔP is the difference in P(alliance by the horizon), in percentage points. ", base)),
		strong("Paired, common random numbers:"),
		txt(" every scenario was simulated on the same draws, with the same random numbers for the inputs, the noise and the events, "+
			"so a difference comes from how the scenarios differ rather than from chance, and its interval is much narrower than that of two independent runs."))
	r0 := b.in.Scenarios[0].Result
	sameYears := true
	for _, sc := range b.in.Scenarios[1:] {
		sameYears = sameYears && lastYear(sc.Result) == lastYear(r0)
	}
	t := b.table(&table{
		Class:   "comparison",
		Caption: fmt.Sprintf("Differences against the %s scenario, paired on common random numbers: ΔP with its 95%% interval (ΔP ± 1.96 s.e.) and standard error.", base),
	})
	if sameYears {
		t.Head = []string{"Scenario", fmt.Sprintf("P(alliance by end %d)", lastYear(r0))}
		t.Align = "lr"
	} else {
		t.Head = []string{"Scenario", "By end of", "P(alliance)"}
		t.Align = "lrr"
	}
	t.Head = append(t.Head, "95% interval", "ΔP vs "+base, "paired 95% interval", "s.e. of ΔP")
	t.Align += "rrrr"
	for k, sc := range b.in.Scenarios {
		r := sc.Result
		row := []para{cell(scenarioName(sc))}
		if !sameYears {
			row = append(row, cell(fmt.Sprint(lastYear(r))))
		}
		row = append(row, cell(estimate(r.ByHorizon)), cell(format.Interval(r.ByHorizon.Lo, r.ByHorizon.Hi)))
		if k == 0 {
			row = append(row, cell("reference"), cell(""), cell(""))
		} else if d, ok := b.diff(k); ok {
			row = append(row, cell(diffEstimate(d.Delta, d.Lo, d.Hi)), cell(ppInterval(d.Lo, d.Hi)), cell(pp(d.SE)))
		} else {
			row = append(row, cell("–"), cell("–"), cell("–"))
		}
		t.Rows = append(t.Rows, row)
	}
	s.table(t)
	// The chart shown in the briefing is not shown again.
	err := b.figures(&s, b.in.Comparison.Charts, func(i int, _ Chart) bool { return i != b.briefChart })
	return s, err
}

// ---- 3. Scenarios ----

func (b *builder) scenario(k int) (section, error) {
	sc := b.in.Scenarios[k]
	r := sc.Result
	name := scenarioName(sc)
	a := actorsOf(sc)
	s := section{ID: fmt.Sprintf("scenario-%d", k+1), Title: "Scenario: " + name, Major: true}
	for _, p := range paragraphs(sc.Description) {
		s.para("", linked(p))
	}
	facts := []para{
		{strong("File: "), code(oneLine(sc.File))},
		{strong("SHA-256: "), code(oneLine(sc.SHA256))},
	}
	partners := fmt.Sprintf("%s and %s", a[0], a[1])
	if rv := rivalOf(sc); rv != "" {
		partners += "; rival: " + rv
	}
	facts = append(facts, para{strong("Partners: "), txt(partners)})
	years := fmt.Sprintf("%d–%d (%d years)", firstYear(r), lastYear(r), len(r.Years))
	if len(r.Years) == 0 {
		years = "none"
	}
	facts = append(facts, para{strong("Simulated years: "), txt(years)})
	draws := format.Thousands(r.Draws)
	switch r.Stopped {
	case sim.StopPrecision:
		draws += fmt.Sprintf(", stopped when the 95%% half-width reached ±%s", pp(r.Precision))
	case sim.StopMaxDraws:
		draws += fmt.Sprintf(", the cap on draws, before the target half-width ±%s", pp(r.Precision))
	}
	facts = append(facts, para{strong("Draws: "), txt(draws)})
	s.list("facts", facts...)

	if len(sc.Charts) > 0 {
		s.h3("Charts")
		if err := b.figures(&s, sc.Charts, nil); err != nil {
			return s, fmt.Errorf("scenario %s: %w", name, err)
		}
	}

	s.h3("Results by year")
	s.table(b.byYear(name, r))
	bl := r.Blocking
	if bl.Occasions > 0 {
		occ := float64(bl.Occasions)
		s.p("", txt(fmt.Sprintf("The alliance was on the table but refused on %s run-years, in %s of %s runs (%s). %s alone withheld consent in %s of these refusals, %s alone in %s, both in %s.",
			format.Thousands(bl.Occasions), format.Thousands(bl.RunsBlocked), format.Thousands(r.Draws), format.Percent(float64(bl.RunsBlocked)/float64(max(r.Draws, 1))),
			a[0], format.Percent(float64(bl.OnlyFirst)/occ), a[1], format.Percent(float64(bl.OnlySecond)/occ), format.Percent(float64(bl.Both)/occ))))
	} else {
		s.p("", txt("The alliance was never on the table with a side withholding consent."))
	}
	if len(r.Events) > 0 {
		s.table(b.eventStats(r))
	}
	if sc.Explanation != nil && len(sc.Explanation.Years) > 0 {
		s.h3("The central run")
		s.p("", b.centralIntro(sc)...)
		s.table(b.central(sc.Explanation))
	}

	s.h3("Assumptions")
	base := scenarioName(b.in.Scenarios[0])
	var baseIn map[string]InputRow
	var baseEv map[string]EventRow
	if k > 0 {
		baseIn, baseEv = map[string]InputRow{}, map[string]EventRow{}
		for _, in := range b.in.Scenarios[0].Inputs {
			baseIn[in.Path] = in
		}
		for _, e := range b.in.Scenarios[0].Events {
			baseEv[oneLine(e.Name)] = e
		}
	}
	s.h4("Inputs")
	if len(sc.Inputs) > 0 {
		t := b.comparedTable(&table{Class: "assumptions",
			Caption: fmt.Sprintf("Every input of the %s scenario: its distribution, whether it is fixed (set to its median in every draw) or uncertain (drawn anew in each draw), and its sources.", name),
			Head:    []string{"Input", "Distribution", "Fixed or uncertain", "Sources"}, Align: "llll"}, k, base)
		seen := map[string]bool{}
		for i, in := range sc.Inputs {
			kind := "uncertain"
			if in.Fixed {
				kind = "fixed"
			}
			row := []para{codeCell(oneLine(in.Path)), codeCell(oneLine(in.Distribution)), cell(kind), sources(in.Sources)}
			if k > 0 {
				seen[in.Path] = true
				bi, ok := baseIn[in.Path]
				var change para
				if ok && inputValue(bi) != inputValue(in) {
					change = para{strong("changed"), txt(" from "), code(inputValue(bi))}
				}
				row = t.against(i, row, ok, change)
			}
			t.Rows = append(t.Rows, row)
		}
		t.noteGone(base, goneRows(k, b.in.Scenarios[0].Inputs, seen, func(in InputRow) string { return in.Path }))
		s.table(t)
	} else {
		s.p("", txt("The scenario lists no inputs."))
	}
	s.h4("Events")
	if len(sc.Events) > 0 {
		t := b.comparedTable(&table{Class: "events",
			Caption: fmt.Sprintf("The events of the %s scenario as defined: the distribution of each one's annual probability, the years in which it can occur, how fast its effects decay (the share kept each following year), whether it can occur only once, and its effects on the drivers.", name),
			Head:    []string{"Event", "Description", "Annual probability", "Window", "Decay", "Once", "Effects"}, Align: "lllrrll"}, k, base)
		seen := map[string]bool{}
		for i, e := range sc.Events {
			once := "no"
			if e.Once {
				once = "yes"
			}
			row := []para{codeCell(oneLine(e.Name)), linked(oneLine(e.Description)), codeCell(oneLine(e.Probability)),
				cell(oneLine(e.Window)), cell(value(e.Decay)), cell(once), cell(oneLine(e.Effects))}
			if k > 0 {
				seen[oneLine(e.Name)] = true
				be, ok := baseEv[oneLine(e.Name)]
				var change para
				if ok {
					var diff []string
					bf, of := eventFields(be), eventFields(e)
					for j := range bf {
						if bf[j][1] != of[j][1] {
							diff = append(diff, bf[j][0]+" was "+orDash(bf[j][1]))
						}
					}
					if len(diff) > 0 {
						change = para{strong("changed"), txt(": " + strings.Join(diff, "; "))}
					}
				}
				row = t.against(i, row, ok, change)
			}
			t.Rows = append(t.Rows, row)
		}
		t.noteGone(base, goneRows(k, b.in.Scenarios[0].Events, seen, func(e EventRow) string { return oneLine(e.Name) }))
		s.table(t)
	} else {
		s.p("", txt("The scenario defines no events."))
	}
	s.h4("Sources")
	var items []para
	for _, src := range sc.Sources {
		if src = oneLine(src); src != "" {
			items = append(items, linked(src))
		}
	}
	if len(items) > 0 {
		s.list("sources", items...)
	} else {
		s.p("", txt("The scenario lists no general sources; the sources of each input are in the table above."))
	}
	return s, nil
}

// comparedTable is b.table(t), for scenario k: after the base scenario
// (k > 0) with the column that compares each row with base's.
func (b *builder) comparedTable(t *table, k int, base string) *table {
	t = b.table(t)
	if k > 0 {
		t.compareWith(base)
	}
	return t
}

// against appends to row i of a table that compares with the base
// scenario its cell in that column: "new" for a row the base lacks
// (inBase false), change for one that differs from the base's (a change
// not nil), "same" otherwise; new and changed rows are marked.
func (t *table) against(i int, row []para, inBase bool, change para) []para {
	switch {
	case !inBase:
		t.Marked[i] = true
		return append(row, para{strong("new")})
	case change != nil:
		t.Marked[i] = true
		return append(row, change)
	}
	return append(row, cell("same"))
}

// compareWith adds to an appendix table the column that compares each
// row with the base scenario's, marks nothing yet, and says so in the
// caption.
func (t *table) compareWith(base string) {
	t.Caption += fmt.Sprintf(" Rows marked “changed” or “new” differ from the %s scenario.", base)
	t.Head = append(t.Head, "Against "+base)
	t.Align += "l"
	t.Marked = map[int]bool{}
}

// goneRows are the rows of the base scenario, named by key, that seen (the
// keys of scenario k's rows) does not have, each on one line; none for
// the base itself, scenario 0.
func goneRows[T any](k int, base []T, seen map[string]bool, key func(T) string) []string {
	var gone []string
	for _, r := range base {
		if k > 0 && !seen[key(r)] {
			gone = append(gone, oneLine(key(r)))
		}
	}
	return gone
}

// noteGone notes under a table that compares with the base scenario the
// rows of the base that this scenario does not have, if any.
func (t *table) noteGone(base string, gone []string) {
	if len(gone) > 0 {
		t.Note = para{txt(fmt.Sprintf("In the %s scenario but not in this one: %s.", base, strings.Join(gone, ", ")))}
	}
}

func sources(ss []string) para {
	var p para
	for _, src := range ss {
		if src = oneLine(src); src == "" {
			continue
		}
		if len(p) > 0 {
			p = append(p, txt("; "))
		}
		p = append(p, linked(src)...)
	}
	if len(p) == 0 {
		return cell("–")
	}
	return p
}

// centralIntro says what the central run is, and which events it
// includes or leaves out.
func (b *builder) centralIntro(sc Scenario) para {
	p := para{txt("One run with every input at its median, no noise and no consent shocks, so that each number is the drivers' own doing. " +
		"Positive terms push towards alignment, negative ones hold it back; a side consents to a defence alliance when its utility exceeds the consent threshold. ")}
	if len(sc.CentralEvents) > 0 {
		var evs []string
		for _, e := range sc.CentralEvents {
			evs = append(evs, fmt.Sprintf("%s in %d", oneLine(e.Name), e.Year))
		}
		return append(p, txt("The run includes the scenario's scheduled events ("+strings.Join(evs, ", ")+") and no others."))
	}
	p = append(p, txt("No event occurs in it."))
	if sch := scheduledEvents(sc); len(sch) > 0 {
		var evs []string
		for _, e := range sch {
			evs = append(evs, fmt.Sprintf("%s (annual probability %s in %s)", oneLine(e.Name), oneLine(e.Probability), oneLine(e.Window)))
		}
		p = append(p, strong(" It leaves out the scheduled "+format.Plural(len(evs), "event", "events")+" "+strings.Join(evs, ", ")+":"),
			txt(" the terms below are those of the years without "+format.Plural(len(evs), "it", "them")+", while every result from the draws above includes "+format.Plural(len(evs), "it", "them")+"."))
	}
	return p
}

func (b *builder) byYear(name string, r *sim.Result) *table {
	t := &table{Class: "by-year", Wide: true,
		Caption: fmt.Sprintf("The %s scenario year by year: P(a defence alliance has formed by the end of the year) with its 95%% interval, and the share of runs on each rung of the ladder at the end of the year.", name),
		Head:    []string{"Year", "P(alliance)", "95% interval"}, Align: "rrr"}
	nStates := len(r.StateNames)
	for _, ps := range r.StateProb {
		nStates = max(nStates, len(ps))
	}
	for st := range nStates {
		t.Head = append(t.Head, stateName(r, st))
		t.Align += "r"
	}
	t.Groups = []group{{"", 3}, {"Share of runs", nStates}}
	for i, y := range r.Years {
		row := []para{cell(fmt.Sprint(y))}
		if i < len(r.Alliance) {
			a := r.Alliance[i]
			row = append(row, cell(estimate(a)), cell(format.Interval(a.Lo, a.Hi)))
		} else {
			row = append(row, cell("–"), cell("–"))
		}
		for st := range nStates {
			v := "–"
			if i < len(r.StateProb) && st < len(r.StateProb[i]) {
				v = format.Percent(r.StateProb[i][st])
			}
			row = append(row, cell(v))
		}
		t.Rows = append(t.Rows, row)
	}
	return b.table(t)
}

func (b *builder) eventStats(r *sim.Result) *table {
	t := b.table(&table{Class: "event-stats",
		Caption: fmt.Sprintf("Events within the horizon: how often each occurred, and P(alliance by end %d) in the runs with and without it (95%% intervals). These are correlations across runs, not causal effects.", lastYear(r)),
		Head:    []string{"Event", "Occurred", "P(alliance | event)", "P(alliance | no event)"}, Align: "lrrr"})
	for _, e := range r.Events {
		t.Rows = append(t.Rows, []para{codeCell(oneLine(e.Name)), cell(format.Percent(e.Occurred.P)), cell(e.AllianceIf.WithInterval()), cell(e.AllianceIfNot.WithInterval())})
	}
	return t
}

// central tabulates the central run in its first, middle and last year.
func (b *builder) central(ex *model.Explanation) *table {
	n := len(ex.Years)
	idx := []int{0, n / 2, n - 1}
	switch {
	case n == 1:
		idx = []int{0}
	case n == 2:
		idx = []int{0, 1}
	}
	a := ex.Actors
	for i := range a {
		a[i] = oneLine(a[i])
	}
	t := &table{Class: "central",
		Caption: "The central run: each term's contribution to the latent alignment pressure, the pressure needed to put the alliance on the table (the hurdle), each side's utility of an alliance against the consent threshold, and the state at the end of the year.",
		Head:    []string{"Term"}, Align: "l"}
	for _, i := range idx {
		t.Head = append(t.Head, fmt.Sprint(ex.Years[i].Year))
		t.Align += "r"
	}
	row := func(label string, f func(y *model.YearExplanation) string) {
		r := []para{cell(label)}
		for _, i := range idx {
			r = append(r, cell(f(&ex.Years[i])))
		}
		t.Rows = append(t.Rows, r)
	}
	for j, c := range ex.Years[0].LatentParts {
		row(oneLine(c.Label), func(y *model.YearExplanation) string {
			if j < len(y.LatentParts) {
				return term(y.LatentParts[j].Value)
			}
			return "–"
		})
	}
	row("Latent pressure (sum)", func(y *model.YearExplanation) string { return term(y.Latent) })
	row("Hurdle for the alliance", func(y *model.YearExplanation) string { return term(y.Hurdle) })
	for i := range 2 {
		row("Utility of an alliance: "+a[i], func(y *model.YearExplanation) string {
			v := term(y.Utility[i])
			if y.Consent[i] {
				return v + " (consents)"
			}
			return v + " (refuses)"
		})
	}
	row("Consent threshold", func(y *model.YearExplanation) string { return term(y.ConsentThreshold) })
	row("State at the end of the year", func(y *model.YearExplanation) string { return y.State.String() })
	return b.table(t)
}

// ---- figures ----

// formatOrder is the order of the download links.
var formatOrder = map[string]int{"png": 0, "svg": 1, "pdf": 2}

// figures adds to s a figure of each of charts that keep takes (every
// one when keep is nil), in order; it stops at the first chart that
// cannot be read, whose error it returns for the caller to place.
func (b *builder) figures(s *section, charts []Chart, keep func(i int, c Chart) bool) error {
	for i, c := range charts {
		if keep != nil && !keep(i, c) {
			continue
		}
		f, err := b.figure(c)
		if err != nil {
			return err
		}
		s.figure(f)
	}
	return nil
}

func (b *builder) figure(c Chart) (*figure, error) {
	b.fig++
	f := &figure{No: b.fig, ID: fmt.Sprintf("figure-%d", b.fig), Title: oneLine(c.Title), Caption: oneLine(c.Caption)}
	if f.Title == "" {
		f.Title = oneLine(c.Kind)
	}
	what := fmt.Sprintf("chart %q", f.Title)
	for format, p := range c.Files {
		if !filepath.IsLocal(filepath.FromSlash(p)) {
			return nil, fmt.Errorf("%s: its %s file %q must be a path inside the report directory", what, format, p)
		}
	}
	// The HTML shows the SVG, which scales and is a fraction of the PNG's
	// size; the Markdown links the PNG, which every Markdown viewer shows.
	// Each falls back on the other format.
	order := []string{"png", "svg"}
	if b.embed {
		order = []string{"svg", "png"}
	}
	var img, mime string
	for _, f := range order {
		if p := c.Files[f]; p != "" {
			img, mime = p, map[string]string{"png": "image/png", "svg": "image/svg+xml"}[f]
			break
		}
	}
	if img == "" {
		return nil, fmt.Errorf("%s has neither a PNG nor an SVG file to show", what)
	}
	f.Path = urlPath(img)
	if b.embed {
		data, err := os.ReadFile(filepath.Join(b.dir, filepath.FromSlash(img)))
		if err != nil {
			return nil, fmt.Errorf("%s: cannot embed its image: %w", what, err)
		}
		switch mime {
		case "image/png":
			cfg, err := png.DecodeConfig(bytes.NewReader(data))
			if err != nil {
				return nil, fmt.Errorf("%s: %s is not a PNG image: %w", what, img, err)
			}
			f.Width, f.Height = cfg.Width, cfg.Height
		default:
			w, h, ok := svgSize(data)
			if !ok {
				return nil, fmt.Errorf("%s: %s is not an SVG image", what, img)
			}
			f.Width, f.Height, f.Vector = w, h, true
		}
		// The attribute is a fixed MIME type and base64 of the file's bytes
		// (letters, digits, "+", "/" and "="), so it is safe as written; as
		// an HTMLAttr it is not entity-escaped ("+" would become "&#43;").
		// An SVG shown through <img> runs no script and fetches nothing.
		f.Src = template.HTMLAttr(`src="data:` + mime + ";base64," + base64.StdEncoding.EncodeToString(data) + `"`)
	}
	var formats []string
	for format := range c.Files {
		formats = append(formats, format)
	}
	sort.Slice(formats, func(i, j int) bool {
		oi, iok := formatOrder[formats[i]]
		oj, jok := formatOrder[formats[j]]
		switch {
		case iok && jok:
			return oi < oj
		case iok != jok:
			return iok
		}
		return formats[i] < formats[j]
	})
	for _, format := range formats {
		p := c.Files[format]
		if b.embed {
			if _, err := os.Stat(filepath.Join(b.dir, filepath.FromSlash(p))); err != nil {
				return nil, fmt.Errorf("%s: its %s file: %w", what, format, err)
			}
		}
		f.Downloads = append(f.Downloads, link{Label: strings.ToUpper(format), Href: urlPath(p)})
	}
	return f, nil
}

var (
	svgTag     = regexp.MustCompile(`<svg\b[^>]*>`)
	svgViewBox = regexp.MustCompile(`\bviewBox\s*=\s*["']\s*[-+0-9.eE]+[\s,]+[-+0-9.eE]+[\s,]+([0-9.eE+]+)[\s,]+([0-9.eE+]+)\s*["']`)
	svgLength  = regexp.MustCompile(`\b(width|height)\s*=\s*["']\s*([0-9.]+)\s*(px|pt)?\s*["']`)
)

// svgSize reads an SVG image's size in CSS pixels from its root element:
// its width and height (in px or pt), or else its viewBox.
func svgSize(data []byte) (w, h int, ok bool) {
	tag := svgTag.Find(data)
	if tag == nil {
		return 0, 0, false
	}
	var fw, fh float64
	for _, m := range svgLength.FindAllSubmatch(tag, -1) {
		v, err := strconv.ParseFloat(string(m[2]), 64)
		if err != nil {
			continue
		}
		if string(m[3]) == "pt" {
			v *= 4.0 / 3
		}
		if string(m[1]) == "width" {
			fw = v
		} else {
			fh = v
		}
	}
	if fw <= 0 || fh <= 0 {
		if m := svgViewBox.FindSubmatch(tag); m != nil {
			fw, _ = strconv.ParseFloat(string(m[1]), 64)
			fh, _ = strconv.ParseFloat(string(m[2]), 64)
		}
	}
	if fw <= 0 || fh <= 0 {
		return 0, 0, true // no size: the page lets it fill the column
	}
	return int(math.Round(fw)), int(math.Round(fh)), true
}

// urlPath turns a relative file path into a relative URL: each segment
// percent-escaped, so that spaces or a colon cannot change its meaning.
func urlPath(p string) string {
	segs := strings.Split(filepath.ToSlash(p), "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return strings.Join(segs, "/")
}

// ---- 4. Weights ----

func (b *builder) weights() section {
	s := section{ID: "weights", Title: "Weights", Major: true}
	s.p("", txt("The weights say how the model reads the world a scenario describes: the coefficients of the drivers, the thresholds of the ladder and the scales of the noise. "+
		"Each value's source is where it was set: the built-in default, the configuration file, the scenario's own weights, an environment variable or a --set flag (later ones take precedence)."))
	if len(b.in.Weights) == 0 {
		s.p("", txt("No weights were recorded for this report."))
		return s
	}
	t := b.table(&table{Class: "weights",
		Caption: "The weights used, with the direction in which each moves P(alliance), what it means and the sources of its prior. A default value is the median of the weight's posterior, fitted to the historical case library and the observed China–Russia path (docs/calibration.md).",
		Head:    []string{"Weight", "Value", "Direction", "Meaning", "Source"}, Align: "lrlll"})
	base := b.weightsOf(0)
	for _, w := range b.in.Weights {
		key, sc := weightScenario(w, b.names())
		shown := key
		v := cell(value(w.Value))
		if sc != "" {
			shown = key + " (" + sc + ")"
			if bw, ok := base[key]; ok && bw.Value != w.Value {
				if t.Marked == nil {
					t.Marked = map[int]bool{}
				}
				t.Marked[len(t.Rows)] = true
				v = para{strong(value(w.Value)), txt(" (changed from " + value(bw.Value) + ")")}
			}
		}
		t.Rows = append(t.Rows, []para{codeCell(shown), v, cell(direction(w.Direction)), linked(oneLine(w.Doc)), cell(oneLine(w.Source))})
	}
	if t.Marked != nil {
		t.Caption += fmt.Sprintf(" A weight followed by a scenario's name in brackets is that scenario's own value, which differs from the %s scenario's.", scenarioName(b.in.Scenarios[0]))
	}
	s.table(t)
	return s
}

// ---- 5. Methods ----

func (b *builder) methods() section {
	in := b.in
	s := section{ID: "methods", Title: "Methods", Major: true}
	s.h3("The model")
	s.p("", txt("alliancesim places the relationship between the two partners on a six-rung ladder: rivalry, normalization, strategic partnership, treaty partnership (a consultation pledge, as in the 2001 treaty), entente (a \"no limits\" quasi-alliance) and defence alliance (a mutual-defence obligation, the headline event). "+
		"Each simulated year, a latent alignment pressure, the weighted sum of the drivers (shared opposition to the rival; the security a weaker side gains from a stronger partner and the autonomy it gives up; the stronger side's influence and the cost of protecting its partner; the gap in appetite for disorder; military self-sufficiency; interdependence, regime similarity and the treaty architecture) plus persistent noise and the jumps of random events, moves the pair at most one rung up or down past rung-specific thresholds, with hysteresis. "+
		"The last step, to a defence alliance (from any rung above rivalry, most easily from the entente), passes a consent gate: each side's own utility of an alliance must clear a threshold, and the run records which side withheld consent. "+
		"P(alliance by a year) is the share of runs in which the alliance first formed in that year or earlier. "+
		"The default weights are not set by hand: they are the medians of a posterior fitted, from the literature's priors, to the outcomes of a library of historical cases and to the observed China–Russia path, and the model is scored on further cases coded blind and run once. "+
		"The equations, every parameter with its direction, default, range and source, the calibration, those scores and the model's limitations are documented in "),
		code("docs/model.md"), txt(" in the alliancesim repository (see its sections 4, The equations; 7, Calibration, with the held-out cases in 7.7; and 8, Limitations)."))

	s.h3("Sampling")
	r0 := in.Scenarios[0].Result
	draws := in.Run.Draws
	if draws == 0 {
		draws = r0.Draws
	}
	sampler := in.Run.Sampler
	if sampler == "" {
		sampler = r0.Sampler
	}
	workers := in.Run.Workers
	if workers == 0 {
		workers = r0.Workers
	}
	facts := []para{
		{strong("Sampler: "), code(oneLine(sampler.String())), txt(", " + samplerName(sampler) + ".")},
		{strong("Draws: "), txt(format.Thousands(draws) + " per scenario" + b.stoppedNote() + ".")},
		{strong("Seed: "), code(fmt.Sprint(in.Run.Seed)), txt(".")},
		{strong("Workers: "), txt(fmt.Sprintf("%d parallel workers; their number never changes the results.", workers))},
	}
	if in.Run.ElapsedSeconds > 0 {
		facts = append(facts, para{strong("Simulation time: "), txt(fmt.Sprintf("%.2f s.", in.Run.ElapsedSeconds))})
	}
	s.list("facts", facts...)
	crn := "Each draw has its own random stream, derived from the seed and the draw's index by a hash (SplitMix64 into PCG), with separate sub-streams for the inputs, the yearly noise and the events; results are reduced in draw order, so the same seed gives the same results on any machine and for any number of workers."
	if len(in.Scenarios) > 1 {
		crn += " All scenarios were run on common random numbers: draw i of every scenario uses the same random numbers for every input path, the noise and the events, so that the comparison is paired (each scenario against the first on the same simulated futures)."
	}
	s.p("", txt(crn))

	s.h3("Monte Carlo error")
	s.p("", txt("Every probability is a share of draws. Its 95% interval is the Wilson score interval, which keeps its coverage near 0% and 100% where the usual normal-approximation interval fails; "+
		"the standard error is the binomial one, √(p(1 − p)/n). "+
		"The interval for a difference between scenarios is ΔP ± 1.96 standard errors, with the standard error computed from the paired draws (from the runs in which the two scenarios disagree)."))
	s.p("note", strong("What the intervals cover and what they do not. "),
		txt("They measure sampling error only: how far the estimate could be from the probability the same model would give with infinitely many draws. More draws shrink them. "+
			"They do not measure model uncertainty (whether the model's structure, weights and thresholds are right) nor input uncertainty: the spread of the uncertain inputs is already averaged into the probability itself, and other distributions or weights would give other probabilities. "+
			"To see how much the answer depends on the assumptions, vary them (alliancesim sensitivity and alliancesim sweep)."))

	s.h3("Reproducing this report")
	rf := []para{}
	if v := oneLine(in.Version); v != "" {
		rf = append(rf, para{strong("Version: "), code(v)})
	}
	if c := oneLine(in.CreatedAt); c != "" {
		rf = append(rf, para{strong("Created: "), txt(c)})
	}
	s.list("facts", rf...)
	if rr := strings.TrimSpace(in.Rerun); rr != "" {
		s.p("lead", txt("This command, run with the same version, reproduces every number in the report:"))
		s.code(rr)
	}
	return s
}

// stoppedNote says how drawing stopped when it was not at the requested
// number of draws.
func (b *builder) stoppedNote() string {
	var notes []string
	for _, sc := range b.in.Scenarios {
		r := sc.Result
		switch r.Stopped {
		case sim.StopPrecision:
			notes = append(notes, fmt.Sprintf("%s: %s draws, stopped at the target 95%% half-width ±%s", scenarioName(sc), format.Thousands(r.Draws), pp(r.Precision)))
		case sim.StopMaxDraws:
			notes = append(notes, fmt.Sprintf("%s: %s draws, the cap, before reaching the target half-width ±%s", scenarioName(sc), format.Thousands(r.Draws), pp(r.Precision)))
		}
	}
	if len(notes) == 0 {
		return ""
	}
	return " (" + strings.Join(notes, "; ") + ")"
}
