package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/spf13/cobra"

	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/plots"
	"github.com/alliancesim/alliancesim/results"
	"github.com/alliancesim/alliancesim/scenarios"
	"github.com/alliancesim/alliancesim/sim"
)

// runOptions are the run command's inputs.
type runOptions struct {
	IO       streams
	Global   *globalOptions
	Args     []string
	Flags    map[string]string // run flags the user set, by settings key
	JSON     bool
	NoCharts bool
	OutGiven bool
	Command  []string
}

func newRunCmd(io streams, g *globalOptions) *cobra.Command {
	opts := &runOptions{IO: io, Global: g}
	cmd := &cobra.Command{
		Use:   "run [SCENARIO|FILE ...]",
		Short: "Run scenarios: print the headline table, write results and charts",
		Long: `Run one or more scenarios (bundled names such as "baseline", or paths to
YAML files), print the headline table on stdout, and write summary.json,
by_year.csv, manifest.json and charts to <out>/<scenario>/.

With no argument, runs the bundled baseline scenario.`,
		Example: `  alliancesim run baseline
  alliancesim run my-scenario.yaml --draws 1000000 --seed 7
  alliancesim run baseline --set weights.junior_partner=1.4 --format png,svg
  alliancesim run baseline --precision 0.002`,
		Args: argsUsage(cobra.ArbitraryArgs),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Args = args
			if len(args) == 0 {
				opts.Args = []string{"baseline"}
			}
			opts.Flags = map[string]string{}
			for _, r := range runSettings {
				if f := cmd.Flags().Lookup(r.flag); f != nil && f.Changed {
					opts.Flags["run."+r.key] = f.Value.String()
				}
			}
			opts.OutGiven = cmd.Flags().Changed("out")
			opts.Command = os.Args
			return runRun(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.Int64P("draws", "n", 100_000, "number of Monte Carlo draws")
	f.Uint64("seed", 1, "seed of every random stream; the same seed gives the same results")
	f.Int("workers", 0, "parallel workers (0 = one per CPU); never changes results")
	f.String("sampler", "mc", "sampler: mc (Monte Carlo) or lhs (Latin hypercube)")
	f.StringP("out", "o", "out", "output directory; each scenario writes to <out>/<scenario>/ (with one scenario, to <out> itself when given)")
	f.String("format", "png", "chart formats, comma-separated: png, svg, pdf")
	f.Int("dpi", 150, "PNG resolution in dots per inch (300 for print)")
	f.Float64("precision", 0, "keep drawing until the 95% half-width of the headline probability is at most this (e.g. 0.002)")
	f.Int64("max-draws", 10_000_000, "cap on draws when --precision is set")
	f.BoolVar(&opts.JSON, "json", false, "print summary.json on stdout instead of the table")
	f.BoolVar(&opts.NoCharts, "no-charts", false, "write results files but no charts")
	return cmd
}

// runRun loads every scenario first (so a bad file fails before any work),
// then runs and writes each in turn.
func runRun(ctx context.Context, opts *runOptions) error {
	type job struct {
		l  *scenarios.Loaded
		st *Settings
	}
	var jobs []job
	for _, arg := range opts.Args {
		l, err := loadScenario(arg)
		if err != nil {
			return err
		}
		st, err := resolveSettings(configSource{ConfigPath: opts.Global.ConfigPath, Sets: opts.Global.Sets,
			Flags: opts.Flags, Scenario: l.Scenario, Environ: opts.IO.Environ})
		if err != nil {
			return err
		}
		jobs = append(jobs, job{l, st})
	}
	for i, j := range jobs {
		out := filepath.Join(j.st.Run.Out, j.l.Scenario.Name)
		if opts.OutGiven && len(jobs) == 1 {
			out = j.st.Run.Out
		}
		if i > 0 && !opts.JSON {
			fmt.Fprintln(opts.IO.Out)
		}
		if err := runOne(ctx, opts, j.l, j.st, out); err != nil {
			return err
		}
	}
	return nil
}

func runOne(ctx context.Context, opts *runOptions, l *scenarios.Loaded, st *Settings, out string) error {
	sc := l.Scenario
	var done, total atomic.Int64
	plan := sim.Plan{Draws: st.Run.Draws, Seed: st.Run.Seed, Sampler: st.Run.Sampler, Workers: st.Run.Workers,
		Precision: st.Run.Precision, MaxDraws: st.Run.MaxDraws, Done: &done, Total: &total}
	showBar := opts.IO.ErrTTY && !opts.Global.Quiet && !opts.Global.NoProgress
	stopBar := startProgress(ctx, opts.IO.Err, showBar, sc.Name, plan.Draws, &done, &total)
	r, err := sim.Run(ctx, sc, &st.Weights, plan)
	stopBar(err == nil)
	if err != nil {
		return err
	}

	ref := results.ScenarioRef{Name: sc.Name, File: l.File, SHA256: l.SHA256}
	sum := results.FromResult(r, ref, version)
	sumJSON, err := sum.Marshal()
	if err != nil {
		return err
	}
	csv, err := results.ByYearCSV(sum)
	if err != nil {
		return err
	}
	man := buildManifest(opts, l, st, sum)
	manJSON, err := man.Marshal()
	if err != nil {
		return err
	}

	stage, err := results.NewStage(out)
	if err != nil {
		return err
	}
	committed := false
	defer func() {
		if !committed {
			stage.Abort()
		}
	}()
	for _, f := range []struct {
		name string
		data []byte
	}{{"summary.json", sumJSON}, {"by_year.csv", csv}, {"manifest.json", manJSON}} {
		if err := stage.Write(f.name, f.data); err != nil {
			return err
		}
	}
	if !opts.NoCharts {
		paths, err := plots.Render(r, stage.Dir, st.Run.Formats, plots.Options{DPI: st.Run.DPI, Version: version})
		if err != nil {
			return fmt.Errorf("charts for %s: %w", sc.Name, err)
		}
		for _, p := range paths {
			stage.Add(filepath.Base(p))
		}
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%w: %w", sim.ErrInterrupted, err)
	}
	written, err := stage.Commit()
	committed = true
	if err != nil {
		return err
	}

	if opts.JSON {
		_, err = opts.IO.Out.Write(sumJSON)
		return err
	}
	printTable(opts.IO.Out, sc, r, sum)
	fmt.Fprintln(opts.IO.Out)
	for _, p := range written {
		fmt.Fprintf(opts.IO.Out, "wrote %s\n", p)
	}
	return nil
}

func buildManifest(opts *runOptions, l *scenarios.Loaded, st *Settings, sum *results.Summary) *results.Manifest {
	sc := l.Scenario
	goVer, mods := results.BuildModules()
	m := &results.Manifest{
		Tool: "alliancesim", Version: version, GoVersion: goVer, Modules: mods,
		CreatedAt:    time.Now().UTC().Format(time.RFC3339),
		Command:      opts.Command,
		Scenario:     sum.Scenario,
		Plan:         sum.Run,
		CPUs:         numCPU(),
		ScenarioYAML: string(l.Source),
	}
	m.Rerun = fmt.Sprintf("alliancesim run %s --draws %d --seed %d --sampler %s", rerunArg(l),
		st.Run.Draws, st.Run.Seed, st.Run.Sampler)
	if st.Run.Precision > 0 {
		m.Rerun += fmt.Sprintf(" --precision %g --max-draws %d", st.Run.Precision, st.Run.MaxDraws)
	}
	for _, s := range model.WeightSpecs {
		k := "weights." + s.Key
		m.Weights = append(m.Weights, results.ResolvedValue{Key: k, Value: s.Get(&st.Weights), Source: st.Source[k]})
		if st.Source[k] != "default" {
			m.Rerun += fmt.Sprintf(" --set %s=%s", k, strconv.FormatFloat(s.Get(&st.Weights), 'g', -1, 64))
		}
	}
	rv := st.Run
	for _, kv := range []struct {
		k string
		v any
	}{{"run.draws", rv.Draws}, {"run.seed", rv.Seed}, {"run.workers", rv.Workers}, {"run.sampler", rv.Sampler},
		{"run.out", rv.Out}, {"run.formats", rv.Formats}, {"run.dpi", rv.DPI}, {"run.precision", rv.Precision}, {"run.max_draws", rv.MaxDraws}} {
		m.Settings = append(m.Settings, results.ResolvedValue{Key: kv.k, Value: kv.v, Source: st.Source[kv.k]})
	}
	for _, in := range sc.Inputs {
		m.Inputs = append(m.Inputs, results.Input{Path: in.Path, Distribution: in.Dist.String(), Fixed: in.Fixed, Sources: in.Sources, Line: in.Line})
	}
	for _, e := range sc.Events {
		eff := map[string]float64{}
		for _, x := range e.Effects {
			eff[x.Target] = x.Delta
		}
		m.Events = append(m.Events, results.EventDef{Name: e.Name, From: e.From, To: e.To, Decay: e.Decay, Once: e.Once, Effects: eff})
	}
	return m
}

// rerunArg is how the rerun command names the scenario: the bundled name,
// or the file path.
func rerunArg(l *scenarios.Loaded) string {
	if _, ok := scenarios.Source(l.Scenario.Name); ok && l.File == "bundled:"+l.Scenario.Name {
		return l.Scenario.Name
	}
	return l.File
}
