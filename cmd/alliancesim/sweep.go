package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/alliancesim/alliancesim/internal/format"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/plots"
	"github.com/alliancesim/alliancesim/results"
	"github.com/alliancesim/alliancesim/sim"
	"github.com/alliancesim/alliancesim/study"
)

// SweepOptions are the sweep command's inputs.
type SweepOptions struct {
	common
	Arg   string
	Vary  []string // KEY=FROM:TO:STEPS, once or twice
	Level float64
	JSON  bool
	Shard shardFlag
	// FromNowcast starts every grid point's runs from a nowcast state
	// (run's --from-nowcast).
	FromNowcast string
}

func NewCmdSweep(f *Factory, runF func(*SweepOptions) error) *cobra.Command {
	// Draws per grid point: a grid multiplies the work.
	opts, cmd := newCommand(f, map[string]any{"run.draws": int64(20_000)}, runF, sweepRun, func(o *SweepOptions, a []string) { o.Arg = a[0] }, &cobra.Command{
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
contour at --level. Every point is in sweep.csv and sweep.json.`,
		Example: `  alliancesim sweep baseline --vary china.pressure=0.3:0.95:14
  alliancesim sweep baseline --vary china.pressure=0.3:0.95:14 --vary weights.junior_partner=0.4:1.6:13 --level 0.25`,
	})
	fl := scenarioCommand(cmd, "output directory; without it, <run.out>/<scenario>/sweep-<key>[-<key2>]")
	fl.StringArrayVar(&opts.Vary, "vary", nil, "KEY=FROM:TO:STEPS (once for a curve, twice for a heat map)")
	fl.Float64Var(&opts.Level, "level", 0.25, "probability of the heat map's contour line")
	fl.BoolVar(&opts.JSON, "json", false, "print sweep.json on stdout instead of the table")
	fl.Lookup("draws").DefValue = "20000"
	fl.Lookup("draws").Usage = "Monte Carlo draws at each grid point"
	addShardFlag(fl, &opts.Shard)
	fromNowcastFlag(fl, &opts.FromNowcast)
	return cmd
}

// sweepAxes reads --vary and checks --level.
func sweepAxes(opts *SweepOptions) ([]study.Axis, error) {
	if len(opts.Vary) < 1 || len(opts.Vary) > 2 {
		return nil, usageErrorf("give --vary once (a curve) or twice (a heat map), e.g. --vary china.pressure=0.3:0.9:7")
	}
	if !(opts.Level > 0 && opts.Level < 1) {
		return nil, usageErrorf("--level %g: give a probability between 0 and 1", opts.Level)
	}
	var axes []study.Axis
	for _, v := range opts.Vary {
		a, err := study.ParseAxis(v)
		if err != nil {
			return nil, &usageError{err}
		}
		axes = append(axes, a)
	}
	return axes, nil
}

func sweepRun(opts *SweepOptions) error {
	axes, err := sweepAxes(opts)
	if err != nil {
		return err
	}
	jobs, err := opts.prepare([]string{opts.Arg})
	if err != nil {
		return err
	}
	r, sc, st := opts.runner(), jobs[0].l.Scenario, jobs[0].st
	points := 1
	for _, a := range axes {
		points *= a.Steps
	}
	defer r.release()
	dir := outDir(st, opts.Flags, sc.Name, sweepFolder(axes))
	if err := opts.preflight(r, jobs, points, dir); err != nil {
		return err
	}
	g, err := study.SweepScenarios(sc, &st.Weights, axes)
	if err != nil {
		return r.studyError(err)
	}
	if err := nowcastStart(r, &opts.common, jobs, opts.FromNowcast); err != nil {
		return err
	}
	if sh := opts.Shard.sh; sh != nil {
		spec := &results.SweepSpec{Axes: results.SweepAxes(axes), Level: opts.Level}
		s := setShard{Command: "sweep", Label: fmt.Sprintf("%s sweep (%d points)", sc.Name, points), Jobs: jobs[:1],
			Scs: g.Scenarios, Ws: g.Weights, Plan: g.Plan(planFor(st)), Sweep: spec, Dir: dir, JSON: opts.JSON}
		return runSetShard(r, opts.Factory.Command, s, *sh)
	}
	var res *study.SweepResult
	plan := planFor(st)
	plan.Start = r.start
	err = r.simulate(fmt.Sprintf("%s sweep (%d points)", sc.Name, points), plan, func(plan sim.Plan) error {
		set, err := sim.RunSet(r.ctx, g.Scenarios, g.Weights, g.Plan(plan))
		if err == nil {
			res = g.Result(set)
		}
		return err
	})
	if err != nil {
		return r.studyError(err)
	}
	return publishSweep(r, opts.Factory, sc, res, opts.Level, dir, st.Run.Formats, st.Run.DPI, false, opts.JSON)
}

// publishSweep writes sweep.csv, sweep.json and the sweep's chart (unless
// noCharts) into dir and prints the points (sweep.json with asJSON).
func publishSweep(r *runner, f *Factory, sc *model.Scenario, res *study.SweepResult, level float64, dir string, formats []string, dpi int, noCharts, asJSON bool) error {
	csvData, err := results.SweepCSV(res)
	if err != nil {
		return err
	}
	js, err := results.FromSweep(res).Marshal()
	if err != nil {
		return err
	}
	info := analysisInfo(sc, fmt.Sprintf("P(alliance by %d)", res.Horizon), int(res.Draws), res.Seed, true)
	for _, a := range res.Axes {
		if strings.HasPrefix(a.Key, "weights.") {
			info.Labels[a.Key] = format.Capitalise(sc.Label(a.Key))
		}
	}
	o := chartOptions(f, dpi, nil)
	build := func() (*plots.Chart, error) { return plots.SweepCurve(res, info, o) }
	if len(res.Axes) == 2 {
		build = func() (*plots.Chart, error) { return plots.SweepHeatMap(res, level, info, o) }
	}
	p := publication{Dir: dir, Files: []stagedFile{{"sweep.csv", csvData}, {"sweep.json", js}},
		Print: func(w io.Writer) { printSweep(w, res) }}
	if !noCharts {
		p.Charts = saveCharts([]plots.Builder{{Kind: "sweep", Build: build}}, formats, o)
	}
	if asJSON {
		p.JSON = js
	}
	return r.publish(p)
}

// sweepFolder is the default folder of a sweep under <run.out>/<scenario>/:
// sweep-<key> for a curve, sweep-<key1>-<key2> for a heat map, so that
// sweeps of different values do not overwrite each other.
func sweepFolder(axes []study.Axis) string {
	name := "sweep"
	for _, a := range axes {
		name += "-" + a.Key
	}
	return name
}
