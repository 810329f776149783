package main

import (
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/alliancesim/alliancesim/internal/format"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/plots"
	"github.com/alliancesim/alliancesim/report"
	"github.com/alliancesim/alliancesim/results"
	"github.com/alliancesim/alliancesim/sim"
)

// ReportOptions are the report command's inputs.
type ReportOptions struct {
	common
	Args []string
}

func NewCmdReport(f *Factory, runF func(*ReportOptions) error) *cobra.Command {
	// A report's charts come in every format unless the user chose.
	opts := &ReportOptions{common: common{Factory: f, Defaults: map[string]any{"run.formats": []string{"png", "svg", "pdf"}}}}
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
		Args:              argsUsage(cobra.MinimumNArgs(1)),
		ValidArgsFunction: completeScenarioArgs(-1),
		RunE:              opts.runE(func(a []string) { opts.Args = a }, func() error { return dispatch(opts, runF, reportRun) }),
	}
	simFlags(cmd.Flags(), "report directory; without it, <run.out>/report-<scenarios>", "png,svg,pdf", true)
	return cmd
}

func reportRun(opts *ReportOptions) error {
	jobs, err := opts.prepareShared(opts.Args)
	if err != nil {
		return err
	}
	if st0 := jobs[0].st; !containsPNG(st0.Run.Formats) {
		return invalidf("run.formats %v: a report needs png (its images are embedded from the PNG files)", st0.Run.Formats)
	}
	r, st0 := opts.runner(), jobs[0].st
	defer r.release()
	dir := outDir(st0, opts.Flags, "report-"+names(jobs, "-"))
	if err := opts.preflight(r, jobs, len(jobs), dir); err != nil {
		return err
	}
	set, err := r.runJobs(jobs, "report")
	if err != nil {
		return err
	}
	b := &reportBuilder{r: r, jobs: jobs, set: set, command: opts.Factory.Command, o: plots.Options{DPI: st0.Run.DPI, Version: version}}
	p := publication{Dir: dir, Charts: b.write}
	for k, j := range jobs {
		files, err := b.scenarioFiles(k)
		if err != nil {
			return err
		}
		p.Files = append(p.Files, filesIn(j.l.Scenario.Name, files)...)
	}
	p.Print = func(w io.Writer) { printComparisonOrTable(w, jobs, set) }
	p.Listed = []string{filepath.Join(p.Dir, "index.html"), filepath.Join(p.Dir, "report.md")}
	return r.publish(p)
}

// reportBuilder renders a report's files, charts and pages.
type reportBuilder struct {
	r       *runner
	jobs    []job
	set     *sim.Set
	command []string
	o       plots.Options
	ex      []*model.Explanation
}

// scenarioFiles renders job k's results files and its explain.json.
func (b *reportBuilder) scenarioFiles(k int) (map[string][]byte, error) {
	j := b.jobs[k]
	files, _, err := b.r.scenarioFiles(j.l, j.st, b.set.Results[k], b.command)
	if err != nil {
		return nil, err
	}
	p, err := medianParams(j.l.Scenario)
	if err != nil {
		return nil, err
	}
	ex := model.Explain(j.l.Scenario, &j.st.Weights, p)
	exJSON, err := results.FromExplanation(ex).Marshal()
	if err != nil {
		return nil, err
	}
	files[filepath.Join("explain", "explain.json")] = exJSON
	b.ex = append(b.ex, ex)
	return files, nil
}

// write renders every chart into the stage, then index.html and report.md.
func (b *reportBuilder) write(stage string) ([]string, error) {
	st0 := b.jobs[0].st
	in := &report.Input{
		Title:     "Defence alliance between " + b.jobs[0].l.Scenario.Actors[0].Name + " and " + b.jobs[0].l.Scenario.Actors[1].Name + ": " + names(b.jobs, ", "),
		Version:   version,
		CreatedAt: b.r.now(),
		Rerun:     reportRerun(b.jobs),
		Run: report.RunInfo{Draws: b.set.Results[0].Draws, Seed: st0.Run.Seed, Sampler: st0.Run.Sampler, Workers: b.set.Results[0].Workers,
			ElapsedSeconds: b.set.Results[0].ElapsedSeconds},
		Weights: reportWeights(b.jobs),
	}
	var added []string
	for k := range b.jobs {
		rs, files, err := b.scenario(stage, k)
		if err != nil {
			return added, err
		}
		in.Scenarios, added = append(in.Scenarios, rs), append(added, files...)
	}
	if len(b.jobs) > 1 {
		cmp, files, err := b.comparison(stage)
		if err != nil {
			return added, err
		}
		in.Comparison, added = cmp, append(added, files...)
	}
	paths, err := report.Write(stage, in)
	for _, p := range paths {
		added = append(added, filepath.Base(p))
	}
	return added, err
}

// scenario renders job k's charts and its part of the report.
func (b *reportBuilder) scenario(stage string, k int) (report.Scenario, []string, error) {
	j, r := b.jobs[k], b.set.Results[k]
	sc, name := j.l.Scenario, j.l.Scenario.Name
	charts, err := plots.RenderScenario(r, b.ex[k], filepath.Join(stage, name), b.jobs[0].st.Run.Formats, b.o)
	if err != nil {
		return report.Scenario{}, nil, fmt.Errorf("charts for %s: %w", name, err)
	}
	rs := report.Scenario{Name: name, Description: sc.Description, File: j.l.File, SHA256: j.l.SHA256,
		Actors: [2]string{sc.Actors[0].Name, sc.Actors[1].Name}, Rival: sc.Rival.Name, Result: r,
		Sources: sc.Sources, Explanation: b.ex[k], Charts: reportCharts(charts, name)}
	probs := map[string]string{}
	for _, inp := range sc.Inputs {
		rs.Inputs = append(rs.Inputs, report.InputRow{Path: inp.Path, Distribution: inp.Dist.String(), Fixed: inp.Fixed, Sources: inp.Sources})
		probs[inp.Path] = inp.Dist.String()
	}
	for _, e := range sc.Events {
		rs.Events = append(rs.Events, eventRow(e, probs["events."+e.Name+".probability"]))
	}
	return rs, chartFiles(charts, name), nil
}

// comparison renders the comparison charts and that part of the report.
func (b *reportBuilder) comparison(stage string) (*report.Comparison, []string, error) {
	charts, err := plots.RenderComparison(b.set, stage, b.jobs[0].st.Run.Formats, b.o)
	if err != nil {
		return nil, nil, fmt.Errorf("comparison charts: %w", err)
	}
	return &report.Comparison{Set: b.set, Charts: reportCharts(charts, "")}, chartFiles(charts, ""), nil
}

// reportCharts describes rendered charts for the report, their files
// under dir.
func reportCharts(charts []plots.RenderedChart, dir string) []report.Chart {
	var out []report.Chart
	for _, c := range charts {
		rc := report.Chart{Kind: c.Kind, Title: c.Title, Caption: c.Caption, Files: map[string]string{}}
		for f, file := range c.Files {
			rc.Files[f] = filepath.ToSlash(filepath.Join(dir, file))
		}
		out = append(out, rc)
	}
	return out
}

func containsPNG(formats []string) bool {
	for _, f := range formats {
		if f == "png" {
			return true
		}
	}
	return false
}

func printComparisonOrTable(w io.Writer, jobs []job, set *sim.Set) {
	if len(jobs) > 1 {
		printComparison(w, set)
		return
	}
	r := set.Results[0]
	fmt.Fprintf(w, "%s: P(defence alliance by end %d) = %s (%s), %s draws, seed %d\n",
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
