package plots

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/sim"
)

// Kinds of chart, which are also the base names of their files.
// RenderScenario writes an actor's waterfall as "explain-" + the actor's
// name in lower case (see RenderScenario).
const (
	KindStates        = "states"
	KindAlliance      = "alliance"
	KindLatent        = "latent"
	KindOnset         = "onset"
	KindBlocking      = "blocking"
	KindEvents        = "events"
	KindExplainLatent = "explain-latent"
	KindExplainLines  = "explain-lines"
	KindCompareCurves = "compare-curves"
	KindCompareDots   = "compare-dots"
)

// RenderedChart is a chart written by RenderScenario or RenderComparison.
type RenderedChart struct {
	// Kind names the chart, such as "alliance" or "explain-russia"; it is
	// also the base name of its files.
	Kind string
	// Title is the chart's title as drawn.
	Title string
	// Caption is a sentence or two in plain English on what the chart
	// shows and how to read it, for the text under the chart in a report.
	Caption string
	// Files maps each format ("png", "svg", "pdf") to the file's base name
	// in the output directory, such as "alliance.png".
	Files map[string]string
}

// namedChart is a built chart and the kind it is written as.
type namedChart struct {
	kind string
	ch   *Chart
}

// writeCharts writes each chart to dir/<kind>.<format> for every format.
// It returns what it wrote, as RenderedCharts and as paths in write order;
// on an error, what was written before it.
func writeCharts(charts []namedChart, dir string, formats []string, o Options) ([]RenderedChart, []string, error) {
	var out []RenderedChart
	var paths []string
	for _, nc := range charts {
		ps, err := SaveAll(nc.ch, dir, nc.kind, formats, o)
		paths = append(paths, ps...)
		if len(ps) > 0 {
			rc := RenderedChart{Kind: nc.kind, Title: nc.ch.Title, Caption: nc.ch.Description, Files: map[string]string{}}
			for _, p := range ps {
				rc.Files[formatOf(p)] = filepath.Base(p)
			}
			out = append(out, rc)
		}
		if err != nil {
			return out, paths, err
		}
	}
	return out, paths, nil
}

// formatOf is the format of a chart file written by SaveAll.
func formatOf(path string) string {
	f, _ := normFormat(filepath.Ext(path))
	return f
}

// checkRender checks the formats and options before anything is built.
func checkRender(formats []string, o Options) error {
	if _, err := normFormats(formats); err != nil {
		return err
	}
	_, err := o.withDefaults()
	return err
}

// actorSlug is an actor's name as a file name part: lower case, runs of
// anything but ASCII letters and digits turned into one hyphen ("United
// States" → "united-states").
func actorSlug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			continue
		}
		dash = true
	}
	return b.String()
}

// actorKinds are the kinds (and file base names) of the two actors'
// waterfalls: "explain-" and the actor's name in lower case (such as
// "explain-russia"), or "explain-first" and "explain-second" when a name
// gives nothing usable, the two are the same, or one would clash with
// "explain-latent" or "explain-lines".
func actorKinds(names [2]string) [2]string {
	a, b := actorSlug(names[0]), actorSlug(names[1])
	for _, s := range []string{a, b} {
		if s == "" || s == "latent" || s == "lines" || a == b {
			return [2]string{"explain-first", "explain-second"}
		}
	}
	return [2]string{"explain-" + a, "explain-" + b}
}

// explanationCharts are the builders of the explanation charts: the
// waterfalls of the latent pressure and of each actor's utility in year
// (the first year when 0), and the contribution lines of the latent
// pressure.
func explanationCharts(ex *model.Explanation, year int, o Options) []chartBuilder {
	ak := actorKinds(ex.Actors)
	return []chartBuilder{
		{KindExplainLatent, func() (*Chart, error) { return Waterfall(ex, year, TargetLatent, o) }},
		{ak[0], func() (*Chart, error) { return Waterfall(ex, year, TargetFirst, o) }},
		{ak[1], func() (*Chart, error) { return Waterfall(ex, year, TargetSecond, o) }},
		{KindExplainLines, func() (*Chart, error) { return ContributionLines(ex, TargetLatent, o) }},
	}
}

// chartBuilder builds a chart of a kind.
type chartBuilder struct {
	kind  string
	build func() (*Chart, error)
}

// buildAll builds every chart, stopping at the first error.
func buildAll(bs []chartBuilder) ([]namedChart, error) {
	charts := make([]namedChart, len(bs))
	for i, b := range bs {
		ch, err := b.build()
		if err != nil {
			return nil, err
		}
		charts[i] = namedChart{b.kind, ch}
	}
	return charts, nil
}

// RenderScenario draws the full set of charts of one scenario and writes
// each to dir as <kind>.<format> for every format (PNG when formats is
// empty). The kinds, in order:
//
//   - states, alliance, latent: StateArea, AllianceCurve, LatentFan;
//   - onset: OnsetHistogram; blocking: BlockingBars;
//   - events: EventImpact, left out when the scenario has no events;
//
// and, when ex is not nil (the central run of the same scenario):
//
//   - explain-latent: Waterfall of the latent pressure;
//   - explain-<actor> for each actor, the actor's name in lower case with
//     hyphens for spaces and punctuation (such as explain-russia and
//     explain-china; explain-first and explain-second when the names are
//     missing, equal, or "latent" or "lines"): Waterfall of the actor's
//     utility;
//   - explain-lines: ContributionLines of the latent pressure.
//
// The waterfalls show o.ExplainYear, or the first year when it is zero.
// Every chart is built before any file is written, so that bad input
// writes nothing; dir must exist. It returns the charts written, in the
// order above; on a write error, those written before it and the error.
func RenderScenario(r *sim.Result, ex *model.Explanation, dir string, formats []string, o Options) ([]RenderedChart, error) {
	if r == nil {
		return nil, errNilResult
	}
	if err := checkRender(formats, o); err != nil {
		return nil, err
	}
	if ex != nil && ex.Scenario != r.Scenario {
		return nil, fmt.Errorf("plots: the explanation is of scenario %q but the result of %q", ex.Scenario, r.Scenario)
	}
	bs := []chartBuilder{
		{KindStates, func() (*Chart, error) { return StateArea(r, o) }},
		{KindAlliance, func() (*Chart, error) { return AllianceCurve(r, o) }},
		{KindLatent, func() (*Chart, error) { return LatentFan(r, o) }},
		{KindOnset, func() (*Chart, error) { return OnsetHistogram(r, o) }},
		{KindBlocking, func() (*Chart, error) { return BlockingBars(r, o) }},
	}
	if len(r.Events) > 0 {
		bs = append(bs, chartBuilder{KindEvents, func() (*Chart, error) { return EventImpact(r, o) }})
	}
	if ex != nil {
		bs = append(bs, explanationCharts(ex, o.ExplainYear, o)...)
	}
	charts, err := buildAll(bs)
	if err != nil {
		return nil, err
	}
	out, _, err := writeCharts(charts, dir, formats, o)
	return out, err
}

// RenderExplanation draws the charts of a central run alone (without a
// Monte Carlo result) and writes them to dir: explain-latent,
// explain-<actor>, explain-<actor> and explain-lines, as in RenderScenario,
// the waterfalls for year (the first year when 0). Every chart is built
// before any file is written; dir must exist.
func RenderExplanation(ex *model.Explanation, year int, dir string, formats []string, o Options) ([]RenderedChart, error) {
	if ex == nil {
		return nil, errNilExplanation
	}
	if err := checkRender(formats, o); err != nil {
		return nil, err
	}
	charts, err := buildAll(explanationCharts(ex, year, o))
	if err != nil {
		return nil, err
	}
	out, _, err := writeCharts(charts, dir, formats, o)
	return out, err
}

// RenderComparison draws the charts comparing the scenarios of a set and
// writes them to dir as compare-curves.<format> (CompareCurves) and
// compare-dots.<format> (CompareDots). Both are built before any file is
// written; dir must exist.
func RenderComparison(set *sim.Set, dir string, formats []string, o Options) ([]RenderedChart, error) {
	if set == nil || len(set.Results) == 0 {
		return nil, errNilSet
	}
	if err := checkRender(formats, o); err != nil {
		return nil, err
	}
	curves, err := CompareCurves(set.Results, o)
	if err != nil {
		return nil, err
	}
	dots, err := CompareDots(set, o)
	if err != nil {
		return nil, err
	}
	out, _, err := writeCharts([]namedChart{{KindCompareCurves, curves}, {KindCompareDots, dots}}, dir, formats, o)
	return out, err
}
