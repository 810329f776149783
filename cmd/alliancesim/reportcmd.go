package main

import (
	"cmp"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/alliancesim/alliancesim/internal/format"
	"github.com/alliancesim/alliancesim/internal/safefile"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/nowcast"
	"github.com/alliancesim/alliancesim/plots"
	"github.com/alliancesim/alliancesim/report"
	"github.com/alliancesim/alliancesim/results"
	"github.com/alliancesim/alliancesim/sim"
)

// ReportOptions are the report command's inputs.
type ReportOptions struct {
	common
	Args []string
	// With names the analyses to include from their saved results
	// ("sensitivity", "discover", "sweep", "nowcast"), read from each
	// scenario's default folders (<run.out>/<scenario>/sensitivity,
	// …/discover, every …/sweep-<keys>) and, for the nowcast, from
	// <run.out>/nowcast-china-russia.
	With []string
	// Nowcast is the folder of a saved nowcast to include (implies
	// --with nowcast).
	Nowcast string
	// FromNowcast starts the runs from a nowcast state (run's
	// --from-nowcast).
	FromNowcast string
}

func NewCmdReport(f *Factory, runF func(*ReportOptions) error) *cobra.Command {
	// A report's charts come in every format unless the user chose.
	opts, cmd := newCommand(f, map[string]any{"run.formats": []string{"png", "svg", "pdf"}}, runF, reportRun, func(o *ReportOptions, a []string) { o.Args = a }, &cobra.Command{
		Use:   "report SCENARIO ... [-o DIR]",
		Short: "Write a self-contained HTML and Markdown report",
		Long: `Run the scenarios on common random numbers and write a report to DIR:
index.html (one self-contained file, every image embedded, no network
needed, prints well) and report.md with the same content, plus every chart
as PNG, SVG and PDF and each scenario's results files.

The report holds the headline table, the comparison with paired intervals
(with more than one scenario), every chart with a caption, the assumptions
(every input with its distribution and sources), the weights and where each
came from, and a methods appendix with the command that reruns it.

--with adds saved analyses, run beforehand: sensitivity (the tornado and
the ranking), discover (the signposts), sweep (every saved sweep of each
scenario, a sentence in the briefing and the chart and points in the
appendix) and nowcast (where the record puts the relationship, how well
the model anticipated it and what to watch; --nowcast DIR for a nowcast
written elsewhere).`,
		Example: `  alliancesim report baseline us-hardline taiwan-crisis -o report/
  alliancesim report my-scenario.yaml --draws 1000000 -o out/my-report
  alliancesim report baseline --with sensitivity,discover,sweep,nowcast`,
		Args:              argsUsage(cobra.MinimumNArgs(1)),
		ValidArgsFunction: completeScenarioArgs(-1),
	})
	simFlags(cmd.Flags(), "report directory; without it, <run.out>/report-<scenarios>", "png,svg,pdf", true)
	cmd.Flags().StringSliceVar(&opts.With, "with", nil, "include saved analyses: sensitivity, discover, sweep, nowcast (run those commands first; read from <run.out>/<scenario>/<analysis>/, every <run.out>/<scenario>/sweep-*/ and <run.out>/nowcast-china-russia/)")
	fromNowcastFlag(cmd.Flags(), &opts.FromNowcast)
	cmd.Flags().StringVar(&opts.Nowcast, "nowcast", "", "folder of a saved nowcast to include (implies --with nowcast; default <run.out>/nowcast-china-russia)")
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
	with, err := readAnalyses(opts.With, opts.nowcastDir(), jobs, opts.Flags)
	if err != nil {
		return err
	}
	if err := nowcastStart(r, &opts.common, jobs, opts.FromNowcast); err != nil {
		return err
	}
	set, err := r.runJobs(jobs, "report")
	if err != nil {
		return err
	}
	b := &reportBuilder{with: with, r: r, jobs: jobs, set: set, command: opts.Factory.Command, o: chartOptions(opts.Factory, st0.Run.DPI, &st0.Weights)}
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
	with    analyses
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
	central, _ := centralScenario(j.l.Scenario, b.r.start)
	ex := model.Explain(central, &j.st.Weights, p)
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
			ElapsedSeconds: b.set.Results[0].ElapsedSeconds, Start: startSentence(b.r.startRef)},
		Weights: reportWeights(b.jobs),
	}
	added, err := b.with.add(in, stage)
	if err != nil {
		return nil, err
	}
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
	for _, e := range b.ex[k].Events {
		rs.CentralEvents = append(rs.CentralEvents, report.CentralEvent{Name: e.Name, Year: e.Year})
	}
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
		r.Scenario, r.Years[len(r.Years)-1], format.Percent(r.ByHorizon.P), format.Interval(r.ByHorizon.Lo, r.ByHorizon.Hi), format.Thousands(r.Draws), r.Seed)
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
			ws = append(ws, report.Weight{Key: key, Scenario: j.l.Scenario.Name, Doc: s.Doc, Source: j.st.Source["weights."+key],
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

// analyses are saved sensitivity, discover, sweep and nowcast results to
// include in a report, with their chart files.
type analyses struct {
	sens    []savedAnalysis[*results.Sensitivity]
	disc    []savedAnalysis[*results.Discovery]
	sweeps  []savedSweep
	nowcast *savedNowcast
}

// savedAnalysis is one scenario's saved analysis: its result and the folder
// its charts are in.
type savedAnalysis[T any] struct {
	scenario, dir string
	result        T
}

// savedSweep is one saved sweep of a scenario: its points, the swept
// values in words, and its folder's name under <run.out>/<scenario>/.
type savedSweep struct {
	savedAnalysis[*results.SweepTable]
	folder string
	labels []string
}

// savedNowcast is a saved nowcast: nowcast.json, signposts.json (nil
// without one) and the folder they are in.
type savedNowcast struct {
	dir       string
	file      *nowcast.File
	signposts *nowcast.SignpostsJSON
}

// defaultNowcastFolder is the folder name the nowcast command writes the
// bundled record's nowcast to.
const defaultNowcastFolder = "nowcast-china-russia"

// nowcastDir is the folder given with --nowcast, resolved against the
// working directory; "" when none was given.
func (o *ReportOptions) nowcastDir() string {
	d := o.Nowcast
	if d != "" && !filepath.IsAbs(d) && o.Factory != nil && o.Factory.WorkDir != "" {
		d = filepath.Join(o.Factory.WorkDir, d)
	}
	return d
}

// readAnalyses reads each scenario's saved analyses named by with (and
// the nowcast in nowcastDir, when given), before anything runs, so that a
// missing one is reported at once.
func readAnalyses(with []string, nowcastDir string, jobs []job, flags map[string]string) (analyses, error) {
	var a analyses
	// The analyses' own default folders: under run.out, or under out/
	// when --out names the report's folder instead.
	baseOf := func(j job) string {
		if _, given := flags["run.out"]; given {
			return "out"
		}
		return j.st.Run.Out
	}
	if nowcastDir != "" && !slices.Contains(with, "nowcast") {
		with = append(slices.Clone(with), "nowcast")
	}
	seen := map[string]bool{}
	for _, w := range with {
		w = strings.TrimSpace(w)
		if seen[w] {
			continue
		}
		seen[w] = true
		if w == "nowcast" {
			n, err := readNowcast(nowcastDir, baseOf(jobs[0]))
			if err != nil {
				return a, err
			}
			a.nowcast = n
			continue
		}
		for _, j := range jobs {
			name := j.l.Scenario.Name
			dir := filepath.Join(baseOf(j), name, w)
			switch w {
			case "sensitivity":
				res, err := readAnalysis(dir, "sensitivity.json", name, w, results.ReadSensitivity)
				if err != nil {
					return a, err
				}
				a.sens = append(a.sens, savedAnalysis[*results.Sensitivity]{name, dir, res})
			case "discover":
				res, err := readAnalysis(dir, "discover.json", name, w, results.ReadDiscovery)
				if err != nil {
					return a, err
				}
				a.disc = append(a.disc, savedAnalysis[*results.Discovery]{name, dir, res})
			case "sweep":
				sws, err := readSweeps(filepath.Join(baseOf(j), name), j)
				if err != nil {
					return a, err
				}
				a.sweeps = append(a.sweeps, sws...)
			default:
				return a, usageErrorf("--with %q: use sensitivity, discover, sweep, nowcast or several (sensitivity,discover,sweep,nowcast)", w)
			}
		}
	}
	return a, nil
}

// readSweeps reads every saved sweep of job j's scenario: each folder
// sweep-<keys> under dir that holds a sweep.csv, in the order of their
// names. The swept values are read from each file's header.
func readSweeps(dir string, j job) ([]savedSweep, error) {
	name := j.l.Scenario.Name
	entries, _ := os.ReadDir(dir)
	var out []savedSweep
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), "sweep-") {
			continue
		}
		sd := filepath.Join(dir, e.Name())
		b, err := safefile.Read(filepath.Join(sd, "sweep.csv"), maxResultsFile)
		if err != nil {
			continue // not a finished sweep
		}
		t, err := results.ReadSweepCSV(b)
		if err != nil {
			return nil, invalidf("%s: %v", filepath.Join(sd, "sweep.csv"), err)
		}
		sw := savedSweep{savedAnalysis: savedAnalysis[*results.SweepTable]{name, sd, t}, folder: e.Name()}
		for _, ax := range t.Axes {
			sw.labels = append(sw.labels, j.l.Scenario.Label(ax))
		}
		out = append(out, sw)
	}
	if len(out) == 0 {
		return nil, invalidf("--with sweep: no saved sweep of %s in %s (no sweep-*/sweep.csv)\n  hint: run `alliancesim sweep %s --vary KEY=FROM:TO:STEPS` first", name, dir, name)
	}
	return out, nil
}

// readNowcast reads the saved nowcast in dir, or without one in the
// nowcast command's default folder under base (or under out/, where the
// command writes it by default).
func readNowcast(dir, base string) (*savedNowcast, error) {
	hint := "run `alliancesim nowcast -o " + dir + "` first, or check the folder given with --nowcast"
	if dir == "" {
		dir = filepath.Join(base, defaultNowcastFolder)
		hint = "run `alliancesim nowcast -o " + dir + "` first, or give the folder of a saved nowcast with --nowcast DIR"
		if alt := filepath.Join("out", defaultNowcastFolder); filepath.Clean(base) == "out" {
			hint = "run `alliancesim nowcast` first (it writes to " + alt + "), or give the folder of a saved nowcast with --nowcast DIR"
		} else if _, err := os.Stat(filepath.Join(dir, "nowcast.json")); err != nil {
			if _, err := os.Stat(filepath.Join(alt, "nowcast.json")); err == nil {
				dir = alt
			}
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "nowcast.json")); err != nil {
		return nil, invalidf("--with nowcast: no nowcast.json in %s\n  hint: %s", dir, hint)
	}
	f, err := nowcast.ReadNowcast(filepath.Join(dir, "nowcast.json"))
	if err != nil {
		return nil, invalidf("%v", err)
	}
	n := &savedNowcast{dir: dir, file: f}
	if _, err := os.Stat(filepath.Join(dir, "signposts.json")); err == nil {
		if n.signposts, err = nowcast.ReadSignposts(filepath.Join(dir, "signposts.json")); err != nil {
			return nil, invalidf("%v", err)
		}
	}
	return n, nil
}

func readAnalysis[T any](dir, file, scenario, what string, read func([]byte) (T, error)) (T, error) {
	var zero T
	b, err := safefile.Read(filepath.Join(dir, file), maxResultsFile)
	if err != nil {
		return zero, invalidf("--with %s: no %s in %s\n  hint: run `alliancesim %s %s` first", what, file, dir, what, scenario)
	}
	res, err := read(b)
	if err != nil {
		return zero, invalidf("%s: %v\n  hint: run `alliancesim %s %s` again with this version to write it afresh", filepath.Join(dir, file), err, what, scenario)
	}
	return res, nil
}

// add puts the analyses into the report's input and copies their charts
// into the stage, under <scenario>/<analysis>/, returning the files added.
func (a analyses) add(in *report.Input, stage string) ([]string, error) {
	added, err := addSaved(a.sens, stage, "sensitivity", &in.Sensitivity, func(s savedAnalysis[*results.Sensitivity], charts []report.Chart) report.SensitivityResult {
		return report.SensitivityResult{Scenario: s.scenario, Result: s.result, Charts: charts}
	})
	if err != nil {
		return added, err
	}
	files, err := addSaved(a.disc, stage, "discover", &in.Discover, func(d savedAnalysis[*results.Discovery], charts []report.Chart) report.DiscoverResult {
		return report.DiscoverResult{Scenario: d.scenario, Result: d.result, Charts: charts}
	})
	added = append(added, files...)
	if err != nil {
		return added, err
	}
	for _, sw := range a.sweeps {
		charts, files, err := copyCharts(sw.dir, stage, filepath.Join(sw.scenario, sw.folder))
		if err != nil {
			return added, err
		}
		added = append(added, files...)
		for i := range charts {
			charts[i].Title = "P(alliance) across " + strings.Join(sw.result.Axes, " and ")
			charts[i].Caption = sweepCaptions[len(sw.result.Axes)]
		}
		r := report.SweepResult{Scenario: sw.scenario, Axes: sw.result.Axes, Labels: sw.labels, Charts: charts}
		for _, p := range sw.result.Points {
			r.Points = append(r.Points, report.SweepPoint{X: p.X, P: p.P, Lo: p.Lo, Hi: p.Hi, Draws: p.Draws})
		}
		in.Sweep = append(in.Sweep, r)
	}
	if n := a.nowcast; n != nil {
		charts, files, err := copyCharts(n.dir, stage, "nowcast")
		if err != nil {
			return added, err
		}
		added = append(added, files...)
		in.Nowcast = &report.NowcastResult{File: n.file, Signposts: n.signposts, Charts: charts}
	}
	return added, nil
}

// sweepCaptions say how to read a sweep's chart, by its number of axes.
var sweepCaptions = map[int]string{
	1: "P(alliance by the horizon) at each value, with its 95% interval as a band; every point run on the same random numbers.",
	2: "P(alliance by the horizon) at each point of the grid, by colour; every point run on the same random numbers.",
}

// addSaved copies each saved analysis's charts into the stage, under
// <scenario>/<what>/, and appends its entry (made by entry) to list,
// returning the files added.
func addSaved[T, E any](saved []savedAnalysis[T], stage, what string, list *[]E, entry func(savedAnalysis[T], []report.Chart) E) ([]string, error) {
	var added []string
	for _, s := range saved {
		charts, files, err := copyCharts(s.dir, stage, filepath.Join(s.scenario, what))
		if err != nil {
			return added, err
		}
		*list = append(*list, entry(s, charts))
		added = append(added, files...)
	}
	return added, nil
}

// analysisTitles are the titles of the saved analyses' charts in a report.
var analysisTitles = map[string]string{
	"tornado": "What moves the result, one input at a time", "morris": "Which inputs matter at all (Morris screening)",
	"sobol": "Shares of the uncertainty (Sobol indices)", "sobol-convergence": "Has the ranking settled? (Sobol indices by sample size)",
	"prim-tradeoff": "Scenario discovery: the boxes PRIM considered",
	"nowcast":       "Where the relationship stood each year, read off the record",
}

// copyCharts copies the chart files of an analysis folder (png, svg and
// pdf files, by base name: tornado, morris, …) into stage/rel and
// describes them for the report.
func copyCharts(dir, stage, rel string) ([]report.Chart, []string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, err
	}
	byKind := map[string]*report.Chart{}
	var kinds, files []string
	for _, e := range entries {
		ext := strings.TrimPrefix(filepath.Ext(e.Name()), ".")
		if !e.Type().IsRegular() || (ext != "png" && ext != "svg" && ext != "pdf") {
			continue
		}
		kind := strings.TrimSuffix(e.Name(), "."+ext)
		b, err := safefile.Read(filepath.Join(dir, e.Name()), maxResultsFile)
		if err != nil {
			return nil, nil, err
		}
		if err := os.MkdirAll(filepath.Join(stage, rel), 0o755); err != nil {
			return nil, nil, err
		}
		if err := results.WriteFile(filepath.Join(stage, rel, e.Name()), b); err != nil {
			return nil, nil, err
		}
		if byKind[kind] == nil {
			byKind[kind] = &report.Chart{Kind: kind, Title: cmp.Or(analysisTitles[kind], kind), Files: map[string]string{}}
			kinds = append(kinds, kind)
		}
		byKind[kind].Files[ext] = filepath.ToSlash(filepath.Join(rel, e.Name()))
		files = append(files, filepath.Join(rel, e.Name()))
	}
	sort.Strings(kinds)
	var charts []report.Chart
	for _, k := range kinds {
		charts = append(charts, *byKind[k])
	}
	return charts, files, nil
}
