package report

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/alliancesim/alliancesim/internal/format"
	"github.com/alliancesim/alliancesim/results"
)

// ---- Sweeps ----

// sweepHorizon names the output of a sweep: "P(alliance by 2036)", the
// year its own or its scenario's last simulated year.
func (b *builder) sweepHorizon(sr SweepResult) string {
	if sr.Horizon > 0 {
		return fmt.Sprintf("P(alliance by %d)", sr.Horizon)
	}
	for _, sc := range b.in.Scenarios {
		if scenarioName(sc) == oneLine(sr.Scenario) {
			return fmt.Sprintf("P(alliance by %d)", lastYear(sc.Result))
		}
	}
	return "P(alliance by the horizon)"
}

// axisName is a swept value in words with its path, "the doctrine weight
// (weights.doctrine)", or the path alone.
func axisName(sr SweepResult, i int) para {
	key := oneLine(sr.Axes[i])
	if i < len(sr.Labels) {
		if l := oneLine(sr.Labels[i]); l != "" && l != key {
			return para{txt(l + " ("), code(key), txt(")")}
		}
	}
	return para{code(key)}
}

// sweepLabel is the sweep's name in headings: its paths joined by " × ".
func sweepLabel(sr SweepResult) string {
	var ks []string
	for _, a := range sr.Axes {
		ks = append(ks, oneLine(a))
	}
	return strings.Join(ks, " × ")
}

// sortedPoints returns a 1-D sweep's points by their value.
func sortedPoints(sr SweepResult) []SweepPoint {
	ps := slices.Clone(sr.Points)
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].X[0] < ps[j].X[0] })
	return ps
}

// sweepSentence says in words how a sweep moves P(alliance): for a curve,
// from its first to its last value (and a peak or trough between them
// that stands clear of both ends' intervals); for a grid, the range over
// it and where its ends are.
func (b *builder) sweepSentence(sr SweepResult) para {
	name := scenarioLabel(sr.Scenario, results.ScenarioRef{})
	out := b.sweepHorizon(sr)
	p := para{txt("In the " + name + " scenario, ")}
	if len(sr.Axes) == 1 {
		ps := sortedPoints(sr)
		first, last := ps[0], ps[len(ps)-1]
		p = append(p, txt("raising "))
		p = append(p, axisName(sr, 0)...)
		p = append(p, txt(fmt.Sprintf(" from %s to %s ", num(first.X[0]), num(last.X[0]))))
		switch {
		case first.Hi >= last.Lo && last.Hi >= first.Lo:
			p = append(p, txt(out+" changes it by no more than Monte Carlo error, from "))
		case last.P > first.P:
			p = append(p, txt("raises "+out+" from "))
		default:
			p = append(p, txt("lowers "+out+" from "))
		}
		p = append(p, strong(format.Percent(first.P)), txt(" to "), strong(format.Percent(last.P)))
		hi, lo := first, first
		for _, q := range ps {
			if q.P > hi.P {
				hi = q
			}
			if q.P < lo.P {
				lo = q
			}
		}
		switch {
		case hi.Lo > max(first.Hi, last.Hi):
			p = append(p, txt(fmt.Sprintf(", highest (%s) at %s", format.Percent(hi.P), num(hi.X[0]))))
		case lo.Hi < min(first.Lo, last.Lo):
			p = append(p, txt(fmt.Sprintf(", lowest (%s) at %s", format.Percent(lo.P), num(lo.X[0]))))
		}
		return append(p, txt(fmt.Sprintf(" (%d points).", len(ps))))
	}
	lo, hi := sr.Points[0], sr.Points[0]
	from, to := slices.Clone(sr.Points[0].X), slices.Clone(sr.Points[0].X)
	for _, q := range sr.Points {
		if q.P < lo.P {
			lo = q
		}
		if q.P > hi.P {
			hi = q
		}
		for i, x := range q.X {
			from[i], to[i] = min(from[i], x), max(to[i], x)
		}
	}
	at := func(q SweepPoint, end string) para {
		return para{txt(" (at "), code(oneLine(sr.Axes[0])), txt(" " + num(q.X[0]) + ", "), code(oneLine(sr.Axes[1])), txt(" " + num(q.X[1]) + ")" + end)}
	}
	p = append(p, txt("over the grid of "))
	p = append(p, axisName(sr, 0)...)
	p = append(p, txt(fmt.Sprintf(" from %s to %s and ", num(from[0]), num(to[0]))))
	p = append(p, axisName(sr, 1)...)
	p = append(p, txt(fmt.Sprintf(" from %s to %s (%d points), %s ranges from ", num(from[1]), num(to[1]), len(sr.Points), out)),
		strong(format.Percent(lo.P)))
	p = append(p, at(lo, " to")...)
	p = append(p, txt(" "), strong(format.Percent(hi.P)))
	return append(p, at(hi, ".")...)
}

// sweepBrief adds a sentence per sweep to s: under a lead-in when s is
// the sensitivity section (both say what the result depends on), after a
// short introduction when s is the sweeps' own.
func (b *builder) sweepBrief(s *section, own bool) {
	var items []para
	for _, sr := range b.in.Sweep {
		items = append(items, b.sweepSentence(sr))
	}
	if own {
		s.p("", txt("Each sweep reruns the simulation with one or two values set at a series of points, everything else as in the scenario (charts and points in the appendix):"))
	} else {
		s.p("", strong("Sweeps"), txt(" (one or two values set at a series of points, all else as in the scenario):"))
	}
	s.list("summary", items...)
}

func (b *builder) sweepDetail() (section, error) {
	s := section{ID: "sweep-detail", Title: "Sweeps in detail"}
	for _, sr := range b.in.Sweep {
		name := scenarioLabel(sr.Scenario, results.ScenarioRef{})
		s.h3("Sweep of " + sweepLabel(sr) + " in the " + name + " scenario")
		s.para("", b.sweepSentence(sr))
		if err := b.figures(&s, sr.Charts, nil); err != nil {
			return s, fmt.Errorf("sweep of %s in %s: %w", sweepLabel(sr), name, err)
		}
		if len(sr.Axes) == 1 {
			s.table(b.sweepCurveTable(sr, name))
		} else {
			s.table(b.sweepGridTable(sr, name))
		}
	}
	return s, nil
}

// draws says how many runs each point had: "2,000 runs at each point".
func sweepDraws(sr SweepResult) string {
	n := sr.Points[0].Draws
	for _, q := range sr.Points {
		if q.Draws != n {
			return ""
		}
	}
	if n <= 0 {
		return ""
	}
	return ", " + format.Thousands(n) + " runs at each point"
}

func (b *builder) sweepCurveTable(sr SweepResult, name string) *table {
	out := b.sweepHorizon(sr)
	t := &table{Class: "sweep",
		Caption: fmt.Sprintf("The sweep of %s in the %s scenario: %s at each value, with its 95%% interval (common random numbers%s).", oneLine(sr.Axes[0]), name, out, sweepDraws(sr)),
		Head:    []string{oneLine(sr.Axes[0]), out, "95% interval"}, Align: "rrr"}
	for _, q := range sortedPoints(sr) {
		t.Rows = append(t.Rows, []para{cell(num(q.X[0])), cell(format.Percent(q.P)), cell(format.Interval(q.Lo, q.Hi))})
	}
	return b.table(t)
}

// sweepGridTable is a 2-D sweep as a grid: a row per value of the first
// axis, a column per value of the second, P(alliance) in each cell.
func (b *builder) sweepGridTable(sr SweepResult, name string) *table {
	out := b.sweepHorizon(sr)
	var xs, ys []float64
	at := map[[2]float64]SweepPoint{}
	half := 0.0
	for _, q := range sr.Points {
		if !slices.Contains(xs, q.X[0]) {
			xs = append(xs, q.X[0])
		}
		if !slices.Contains(ys, q.X[1]) {
			ys = append(ys, q.X[1])
		}
		at[[2]float64{q.X[0], q.X[1]}] = q
		half = max(half, (q.Hi-q.Lo)/2)
	}
	slices.Sort(xs)
	slices.Sort(ys)
	a0, a1 := oneLine(sr.Axes[0]), oneLine(sr.Axes[1])
	t := &table{Class: "sweep-grid", Wide: true,
		Caption: fmt.Sprintf("The sweep of %s in the %s scenario: %s at each point of the grid, a row per value of %s and a column per value of %s (common random numbers%s; every 95%% interval within ±%s).",
			sweepLabel(sr), name, out, a0, a1, sweepDraws(sr), pp(half)),
		Head: []string{a0}, Align: "r", Groups: []group{{"", 1}, {a1, len(ys)}}}
	for _, y := range ys {
		t.Head = append(t.Head, num(y))
		t.Align += "r"
	}
	for _, x := range xs {
		row := []para{cell(num(x))}
		for _, y := range ys {
			v := "–"
			if q, ok := at[[2]float64{x, y}]; ok {
				v = format.Percent(q.P)
			}
			row = append(row, cell(v))
		}
		t.Rows = append(t.Rows, row)
	}
	return b.table(t)
}

// checkSweep refuses a sweep that cannot be shown.
func checkSweep(k int, sr SweepResult) error {
	what := fmt.Sprintf("report: sweep %d (%q)", k+1, sr.Scenario)
	switch {
	case len(sr.Axes) < 1 || len(sr.Axes) > 2:
		return fmt.Errorf("%s has %d swept values, want 1 or 2", what, len(sr.Axes))
	case len(sr.Points) == 0:
		return fmt.Errorf("%s has no points", what)
	}
	for i, q := range sr.Points {
		if len(q.X) != len(sr.Axes) {
			return fmt.Errorf("%s: point %d has %d values, want %d", what, i+1, len(q.X), len(sr.Axes))
		}
		for _, x := range append([]float64{q.P, q.Lo, q.Hi}, q.X...) {
			if bad(x) {
				return fmt.Errorf("%s: point %d has a value that is not a number", what, i+1)
			}
		}
	}
	return nil
}
