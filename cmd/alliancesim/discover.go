package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/spf13/cobra"

	"github.com/alliancesim/alliancesim/analysis"
	"github.com/alliancesim/alliancesim/internal/format"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/nowcast"
	"github.com/alliancesim/alliancesim/plots"
	"github.com/alliancesim/alliancesim/results"
	"github.com/alliancesim/alliancesim/sim"
)

// DiscoverOptions are the discover command's inputs.
type DiscoverOptions struct {
	common
	Arg, Outcome         string
	Peel, Paste, MassMin float64
	JSON                 bool
	// FromNowcast starts the runs from a nowcast state (run's
	// --from-nowcast).
	FromNowcast string
	// Observables adds signposts on what can be seen: the conditions on
	// the observed indicators over the scenario's first years under which
	// the alliance follows (signposts.json).
	Observables bool
}

func NewCmdDiscover(f *Factory, runF func(*DiscoverOptions) error) *cobra.Command {
	opts, cmd := newCommand(f, nil, runF, discoverRun, func(o *DiscoverOptions, a []string) { o.Arg = a[0] }, &cobra.Command{
		Use:   "discover SCENARIO",
		Short: "Scenario discovery (PRIM): the conditions under which the alliance becomes likely",
		Long: `Run the scenario's Monte Carlo, keep every draw's inputs and outcome, and
search with PRIM (the Patient Rule Induction Method, as in EMA Workbench)
for a box of input ranges in which the outcome is much more frequent than
overall. The result is written as sentences you can paste, a list of
signposts (the inputs whose thresholds matter, to watch), the peeling
trajectory's coverage-density trade-off, and discover.json.

The inputs are not what an analyst sees. With --observables (the
default) discover also simulates what each run would show in the
indicators of the observed record (joint vetoes, exercises, patrols, arms
and energy trade, joint statements: the observation model estimated on
the China–Russia record, docs/model.md §11) over the scenario's first
three years, and finds the conditions on them under which an alliance
follows by the horizon: signposts an analyst can watch, in signposts.json.

Coverage is the share of all outcome runs inside the box; density the
share of outcome runs among the runs inside; mass the share of runs
inside. The box reported is the densest with coverage of at least 50%.`,
		Example: `  alliancesim discover baseline
  alliancesim discover baseline --outcome alliance-by=2030 --draws 200000`,
	})
	fl := scenarioCommand(cmd, "output directory; without it, <run.out>/<scenario>/discover")
	fl.StringVar(&opts.Outcome, "outcome", "alliance", "the outcome: alliance (by the horizon), alliance-by=YEAR, or state-at-least=STATE (at the horizon, e.g. entente)")
	fl.Float64Var(&opts.Peel, "peel-alpha", 0.05, "share of the box's runs peeled off per step")
	fl.Float64Var(&opts.Paste, "paste-alpha", 0.05, "share of runs added back per pasting step")
	fl.Float64Var(&opts.MassMin, "mass-min", 0.05, "smallest box, as a share of all runs")
	fl.BoolVar(&opts.JSON, "json", false, "print discover.json on stdout instead of the text")
	fromNowcastFlag(fl, &opts.FromNowcast)
	fl.BoolVar(&opts.Observables, "observables", true, "also find signposts on the observed indicators (signposts.json); --observables=false to skip")
	return cmd
}

// outcomeFunc turns --outcome into a test on a draw's record.
// It also returns the sentence's clause ("An alliance forms by 2036"), the
// plural noun for the runs ("alliances") and a short noun phrase for chart
// labels ("an alliance by 2036").
func outcomeFunc(sc *model.Scenario, s string) (func(onset int16, final model.State) bool, string, string, string, error) {
	kind, arg, _ := strings.Cut(s, "=")
	last := sc.StartYear + sc.HorizonYears - 1
	switch kind {
	case "alliance":
		return func(o int16, _ model.State) bool { return o >= 0 }, "An alliance forms by " + strconv.Itoa(last), "alliances", "an alliance by " + strconv.Itoa(last), nil
	case "alliance-by":
		y, err := strconv.Atoi(arg)
		if err != nil || y < sc.StartYear || y > last {
			return nil, "", "", "", usageErrorf("--outcome %q: give a year from %d to %d, e.g. alliance-by=%d", s, sc.StartYear, last, min(last, sc.StartYear+4))
		}
		t := int16(y - sc.StartYear)
		return func(o int16, _ model.State) bool { return o >= 0 && o <= t }, "An alliance forms by " + strconv.Itoa(y), "alliances", "an alliance by " + strconv.Itoa(y), nil
	case "state-at-least":
		st, err := model.ParseState(arg)
		if err != nil {
			return nil, "", "", "", usageErrorf("--outcome %q: %v", s, err)
		}
		return func(_ int16, f model.State) bool { return f >= st }, fmt.Sprintf("The pair stands at %s or closer in %d", strings.ToLower(st.String()), last), "such runs",
			fmt.Sprintf("%s or closer in %d", strings.ToLower(st.String()), last), nil
	}
	return nil, "", "", "", usageErrorf("--outcome %q: use alliance, alliance-by=YEAR or state-at-least=STATE", s)
}

// checkPrim checks PRIM's shares before anything is simulated: PRIM
// itself checks them only once every draw has run, and reads 0 as its
// default.
func (o *DiscoverOptions) checkPrim() error {
	for _, f := range []struct {
		name string
		v    float64
		hi   float64
	}{{"peel-alpha", o.Peel, 0.5}, {"paste-alpha", o.Paste, 1}, {"mass-min", o.MassMin, 1}} {
		if !(f.v > 0 && f.v < f.hi) {
			return usageErrorf("--%s %v: use a share above 0 and below %v, such as 0.05", f.name, f.v, f.hi)
		}
	}
	return nil
}

func discoverRun(opts *DiscoverOptions) error {
	if err := opts.checkPrim(); err != nil {
		return err
	}
	jobs, err := opts.prepare([]string{opts.Arg})
	if err != nil {
		return err
	}
	j, r := jobs[0], opts.runner()
	sc, st := j.l.Scenario, j.st
	isCase, outcome, cases, noun, err := outcomeFunc(sc, opts.Outcome)
	if err != nil {
		return err
	}
	if err := discoverSize(sc, st); err != nil {
		return err
	}
	defer r.release()
	dir := outDir(st, opts.Flags, sc.Name, "discover")
	if err := opts.preflight(r, jobs, 1, dir); err != nil {
		return err
	}
	if err := nowcastStart(r, &opts.common, jobs, opts.FromNowcast); err != nil {
		return err
	}
	rec, y, n, err := discoverRecords(r, sc, st, isCase)
	if err != nil {
		return err
	}
	if n == 0 || n == len(y) {
		return invalidf("%s: the outcome %q occurred in %d of %d runs: there is nothing to discover (try another --outcome or more --draws)", sc.Name, opts.Outcome, n, len(y))
	}
	res, err := analysis.PRIM(rec.X, rec.Paths, y, analysis.PrimOptions{PeelAlpha: opts.Peel, PasteAlpha: opts.Paste, MassMin: opts.MassMin})
	if err != nil {
		return usageErrorf("%v", err)
	}
	labels := map[string]string{}
	for _, p := range rec.Paths {
		labels[p] = sc.Label(p)
	}
	text := res.Sentences(res.Box, analysis.SentenceStyle{Outcome: outcome, Cases: cases, Labels: labels})
	f := results.NewDiscovery(res, results.DiscoverRun{Ref: results.ScenarioRef{Name: sc.Name, File: j.l.File, SHA256: j.l.SHA256},
		Scenario: sc, Outcome: opts.Outcome, Draws: int64(len(y)), Cases: n, Seed: st.Run.Seed, Version: version, Sentences: text, Start: r.startRef})
	js, err := f.Marshal()
	if err != nil {
		return err
	}
	info := analysisInfo(sc, noun, len(y), st.Run.Seed, true)
	o := chartOptions(opts.Factory, st.Run.DPI, nil)
	sp, spNote, err := observableSignposts(r, opts, sc, st)
	if err != nil {
		return err
	}
	p := publication{Dir: dir, Files: []stagedFile{{"discover.json", js}},
		Charts: saveCharts([]plots.Builder{{Kind: "prim-tradeoff", Build: func() (*plots.Chart, error) { return plots.PrimTradeoff(res, info, o) }}}, st.Run.Formats, o),
		Print: func(w io.Writer) {
			printDiscover(w, sc, f)
			if sp != nil {
				fmt.Fprintf(w, "\nSignposts on observables (the indicators as the China–Russia record shows each rung):\n%s\n", wrap(sp.Text, 99, "  "))
			} else if spNote != "" {
				fmt.Fprintf(w, "\n%s\n", spNote)
			}
		}}
	if sp != nil {
		b, err := sp.Marshal()
		if err != nil {
			return err
		}
		p.Files = append(p.Files, stagedFile{"signposts.json", b})
	}
	if opts.JSON {
		p.JSON = js
	}
	return r.publish(p)
}

// maxDiscoverBytes bounds the memory discover uses to keep every draw's
// inputs (8 bytes an input, plus the row's own 24 and 3 for the outcome).
const maxDiscoverBytes = 4 << 30

// discoverSize refuses, before any work, draws whose records would not
// fit in maxDiscoverBytes.
func discoverSize(sc *model.Scenario, st *Settings) error {
	inputs := 0
	for _, in := range sc.Inputs {
		if !in.Fixed {
			inputs++
		}
	}
	per := float64(8*inputs + 27)
	if need := float64(st.Run.Draws) * per; need > maxDiscoverBytes {
		return invalidf("discover keeps every draw's %d inputs in memory: %s draws need %.1f GB; the most is %.0f GB: use at most %s draws (--draws)",
			inputs, format.Thousands(st.Run.Draws), need/1e9, float64(maxDiscoverBytes)/(1<<30), format.Thousands(int64(maxDiscoverBytes/per)))
	}
	return nil
}

// discoverRecords runs the Monte Carlo keeping every draw's inputs and
// outcome; it returns the records, which runs are cases and how many.
func discoverRecords(r *runner, sc *model.Scenario, st *Settings, isCase func(int16, model.State) bool) (*sim.Records, []bool, int, error) {
	rec := &sim.Records{}
	plan := planFor(st)
	plan.Precision, plan.Records, plan.SkipLatent, plan.Start = 0, rec, true, r.start
	err := r.simulate(sc.Name, plan, func(plan sim.Plan) error {
		_, err := sim.Run(r.ctx, sc, &st.Weights, plan)
		return err
	})
	if err != nil {
		return nil, nil, 0, r.studyError(err)
	}
	y := make([]bool, len(rec.Onset))
	n := 0
	for i := range y {
		y[i] = isCase(rec.Onset[i], rec.Final[i])
		if y[i] {
			n++
		}
	}
	return rec, y, n, nil
}

// observableSignposts finds, unless --observables=false, the conditions on
// the observed indicators over the scenario's first years under which an
// alliance follows by the outcome's year (nowcast.ScenarioSignposts), with
// the observation model estimated on the bundled China–Russia record. An
// outcome other than an alliance, or weights from a posterior, get a note
// instead: the signposts' runs are the scenario's own at its weights.
func observableSignposts(r *runner, opts *DiscoverOptions, sc *model.Scenario, st *Settings) (*nowcast.SignpostResult, string, error) {
	if !opts.Observables {
		return nil, "", nil
	}
	kind, arg, _ := strings.Cut(opts.Outcome, "=")
	horizon := sc.StartYear + sc.HorizonYears - 1
	switch {
	case kind == "alliance-by":
		horizon, _ = strconv.Atoi(arg)
	case kind != "alliance":
		return nil, "Signposts on observables: only for an alliance outcome (alliance or alliance-by=YEAR).", nil
	}
	if st.Posterior != nil {
		return nil, "Signposts on observables: not with --posterior yet (their runs use the scenario's weights).", nil
	}
	const window = 3
	if horizon-sc.StartYear+1 <= window {
		return nil, fmt.Sprintf("Signposts on observables: the outcome's year %d leaves no years after the %d watched.", horizon, window), nil
	}
	rec, _, err := readRecord("china-russia", "")
	if err != nil {
		return nil, "", err
	}
	om, err := nowcast.Estimate(rec, nowcast.ChinaRussia)
	if err != nil {
		return nil, "", err
	}
	stop := r.bar("signposts "+sc.Name, 1, new(atomic.Int64), new(atomic.Int64))
	sp, err := nowcast.ScenarioSignposts(r.ctx, sc, &st.Weights, r.start, om, nowcast.SignpostOptions{
		Runs: int(min(st.Run.Draws, 100_000)), Seed: st.Run.Seed, Workers: st.Run.Workers, Window: window, Horizon: horizon})
	stop(err == nil)
	if err != nil {
		if r.ctx.Err() != nil {
			return nil, "", r.studyError(err)
		}
		return nil, fmt.Sprintf("Signposts on observables: %v.", err), nil
	}
	return sp, "", nil
}
