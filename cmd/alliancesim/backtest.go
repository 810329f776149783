package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"sort"
	"strings"
	"sync/atomic"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/alliancesim/alliancesim/backtest"
	"github.com/alliancesim/alliancesim/internal/format"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/plots"
	"github.com/alliancesim/alliancesim/results"
	"github.com/alliancesim/alliancesim/scenarios"
	"github.com/alliancesim/alliancesim/sim"
)

// BacktestOptions are the backtest command's inputs.
type BacktestOptions struct {
	common
	Dir   string // the case library's folder; "" for the bundled one
	JSON  bool
	Shard shardFlag
}

func NewCmdBacktest(f *Factory, runF func(*BacktestOptions) error) *cobra.Command {
	opts := &BacktestOptions{common: common{Factory: f, Defaults: map[string]any{"run.draws": int64(backtest.DefaultDraws)}}}
	cmd := &cobra.Command{
		Use:   "backtest [DIR]",
		Short: "Score the model on the historical case library (Brier, log score, calibration)",
		Long: `Run every case of the historical case library (the bundled one, or every
*.yaml file in DIR, or in several folders separated by commas; each must
have an outcome) and score the model's
P(pact by the outcome year) against what happened, next to two reference
forecasters on the same cases: the base rate of 0.49% a year (defence-pact
onsets between two major powers after 1945) and a pooled logit of the
dyad's structural covariates (for cases whose file gives them).

Prints a table of the cases and the scores: Brier score with its standard
error, log score, Brier skill against each reference, onsets and
non-onsets, and a calibration table; and writes backtest.json,
backtest.csv and two charts (a reliability diagram and one row per case).

With --posterior FILE|bundled every draw of every case takes its weights
from the posterior sample (the weights a case's file, the environment or a
flag fixes keep their values), so the forecasts integrate over the
weights' uncertainty; backtest.json records the sample.

With --shard K/N the command runs only slice K of N of the cases (a
contiguous block, in the library's order) and writes shard.json;
alliancesim merge combines every slice into what one backtest writes.`,
		Example: `  alliancesim backtest
  alliancesim backtest my-cases/ --draws 50000 --seed 7
  alliancesim backtest --json | jq .comparison
  alliancesim backtest --posterior bundled
  alliancesim backtest --shard 0/2 -o shards/0`,
		Args: argsUsage(cobra.MaximumNArgs(1)),
		RunE: opts.runE(func(a []string) { opts.Dir = strings.Join(a, "") }, func() error { return dispatch(opts, runF, backtestRun) }),
	}
	fl := cmd.Flags()
	simFlags(fl, "output directory; without it, <run.out>/backtest", "png", false)
	fl.Lookup("draws").DefValue = fmt.Sprint(backtest.DefaultDraws)
	fl.Lookup("draws").Usage = "Monte Carlo draws for each case"
	fl.BoolVar(&opts.JSON, "json", false, "print backtest.json on stdout instead of the tables")
	fl.Var(&opts.Shard, "shard", "run only slice K (from 0) of N of the cases and write shard.json, for alliancesim merge")
	return cmd
}

// loadLibrary loads the case library and classifies failures.
func loadLibrary(dir string) ([]*scenarios.Loaded, string, error) {
	if dir == "" {
		ls, err := scenarios.History()
		return ls, scenarios.HistoryLibrary, err
	}
	// Several folders, comma-separated, make one library: the record as a
	// whole (the library and the held-out batches) is fitted this way.
	var all []*scenarios.Loaded
	seen := map[string]string{}
	for _, d := range strings.Split(dir, ",") {
		ls, err := scenarios.LoadCases(d)
		if err != nil && errors.Is(err, fs.ErrNotExist) {
			return nil, dir, invalidf("%v\n  hint: give a folder of case files (*.yaml), several separated by commas, or nothing for the bundled library", err)
		}
		if err != nil {
			return nil, dir, err
		}
		for _, l := range ls {
			name := l.Scenario.Name
			if prev, ok := seen[name]; ok {
				return nil, dir, invalidf("case %s is in both %s and %s\n  hint: each case once: remove one of the copies, or leave one folder out", name, prev, d)
			}
			seen[name] = d
		}
		all = append(all, ls...)
	}
	return all, dir, nil
}

func backtestRun(opts *BacktestOptions) error {
	libs, library, err := loadLibrary(opts.Dir)
	if err != nil {
		return err
	}
	// The settings every case shares (no scenario's own weights), for the
	// plan, the output folder and the record of the weights.
	st, err := opts.settings(nil)
	if err != nil {
		return err
	}
	if opts.posteriors == nil {
		opts.posteriors = map[string]*loadedPosterior{}
	}
	if err := posteriorFor(st, opts.posteriors); err != nil {
		return err
	}
	cases, err := backtestCases(opts, libs)
	if err != nil {
		return err
	}
	if err := (plots.Options{DPI: st.Run.DPI}).Validate(); err != nil {
		return &usageError{err}
	}
	// The sizes (the longest case's years for every case) and the output
	// folder, before any case runs.
	years := 0
	for _, l := range libs {
		years = max(years, l.Scenario.HorizonYears)
	}
	if err := checkSize(st, len(libs), years); err != nil {
		return err
	}
	r := opts.runner()
	defer r.release()
	dir := outDir(st, opts.Flags, "backtest")
	if err := r.reserve(dir); err != nil {
		return err
	}
	opts.warnFewDraws(st.Run.Draws, mcHalfWidth(st.Run.Draws), true)
	o := backtest.Options{Library: library,
		Plan: sim.Plan{Draws: st.Run.Draws, Seed: st.Run.Seed, Sampler: st.Run.Sampler, Workers: st.Run.Workers},
		Progress: func(i, n int, c backtest.Case, plan *sim.Plan) func(bool) {
			var done, total atomic.Int64
			plan.Done, plan.Total = &done, &total
			return r.bar(fmt.Sprintf("backtest %d/%d %s", i+1, n, c.Name), plan.Draws, &done, &total)
		}}
	if st.Posterior != nil {
		o.Posterior = st.Posterior.Sample
	}
	info := backtest.Info{Version: version, WeightsSource: weightsSource(st, cases), Weights: weightValues(st),
		Rerun: backtestRerun(opts.Dir, st)}
	if sh := opts.Shard.sh; sh != nil {
		part, err := backtest.RunShard(r.ctx, cases, o, *sh)
		if err != nil {
			return err
		}
		return publishBacktestShard(r, opts, st, library, cases, info, part, dir)
	}
	rep, err := backtest.Run(r.ctx, cases, o)
	if err != nil {
		return err
	}
	p, err := backtestPublication(opts.Factory, dir, rep, info, posteriorRef(st), st.Run.Formats, st.Run.DPI, opts.JSON)
	if err != nil {
		return err
	}
	return r.publish(p)
}

// backtestPublication renders backtest.json (with the posterior's record
// when there is one), backtest.csv, the charts and the tables.
func backtestPublication(f *Factory, dir string, rep *backtest.Report, info backtest.Info, post *results.PosteriorRef, formats []string, dpi int, asJSON bool) (publication, error) {
	file := rep.File(info)
	var jsonData []byte
	var err error
	if post != nil {
		jsonData, err = (&backtest.PosteriorFile{File: file, Posterior: post}).Marshal()
	} else {
		jsonData, err = file.Marshal()
	}
	if err != nil {
		return publication{}, err
	}
	csvData, err := rep.CSV()
	if err != nil {
		return publication{}, err
	}
	p := publication{Dir: dir, Files: filesIn("", map[string][]byte{"backtest.json": jsonData, "backtest.csv": csvData}),
		Charts: func(stage string) ([]string, error) {
			charts, err := plots.RenderBacktest(rep, stage, formats, chartOptions(f, dpi, nil))
			if err != nil {
				return nil, fmt.Errorf("backtest charts: %w", err)
			}
			return chartFiles(charts, ""), nil
		},
		Print: func(w io.Writer) { printBacktest(w, rep) }}
	if asJSON {
		p.JSON = jsonData
	}
	return p, nil
}

// backtestCases resolves each case's settings (its own weights included)
// and makes it a case.
func backtestCases(opts *BacktestOptions, libs []*scenarios.Loaded) ([]backtest.Case, error) {
	var cases []backtest.Case
	for _, l := range libs {
		resolved, cst, err := opts.resolve(l)
		if err != nil {
			return nil, err
		}
		w := cst.Weights
		c, err := backtest.NewCase(resolved, &w)
		if err != nil {
			return nil, err
		}
		c.Pinned = pinnedWeights(cst)
		cases = append(cases, c)
	}
	return cases, nil
}

// weightsSource says in a few words where the weights came from: the
// sources of those not at their default, and the cases whose files set
// their own.
func weightsSource(st *Settings, cases []backtest.Case) string {
	seen := map[string]bool{}
	var srcs []string
	for _, s := range model.WeightSpecs {
		src := st.Source["weights."+s.Key]
		if src == "default" || seen[src] {
			continue
		}
		seen[src] = true
		srcs = append(srcs, src)
	}
	sort.Strings(srcs)
	out := "built-in defaults"
	if len(srcs) > 0 {
		out = "built-in defaults, changed by " + strings.Join(srcs, ", ")
	}
	var own []string
	for _, c := range cases {
		if len(c.OwnWeights) > 0 {
			own = append(own, c.Name)
		}
	}
	if len(own) > 0 {
		out += "; set by the case's own file in " + strings.Join(own, ", ") + " (cases[].own_weights)"
	}
	return out
}

// backtestRerun is the command line that repeats the backtest.
func backtestRerun(dir string, st *Settings) string {
	s := "alliancesim backtest"
	if dir != "" {
		s += " " + dir
	}
	s += fmt.Sprintf(" --draws %d --seed %d --sampler %s", st.Run.Draws, st.Run.Seed, st.Run.Sampler)
	if st.Run.Posterior != "" {
		s += " --posterior " + st.Run.Posterior
	}
	return s + rerunSettings(st)
}

// scoreNum renders a score with three decimals, "–" when undefined.
func scoreNum(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "–"
	}
	return fmt.Sprintf("%.3f", x)
}

// printBacktest writes the cases, the scores, the calibration tables and
// the verdict.
func printBacktest(w io.Writer, rep *backtest.Report) {
	fmt.Fprintf(w, "backtest · %s · %d cases · %s draws each · seed %d · %s · %.2f s\n\n",
		rep.Library, len(rep.Cases), format.Thousands(rep.Draws), rep.Seed, rep.Sampler, rep.ElapsedSeconds)
	printCases(w, rep)
	fmt.Fprintln(w, "\nScores (Brier: lower is better, 0.25 is a constant 50%; log score: higher, nearer 0, is better):")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  forecaster\tcases\tBrier\t± se\tlog score\t± se\tonsets: mean p\tnon-onsets: mean p\t")
	for _, s := range rep.Scores {
		fmt.Fprintf(tw, "  %s\t%d\t%s\t%s\t%s\t%s\t%d: %s\t%d: %s\t\n", strings.TrimPrefix(backtest.Label(s.Name), "the "), s.Cases,
			scoreNum(s.Brier.Value), scoreNum(s.Brier.SE), scoreNum(s.Log.Value), scoreNum(s.Log.SE),
			s.Split.Onsets, format.Percent(s.Split.MeanPOnset), s.Split.NonOnsets, format.Percent(s.Split.MeanPNonOnset))
	}
	tw.Flush()
	if m := rep.ScoresOf(backtest.Model); m != nil {
		fmt.Fprintf(w, "  The model's Brier score carries a Monte Carlo error of ±%.4f (%s draws a case). For its log score its p is\n"+
			"  clipped to [%.3g, %.6g], 0.5/(draws + 1) from 0 and 1, since a Monte Carlo estimate can be exactly 0 or 1.\n",
			m.BrierMCSE, format.Thousands(rep.Draws), rep.LogClip, 1-rep.LogClip)
	}
	printCalibration(w, rep)
	fmt.Fprintf(w, "\n%s\n", rep.Verdict())
}

// printCases writes one row per case.
func printCases(w io.Writer, rep *backtest.Report) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "case\tyears\toutcome\tmodel p ± se\tbase rate\tlogit\t")
	noLogit := 0
	for _, c := range rep.Cases {
		outcome := fmt.Sprintf("none through %d", c.Year)
		if c.Pact {
			outcome = fmt.Sprintf("pact %d", c.Year)
		}
		logit := format.Percent(c.Logit)
		if !c.HasLogit {
			logit, noLogit = "– (no covariates)", noLogit+1
		}
		fmt.Fprintf(tw, "%s\t%d–%d\t%s\t%s ± %s pp\t%s\t%s\t\n", c.Name, c.StartYear, c.Year, outcome,
			format.Percent(c.Model.P), strings.TrimSuffix(format.Percent(c.Model.SE), "%"), format.Percent(c.BaseRate), logit)
	}
	tw.Flush()
	if noLogit > 0 {
		what := fmt.Sprintf("%d cases", noLogit)
		if noLogit == 1 {
			what = "1 case"
		}
		fmt.Fprintf(w, "(%s without structural covariates: no logit forecast; left out of the logit's scores and of the comparison with it)\n", what)
	}
}

// printCalibration writes each forecaster's reliability by bin.
func printCalibration(w io.Writer, rep *backtest.Report) {
	fmt.Fprintf(w, "\nCalibration (%d bins of equal width in p; mean forecast / observed share of pacts, and cases):\n", rep.Bins)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	hdr := "  forecaster\t"
	if len(rep.Scores) > 0 {
		for _, b := range rep.Scores[0].Reliability {
			hdr += fmt.Sprintf("%.0f–%.0f%%\t", 100*b.Lo, 100*b.Hi)
		}
	}
	fmt.Fprintln(tw, hdr)
	for _, s := range rep.Scores {
		row := "  " + strings.TrimPrefix(backtest.Label(s.Name), "the ") + "\t"
		for _, b := range s.Reliability {
			if b.N == 0 {
				row += "–\t"
				continue
			}
			row += fmt.Sprintf("%s / %s (%d)\t", format.Percent(b.MeanP), format.Percent(b.Observed), b.N)
		}
		fmt.Fprintln(tw, row)
	}
	tw.Flush()
}
