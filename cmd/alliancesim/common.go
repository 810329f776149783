package main

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/alliancesim/alliancesim/design"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/results"
	"github.com/alliancesim/alliancesim/scenarios"
	"github.com/alliancesim/alliancesim/sim"
)

// simFlags adds the flags every command that simulates and writes files
// shares, with the same meaning everywhere: --draws, --seed, --workers,
// --sampler, --out, --format, --dpi; precision adds --precision and
// --max-draws.
func simFlags(f *pflag.FlagSet, outHelp, formatDefault string, precision bool) {
	f.Int64P("draws", "n", 100_000, "number of Monte Carlo draws")
	f.Uint64("seed", 1, "seed of every random stream; the same seed gives the same results")
	f.Int("workers", 0, "parallel workers (0 = one per CPU); never changes results")
	f.String("sampler", design.MonteCarlo.String(), "sampler: "+samplerDoc)
	f.StringP("out", "o", "out", outHelp)
	f.String("format", formatDefault, "chart formats, comma-separated: png, svg, pdf")
	f.Int("dpi", 150, "PNG resolution in dots per inch (300 for print)")
	if precision {
		f.Float64("precision", 0, "keep drawing until the 95% half-width of every headline probability is at most this (e.g. 0.002)")
		f.Int64("max-draws", 10_000_000, "cap on draws when --precision is set")
	}
}

// changedFlags returns the run-setting flags the user set, by settings key,
// so that they take precedence over config and environment.
func changedFlags(cmd *cobra.Command) map[string]string {
	m := map[string]string{}
	for _, r := range runSettings {
		if f := cmd.Flags().Lookup(r.flag); f != nil && f.Changed {
			m["run."+r.key] = f.Value.String()
		}
	}
	return m
}

// job is one loaded scenario with its resolved settings.
type job struct {
	l  *scenarios.Loaded
	st *Settings
}

// prepare loads every scenario and resolves its settings before any work
// starts, so that a bad file or setting fails fast.
func prepare(io streams, g *globalOptions, flags map[string]string, args []string) ([]job, error) {
	var jobs []job
	seen := map[string]string{}
	for _, arg := range args {
		l, err := loadScenario(arg)
		if err != nil {
			return nil, err
		}
		if prev, ok := seen[l.Scenario.Name]; ok {
			return nil, usageErrorf("%s and %s are both named %q: give each scenario a distinct name", prev, arg, l.Scenario.Name)
		}
		seen[l.Scenario.Name] = arg
		st, err := resolveSettings(configSource{ConfigPath: g.ConfigPath, Sets: g.Sets, Flags: flags, Scenario: l.Scenario, Environ: io.Environ})
		if err != nil {
			return nil, err
		}
		jobs = append(jobs, job{l, st})
	}
	return jobs, nil
}

// plan turns resolved settings into a sampling plan with progress counters.
func planFor(st *Settings, done, total *atomic.Int64) sim.Plan {
	return sim.Plan{Draws: st.Run.Draws, Seed: st.Run.Seed, Sampler: st.Run.Sampler, Workers: st.Run.Workers,
		Precision: st.Run.Precision, MaxDraws: st.Run.MaxDraws, Done: done, Total: total}
}

// runJobs runs the jobs' scenarios together on common random numbers, with
// a progress bar on a terminal.
func runJobs(ctx context.Context, io streams, g *globalOptions, jobs []job, label string) (*sim.Set, error) {
	var done, total atomic.Int64
	plan := planFor(jobs[0].st, &done, &total)
	var scs []*model.Scenario
	var ws []*model.Weights
	for _, j := range jobs {
		scs = append(scs, j.l.Scenario)
		ws = append(ws, &j.st.Weights)
	}
	show := io.ErrTTY && !g.Quiet && !g.NoProgress
	stop := startProgress(ctx, io.Err, show, label, plan.Draws, &done, &total)
	set, err := sim.RunSet(ctx, scs, ws, plan)
	stop(err == nil)
	return set, err
}

// sameRunSettings checks that scenarios compared on common random numbers
// share their sampling settings (a scenario's own weights may differ) and
// their simulated years: a difference between P(alliance by 2036) and
// P(alliance by 2025) is not a comparison.
func sameRunSettings(jobs []job) error {
	a := jobs[0].st.Run
	s0 := jobs[0].l.Scenario
	for _, j := range jobs[1:] {
		if sc := j.l.Scenario; sc.StartYear != s0.StartYear || sc.HorizonYears != s0.HorizonYears {
			return invalidf("%s simulates %d–%d but %s simulates %d–%d: scenarios compared together must cover the same years\n  hint: give them the same start_year and horizon_years, or run them separately",
				s0.Name, s0.StartYear, s0.StartYear+s0.HorizonYears-1, sc.Name, sc.StartYear, sc.StartYear+sc.HorizonYears-1)
		}
	}
	for _, j := range jobs[1:] {
		b := j.st.Run
		if a.Draws != b.Draws || a.Seed != b.Seed || a.Sampler != b.Sampler {
			return invalidf("%s and %s resolve to different draws, seed or sampler; scenarios compared together share them", jobs[0].l.Scenario.Name, j.l.Scenario.Name)
		}
	}
	return nil
}

// scenarioFiles renders a scenario's summary.json, by_year.csv and
// manifest.json.
func scenarioFiles(l *scenarios.Loaded, st *Settings, r *sim.Result, command []string) (map[string][]byte, *results.Summary, error) {
	sc := l.Scenario
	ref := results.ScenarioRef{Name: sc.Name, File: l.File, SHA256: l.SHA256}
	sum := results.FromResult(r, ref, version)
	sumJSON, err := sum.Marshal()
	if err != nil {
		return nil, nil, err
	}
	csv, err := results.ByYearCSV(sum)
	if err != nil {
		return nil, nil, err
	}
	manJSON, err := buildManifest(command, l, st, sum).Marshal()
	if err != nil {
		return nil, nil, err
	}
	return map[string][]byte{"summary.json": sumJSON, "by_year.csv": csv, "manifest.json": manJSON}, sum, nil
}

// stageFiles writes files into the stage under prefix (a subdirectory, or "").
func stageFiles(stage *results.Stage, prefix string, files map[string][]byte) error {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		name := filepath.Join(prefix, n)
		if err := os.MkdirAll(filepath.Dir(filepath.Join(stage.Dir, name)), 0o755); err != nil {
			return err
		}
		if err := stage.Write(name, files[n]); err != nil {
			return err
		}
	}
	return nil
}

// medianParams sets every input of sc to its median (clamped to its range):
// the central run that explain shows.
func medianParams(sc *model.Scenario) (*model.Params, error) {
	p := sc.NewParams()
	for _, in := range sc.Inputs {
		tg, err := sc.Resolve(in.Path)
		if err != nil {
			return nil, err
		}
		v := sim.Median(in.Dist)
		if math.IsNaN(v) {
			return nil, fmt.Errorf("%s: the median of %s is not a number", in.Path, in.Dist)
		}
		tg.Set(p, min(max(v, tg.Min), tg.Max))
	}
	return p, nil
}

// names joins the jobs' scenario names with sep.
func names(jobs []job, sep string) string {
	var ns []string
	for _, j := range jobs {
		ns = append(ns, j.l.Scenario.Name)
	}
	return strings.Join(ns, sep)
}

// staleChart matches the names of the charts the tool writes.
var staleChart = regexp.MustCompile(`^(states|alliance|latent|onset|blocking|events|explain-[a-z0-9_-]+|compare-[a-z0-9_-]+)\.(png|svg|pdf)$`)

// removeStaleCharts deletes charts in dir that an earlier run wrote and
// this one did not (another --format, --no-charts, an event-free scenario),
// so that the directory never holds charts that disagree with its numbers.
func removeStaleCharts(dir string, written []string) {
	keep := map[string]bool{}
	for _, p := range written {
		keep[filepath.Base(p)] = true
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.IsDir() && staleChart.MatchString(e.Name()) && !keep[e.Name()] {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// rerunSettings is the part of a rerun command line that pins the
// settings: the config file, if one was read, and --set for each weight
// that came from the environment or a flag. Weights from the scenario or
// the config file come back with them (an uncertain weight is drawn again,
// not pinned at its median).
func rerunSettings(st *Settings) string {
	var b strings.Builder
	if st.ConfigFile != "" {
		fmt.Fprintf(&b, " --config %s", st.ConfigFile)
	}
	for _, s := range model.WeightSpecs {
		k := "weights." + s.Key
		if src := st.Source[k]; strings.HasPrefix(src, "env ") || strings.HasPrefix(src, "flag ") {
			fmt.Fprintf(&b, " --set %s=%s", k, strconv.FormatFloat(s.Get(&st.Weights), 'g', -1, 64))
		}
	}
	return b.String()
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

// outDir is where a command writes: --out (or run.out from a flag) as
// given, otherwise <run.out>/<default...>, e.g. out/baseline/sensitivity.
func outDir(st *Settings, flags map[string]string, def ...string) string {
	if _, given := flags["run.out"]; given {
		return st.Run.Out
	}
	return filepath.Join(append([]string{st.Run.Out}, def...)...)
}
