package main

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/plots"
	"github.com/alliancesim/alliancesim/results"
	"github.com/alliancesim/alliancesim/scenarios"
	"github.com/alliancesim/alliancesim/sim"
	"github.com/alliancesim/alliancesim/study"
)

// MergeOptions are the merge command's inputs.
type MergeOptions struct {
	Factory  *Factory
	Run      func() *runner
	Dirs     []string
	Out      string
	Formats  []string
	DPI      int
	NoCharts bool
	JSON     bool
}

func NewCmdMerge(f *Factory, runF func(*MergeOptions) error) *cobra.Command {
	opts := &MergeOptions{Factory: f}
	var formats string
	cmd := &cobra.Command{
		Use:   "merge SHARD_DIR...",
		Short: "Combine the shards of a run (--shard K/N) into its results",
		Long: `Read the shard.json of every slice of a run made with --shard K/N (on this
machine or on a cluster's nodes), check that they are the slices of one run
(the same version, scenario, weights, seed, sampler, draws and number of
slices, each slice once), and write the run's results as run would:
summary.json, by_year.csv, manifest.json and the charts. Shards of compare
or sweep (--shard K/N) merge into what compare or sweep writes:
compare.json with each scenario's results, or sweep.csv, sweep.json and
its chart; shards of sensitivity merge into sensitivity.json and its
charts, shards of backtest into backtest.json, backtest.csv and its
charts; the shards of one round of calibrate fold into the calibration's
state in -o, and after the last round into what calibrate writes there. They equal
those of one run with the same seed and draws, but for run.elapsed_s and
run.workers. Shards of different commands are refused.`,
		Example: `  alliancesim merge shards/0 shards/1 shards/2 shards/3 -o merged
  alliancesim merge out/study/shard-* -o out/study/merged`,
		Args: argsUsage(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			c := &common{Ctx: cmd.Context(), Factory: f}
			opts.Run, opts.Dirs, opts.Formats = c.runner, args, toList(formats)
			return dispatch(opts, runF, mergeRun)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&opts.Out, "out", "o", "merged", "output directory for the merged results")
	fl.StringVar(&formats, "format", "png", "chart formats, comma-separated: png, svg, pdf")
	fl.IntVar(&opts.DPI, "dpi", 150, "PNG resolution in dots per inch (300 for print)")
	fl.BoolVar(&opts.NoCharts, "no-charts", false, "write results files but no charts")
	fl.BoolVar(&opts.JSON, "json", false, "print summary.json (compare.json, a sweep's sweep.json) on stdout instead of the table")
	return cmd
}

// mergeRun reads and checks every shard before any work, merges their
// counts and publishes the results of the command that wrote them.
func mergeRun(opts *MergeOptions) error {
	if err := plots.CheckDPI(opts.DPI); err != nil {
		return usageErrorf("--dpi: %v", err)
	}
	if handled, err := mergeStudyShards(opts); handled {
		return err
	}
	files := make([]*results.ShardFile, len(opts.Dirs))
	for i, d := range opts.Dirs {
		f, err := results.ReadShardFile(d)
		if err != nil {
			return invalidf("%v\n  hint: give the folders that `alliancesim run|compare|sweep … --shard K/N` wrote", err)
		}
		switch {
		case f.Command == "run" && len(f.Manifests) != 1:
			return invalidf("%s: a shard of `run` with %d scenarios; a shard of `run` has one scenario", d, len(f.Manifests))
		case f.Command == "compare" && len(f.Manifests) < 2:
			return invalidf("%s: a shard of `compare` with %d scenario(s); a comparison has two or more", d, len(f.Manifests))
		case f.Command != "run" && f.Command != "compare" && f.Command != "sweep":
			return invalidf("%s: a shard of `%s`; this version merges shards of `run`, `compare` and `sweep`", d, f.Command)
		}
		files[i] = f
	}
	if err := results.CheckShards(opts.Dirs, files); err != nil {
		return invalidf("%v", err)
	}
	loaded := make([]*scenarios.Loaded, len(files[0].Manifests))
	weights := make([]*model.Weights, len(loaded))
	for k, m := range files[0].Manifests {
		var err error
		if loaded[k], weights[k], err = shardScenario(m); err != nil {
			return err
		}
	}
	parts := make([]*sim.Partial, len(files))
	for i, f := range files {
		parts[i] = f.Partial
	}
	// The posterior, when the run had one, pins for each scenario the
	// weights its settings fix, as withPosterior does.
	var plan sim.Plan
	var err error
	if plan.Start, err = manifestStart(opts.Run(), opts.Factory.WorkDir, files[0].Manifests[0]); err != nil {
		return err
	}
	if ms := files[0].Manifests; ms[0].Posterior != nil {
		if plan.Posterior, err = shardPosterior(ms[0]); err != nil {
			return err
		}
		for _, m := range ms[1:] {
			plan.Posterior.Pinned = append(plan.Posterior.Pinned, manifestPinned(m))
		}
	}
	if files[0].Command == "sweep" {
		return mergeSweep(opts, loaded[0], weights[0], files[0].Sweep, plan, parts)
	}
	scs := make([]*model.Scenario, len(loaded))
	for k, l := range loaded {
		scs[k] = l.Scenario
	}
	set, err := sim.MergeShards(scs, weights, plan, parts)
	if err != nil {
		return invalidf("%v", err)
	}
	if files[0].Command == "compare" {
		return publishMergedComparison(opts, loaded, files[0].Manifests, set)
	}
	return publishMerged(opts, loaded[0], weights[0], files[0].Manifests[0], set.Results[0], len(files))
}

// mergeSweep rebuilds a sweep's grid from its swept scenario and axes,
// merges the grid's counts and writes what sweep writes.
func mergeSweep(opts *MergeOptions, l *scenarios.Loaded, w *model.Weights, spec *results.SweepSpec, plan sim.Plan, parts []*sim.Partial) error {
	var axes []study.Axis
	for _, a := range spec.Axes {
		axes = append(axes, study.Axis{Key: a.Key, From: a.From, To: a.To, Steps: a.Steps})
	}
	g, err := study.SweepScenarios(l.Scenario, w, axes)
	if err != nil {
		return invalidf("the shards' sweep: %v", err)
	}
	set, err := sim.MergeShards(g.Scenarios, g.Weights, g.Plan(plan), parts)
	if err != nil {
		return invalidf("%v", err)
	}
	return publishSweep(opts.Run(), opts.Factory, l.Scenario, g.Result(set), spec.Level, opts.Out, opts.Formats, opts.DPI, opts.NoCharts, opts.JSON)
}

// publishMergedComparison writes what compare writes: each scenario's
// files in its subfolder, compare.json and the comparison charts.
func publishMergedComparison(opts *MergeOptions, loaded []*scenarios.Loaded, manifests []*results.Manifest, set *sim.Set) error {
	r := opts.Run()
	p := publication{Dir: opts.Out}
	sums := make([]*results.Summary, len(loaded))
	for k, l := range loaded {
		files, sum, err := mergedFiles(opts, r, manifests[k], set.Results[k])
		if err != nil {
			return err
		}
		p.Files, sums[k] = append(p.Files, filesIn(l.Scenario.Name, files)...), sum
	}
	return publishComparison(r, opts.Factory, p, set, sums, opts.Formats, opts.DPI, opts.NoCharts, opts.JSON)
}

// mergedFiles renders a merged scenario's summary.json, by_year.csv and
// manifest.json: the shards' manifest brought up to date (the merged
// plan, this command).
func mergedFiles(opts *MergeOptions, r *runner, shardManifest *results.Manifest, res *sim.Result) (map[string][]byte, *results.Summary, error) {
	sum := results.FromResult(res, shardManifest.Scenario, version)
	m := *shardManifest
	m.Plan, m.CreatedAt, m.Command, m.CPUs = sum.Run, r.now(), opts.Factory.Command, numCPU()
	files, err := summaryFiles(sum, &m)
	return files, sum, err
}

// shardScenario rebuilds the scenario and weights a shard ran with from
// its manifest: the scenario file's text (checked against its digest) and
// the resolved weights.
func shardScenario(m *results.Manifest) (*scenarios.Loaded, *model.Weights, error) {
	l, err := scenarios.LoadBytes(m.Scenario.File, []byte(m.ScenarioYAML))
	if err != nil {
		return nil, nil, invalidf("the shards' scenario does not load: %v", err)
	}
	if l.SHA256 != m.Scenario.SHA256 {
		return nil, nil, invalidf("the shards' scenario text does not match its digest %s: the shard files were changed", m.Scenario.SHA256)
	}
	w := model.DefaultWeights()
	for _, v := range m.Weights {
		s, ok := model.LookupWeight(v.Key[len("weights."):])
		x, isNum := v.Value.(float64)
		if !ok || !isNum {
			return nil, nil, invalidf("the shards' manifest has an unknown or non-numeric weight %s", v.Key)
		}
		s.Set(&w, x)
	}
	if err := w.Validate(); err != nil {
		return nil, nil, invalidf("the shards' weights: %v", err)
	}
	return l, &w, nil
}

// publishMerged writes the merged run's files as run writes them, with the
// shards' manifest brought up to date (the merged plan, this command).
func publishMerged(opts *MergeOptions, l *scenarios.Loaded, w *model.Weights, shardManifest *results.Manifest, res *sim.Result, shards int) error {
	r := opts.Run()
	files, sum, err := mergedFiles(opts, r, shardManifest, res)
	if err != nil {
		return err
	}
	sumJSON := files["summary.json"]
	p := publication{Dir: opts.Out, Files: filesIn("", files)}
	if !opts.NoCharts {
		p.Charts = func(stage string) ([]string, error) {
			paths, err := plots.Render(res, stage, opts.Formats, chartOptions(opts.Factory, opts.DPI, w))
			for i, path := range paths {
				paths[i] = filepath.Base(path)
			}
			return paths, err
		}
	}
	if opts.JSON {
		p.JSON = sumJSON
	} else {
		p.Print = func(w io.Writer) {
			fmt.Fprintf(w, "merged %d shards of %s (%d draws, seed %d)\n\n", shards, l.Scenario.Name, res.Draws, res.Seed)
			printTable(w, l.Scenario, res, sum)
		}
	}
	return r.publish(p)
}
