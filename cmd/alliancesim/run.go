package main

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/plots"
	"github.com/alliancesim/alliancesim/results"
	"github.com/alliancesim/alliancesim/scenarios"
)

// RunOptions are the run command's inputs.
type RunOptions struct {
	common
	Args     []string // the scenarios; baseline when none is given
	JSON     bool
	NoCharts bool
	OutGiven bool // --out was given: with one scenario, write there itself
	Shard    shardFlag
	// FromNowcast is a nowcast's output folder (or its state.json): the
	// runs start from its filtered state.
	FromNowcast string
}

func NewCmdRun(f *Factory, runF func(*RunOptions) error) *cobra.Command {
	opts, cmd := newCommand(f, nil, runF, runRun, func(o *RunOptions, args []string) {
		_, o.OutGiven = o.Flags["run.out"]
		o.Args = orBaseline(args)
	}, &cobra.Command{
		Use:   "run [SCENARIO|FILE ...]",
		Short: "Run scenarios: print the headline table, write results and charts",
		Long: `Run one or more scenarios (bundled names such as "baseline", or paths to
YAML files), print the headline table on stdout, and write summary.json,
by_year.csv, manifest.json and charts to <out>/<scenario>/.

With no argument, runs the bundled baseline scenario.`,
		Example: `  alliancesim run baseline
  alliancesim run my-scenario.yaml --draws 1000000 --seed 7
  alliancesim run baseline --set weights.junior_partner=1.4 --format png,svg
  alliancesim run baseline --precision 0.002
  alliancesim run my-2026-scenario.yaml --from-nowcast out/nowcast-china-russia`,
		Args:              argsUsage(cobra.ArbitraryArgs),
		ValidArgsFunction: completeScenarioArgs(-1),
	})
	fl := cmd.Flags()
	simFlags(fl, "output directory; each scenario writes to <out>/<scenario>/ (with one scenario, to <out> itself when given)", "png", true)
	fl.BoolVar(&opts.JSON, "json", false, "print summary.json on stdout instead of the table")
	fl.BoolVar(&opts.NoCharts, "no-charts", false, "write results files but no charts")
	addShardFlag(fl, &opts.Shard)
	fromNowcastFlag(fl, &opts.FromNowcast)
	return cmd
}

// runRun loads every scenario first (so a bad file fails before any work),
// then runs and writes each in turn.
func runRun(opts *RunOptions) error {
	jobs, err := opts.prepare(opts.Args)
	if err != nil {
		return err
	}
	r, out := opts.runner(), opts.Factory.IOStreams.Out
	if sh := opts.Shard.sh; sh != nil {
		starts, err := jobStarts(r, opts, jobs)
		if err != nil {
			return err
		}
		for i, j := range jobs {
			r.runStart = starts[i]
			if err := runShard(r, opts, j, shardDir(opts, j, len(jobs)), *sh); err != nil {
				return err
			}
		}
		return nil
	}
	defer r.release()
	dirs, err := runDirs(opts, r, jobs)
	if err != nil {
		return err
	}
	starts, err := jobStarts(r, opts, jobs)
	if err != nil {
		return err
	}
	var sums [][]byte
	for i, j := range jobs {
		if i > 0 && !opts.JSON {
			fmt.Fprintln(out)
		}
		r.runStart = starts[i]
		sum, err := runOne(r, opts, j, dirs[i])
		if err != nil {
			return err
		}
		sums = append(sums, bytes.TrimRight(sum, "\n"))
	}
	if !opts.JSON {
		return nil
	}
	// One scenario: its summary.json; several: a JSON array of them.
	if len(sums) == 1 {
		_, err = fmt.Fprintf(out, "%s\n", sums[0])
		return err
	}
	_, err = fmt.Fprintf(out, "[\n%s\n]\n", bytes.Join(sums, []byte(",\n")))
	return err
}

// jobStarts resolves where each job's runs start, all before the first
// runs: run's scenarios run apart, so each starts its own way (the
// baseline from the nowcast beside a hindcast from its coded rung).
func jobStarts(r *runner, opts *RunOptions, jobs []job) ([]runStart, error) {
	starts := make([]runStart, len(jobs))
	for i, j := range jobs {
		if err := nowcastStart(r, &opts.common, []job{j}, opts.FromNowcast); err != nil {
			return nil, err
		}
		starts[i] = r.runStart
	}
	return starts, nil
}

// runDirs checks every job's size and reserves its output folder before
// the first one runs, and gives the warnings and notes.
func runDirs(opts *RunOptions, r *runner, jobs []job) ([]string, error) {
	dirs := make([]string, len(jobs))
	for i, j := range jobs {
		dirs[i] = filepath.Join(j.st.Run.Out, j.l.Scenario.Name)
		if opts.OutGiven && len(jobs) == 1 {
			dirs[i] = j.st.Run.Out
		}
		if err := checkSize(j.st, 1, j.l.Scenario.HorizonYears); err != nil {
			return nil, err
		}
	}
	if err := r.reserve(dirs...); err != nil {
		return nil, err
	}
	opts.notes(jobs, dirs, 0)
	return dirs, nil
}

// runOne runs one scenario, writes its files and, unless --json, prints its
// table; it returns its summary.json.
func runOne(r *runner, opts *RunOptions, j job, dir string) ([]byte, error) {
	set, err := r.runJobs([]job{j}, j.l.Scenario.Name)
	if err != nil {
		return nil, err
	}
	res := set.Results[0]
	opts.warnFewDraws(res.Draws, 100*res.ByHorizon.HalfWidth(), false)
	files, sum, err := r.scenarioFiles(j.l, j.st, res, opts.Factory.Command)
	if err != nil {
		return nil, err
	}
	p := publication{Dir: dir, Files: filesIn("", files)}
	if !opts.NoCharts {
		p.Charts = func(stage string) ([]string, error) {
			paths, err := plots.Render(res, stage, j.st.Run.Formats, chartOptions(opts.Factory, j.st.Run.DPI, &j.st.Weights))
			if err != nil {
				return nil, fmt.Errorf("charts for %s: %w", j.l.Scenario.Name, err)
			}
			for i, path := range paths {
				paths[i] = filepath.Base(path)
			}
			return paths, nil
		}
	}
	if !opts.JSON {
		p.Print = func(w io.Writer) {
			printTable(w, j.l.Scenario, res, sum, append(opts.configHeader(), r.startLines...)...)
		}
	}
	return files["summary.json"], r.publish(p)
}

func buildManifest(command []string, l *scenarios.Loaded, st *Settings, sum *results.Summary, createdAt string) *results.Manifest {
	goVer, mods := results.BuildModules()
	m := &results.Manifest{
		Tool: "alliancesim", Schema: results.ManifestSchemaVersion, Version: version, GoVersion: goVer, Modules: mods,
		CreatedAt: createdAt, Command: command, Scenario: sum.Scenario, Plan: sum.Run,
		CPUs: numCPU(), ScenarioYAML: string(l.Source),
		Rerun: fmt.Sprintf("alliancesim run %s --draws %d --seed %d --sampler %s", rerunArg(l), st.Run.Draws, st.Run.Seed, st.Run.Sampler),
	}
	if st.Run.Precision > 0 {
		m.Rerun += fmt.Sprintf(" --precision %g --max-draws %d", st.Run.Precision, st.Run.MaxDraws)
	}
	if st.Run.Posterior != "" {
		m.Rerun += " --posterior " + st.Run.Posterior
	}
	m.Rerun += rerunSettings(st)
	m.Weights = weightValues(st)
	m.Posterior = posteriorRef(st)
	for _, kv := range runValues(st) {
		if kv.key == "posterior" && st.Run.Posterior == "" {
			continue // absent without one, as before the setting existed
		}
		m.Settings = append(m.Settings, results.ResolvedValue{Key: "run." + kv.key, Value: kv.value, Source: st.Source["run."+kv.key]})
	}
	for _, in := range l.Scenario.Inputs {
		m.Inputs = append(m.Inputs, results.Input{Path: in.Path, Distribution: in.Dist.String(), Fixed: in.Fixed, Sources: in.Sources, Line: in.Line})
	}
	for _, e := range l.Scenario.Events {
		m.Events = append(m.Events, eventDef(e))
	}
	return m
}

// keyValue is one run setting's resolved value.
type keyValue struct {
	key   string
	value any
}

// runValues lists the resolved run settings, in the order of runSettings.
func runValues(st *Settings) []keyValue {
	rv := st.Run
	return []keyValue{{"draws", rv.Draws}, {"seed", rv.Seed}, {"workers", rv.Workers}, {"sampler", rv.Sampler},
		{"out", rv.Out}, {"formats", rv.Formats}, {"dpi", rv.DPI}, {"precision", rv.Precision}, {"max_draws", rv.MaxDraws}, {"posterior", rv.Posterior}}
}

func eventDef(e model.Event) results.EventDef {
	eff := map[string]float64{}
	for _, x := range e.Effects {
		eff[x.Target] = x.Delta
	}
	return results.EventDef{Name: e.Name, From: e.From, To: e.To, Decay: e.Decay, Once: e.Once, Effects: eff}
}

// rerunArg is how the rerun command names the scenario: the bundled name,
// or the file path.
func rerunArg(l *scenarios.Loaded) string {
	if _, ok := scenarios.Source(l.Scenario.Name); ok && l.File == "bundled:"+l.Scenario.Name {
		return l.Scenario.Name
	}
	return l.File
}
