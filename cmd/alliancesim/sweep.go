package main

import (
	"context"
	"fmt"
	"math"
	"os"
	"strings"
	"sync/atomic"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/alliancesim/alliancesim/internal/format"
	"github.com/alliancesim/alliancesim/plots"
	"github.com/alliancesim/alliancesim/results"
	"github.com/alliancesim/alliancesim/sim"
	"github.com/alliancesim/alliancesim/study"
)

type sweepOptions struct {
	IO      streams
	Global  *globalOptions
	Arg     string
	Vary    []string
	Level   float64
	Flags   map[string]string
	Command []string
}

func newSweepCmd(io streams, g *globalOptions) *cobra.Command {
	opts := &sweepOptions{IO: io, Global: g}
	cmd := &cobra.Command{
		Use:   "sweep SCENARIO --vary KEY=FROM:TO:STEPS [--vary ...]",
		Short: "P(alliance) across a range of one value (a curve) or two (a heat map)",
		Long: `Fix one or two values of a scenario at a grid of points and run the full
Monte Carlo at each point, on common random numbers (every point sees the
same random numbers), so that the curve or surface is smooth and
neighbouring points differ only by the swept values.

KEY is a scenario value by its path (china.pressure, russia.autonomy_value,
dyad.treaty, events.taiwan_crisis.probability) or a weight
(weights.junior_partner). One --vary gives a curve of P(alliance by the
horizon) with its 95% band; two give a heat map with a colour bar and a
contour at --level. Every point is in sweep.csv.`,
		Example: `  alliancesim sweep baseline --vary china.pressure=0.3:0.95:14
  alliancesim sweep baseline --vary china.pressure=0.3:0.95:14 --vary weights.junior_partner=0.4:1.6:13 --level 0.25`,
		Args: argsUsage(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Arg, opts.Flags, opts.Command = args[0], changedFlags(cmd), os.Args
			return sweepRun(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	simFlags(f, "output directory; without it, <run.out>/<scenario>/sweep", "png", false)
	f.StringArrayVar(&opts.Vary, "vary", nil, "KEY=FROM:TO:STEPS (once for a curve, twice for a heat map)")
	f.Float64Var(&opts.Level, "level", 0.25, "probability of the heat map's contour line")
	f.Lookup("draws").DefValue = "20000"
	f.Lookup("draws").Usage = "Monte Carlo draws at each grid point"
	return cmd
}

func sweepRun(ctx context.Context, opts *sweepOptions) error {
	if len(opts.Vary) < 1 || len(opts.Vary) > 2 {
		return usageErrorf("give --vary once (a curve) or twice (a heat map), e.g. --vary china.pressure=0.3:0.9:7")
	}
	if !(opts.Level > 0 && opts.Level < 1) {
		return usageErrorf("--level %g: give a probability between 0 and 1", opts.Level)
	}
	var axes []study.Axis
	for _, v := range opts.Vary {
		a, err := study.ParseAxis(v)
		if err != nil {
			return &usageError{err}
		}
		axes = append(axes, a)
	}
	jobs, err := prepare(opts.IO, opts.Global, opts.Flags, []string{opts.Arg})
	if err != nil {
		return err
	}
	j := jobs[0]
	if j.st.Source["run.draws"] == "default" {
		j.st.Run.Draws = 20_000 // per grid point: a grid multiplies the work
	}
	sc, st := j.l.Scenario, j.st
	points := 1
	for _, a := range axes {
		points *= a.Steps
	}
	var done, total atomic.Int64
	plan := planFor(st, &done, &total)
	show := opts.IO.ErrTTY && !opts.Global.Quiet && !opts.Global.NoProgress
	stop := startProgress(ctx, opts.IO.Err, show, fmt.Sprintf("%s sweep (%d points)", sc.Name, points), plan.Draws, &done, &total)
	res, err := study.Sweep(ctx, sc, &st.Weights, axes, plan)
	stop(err == nil)
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("%w: %w", sim.ErrInterrupted, ctx.Err())
		}
		return invalidf("%v", err)
	}
	dir := outDir(st, opts.Flags, sc.Name, "sweep")
	stg, err := results.NewStage(dir)
	if err != nil {
		return err
	}
	defer stg.Abort() // removes only the staging folder: a no-op once committed
	csvData, err := results.SweepCSV(res)
	if err != nil {
		return err
	}
	if err := stg.Write("sweep.csv", csvData); err != nil {
		return err
	}
	info := analysisInfo(sc, fmt.Sprintf("P(alliance by %d)", res.Horizon), int(res.Draws), res.Seed, true)
	for _, a := range axes {
		if strings.HasPrefix(a.Key, "weights.") {
			info.Labels[a.Key] = capitalize(sc.Label(a.Key))
		}
	}
	o := plots.Options{DPI: st.Run.DPI, Version: version}
	build := func() (*plots.Chart, error) { return plots.SweepCurve(res, info, o) }
	if len(axes) == 2 {
		build = func() (*plots.Chart, error) { return plots.SweepHeatMap(res, opts.Level, info, o) }
	}
	if err := saveCharts(stg, map[string]func() (*plots.Chart, error){"sweep": build}, st.Run.Formats, o); err != nil {
		return err
	}
	written, err := commit(ctx, stg)
	if err != nil {
		return err
	}
	printSweep(opts.IO, res)
	fmt.Fprintln(opts.IO.Out)
	for _, p := range written {
		fmt.Fprintf(opts.IO.Out, "wrote %s\n", p)
	}
	return nil
}

func printSweep(io streams, res *study.SweepResult) {
	fmt.Fprintf(io.Out, "%s · sweep of P(alliance by %d) · %s draws per point on common random numbers · seed %d\n\n",
		res.Scenario, res.Horizon, format.Thousands(res.Draws), res.Seed)
	tw := tabwriter.NewWriter(io.Out, 0, 0, 2, ' ', tabwriter.AlignRight)
	if len(res.Axes) == 1 {
		fmt.Fprintf(tw, "%s\tP(alliance)\t95%% interval\t\n", res.Axes[0].Key)
		for _, p := range res.Points {
			fmt.Fprintf(tw, "%g\t%s\t%s\t\n", round4(p.X[0]), pct(p.P.P), interval(p.P.Lo, p.P.Hi))
		}
		tw.Flush()
		return
	}
	ys := res.Axes[1].Values()
	fmt.Fprintf(tw, "%s \\ %s\t", res.Axes[0].Key, res.Axes[1].Key)
	for _, y := range ys {
		fmt.Fprintf(tw, "%g\t", round4(y))
	}
	fmt.Fprintln(tw)
	for i, x := range res.Axes[0].Values() {
		fmt.Fprintf(tw, "%g\t", round4(x))
		for k := range ys {
			fmt.Fprintf(tw, "%s\t", pct(res.Points[i*len(ys)+k].P.P))
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
}

func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }
