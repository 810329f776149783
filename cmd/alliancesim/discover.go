package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/spf13/cobra"

	"github.com/alliancesim/alliancesim/analysis"
	"github.com/alliancesim/alliancesim/internal/format"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/plots"
	"github.com/alliancesim/alliancesim/results"
	"github.com/alliancesim/alliancesim/sim"
)

type discoverOptions struct {
	IO      streams
	Global  *globalOptions
	Arg     string
	Outcome string
	Peel    float64
	Paste   float64
	MassMin float64
	Flags   map[string]string
	JSON    bool
}

func newDiscoverCmd(io streams, g *globalOptions) *cobra.Command {
	opts := &discoverOptions{IO: io, Global: g}
	cmd := &cobra.Command{
		Use:   "discover SCENARIO",
		Short: "Scenario discovery (PRIM): the conditions under which the alliance becomes likely",
		Long: `Run the scenario's Monte Carlo, keep every draw's inputs and outcome, and
search with PRIM (the Patient Rule Induction Method, as in EMA Workbench)
for a box of input ranges in which the outcome is much more frequent than
overall. The result is written as sentences you can paste, a list of
signposts (the inputs whose thresholds matter, to watch), the peeling
trajectory's coverage-density trade-off, and discover.json.

Coverage is the share of all outcome runs inside the box; density the
share of outcome runs among the runs inside; mass the share of runs
inside. The box reported is the densest with coverage of at least 50%.`,
		Example: `  alliancesim discover baseline
  alliancesim discover baseline --outcome alliance-by=2030 --draws 200000`,
		Args: argsUsage(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Arg, opts.Flags = args[0], changedFlags(cmd)
			return discoverRun(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	simFlags(f, "output directory; without it, <run.out>/<scenario>/discover", "png", false)
	f.StringVar(&opts.Outcome, "outcome", "alliance", "the outcome: alliance (by the horizon), alliance-by=YEAR, or state-at-least=STATE (at the horizon, e.g. entente)")
	f.Float64Var(&opts.Peel, "peel-alpha", 0.05, "share of the box's runs peeled off per step")
	f.Float64Var(&opts.Paste, "paste-alpha", 0.05, "share of runs added back per pasting step")
	f.Float64Var(&opts.MassMin, "mass-min", 0.05, "smallest box, as a share of all runs")
	f.BoolVar(&opts.JSON, "json", false, "print discover.json on stdout instead of the text")
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

func discoverRun(ctx context.Context, opts *discoverOptions) error {
	jobs, err := prepare(opts.IO, opts.Global, opts.Flags, []string{opts.Arg})
	if err != nil {
		return err
	}
	j := jobs[0]
	sc, st := j.l.Scenario, j.st
	isCase, outcome, cases, noun, err := outcomeFunc(sc, opts.Outcome)
	if err != nil {
		return err
	}
	var done, total atomic.Int64
	plan := planFor(st, &done, &total)
	plan.Precision = 0
	rec := &sim.Records{}
	plan.Records = rec
	plan.SkipLatent = true
	show := opts.IO.ErrTTY && !opts.Global.Quiet && !opts.Global.NoProgress
	stop := startProgress(ctx, opts.IO.Err, show, sc.Name, plan.Draws, &done, &total)
	_, err = sim.Run(ctx, sc, &st.Weights, plan)
	stop(err == nil)
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("%w: %w", sim.ErrInterrupted, ctx.Err())
		}
		return invalidf("%v", err)
	}
	y := make([]bool, len(rec.Onset))
	n := 0
	for i := range y {
		y[i] = isCase(rec.Onset[i], rec.Final[i])
		if y[i] {
			n++
		}
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
		Scenario: sc, Outcome: opts.Outcome, Draws: int64(len(y)), Cases: n, Seed: st.Run.Seed, Version: version, Sentences: text})
	js, err := f.Marshal()
	if err != nil {
		return err
	}

	dir := outDir(st, opts.Flags, sc.Name, "discover")
	stg, err := results.NewStage(dir)
	if err != nil {
		return err
	}
	defer stg.Abort() // removes only the staging folder: a no-op once committed
	if err := stg.Write("discover.json", js); err != nil {
		return err
	}
	info := analysisInfo(sc, noun, len(y), st.Run.Seed, true)
	o := plots.Options{DPI: st.Run.DPI, Version: version}
	if err := saveCharts(stg, map[string]func() (*plots.Chart, error){
		"prim-tradeoff": func() (*plots.Chart, error) { return plots.PrimTradeoff(res, info, o) },
	}, st.Run.Formats, o); err != nil {
		return err
	}
	written, err := commit(ctx, stg)
	if err != nil {
		return err
	}
	if opts.JSON {
		_, err := opts.IO.Out.Write(js)
		return err
	}
	printDiscover(opts.IO.Out, sc, f)
	fmt.Fprintln(opts.IO.Out)
	for _, p := range written {
		fmt.Fprintf(opts.IO.Out, "wrote %s\n", p)
	}
	return nil
}

func printDiscover(w io.Writer, sc *model.Scenario, f *results.Discovery) {
	fmt.Fprintf(w, "%s · scenario discovery (PRIM) · %s draws · seed %d\n", sc.Name, format.Thousands(f.Draws), f.Seed)
	fmt.Fprintf(w, "Outcome %q in %s of runs.\n\n", f.Outcome, pct(float64(f.Cases)/float64(f.Draws)))
	fmt.Fprintln(w, wrap(f.Sentences, 96))
	if len(f.Signposts) > 0 {
		fmt.Fprintln(w, "\nSignposts to watch (the most telling first; density lost if the condition is dropped):")
		for _, s := range f.Signposts {
			cond := ""
			switch {
			case s.Lo != nil && s.Hi != nil:
				cond = fmt.Sprintf("between %s and %s", analysis.FormatValue(*s.Lo), analysis.FormatValue(*s.Hi))
			case s.Lo != nil:
				cond = "above " + analysis.FormatValue(*s.Lo)
			default:
				cond = "below " + analysis.FormatValue(*s.Hi)
			}
			fmt.Fprintf(w, "  - %s %s (%s)   −%.1f points of density\n", s.Label, cond, s.Input, 100*math.Abs(*s.DensityDrop))
		}
	}
	fmt.Fprintf(w, "\nThe peeling trajectory has %d boxes; prim-tradeoff shows their coverage and density.\n", len(f.Trajectory))
}

// wrap breaks text into lines of at most width characters.
func wrap(s string, width int) string {
	var b strings.Builder
	line := 0
	for i, word := range strings.Fields(s) {
		if i > 0 && line+1+len(word) > width {
			b.WriteByte('\n')
			line = 0
		} else if i > 0 {
			b.WriteByte(' ')
			line++
		}
		b.WriteString(word)
		line += len(word)
	}
	return b.String()
}
