package main

import (
	"context"
	"fmt"
	"os"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/alliancesim/alliancesim/internal/format"
	"github.com/alliancesim/alliancesim/plots"
	"github.com/alliancesim/alliancesim/results"
	"github.com/alliancesim/alliancesim/sim"
)

type compareOptions struct {
	IO      streams
	Global  *globalOptions
	Args    []string
	Flags   map[string]string
	JSON    bool
	Command []string
}

func newCompareCmd(io streams, g *globalOptions) *cobra.Command {
	opts := &compareOptions{IO: io, Global: g}
	cmd := &cobra.Command{
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
		Args: argsUsage(cobra.MinimumNArgs(2)),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Args, opts.Flags, opts.Command = args, changedFlags(cmd), os.Args
			return compareRun(cmd.Context(), opts)
		},
	}
	simFlags(cmd.Flags(), "output directory; without it, <run.out>/compare-<scenarios>", "png", true)
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print compare.json on stdout instead of the table")
	return cmd
}

func compareRun(ctx context.Context, opts *compareOptions) error {
	jobs, err := prepare(opts.IO, opts.Global, opts.Flags, opts.Args)
	if err != nil {
		return err
	}
	if err := sameRunSettings(jobs); err != nil {
		return err
	}
	out := outDir(jobs[0].st, opts.Flags, "compare-"+names(jobs, "-"))
	set, err := runJobs(ctx, opts.IO, opts.Global, jobs, "compare")
	if err != nil {
		return err
	}
	st := jobs[0].st
	stage, err := results.NewStage(out)
	if err != nil {
		return err
	}
	defer stage.Abort() // removes only the staging folder: a no-op once committed
	sums := make([]*results.Summary, len(jobs))
	for k, j := range jobs {
		files, sum, err := scenarioFiles(j.l, j.st, set.Results[k], opts.Command)
		if err != nil {
			return err
		}
		if err := stageFiles(stage, j.l.Scenario.Name, files); err != nil {
			return err
		}
		sums[k] = sum
	}
	cmpJSON, err := results.NewComparison(set, sums).Marshal()
	if err != nil {
		return err
	}
	if err := stage.Write("compare.json", cmpJSON); err != nil {
		return err
	}
	charts, err := plots.RenderComparison(set, stage.Dir, st.Run.Formats, plots.Options{DPI: st.Run.DPI, Version: version})
	if err != nil {
		return fmt.Errorf("comparison charts: %w", err)
	}
	for _, c := range charts {
		for _, f := range c.Files {
			stage.Add(f)
		}
	}
	written, err := commit(ctx, stage)
	if err != nil {
		return err
	}
	if opts.JSON {
		_, err := opts.IO.Out.Write(cmpJSON)
		return err
	}
	printComparison(opts.IO, set)
	fmt.Fprintln(opts.IO.Out)
	for _, p := range written {
		fmt.Fprintf(opts.IO.Out, "wrote %s\n", p)
	}
	return nil
}

// pp renders a difference in percentage points with its sign.
func pp(x float64) string {
	return fmt.Sprintf("%+.1f pp", 100*x)
}

func printComparison(io streams, set *sim.Set) {
	r0 := set.Results[0]
	fmt.Fprintf(io.Out, "%d scenarios · %s draws each on common random numbers · seed %d · %s\n\n",
		len(set.Results), format.Thousands(r0.Draws), r0.Seed, r0.Sampler)
	tw := tabwriter.NewWriter(io.Out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "scenario\tby\tP(alliance)\t95% interval\tΔ vs "+r0.Scenario+"\t95% interval (paired)\t")
	for k, r := range set.Results {
		last := r.Years[len(r.Years)-1]
		delta, dint := "–", "–"
		if k > 0 {
			d := set.Diffs[k]
			delta = pp(d.Delta)
			dint = fmt.Sprintf("%s to %s", pp(d.Lo), pp(d.Hi))
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\t\n", r.Scenario, last, pct(r.ByHorizon.P), interval(r.ByHorizon.Lo, r.ByHorizon.Hi), delta, dint)
	}
	tw.Flush()
}
