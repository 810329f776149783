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
summary.json, by_year.csv, manifest.json and the charts. They equal those of
one run with the same seed and draws, but for run.elapsed_s and run.workers.`,
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
	fl.BoolVar(&opts.JSON, "json", false, "print summary.json on stdout instead of the table")
	return cmd
}

// mergeRun reads and checks every shard before any work, merges their
// counts and publishes the results.
func mergeRun(opts *MergeOptions) error {
	if err := plots.CheckDPI(opts.DPI); err != nil {
		return usageErrorf("--dpi: %v", err)
	}
	files := make([]*results.ShardFile, len(opts.Dirs))
	for i, d := range opts.Dirs {
		f, err := results.ReadShardFile(d)
		if err != nil {
			return invalidf("%v\n  hint: give the folders that `alliancesim run … --shard K/N` wrote", err)
		}
		if f.Command != "run" || len(f.Manifests) != 1 {
			return invalidf("%s: a shard of `%s` with %d scenarios; this version merges shards of `run`, one scenario each", d, f.Command, len(f.Manifests))
		}
		files[i] = f
	}
	if err := results.CheckShards(opts.Dirs, files); err != nil {
		return invalidf("%v", err)
	}
	m := files[0].Manifests[0]
	l, w, err := shardScenario(m)
	if err != nil {
		return err
	}
	parts := make([]*sim.Partial, len(files))
	for i, f := range files {
		parts[i] = f.Partial
	}
	var plan sim.Plan
	if m.Posterior != nil {
		if plan.Posterior, err = shardPosterior(m); err != nil {
			return err
		}
	}
	set, err := sim.MergeShards([]*model.Scenario{l.Scenario}, []*model.Weights{w}, plan, parts)
	if err != nil {
		return invalidf("%v", err)
	}
	return publishMerged(opts, l, w, m, set.Results[0], len(files))
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
	sum := results.FromResult(res, shardManifest.Scenario, version)
	sumJSON, err := sum.Marshal()
	if err != nil {
		return err
	}
	csv, err := results.ByYearCSV(sum)
	if err != nil {
		return err
	}
	m := *shardManifest
	m.Plan, m.CreatedAt, m.Command, m.CPUs = sum.Run, r.now(), opts.Factory.Command, numCPU()
	manJSON, err := m.Marshal()
	if err != nil {
		return err
	}
	files := map[string][]byte{"summary.json": sumJSON, "by_year.csv": csv, "manifest.json": manJSON}
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
