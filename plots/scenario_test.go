package plots

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/sim"
)

// scenarioBuilders are the chart kinds added for the full scenario set
// that take a result.
var scenarioBuilders = []struct {
	name  string
	build func(*sim.Result, Options) (*Chart, error)
}{
	{"onset", OnsetHistogram},
	{"blocking", BlockingBars},
	{"events", EventImpact},
}

func TestOnsetShares(t *testing.T) {
	for _, tc := range []struct {
		name   string
		modify func(*sim.Result)
		years  int
		note   string
	}{
		{"consistent", nil, 10, ""},
		{"negative count", func(r *sim.Result) { r.Onset[4] = -3 }, 9, "1 of 10 years left out"},
		{"count above draws", func(r *sim.Result) { r.Onset[0] = r.Draws + 1 }, 9, "1 of 10 years left out"},
		{"counts off", func(r *sim.Result) { r.NoOnset -= 7 }, 10, "Counts do not add up"},
		{"none formed", func(r *sim.Result) {
			clear(r.Onset)
			r.NoOnset = r.Draws
		}, 10, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := synthetic()
			if tc.modify != nil {
				tc.modify(r)
			}
			d, err := onsetShares(r)
			if err != nil {
				t.Fatal(err)
			}
			if len(d.Share) != tc.years || len(d.Years) != tc.years {
				t.Fatalf("%d bars, want %d", len(d.Share), tc.years)
			}
			if got := joinNotes(d.Notes); !strings.Contains(got, tc.note) || (tc.note == "") != (got == "") {
				t.Errorf("notes %q, want %q", got, tc.note)
			}
			sum := 0.0
			for i, s := range d.Share {
				sum += s
				if i > 0 && d.Years[i] <= d.Years[i-1] {
					t.Errorf("years out of order: %v", d.Years)
				}
			}
			if math.Abs(sum-d.Formed) > tol {
				t.Errorf("bars sum to %v, formed %v", sum, d.Formed)
			}
			if tc.note == "" {
				if math.Abs(sum+d.None-1) > tol {
					t.Errorf("bars %v + none %v = %v, want 1", sum, d.None, sum+d.None)
				}
				for i, c := range r.Onset {
					if want := float64(c) / float64(r.Draws); math.Abs(d.Share[i]-want) > tol {
						t.Errorf("%d: share %v, want %v", d.Years[i], d.Share[i], want)
					}
				}
			}
		})
	}
	if _, err := onsetShares(&sim.Result{Draws: 10, Years: []int{2027}, Onset: []int64{1, 2}}); err == nil {
		t.Error("onset longer than the years accepted")
	}
}

func TestShareLabel(t *testing.T) {
	for _, tc := range []struct {
		p    float64
		dec  int
		want string
	}{
		{0.8955, 1, "89.5%"}, {0, 1, "0%"}, {1, 1, "100%"}, {0.9996, 1, "99.96%"},
		{0.00004, 1, "0.004%"}, {0.0000001, 1, "<0.001%"}, {0.9999999, 1, ">99.999%"}, {0.0123, 2, "1.23%"},
	} {
		if got := shareLabel(tc.p, tc.dec); got != tc.want {
			t.Errorf("shareLabel(%v, %d) = %q, want %q", tc.p, tc.dec, got, tc.want)
		}
	}
}

func TestBlockingShares(t *testing.T) {
	for _, tc := range []struct {
		name   string
		modify func(*sim.Result)
		years  int
	}{
		{"consistent", nil, 10},
		{"negative", func(r *sim.Result) { r.Blocking.ByYear[2][2] = -1 }, 9},
		{"more than the runs", func(r *sim.Result) { r.Blocking.ByYear[0][2] = r.Draws }, 9},
		{"no refusals", func(r *sim.Result) { clear(r.Blocking.ByYear) }, 10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := synthetic()
			if tc.modify != nil {
				tc.modify(r)
			}
			d, err := blockingShares(r)
			if err != nil {
				t.Fatal(err)
			}
			if len(d.Years) != tc.years || len(d.Total) != tc.years {
				t.Fatalf("%d years, want %d", len(d.Years), tc.years)
			}
			for i, y := range d.Years {
				b := r.Blocking.ByYear[y-r.StartYear]
				want := float64(b[0]+b[1]+b[2]) / float64(r.Draws)
				sum := d.Parts[0][i] + d.Parts[1][i] + d.Parts[2][i]
				if math.Abs(sum-want) > tol || math.Abs(d.Total[i]-want) > tol {
					t.Errorf("%d: stack %v, total %v, want the blocked share %v", y, sum, d.Total[i], want)
				}
				for k := range 3 {
					if w := float64(b[k]) / float64(r.Draws); math.Abs(d.Parts[k][i]-w) > tol {
						t.Errorf("%d part %d: %v, want %v", y, k, d.Parts[k][i], w)
					}
				}
			}
		})
	}
}

func TestEventRows(t *testing.T) {
	r := degenerateResults()["no-alliance"] // one event never occurred, one always did
	rows := eventRows(r)
	if len(rows) != 3 {
		t.Fatalf("%d rows", len(rows))
	}
	if !rows[0].IfOK || !rows[0].IfNotOK {
		t.Errorf("row 0: %+v", rows[0])
	}
	if rows[1].IfOK || !rows[1].IfNotOK || rows[1].IfN != 0 {
		t.Errorf("never occurred: %+v", rows[1])
	}
	if !rows[2].IfOK || rows[2].IfNotOK || rows[2].IfNotN != 0 {
		t.Errorf("always occurred: %+v", rows[2])
	}
	// The first event at the top, each series off the row's centre.
	if rows[0].If.Y != 2+eventOffset || rows[2].IfNot.Y != -eventOffset {
		t.Errorf("positions %v, %v", rows[0].If.Y, rows[2].IfNot.Y)
	}
	s := synthetic()
	for i, row := range eventRows(s) {
		e := s.Events[i]
		if row.If.Mid != e.AllianceIf.P || row.If.Lo != e.AllianceIf.Lo || row.IfNot.Hi != e.AllianceIfNot.Hi {
			t.Errorf("%s: %+v from %+v", row.Name, row, e)
		}
	}
}

func TestWaterfallSteps(t *testing.T) {
	c := func(label string, v float64) model.Contribution {
		return model.Contribution{Key: label, Label: label, Value: v}
	}
	for _, tc := range []struct {
		name    string
		parts   []model.Contribution
		total   float64
		steps   int
		dropped int
		note    string
	}{
		{"consistent", []model.Contribution{c("a", 1.5), c("b", -0.25), c("c", 0.4)}, 1.65, 3, 0, ""},
		{"zero term", []model.Contribution{c("a", 1), c("z", 0), c("b", -2)}, -1, 2, 1, ""},
		{"all negative", []model.Contribution{c("a", -1), c("b", -2)}, -3, 2, 0, ""},
		{"NaN term", []model.Contribution{c("a", 1), c("n", math.NaN())}, 1, 1, 0, "not a number: n"},
		{"total off", []model.Contribution{c("a", 1), c("b", 1)}, 3, 2, 0, "add up to 2.000, not to the total 3.000"},
		{"NaN total", []model.Contribution{c("a", 1), c("b", 1)}, math.NaN(), 2, 0, "the total is not a number"},
		{"nothing", nil, 0, 0, 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := waterfall(tc.parts, tc.total)
			if len(d.Steps) != tc.steps || len(d.Dropped) != tc.dropped {
				t.Fatalf("%d steps, %d dropped; want %d, %d", len(d.Steps), len(d.Dropped), tc.steps, tc.dropped)
			}
			if got := joinNotes(d.Notes); !strings.Contains(got, tc.note) || (tc.note == "") != (got == "") {
				t.Errorf("notes %q, want %q", got, tc.note)
			}
			cum := 0.0
			for _, s := range d.Steps {
				if math.Abs(s.Start-cum) > tol || math.Abs(s.End-s.Start-s.Value) > tol {
					t.Errorf("step %s: %v → %v by %v after %v", s.Label, s.Start, s.End, s.Value, cum)
				}
				cum = s.End
			}
			if tc.note == "" && math.Abs(cum-d.Total) > tol {
				t.Errorf("running total ends at %v, total %v", cum, d.Total)
			}
		})
	}

	// On an explanation: every year and target ends at the year's total.
	ex := syntheticExplanation(10)
	for _, y := range ex.Years {
		for _, tg := range []explainTarget{{actor: -1}, {actor: 0}, {actor: 1}} {
			parts, total := tg.parts(&y)
			d := waterfall(parts, total)
			if len(d.Notes) > 0 {
				t.Errorf("%d %d: notes %q", y.Year, tg.actor, d.Notes)
			}
			if end := d.Steps[len(d.Steps)-1].End; math.Abs(end-total) > 1e-9 {
				t.Errorf("%d target %d: running total ends at %v, want %v", y.Year, tg.actor, end, total)
			}
		}
	}
}

func TestParseTarget(t *testing.T) {
	ex := syntheticExplanation(2)
	for target, want := range map[string]int{"latent": -1, "Latent": -1, "0": 0, "1": 1, "china": 1, " Russia ": 0} {
		tg, err := parseTarget(ex, target)
		if err != nil || tg.actor != want {
			t.Errorf("parseTarget(%q) = %d, %v; want %d", target, tg.actor, err, want)
		}
	}
	for _, bad := range []string{"", "2", "us", "-1"} {
		if _, err := parseTarget(ex, bad); err == nil {
			t.Errorf("parseTarget(%q) accepted", bad)
		}
	}
}

func TestContributionSeries(t *testing.T) {
	ex := syntheticExplanation(10)
	series, total, ref, dropped, notes := contributionSeries(ex, explainTarget{actor: -1})
	if len(series) != 5 || len(total) != 10 || len(ref) != 10 || len(notes) != 0 {
		t.Fatalf("%d series, %d total, %d ref, notes %q", len(series), len(total), len(ref), notes)
	}
	if !slices.Equal(dropped, []string{"Intercept", "Events"}) {
		t.Errorf("dropped %q", dropped)
	}
	for i, y := range ex.Years {
		sum := 0.0
		for _, s := range series {
			sum += s.XYs[i].Y
		}
		if math.Abs(sum-total[i].Y) > 1e-9 || total[i].Y != y.Latent || ref[i].Y != y.Hurdle {
			t.Errorf("%d: terms sum to %v, total %v (latent %v), ref %v", y.Year, sum, total[i].Y, y.Latent, ref[i].Y)
		}
	}
	ex.Years[3].LatentParts[0].Value = math.NaN()
	if _, _, _, _, notes := contributionSeries(ex, explainTarget{actor: -1}); len(notes) != 1 {
		t.Errorf("NaN term: notes %q", notes)
	}
}

func TestLabels(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{diffLabel(sim.PairedDiff{Delta: 0.23464, Lo: 0.230926, Hi: 0.238354}, "baseline"), "Δ vs baseline: +23.5 pp (23.0 to 23.9)"},
		{diffLabel(sim.PairedDiff{Delta: -0.012, Lo: -0.0151, Hi: -0.0089}, "b"), "Δ vs b: −1.2 pp (−1.6 to −0.8)"},
		{diffLabel(sim.PairedDiff{Delta: 0.0012, Lo: 0.0008, Hi: 0.0016}, "b"), "Δ vs b: +0.12 pp (0.08 to 0.16)"},
		{proportionLabel(sim.Proportion{P: 0.339, Lo: 0.3346, Hi: 0.3434}), "33.9% (33.4–34.4%)"},
		{signed(-0.0001, 2), "0.00"},
		{termLabel(0.0004), "+0.0004"},
		{termLabel(-1.4567), "−1.46"},
		{number(-0.15, 2), "−0.15"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

func TestCompareCaption(t *testing.T) {
	set := syntheticSet()
	if got, want := CompareCaption(set.Results, "v0.1.0"),
		"Scenarios: baseline, us-hardline, taiwan-crisis · 100,000 draws each · seed 42 · alliancesim v0.1.0"; got != want {
		t.Errorf("caption %q, want %q", got, want)
	}
	rs := []*sim.Result{synthetic(), synthetic(), synthetic(), synthetic(), synthetic(), synthetic()}
	rs[1].Draws, rs[2].Seed, rs[3].Stopped = 5000, 7, sim.StopMaxDraws
	for i, r := range rs {
		r.Scenario = "scenario-with-a-long-name-" + string(rune('a'+i))
	}
	if got, want := CompareCaption(rs, ""),
		"6 scenarios · 5,000 to 100,000 draws · seeds 42, 7 · precision target not reached · alliancesim (development build)"; got != want {
		t.Errorf("caption %q, want %q", got, want)
	}
	if got := CompareCaption(rs[:1], "v1"); got != Caption(rs[0], "v1") {
		t.Errorf("one result: %q", got)
	}
	ex := syntheticExplanation(1)
	if got, want := ExplanationCaption(ex, "v0.1.0"),
		"Scenario: baseline · central run: every input at its median, no noise, no events · alliancesim v0.1.0"; got != want {
		t.Errorf("explanation caption %q", got)
	}
}

// renderAll renders ch in every format and checks the output is not empty.
func renderAll(t *testing.T, ch *Chart) {
	t.Helper()
	for _, f := range Formats {
		var buf bytes.Buffer
		if _, err := ch.WriteTo(&buf, f, Options{}); err != nil {
			t.Errorf("%s: %v", f, err)
		}
		if buf.Len() < 1000 {
			t.Errorf("%s: %d bytes", f, buf.Len())
		}
	}
}

func TestScenarioChartsOnSynthetic(t *testing.T) {
	r := synthetic()
	for _, b := range scenarioBuilders {
		ch, err := b.build(r, Options{Version: "v0.1.0"})
		if err != nil {
			t.Fatalf("%s: %v", b.name, err)
		}
		if ch.Empty || ch.Note != "" || ch.Description == "" {
			t.Errorf("%s: empty %v, note %q, description %q on good data", b.name, ch.Empty, ch.Note, ch.Description)
		}
		if !strings.HasSuffix(ch.Title, ": baseline") || ch.Caption != Caption(r, "v0.1.0") {
			t.Errorf("%s: title %q, caption %q", b.name, ch.Title, ch.Caption)
		}
		axis := ch.Plot.Y
		if b.name == "events" {
			axis = ch.Plot.X
		}
		if axis.Min != 0 || axis.Max > 1 {
			t.Errorf("%s: probability axis %v–%v", b.name, axis.Min, axis.Max)
		}
	}
	ch, _ := OnsetHistogram(r, Options{})
	if !strings.Contains(ch.Subtitle, "No alliance by 2036 in 92.0% of runs") {
		t.Errorf("onset subtitle %q", ch.Subtitle)
	}
	if ch.Plot.Y.Max > 0.03 {
		t.Errorf("onset axis up to %v: not scaled to the yearly bars", ch.Plot.Y.Max)
	}
	ch, _ = BlockingBars(r, Options{})
	var names []string
	for _, e := range ch.Legend {
		names = append(names, e.Name)
	}
	if !slices.Equal(names, []string{"Both", "China alone", "Russia alone"}) {
		t.Errorf("blocking legend %q", names)
	}

	ex := syntheticExplanation(10)
	for _, target := range []string{"latent", "0", "1"} {
		for name, build := range map[string]func() (*Chart, error){
			"waterfall": func() (*Chart, error) { return Waterfall(ex, 2030, target, Options{Version: "v0.1.0"}) },
			"lines":     func() (*Chart, error) { return ContributionLines(ex, target, Options{Version: "v0.1.0"}) },
		} {
			ch, err := build()
			if err != nil {
				t.Fatalf("%s %s: %v", name, target, err)
			}
			if ch.Empty || ch.Caption != ExplanationCaption(ex, "v0.1.0") || !strings.HasSuffix(ch.Title, ": baseline") {
				t.Errorf("%s %s: empty %v, caption %q, title %q", name, target, ch.Empty, ch.Caption, ch.Title)
			}
		}
	}
	ch, _ = Waterfall(ex, 0, "latent", Options{})
	if !strings.Contains(ch.Title, "2027") || !strings.Contains(ch.Note, "Intercept, Events") ||
		ch.Subtitle != "Total 1.54, above the hurdle of 1.00: the alliance is on the table in 2027" {
		t.Errorf("waterfall: title %q, note %q, subtitle %q", ch.Title, ch.Note, ch.Subtitle)
	}
	ch, _ = Waterfall(ex, 2027, "1", Options{})
	if !strings.HasSuffix(ch.Subtitle, "China would refuse") {
		t.Errorf("subtitle %q", ch.Subtitle)
	}
	if _, err := Waterfall(ex, 2050, "latent", Options{}); err == nil || !strings.Contains(err.Error(), "2027–2036") {
		t.Errorf("year out of range: %v", err)
	}

	set := syntheticSet()
	ch, err := CompareCurves(set.Results, Options{Version: "v0.1.0"})
	if err != nil {
		t.Fatal(err)
	}
	if len(ch.Legend) != 3 || !strings.HasPrefix(ch.Legend[1].Name, "us-hardline (") || ch.Plot.Y.Min != 0 {
		t.Errorf("curves: legend %v, y from %v", ch.Legend, ch.Plot.Y.Min)
	}
	ch, err = CompareDots(set, Options{Version: "v0.1.0"})
	if err != nil {
		t.Fatal(err)
	}
	if ch.Note != "" || ch.Plot.X.Min != 0 || !strings.Contains(ch.Title, "baseline vs us-hardline vs taiwan-crisis") {
		t.Errorf("dots: note %q, x from %v, title %q", ch.Note, ch.Plot.X.Min, ch.Title)
	}
}

func TestScenarioChartsDegenerate(t *testing.T) {
	empty := map[string]bool{"zero-draws": true, "no-years": true, "all-nan": true}
	for name, r := range degenerateResults() {
		for _, b := range scenarioBuilders {
			t.Run(name+"/"+b.name, func(t *testing.T) {
				ch, err := b.build(r, Options{})
				if err != nil {
					t.Fatalf("error %v, want a chart", err)
				}
				wantEmpty := empty[name] && !(name == "all-nan" && b.name == "events")
				if wantEmpty && (!ch.Empty || ch.Note == "") {
					t.Errorf("empty %v, note %q: want an empty chart with a note", ch.Empty, ch.Note)
				}
				if name == "nan" && ch.Note == "" {
					t.Errorf("no note on invalid values")
				}
				renderAll(t, ch)
			})
		}
	}
	if ch, _ := EventImpact(degenerateResults()["all-nan"], Options{}); !strings.Contains(ch.Note, "6 estimates left out") {
		t.Errorf("all-NaN events: note %q", ch.Note)
	}
	for _, b := range scenarioBuilders {
		if _, err := b.build(nil, Options{}); !errors.Is(err, errNilResult) {
			t.Errorf("%s(nil): %v", b.name, err)
		}
		r := synthetic()
		r.Years = r.Years[:4]
		if _, err := b.build(r, Options{}); err == nil && b.name != "events" {
			t.Errorf("%s: years mismatch accepted", b.name)
		}
	}
	noEvents := synthetic()
	noEvents.Events = nil
	if ch, err := EventImpact(noEvents, Options{}); err != nil || !ch.Empty || !strings.Contains(ch.Note, "No events") {
		t.Errorf("no events: %v, %+v", err, ch)
	}
}

func TestExplanationDegenerate(t *testing.T) {
	one := syntheticExplanation(1)
	noYears := &model.Explanation{Scenario: "x", Actors: [2]string{"A", "B"}}
	nan := syntheticExplanation(3)
	nan.Years[1].LatentParts[2].Value = math.NaN()
	nan.Years[1].Latent = math.NaN()
	nan.Years[2].UtilityParts[0] = nil
	zeros := syntheticExplanation(2)
	for i := range zeros.Years {
		for j := range zeros.Years[i].LatentParts {
			zeros.Years[i].LatentParts[j].Value = 0
		}
		zeros.Years[i].Latent = 0
	}
	noNames := syntheticExplanation(2)
	noNames.Actors, noNames.Scenario = [2]string{}, ""
	for name, ex := range map[string]*model.Explanation{"one-year": one, "no-years": noYears, "nan": nan, "zeros": zeros, "no-names": noNames} {
		for _, target := range []string{"latent", "0", "1"} {
			t.Run(name+"/"+target, func(t *testing.T) {
				year := 0
				if name == "nan" {
					year = 2028
				}
				for kind, build := range map[string]func() (*Chart, error){
					"waterfall": func() (*Chart, error) { return Waterfall(ex, year, target, Options{}) },
					"lines":     func() (*Chart, error) { return ContributionLines(ex, target, Options{}) },
				} {
					ch, err := build()
					if err != nil {
						t.Fatalf("%s: %v", kind, err)
					}
					if name == "no-years" && (!ch.Empty || ch.Note == "") {
						t.Errorf("%s: empty %v, note %q", kind, ch.Empty, ch.Note)
					}
					renderAll(t, ch)
				}
			})
		}
	}
	if _, err := Waterfall(nil, 0, "latent", Options{}); !errors.Is(err, errNilExplanation) {
		t.Errorf("nil: %v", err)
	}
	if _, err := ContributionLines(one, "us", Options{}); err == nil {
		t.Error("bad target accepted")
	}
}

func TestCompareDegenerate(t *testing.T) {
	if _, err := CompareCurves(nil, Options{}); !errors.Is(err, errNilSet) {
		t.Errorf("nil: %v", err)
	}
	if _, err := CompareDots(&sim.Set{}, Options{}); !errors.Is(err, errNilSet) {
		t.Errorf("empty set: %v", err)
	}
	if _, err := CompareCurves([]*sim.Result{synthetic(), nil}, Options{}); err == nil {
		t.Error("nil result accepted")
	}
	deg := degenerateResults()
	many := syntheticSet()
	for i := range 12 {
		r := synthetic()
		r.Scenario = "s" + string(rune('a'+i))
		many.Results = append(many.Results, r)
		many.Diffs = append(many.Diffs, sim.PairedDiff{N: r.Draws, Delta: 0.01, Lo: 0.005, Hi: 0.015})
	}
	for name, tc := range map[string]struct {
		set   *sim.Set
		empty bool
		note  string
	}{
		"one scenario":  {&sim.Set{Results: []*sim.Result{synthetic()}, Diffs: []sim.PairedDiff{{}}}, false, ""},
		"zero draws":    {&sim.Set{Results: []*sim.Result{deg["zero-draws"], deg["zero-draws"]}}, true, "No valid estimate"},
		"mixed":         {&sim.Set{Results: []*sim.Result{synthetic(), deg["zero-draws"], deg["one-year"]}}, false, "No valid estimate for baseline"},
		"no diffs":      {&sim.Set{Results: syntheticSet().Results}, false, ""},
		"all NaN":       {&sim.Set{Results: []*sim.Result{deg["all-nan"], deg["all-nan"]}}, true, "No valid estimate"},
		"too many rows": {many, false, "Too many scenarios to label"},
	} {
		t.Run(name, func(t *testing.T) {
			for kind, build := range map[string]func() (*Chart, error){
				"curves": func() (*Chart, error) { return CompareCurves(tc.set.Results, Options{}) },
				"dots":   func() (*Chart, error) { return CompareDots(tc.set, Options{}) },
			} {
				ch, err := build()
				if err != nil {
					t.Fatalf("%s: %v", kind, err)
				}
				if ch.Empty != tc.empty {
					t.Errorf("%s: empty %v, want %v (note %q)", kind, ch.Empty, tc.empty, ch.Note)
				}
				if kind == "dots" && !strings.Contains(ch.Note, tc.note) {
					t.Errorf("%s: note %q, want %q", kind, ch.Note, tc.note)
				}
				renderAll(t, ch)
			}
		})
	}
	// A set whose scenarios have different horizons: the curves share the
	// year axis, the dots say "by the end of the horizon".
	short := synthetic()
	short.Scenario, short.StartYear, short.HorizonYears = "short", 2030, 3
	short.Years, short.Alliance = []int{2030, 2031, 2032}, short.Alliance[:3]
	short.ByHorizon = short.Alliance[2]
	set := &sim.Set{Results: []*sim.Result{synthetic(), short}}
	ch, err := CompareCurves(set.Results, Options{})
	if err != nil || ch.Plot.X.Min != 2027 || ch.Plot.X.Max != 2036 {
		t.Errorf("curves of different horizons: %v, x %v–%v", err, ch.Plot.X.Min, ch.Plot.X.Max)
	}
	ch, err = CompareDots(set, Options{})
	if err != nil || !strings.Contains(ch.Title, "by the end of the horizon") || !strings.Contains(ch.Note, "") {
		t.Errorf("dots of different horizons: %v, title %q", err, ch.Title)
	}
}

func TestRenderScenario(t *testing.T) {
	dir := t.TempDir()
	out, err := RenderScenario(synthetic(), syntheticExplanation(10), dir, []string{"png", "svg"}, Options{Version: "v0.1.0", ExplainYear: 2030})
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, c := range out {
		kinds = append(kinds, c.Kind)
		if c.Title == "" || c.Caption == "" || len(c.Files) != 2 {
			t.Errorf("%s: %+v", c.Kind, c)
		}
		for f, name := range c.Files {
			if name != c.Kind+"."+f {
				t.Errorf("%s: file %q for %s", c.Kind, name, f)
			}
			if fi, err := os.Stat(filepath.Join(dir, name)); err != nil || fi.Size() == 0 {
				t.Errorf("%s: %v", name, err)
			}
		}
	}
	want := []string{"states", "alliance", "latent", "onset", "blocking", "events",
		"explain-latent", "explain-russia", "explain-china", "explain-lines"}
	if !slices.Equal(kinds, want) {
		t.Errorf("kinds %q, want %q", kinds, want)
	}
	if !strings.Contains(out[6].Title, "2030") {
		t.Errorf("waterfall year: %q", out[6].Title)
	}

	// No events, no explanation, ids unfit for file names.
	r := synthetic()
	r.Events = nil
	out, err = RenderScenario(r, nil, t.TempDir(), nil, Options{})
	if err != nil || len(out) != 5 || out[4].Files["png"] != "blocking.png" {
		t.Errorf("no events: %v, %+v", err, out)
	}
	ex := syntheticExplanation(2)
	ex.Actors = [2]string{"Latent", "China"}
	out, err = RenderScenario(r, ex, t.TempDir(), nil, Options{})
	if err != nil || out[6].Kind != "explain-first" || out[7].Kind != "explain-second" {
		t.Errorf("clashing names: %v, %+v", err, out)
	}
	for names, want := range map[[2]string]string{
		{"Russia", "China"}:                      "explain-russia explain-china",
		{"United States", "Soviet Union (USSR)"}: "explain-united-states explain-soviet-union-ussr",
		{"", "China"}:                            "explain-first explain-second",
		{"A B", "a-b"}:                           "explain-first explain-second",
		{"Россия", "China"}:                      "explain-first explain-second",
	} {
		k := actorKinds(names)
		if got := k[0] + " " + k[1]; got != want {
			t.Errorf("actorKinds(%q) = %q, want %q", names, got, want)
		}
	}

	// The explanation alone.
	dir3 := t.TempDir()
	out, err = RenderExplanation(syntheticExplanation(3), 2028, dir3, []string{"svg"}, Options{})
	if err != nil || len(out) != 4 || out[1].Files["svg"] != "explain-russia.svg" || !strings.Contains(out[0].Title, "2028") {
		t.Errorf("RenderExplanation: %v, %+v", err, out)
	}
	if _, err := RenderExplanation(nil, 0, dir3, nil, Options{}); !errors.Is(err, errNilExplanation) {
		t.Errorf("nil explanation: %v", err)
	}

	// Bad input writes nothing.
	dir2 := t.TempDir()
	other := syntheticExplanation(2)
	other.Scenario = "other"
	for name, f := range map[string]func() error{
		"mismatch": func() error { _, err := RenderScenario(synthetic(), other, dir2, nil, Options{}); return err },
		"bad year": func() error {
			_, err := RenderScenario(synthetic(), syntheticExplanation(2), dir2, nil, Options{ExplainYear: 1999})
			return err
		},
		"bad format": func() error { _, err := RenderScenario(synthetic(), nil, dir2, []string{"gif"}, Options{}); return err },
		"nil":        func() error { _, err := RenderScenario(nil, nil, dir2, nil, Options{}); return err },
		"bad latent": func() error {
			r := synthetic()
			r.Latent[0].P05 = 99
			_, err := RenderScenario(r, nil, dir2, nil, Options{})
			return err
		},
	} {
		if err := f(); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if ents, _ := os.ReadDir(dir2); len(ents) != 0 {
		t.Errorf("files written on error: %v", ents)
	}
	if _, err := RenderScenario(synthetic(), nil, filepath.Join(dir2, "missing"), nil, Options{}); err == nil {
		t.Error("missing directory accepted")
	}
}

func TestRenderComparison(t *testing.T) {
	dir := t.TempDir()
	out, err := RenderComparison(syntheticSet(), dir, []string{"svg", "pdf"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 2 || out[0].Kind != KindCompareCurves || out[1].Files["pdf"] != "compare-dots.pdf" || out[1].Caption == "" {
		t.Errorf("out = %+v", out)
	}
	if _, err := RenderComparison(nil, dir, nil, Options{}); !errors.Is(err, errNilSet) {
		t.Errorf("nil set: %v", err)
	}
}

func TestGoldenSVGScenario(t *testing.T) {
	ex := syntheticExplanation(10)
	for name, build := range map[string]func() (*Chart, error){
		"blocking":     func() (*Chart, error) { return BlockingBars(synthetic(), Options{Version: "v0.1.0"}) },
		"waterfall":    func() (*Chart, error) { return Waterfall(ex, 0, "latent", Options{Version: "v0.1.0"}) },
		"compare-dots": func() (*Chart, error) { return CompareDots(syntheticSet(), Options{Version: "v0.1.0"}) },
	} {
		t.Run(name, func(t *testing.T) {
			ch, err := build()
			if err != nil {
				t.Fatal(err)
			}
			checkGoldenSVG(t, ch, name)
		})
	}
}

func TestWrapWords(t *testing.T) {
	sty := subtitleStyle()
	w := sty.Width("Runs with vs without the event:")
	for _, tc := range []struct {
		in, want string
		lines    int
	}{
		{"short", "short", 2},
		{"Runs with vs without the event: a comparison across runs", "Runs with vs without the event:\na comparison across runs", 2},
		{"Runs with vs without the event: a comparison across runs, not a causal effect at all", "Runs with vs without the event:\na comparison across runs…", 2},
		{"Runs with vs without the event: a comparison", "Runs with vs without the…", 1},
	} {
		if got := wrapWords(sty, tc.in, w, tc.lines); got != tc.want {
			t.Errorf("wrapWords(%q, %d) = %q, want %q", tc.in, tc.lines, got, tc.want)
		}
	}
}

func TestPDFSpelling(t *testing.T) {
	if got := toCP1252("Δ vs b: −1.2 pp"); got != "Delta vs b: -1.2 pp" {
		t.Errorf("toCP1252 = %q", got)
	}
}

func BenchmarkRenderScenario(b *testing.B) {
	r, ex := synthetic(), syntheticExplanation(10)
	o := Options{Version: "v0.1.0", DPI: 150}
	dir := b.TempDir()
	var n int
	for b.Loop() {
		out, err := RenderScenario(r, ex, dir, []string{"png"}, o)
		if err != nil {
			b.Fatal(err)
		}
		n = len(out)
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/set")
	b.ReportMetric(float64(n), "charts/set")
}
