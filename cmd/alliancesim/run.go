package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/plots"
	"github.com/alliancesim/alliancesim/results"
	"github.com/alliancesim/alliancesim/scenarios"
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
			opts.Flags = changedFlags(cmd)
			opts.OutGiven = cmd.Flags().Changed("out")
			opts.Command = os.Args
			return runRun(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	simFlags(f, "output directory; each scenario writes to <out>/<scenario>/ (with one scenario, to <out> itself when given)", "png", true)
	f.BoolVar(&opts.JSON, "json", false, "print summary.json on stdout instead of the table")
	f.BoolVar(&opts.NoCharts, "no-charts", false, "write results files but no charts")
	return cmd
}

// runRun loads every scenario first (so a bad file fails before any work),
// then runs and writes each in turn.
func runRun(ctx context.Context, opts *runOptions) error {
	jobs, err := prepare(opts.IO, opts.Global, opts.Flags, opts.Args)
	if err != nil {
		return err
	}
	var sums [][]byte
	for i, j := range jobs {
		out := filepath.Join(j.st.Run.Out, j.l.Scenario.Name)
		if opts.OutGiven && len(jobs) == 1 {
			out = j.st.Run.Out
		}
		if i > 0 && !opts.JSON {
			fmt.Fprintln(opts.IO.Out)
		}
		sum, err := runOne(ctx, opts, j, out)
		if err != nil {
			return err
		}
		sums = append(sums, bytes.TrimRight(sum, "\n"))
	}
	if opts.JSON {
		// One scenario: its summary.json; several: a JSON array of them.
		if len(sums) == 1 {
			_, err = fmt.Fprintf(opts.IO.Out, "%s\n", sums[0])
			return err
		}
		_, err = fmt.Fprintf(opts.IO.Out, "[\n%s\n]\n", bytes.Join(sums, []byte(",\n")))
		return err
	}
	return nil
}

// runOne runs one scenario, writes its files and, unless --json, prints its
// table; it returns its summary.json.
func runOne(ctx context.Context, opts *runOptions, j job, out string) ([]byte, error) {
	set, err := runJobs(ctx, opts.IO, opts.Global, []job{j}, j.l.Scenario.Name)
	if err != nil {
		return nil, err
	}
	r := set.Results[0]
	files, sum, err := scenarioFiles(j.l, j.st, r, opts.Command)
	if err != nil {
		return nil, err
	}
	stage, err := results.NewStage(out)
	if err != nil {
		return nil, err
	}
	defer stage.Abort() // removes only the staging folder: a no-op once committed
	if err := stageFiles(stage, "", files); err != nil {
		return nil, err
	}
	if !opts.NoCharts {
		paths, err := plots.Render(r, stage.Dir, j.st.Run.Formats, plots.Options{DPI: j.st.Run.DPI, Version: version})
		if err != nil {
			return nil, fmt.Errorf("charts for %s: %w", j.l.Scenario.Name, err)
		}
		for _, p := range paths {
			stage.Add(filepath.Base(p))
		}
	}
	// Charts of an earlier run of this tool are cleared only in a folder
	// that run wrote (it has a manifest.json): a user's own files are safe.
	_, statErr := os.Stat(filepath.Join(out, "manifest.json"))
	ours := statErr == nil
	written, err := commit(ctx, stage)
	if err != nil {
		return nil, err
	}
	if ours {
		removeStaleCharts(out, written)
	}
	if opts.JSON {
		return files["summary.json"], nil
	}
	printTable(opts.IO.Out, j.l.Scenario, r, sum)
	fmt.Fprintln(opts.IO.Out)
	for _, p := range written {
		fmt.Fprintf(opts.IO.Out, "wrote %s\n", p)
	}
	return files["summary.json"], nil
}

func buildManifest(command []string, l *scenarios.Loaded, st *Settings, sum *results.Summary) *results.Manifest {
	sc := l.Scenario
	goVer, mods := results.BuildModules()
	m := &results.Manifest{
		Tool: "alliancesim", Version: version, GoVersion: goVer, Modules: mods,
		CreatedAt:    time.Now().UTC().Format(time.RFC3339),
		Command:      command,
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
	m.Rerun += rerunSettings(st)
	for _, s := range model.WeightSpecs {
		k := "weights." + s.Key
		m.Weights = append(m.Weights, results.ResolvedValue{Key: k, Value: s.Get(&st.Weights), Source: st.Source[k]})
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
