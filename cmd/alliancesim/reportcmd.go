package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/alliancesim/alliancesim/internal/format"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/plots"
	"github.com/alliancesim/alliancesim/report"
	"github.com/alliancesim/alliancesim/results"
	"github.com/alliancesim/alliancesim/sim"
)

type reportOptions struct {
	IO      streams
	Global  *globalOptions
	Args    []string
	Flags   map[string]string
	Command []string
}

func newReportCmd(io streams, g *globalOptions) *cobra.Command {
	opts := &reportOptions{IO: io, Global: g}
	cmd := &cobra.Command{
		Use:   "report SCENARIO ... [-o DIR]",
		Short: "Write a self-contained HTML and Markdown report",
		Long: `Run the scenarios on common random numbers and write a report to DIR:
index.html (one self-contained file, every image embedded, no network
needed, prints well) and report.md with the same content, plus every chart
as PNG, SVG and PDF and each scenario's results files.

The report holds the headline table, the comparison with paired intervals
(with more than one scenario), every chart with a caption, the assumptions
(every input with its distribution and sources), the weights and where each
came from, and a methods appendix with the command that reruns it.`,
		Example: `  alliancesim report baseline us-hardline taiwan-crisis -o report/
  alliancesim report my-scenario.yaml --draws 1000000 -o out/my-report`,
		Args: argsUsage(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Args, opts.Flags, opts.Command = args, changedFlags(cmd), os.Args
			return reportRun(cmd.Context(), opts)
		},
	}
	simFlags(cmd.Flags(), "report directory; without it, <run.out>/report-<scenarios>", "png,svg,pdf", true)
	return cmd
}

func reportRun(ctx context.Context, opts *reportOptions) error {
	jobs, err := prepare(opts.IO, opts.Global, opts.Flags, opts.Args)
	if err != nil {
		return err
	}
	if err := sameRunSettings(jobs); err != nil {
		return err
	}
	// A report's charts come in every format unless the user chose.
	for _, j := range jobs {
		if j.st.Source["run.formats"] == "default" {
			j.st.Run.Formats = []string{"png", "svg", "pdf"}
		}
	}
	st0 := jobs[0].st
	if !containsPNG(st0.Run.Formats) {
		return invalidf("run.formats %v: a report needs png (its images are embedded from the PNG files)", st0.Run.Formats)
	}
	out := outDir(st0, opts.Flags, "report-"+names(jobs, "-"))
	set, err := runJobs(ctx, opts.IO, opts.Global, jobs, "report")
	if err != nil {
		return err
	}
	stage, err := results.NewStage(out)
	if err != nil {
		return err
	}
	defer stage.Abort() // removes only the staging folder: a no-op once committed
	o := plots.Options{DPI: st0.Run.DPI, Version: version}
	in := &report.Input{
		Title:     "Defence alliance between " + jobs[0].l.Scenario.Actors[0].Name + " and " + jobs[0].l.Scenario.Actors[1].Name + ": " + names(jobs, ", "),
		Version:   version,
		CreatedAt: time.Now().UTC().Format(time.RFC3339),
		Rerun:     reportRerun(jobs),
		Run: report.RunInfo{Draws: set.Results[0].Draws, Seed: st0.Run.Seed, Sampler: st0.Run.Sampler, Workers: set.Results[0].Workers,
			ElapsedSeconds: set.Results[0].ElapsedSeconds},
	}
	for k, j := range jobs {
		sc, r := j.l.Scenario, set.Results[k]
		name := sc.Name
		files, _, err := scenarioFiles(j.l, j.st, r, opts.Command)
		if err != nil {
			return err
		}
		p, err := medianParams(sc)
		if err != nil {
			return err
		}
		ex := model.Explain(sc, &j.st.Weights, p)
		exJSON, err := results.FromExplanation(ex).Marshal()
		if err != nil {
			return err
		}
		files[filepath.Join("explain", "explain.json")] = exJSON
		if err := stageFiles(stage, name, files); err != nil {
			return err
		}
		charts, err := plots.RenderScenario(r, ex, filepath.Join(stage.Dir, name), st0.Run.Formats, o)
		if err != nil {
			return fmt.Errorf("charts for %s: %w", name, err)
		}
		rs := report.Scenario{Name: name, Description: sc.Description, File: j.l.File, SHA256: j.l.SHA256,
			Actors: [2]string{sc.Actors[0].Name, sc.Actors[1].Name}, Rival: sc.Rival.Name, Result: r,
			Sources: sc.Sources, Explanation: ex}
		for _, c := range charts {
			rc := report.Chart{Kind: c.Kind, Title: c.Title, Caption: c.Caption, Files: map[string]string{}}
			for f, file := range c.Files {
				stage.Add(filepath.Join(name, file))
				rc.Files[f] = filepath.ToSlash(filepath.Join(name, file))
			}
			rs.Charts = append(rs.Charts, rc)
		}
		for _, inp := range sc.Inputs {
			rs.Inputs = append(rs.Inputs, report.InputRow{Path: inp.Path, Distribution: inp.Dist.String(), Fixed: inp.Fixed, Sources: inp.Sources})
		}
		probs := map[string]string{}
		for _, inp := range sc.Inputs {
			probs[inp.Path] = inp.Dist.String()
		}
		for _, e := range sc.Events {
			rs.Events = append(rs.Events, eventRow(e, probs["events."+e.Name+".probability"]))
		}
		in.Scenarios = append(in.Scenarios, rs)
	}
	if len(jobs) > 1 {
		charts, err := plots.RenderComparison(set, stage.Dir, st0.Run.Formats, o)
		if err != nil {
			return fmt.Errorf("comparison charts: %w", err)
		}
		cmp := &report.Comparison{Set: set}
		for _, c := range charts {
			rc := report.Chart{Kind: c.Kind, Title: c.Title, Caption: c.Caption, Files: map[string]string{}}
			for f, file := range c.Files {
				stage.Add(file)
				rc.Files[f] = file
			}
			cmp.Charts = append(cmp.Charts, rc)
		}
		in.Comparison = cmp
	}
	in.Weights = reportWeights(jobs)
	paths, err := report.Write(stage.Dir, in)
	if err != nil {
		return err
	}
	for _, p := range paths {
		stage.Add(filepath.Base(p))
	}
	if _, err := commit(ctx, stage); err != nil {
		return err
	}
	printComparisonOrTable(opts.IO, jobs, set)
	fmt.Fprintf(opts.IO.Out, "\nwrote %s\nwrote %s\n", filepath.Join(out, "index.html"), filepath.Join(out, "report.md"))
	return nil
}

func containsPNG(formats []string) bool {
	for _, f := range formats {
		if f == "png" {
			return true
		}
	}
	return false
}

func printComparisonOrTable(io streams, jobs []job, set *sim.Set) {
	if len(jobs) > 1 {
		printComparison(io, set)
		return
	}
	r := set.Results[0]
	fmt.Fprintf(io.Out, "%s: P(defence alliance by end %d) = %s (%s), %s draws, seed %d\n",
		r.Scenario, r.Years[len(r.Years)-1], pct(r.ByHorizon.P), interval(r.ByHorizon.Lo, r.ByHorizon.Hi), format.Thousands(r.Draws), r.Seed)
}

func eventRow(e model.Event, prob string) report.EventRow {
	window := "any year"
	switch {
	case e.From != 0 && e.To != 0 && e.From == e.To:
		window = fmt.Sprint(e.From)
	case e.From != 0 && e.To != 0:
		window = fmt.Sprintf("%d–%d", e.From, e.To)
	case e.From != 0:
		window = fmt.Sprintf("from %d", e.From)
	case e.To != 0:
		window = fmt.Sprintf("until %d", e.To)
	}
	var effs []string
	for _, x := range e.Effects {
		effs = append(effs, strings.Replace(fmt.Sprintf("%s %+g", x.Target, x.Delta), " -", " −", 1))
	}
	return report.EventRow{Name: e.Name, Description: e.Description, Probability: prob, Window: window, Decay: e.Decay, Once: e.Once, Effects: strings.Join(effs, ", ")}
}

// reportWeights lists the first scenario's weights, then any weight another
// scenario sets differently (through its own weights: block).
func reportWeights(jobs []job) []report.Weight {
	var ws []report.Weight
	st0 := jobs[0].st
	for _, s := range model.WeightSpecs {
		k := "weights." + s.Key
		ws = append(ws, report.Weight{Key: s.Key, Doc: s.Doc, Source: st0.Source[k], Value: s.Get(&st0.Weights), Direction: s.Direction})
	}
	for _, j := range jobs[1:] {
		var keys []string
		for _, s := range model.WeightSpecs {
			if s.Get(&j.st.Weights) != s.Get(&st0.Weights) {
				keys = append(keys, s.Key)
			}
		}
		sort.Strings(keys)
		for _, key := range keys {
			s, _ := model.LookupWeight(key)
			ws = append(ws, report.Weight{Key: key + " (" + j.l.Scenario.Name + ")", Doc: s.Doc, Source: j.st.Source["weights."+key],
				Value: s.Get(&j.st.Weights), Direction: s.Direction})
		}
	}
	return ws
}

func reportRerun(jobs []job) string {
	var args []string
	for _, j := range jobs {
		args = append(args, rerunArg(j.l))
	}
	st := jobs[0].st
	cmd := fmt.Sprintf("alliancesim report %s --draws %d --seed %d --sampler %s", strings.Join(args, " "), st.Run.Draws, st.Run.Seed, st.Run.Sampler)
	cmd += rerunSettings(st)
	return cmd
}
