package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/plots"
	"github.com/alliancesim/alliancesim/results"
	"github.com/alliancesim/alliancesim/scenarios"
	"github.com/alliancesim/alliancesim/sim"
)

// dispatch runs runF when a test gives one, so that parsing can be tested
// without running anything, and the command's own run otherwise.
func dispatch[T any](opts *T, runF, run func(*T) error) error {
	if runF != nil {
		return runF(opts)
	}
	return run(opts)
}

// common are the inputs every command that resolves settings shares.
type common struct {
	Ctx     context.Context
	Factory *Factory
	// Flags are the run-setting flags the user set, by settings key.
	Flags map[string]string
	// Defaults are the command's own defaults, such as sweep's draws.
	Defaults map[string]any
	// posteriors are the posterior samples read so far, by run.posterior.
	posteriors map[string]*loadedPosterior
}

// runE is a command's RunE: it reads the context, the run flags the user
// set and (with args) the arguments into the options, then runs.
func (c *common) runE(args func([]string), run func() error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, a []string) error {
		c.Ctx, c.Flags = cmd.Context(), changedFlags(cmd.Flags())
		args(a)
		return run()
	}
}

// oneScenario makes cmd a command of one scenario argument, read into
// arg, that simulates and writes into outHelp's folder; it returns the
// flags for the command's own.
func (c *common) oneScenario(cmd *cobra.Command, arg *string, outHelp string, run func() error) *pflag.FlagSet {
	cmd.RunE = c.runE(scenarioArg(arg), run)
	return scenarioCommand(cmd, outHelp)
}

// prepareShared prepares scenarios that run together on common random
// numbers, which must share their sampling settings and years.
func (c *common) prepareShared(args []string) ([]job, error) {
	jobs, err := c.prepare(args)
	if err == nil {
		err = sameRunSettings(jobs)
	}
	return jobs, err
}

// settings resolves the settings for a scenario (nil for none).
func (c *common) settings(sc *model.Scenario) (*Settings, error) {
	cfg, err := c.Factory.Config()
	if err != nil {
		return nil, err
	}
	f := c.Factory
	st, err := resolveSettings(settingsInput{Defaults: c.Defaults, Config: cfg, Scenario: sc, Environ: f.Environ, Flags: c.Flags, Sets: f.Global.Sets})
	if err != nil || sc == nil {
		return st, err
	}
	if c.posteriors == nil {
		c.posteriors = map[string]*loadedPosterior{}
	}
	if err := posteriorFor(st, c.posteriors); err != nil {
		return nil, err
	}
	return st, nil
}

// prepare loads every scenario and resolves its settings before any work
// starts, so that a bad file or setting fails fast.
func (c *common) prepare(args []string) ([]job, error) {
	var jobs []job
	seen := map[string]string{} // scenario name → argument
	for _, arg := range args {
		l, err := loadScenario(arg)
		if err == nil {
			err = distinct(seen, l.Scenario.Name, arg)
		}
		if err != nil {
			return nil, err
		}
		resolved, st, err := c.resolve(l)
		if err != nil {
			return nil, err
		}
		jobs = append(jobs, job{resolved, st})
	}
	return jobs, nil
}

// resolve resolves the settings of a loaded scenario and returns it with
// the scenario they resolve to (its file's own weights and settings
// applied).
func (c *common) resolve(l *scenarios.Loaded) (*scenarios.Loaded, *Settings, error) {
	st, err := c.settings(l.Scenario)
	if err != nil {
		return nil, nil, err
	}
	resolved := *l
	resolved.Scenario = st.Scenario
	return &resolved, st, nil
}

// distinct records that arg names scenario name, unless another did.
func distinct(seen map[string]string, name, arg string) error {
	if prev, ok := seen[name]; ok {
		return usageErrorf("%s and %s are both named %q: give each scenario a distinct name", prev, arg, name)
	}
	seen[name] = arg
	return nil
}

// runner carries a simulating command through its steps: simulate under a
// progress bar, then stage its files and charts, publish them together and
// print.
type runner struct {
	ctx   context.Context
	io    *IOStreams
	show  bool // progress bars on stderr
	force bool // --force: write into a folder of someone else's
	now   func() string
	// stages are the output folders reserved before simulating (reserve),
	// by folder; publish uses them, release gives back the rest.
	stages map[string]*results.Stage
	// runStart is where the runs start (nowcastStart).
	runStart
}

// runStart is where a command's runs start; the zero value is each
// scenario's own rung.
type runStart struct {
	// start, when not nil, is the state every run starts from
	// (--from-nowcast startFrom) instead of its scenario's initial state.
	start     *sim.StartState
	startFrom string
	// startRef records the start state in each manifest; startLines say
	// it under a printed result's first line.
	startRef   *results.StartRef
	startLines []string
}

// reserve opens the stage of each output folder before anything is
// simulated, so that a folder that cannot be written (a file in the way,
// no permission, another command's, a folder of someone else's without
// --force) is reported at once instead of after the simulation, and so
// that no other command can take the folder meanwhile. The caller defers
// release.
func (r *runner) reserve(dirs ...string) error {
	if r.stages == nil {
		r.stages = map[string]*results.Stage{}
	}
	for _, d := range dirs {
		if _, ok := r.stages[filepath.Clean(d)]; ok {
			continue
		}
		stage, err := results.NewStageWith(d, results.StageOptions{Force: r.force})
		if err != nil {
			return err
		}
		r.stages[filepath.Clean(d)] = stage
	}
	return nil
}

// release aborts the stages reserved and not published (removing only
// their staging folders).
func (r *runner) release() {
	for d, s := range r.stages {
		s.Abort()
		delete(r.stages, d)
	}
}

// checkSize refuses, before any work, a plan over the bounds of
// sim.Plan.CheckSize (draws per run, total work) for scenarios run over
// years.
func checkSize(st *Settings, scenarios, years int) error {
	if err := planFor(st).CheckSize(scenarios, years); err != nil {
		return invalidf("%v", err)
	}
	return nil
}

func (c *common) runner() *runner {
	f := c.Factory
	return &runner{ctx: c.Ctx, io: f.IOStreams, show: f.showProgress(), force: f.Global.Force, now: func() string { return f.Now().UTC().Format(time.RFC3339) }}
}

// bar starts a progress bar fed from the counters and returns the
// function that stops it.
func (r *runner) bar(label string, first int64, done, total *atomic.Int64) func(ok bool) {
	return startProgress(r.ctx, r.io.ErrOut, r.show, label, first, done, total)
}

// simulate runs work on plan under a progress bar fed from its counters.
func (r *runner) simulate(label string, plan sim.Plan, work func(sim.Plan) error) error {
	var done, total atomic.Int64
	plan.Done, plan.Total = &done, &total
	stop := r.bar(label, plan.Draws, &done, &total)
	err := work(plan)
	stop(err == nil)
	return err
}

// planFor turns resolved settings into a sampling plan.
func planFor(st *Settings) sim.Plan {
	plan := sim.Plan{Draws: st.Run.Draws, Seed: st.Run.Seed, Sampler: st.Run.Sampler, Workers: st.Run.Workers,
		Precision: st.Run.Precision, MaxDraws: st.Run.MaxDraws}
	withPosterior(&plan, st)
	return plan
}

// runJobs runs the jobs' scenarios together on common random numbers.
func (r *runner) runJobs(jobs []job, label string) (*sim.Set, error) {
	var scs []*model.Scenario
	var ws []*model.Weights
	for _, j := range jobs {
		scs, ws = append(scs, j.l.Scenario), append(ws, &j.st.Weights)
	}
	var set *sim.Set
	plan := planFor(jobs[0].st)
	var sts []*Settings
	for _, j := range jobs {
		sts = append(sts, j.st)
	}
	withPosterior(&plan, sts...)
	plan.Start = r.start
	err := r.simulate(label, plan, func(plan sim.Plan) (err error) {
		set, err = sim.RunSet(r.ctx, scs, ws, plan)
		return err
	})
	return set, err
}

// studyError classifies an analysis's failure: interrupted, or a problem
// with the scenario or the settings.
func (r *runner) studyError(err error) error {
	if err == nil {
		return nil
	}
	if r.ctx.Err() != nil {
		return fmt.Errorf("%w: %w", sim.ErrInterrupted, r.ctx.Err())
	}
	return invalidf("%v", err)
}

// publication is what a command writes into one output folder, and what
// it prints once the files are in place.
type publication struct {
	Dir   string
	Files []stagedFile // data files, staged first, in this order
	// Charts renders the charts into the staging folder and returns their
	// names in it.
	Charts func(stage string) ([]string, error)
	// JSON, when set, is printed instead of the table and the files.
	JSON []byte
	// Print prints the table; a blank line and the files written follow
	// (or Listed, when set). Nothing is printed when JSON and Print are nil.
	Print  func(w io.Writer)
	Listed []string
}

type stagedFile struct {
	name string
	data []byte
}

// filesIn lists files under prefix (a subfolder, or ""), sorted by name.
func filesIn(prefix string, files map[string][]byte) []stagedFile {
	var out []stagedFile
	for n, b := range files {
		out = append(out, stagedFile{filepath.Join(prefix, n), b})
	}
	sort.Slice(out, func(i, k int) bool { return out[i].name < out[k].name })
	return out
}

// publish stages the files and charts and publishes them as one result
// set (results.Stage: the folder's old set is replaced as a whole, a
// user's files are kept) unless the command was interrupted meanwhile
// (then the deferred Abort removes the staging folder and nothing is
// moved), and prints.
func (r *runner) publish(p publication) error {
	stage, reserved := r.stages[filepath.Clean(p.Dir)]
	if reserved {
		delete(r.stages, filepath.Clean(p.Dir))
	} else {
		var err error
		if stage, err = results.NewStageWith(p.Dir, results.StageOptions{Force: r.force}); err != nil {
			return err
		}
	}
	defer stage.Abort() // removes only the staging folder: a no-op once committed
	if err := stageAll(stage, p); err != nil {
		return err
	}
	written, err := commit(r.ctx, stage)
	if err != nil {
		return err
	}
	return r.print(p, written)
}

// commit moves a command's staged outputs into place, unless the command
// was interrupted meanwhile: then nothing is moved, and the caller's
// deferred Abort removes the staging folder.
func commit(ctx context.Context, stage *results.Stage) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("%w: %w", sim.ErrInterrupted, err)
	}
	return stage.Commit()
}

// stageAll writes the files into the stage, then the charts.
func stageAll(stage *results.Stage, p publication) error {
	for _, f := range p.Files {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(stage.Dir, f.name)), 0o755); err != nil {
			return err
		}
		if err := stage.Write(f.name, f.data); err != nil {
			return err
		}
	}
	if p.Charts == nil {
		return nil
	}
	charts, err := p.Charts(stage.Dir)
	for _, c := range charts {
		stage.Add(c)
	}
	return err
}

func (r *runner) print(p publication, written []string) error {
	if p.JSON != nil {
		_, err := r.io.Out.Write(p.JSON)
		return err
	}
	if p.Print == nil {
		return nil
	}
	p.Print(r.io.Out)
	fmt.Fprintln(r.io.Out)
	if p.Listed != nil {
		written = p.Listed
	}
	for _, w := range written {
		fmt.Fprintf(r.io.Out, "wrote %s\n", w)
	}
	return nil
}

// chartFiles lists rendered charts' files, under prefix, each chart's in
// the order png, svg, pdf.
func chartFiles(charts []plots.RenderedChart, prefix string) []string {
	var out []string
	for _, c := range charts {
		for _, f := range plots.Formats {
			if n, ok := c.Files[f]; ok {
				out = append(out, filepath.Join(prefix, n))
			}
		}
	}
	return out
}

// scenarioFiles renders a scenario's summary.json, by_year.csv and
// manifest.json.
func (r *runner) scenarioFiles(l *scenarios.Loaded, st *Settings, res *sim.Result, command []string) (map[string][]byte, *results.Summary, error) {
	sc := l.Scenario
	ref := results.ScenarioRef{Name: sc.Name, File: l.File, SHA256: l.SHA256}
	sum := results.FromResult(res, ref, version)
	man := r.withStart(buildManifest(command, l, st, sum, r.now()))
	files, err := summaryFiles(sum, man)
	return files, sum, err
}

// withStart records in man where the runs started (the nowcast state, when
// they started from one) and how to rerun from it, and returns man.
func (r *runner) withStart(man *results.Manifest) *results.Manifest {
	if r.startFrom != "" {
		man.Rerun += " --from-nowcast " + r.startFrom
	}
	man.Start = r.startRef
	return man
}

// summaryFiles renders a scenario's summary.json and by_year.csv from sum,
// and its manifest.json from man.
func summaryFiles(sum *results.Summary, man *results.Manifest) (map[string][]byte, error) {
	sumJSON, err := sum.Marshal()
	if err != nil {
		return nil, err
	}
	csv, err := results.ByYearCSV(sum)
	if err != nil {
		return nil, err
	}
	manJSON, err := man.Marshal()
	if err != nil {
		return nil, err
	}
	return map[string][]byte{"summary.json": sumJSON, "by_year.csv": csv, "manifest.json": manJSON}, nil
}

// chartOptions are the options of a command's charts: the resolution, the
// version for the captions, the run's ladder thresholds (w, when the
// charts show the latent pressure) and each chart's warnings on stderr.
func chartOptions(f *Factory, dpi int, w *model.Weights) plots.Options {
	o := plots.Options{DPI: dpi, Version: version, Warn: chartWarn(f.IOStreams.ErrOut)}
	if w != nil {
		o.Thresholds = w.Thresholds[:]
	}
	return o
}

// chartWarn prints a chart's warnings ("too little room …") on w; the
// charts are saved concurrently, so the lines are written one at a time.
func chartWarn(w io.Writer) func(chart, msg string) {
	var mu sync.Mutex
	return func(chart, msg string) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(w, "warning: the %s chart: %s\n", chart, msg)
	}
}
