package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/alliancesim/alliancesim/plots"
	"github.com/alliancesim/alliancesim/results"
	"github.com/alliancesim/alliancesim/sim"
)

// CompareOptions are the compare command's inputs.
type CompareOptions struct {
	common
	Args  []string
	JSON  bool
	Shard shardFlag
	// FromNowcast starts every scenario's runs from a nowcast state
	// (run's --from-nowcast).
	FromNowcast string
}

func NewCmdCompare(f *Factory, runF func(*CompareOptions) error) *cobra.Command {
	opts, cmd := newCommand(f, nil, runF, compareRun, func(o *CompareOptions, a []string) { o.Args = a }, &cobra.Command{
		Use:   "compare A B [C ...]",
		Short: "Compare scenarios on common random numbers: ΔP against the first, with paired intervals",
		Long: `Run two or more scenarios on the same draws (the same seed and the same
random numbers for every input, noise and event they share), print
P(alliance by the horizon) for each and the difference from the first with
a 95% interval for the paired difference, and write compare.json, each
scenario's results in a subdirectory, and the comparison charts.

Pairing makes differences far more precise than two separate runs: only
the runs in which the scenarios disagree carry Monte Carlo error.`,
		Example: `  alliancesim compare baseline us-hardline wedge-russia
  alliancesim compare baseline my-variant.yaml --draws 500000 -o out/variant`,
		Args:              argsUsage(cobra.MinimumNArgs(2)),
		ValidArgsFunction: completeScenarioArgs(-1),
	})
	simFlags(cmd.Flags(), "output directory; without it, <run.out>/compare-<scenarios>", "png", true)
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print compare.json on stdout instead of the table")
	addShardFlag(cmd.Flags(), &opts.Shard)
	fromNowcastFlag(cmd.Flags(), &opts.FromNowcast)
	return cmd
}

func compareRun(opts *CompareOptions) error {
	jobs, err := opts.prepareShared(opts.Args)
	if err != nil {
		return err
	}
	r, st := opts.runner(), jobs[0].st
	defer r.release()
	p := publication{Dir: outDir(st, opts.Flags, "compare-"+names(jobs, "-"))}
	if err := opts.preflight(r, jobs, len(jobs), p.Dir); err != nil {
		return err
	}
	if err := nowcastStart(r, &opts.common, jobs, opts.FromNowcast); err != nil {
		return err
	}
	if sh := opts.Shard.sh; sh != nil {
		return runSetShard(r, opts.Factory.Command, compareShard(jobs, p.Dir, opts.JSON), *sh)
	}
	set, err := r.runJobs(jobs, "compare")
	if err != nil {
		return err
	}
	sums := make([]*results.Summary, len(jobs))
	for k, j := range jobs {
		files, sum, err := r.scenarioFiles(j.l, j.st, set.Results[k], opts.Factory.Command)
		if err != nil {
			return err
		}
		p.Files, sums[k] = append(p.Files, filesIn(j.l.Scenario.Name, files)...), sum
	}
	return publishComparison(r, opts.Factory, p, set, sums, st.Run.Formats, st.Run.DPI, false, opts.JSON)
}

// compareShard is a shard of the comparison of jobs, into dir.
func compareShard(jobs []job, dir string, asJSON bool) setShard {
	s := setShard{Command: "compare", Label: "compare " + names(jobs, " "), Jobs: jobs, Plan: planFor(jobs[0].st), Dir: dir, JSON: asJSON}
	var sts []*Settings
	for _, j := range jobs {
		s.Scs, s.Ws, sts = append(s.Scs, j.l.Scenario), append(s.Ws, &j.st.Weights), append(sts, j.st)
	}
	withPosterior(&s.Plan, sts...)
	return s
}

// publishComparison adds compare.json and the comparison charts (unless
// noCharts) to p, whose files are each scenario's, and publishes it.
func publishComparison(r *runner, f *Factory, p publication, set *sim.Set, sums []*results.Summary, formats []string, dpi int, noCharts, asJSON bool) error {
	cmpJSON, err := results.NewComparison(set, sums).Marshal()
	if err != nil {
		return err
	}
	p.Files = append(p.Files, stagedFile{"compare.json", cmpJSON})
	if !noCharts {
		p.Charts = func(stage string) ([]string, error) {
			charts, err := plots.RenderComparison(set, stage, formats, chartOptions(f, dpi, nil))
			if err != nil {
				return nil, fmt.Errorf("comparison charts: %w", err)
			}
			return chartFiles(charts, ""), nil
		}
	}
	p.Print = func(w io.Writer) { printComparison(w, set, r.startLines...) }
	if asJSON {
		p.JSON = cmpJSON
	}
	return r.publish(p)
}
