package main

import (
	"fmt"
	"io"
	"math"
	"path/filepath"
	"sort"
	"strconv"
	"sync/atomic"

	"github.com/spf13/cobra"
	"gonum.org/v1/plot/vg"

	"github.com/alliancesim/alliancesim/backtest"
	"github.com/alliancesim/alliancesim/calibrate"
	"github.com/alliancesim/alliancesim/internal/format"
	"github.com/alliancesim/alliancesim/plots"
	"github.com/alliancesim/alliancesim/results"
	"github.com/alliancesim/alliancesim/scenarios"
	"github.com/alliancesim/alliancesim/sim"
)

// CalibrateOptions are the calibrate command's inputs.
type CalibrateOptions struct {
	common
	Cases   string // the case library's folder; "" for the bundled one
	Out     string
	Points  int
	Rounds  int
	Draws   int
	Seed    uint64
	Workers int
	Quick   bool
	// EffectPriors adds the priors on the implied odds ratios
	// (calibrate.Options.EffectPriors), with --effect-priors.
	EffectPriors setBool
	JSON         bool
	Formats      []string
	DPI          int
	// Shard, Round and State run one slice of one round of a sharded
	// calibration (docs/cluster.md); Shard.sh is nil otherwise.
	Shard shardFlag
	Round int
	State string
}

func NewCmdCalibrate(f *Factory, runF func(*CalibrateOptions) error) *cobra.Command {
	opts, cmd := newCommand(f, nil, runF, calibrateRun, nil, &cobra.Command{
		Use:   "calibrate",
		Short: "Fit the model's weights to the historical record (Bayesian, with out-of-sample scores)",
		Long: `Estimate the model's weights from the record: the outcome of every case of
the historical case library and the observed China–Russia path (the rung by
year since 1992), starting from the priors the literature gives
(scenarios/priors/priors.yaml). Each case's likelihood is estimated by
simulation on common random numbers; the posterior comes from adaptive
importance sampling (docs/calibration.md). With --effect-priors the prior
also holds what the literature says about effect sizes: each weight vector
is weighed by how well the odds ratios it implies on the baseline
(docs/model.md §7.5) match their cited ranges, and the priors of the
weights those odds ratios are about are widened so that the literature
counts once.

Writes posterior.yaml (a sample of weight vectors, with per-weight summaries)
and calibration.json (the priors and posteriors, each case's posterior
predictive probability against what happened, the China–Russia path, and the
leave-one-case-out scores against the base rate and the pooled logit), and
prints a summary. --quick runs a small calibration (under a minute) to try it.

On a batch scheduler the calibration runs a round at a time: --round R
--shard K/N --state DIR evaluates slice K of round R's weight vectors (the
round's proposal is rebuilt from the seed and the rounds already merged into
DIR) and writes shard.json; alliancesim merge SHARD_DIR... -o DIR folds the
round into DIR, and after the last round writes there what calibrate writes
(docs/cluster.md).`,
		Example: `  alliancesim calibrate --quick
  alliancesim calibrate -o out/calibration
  alliancesim calibrate --cases my-cases/ --points 4000
  alliancesim calibrate --round 1 --shard 0/8 --state out/cal -o out/cal-shards/1-0`,
		Args: argsUsage(cobra.NoArgs),
	})
	fl := cmd.Flags()
	fl.StringVar(&opts.Cases, "cases", "", "folder of case files (*.yaml with outcomes), or several separated by commas; default: the bundled library")
	fl.StringVarP(&opts.Out, "out", "o", "out/calibration", "output directory")
	fl.IntVar(&opts.Points, "points", calibrate.DefaultPoints, "weight vectors per round")
	fl.IntVar(&opts.Rounds, "rounds", calibrate.DefaultStages, "importance-sampling rounds (the first from the prior)")
	fl.IntVar(&opts.Draws, "draws", calibrate.DefaultDraws, "simulated runs per case per weight vector")
	fl.Uint64Var(&opts.Seed, "seed", 1, "seed of every random stream; the same seed gives the same posterior")
	fl.IntVar(&opts.Workers, "workers", 0, "parallel workers (0 = one per CPU); never changes results")
	fl.BoolVar(&opts.Quick, "quick", false, fmt.Sprintf("a small calibration to try it: %d points, %d rounds, %d draws", calibrate.CIPoints, calibrate.CIStages, calibrate.CIDraws))
	fl.Var(&opts.EffectPriors, "effect-priors", "also weigh each weight vector by priors on the odds ratios it implies (docs/model.md §7.5), the cited ranges as 90% intervals, widening the priors of those rows' weights (docs/calibration.md §3.1; off by default: with them the posterior meets the literature but not the record, docs/model.md §7)")
	fl.Lookup("effect-priors").NoOptDefVal = "true"
	fl.BoolVar(&opts.JSON, "json", false, "print calibration.json on stdout instead of the summary")
	chartFlags(fl, &opts.Formats, &opts.DPI)
	fl.Var(&opts.Shard, "shard", "evaluate only slice K (from 0) of N of the round's weight vectors and write shard.json, for alliancesim merge (needs --round and --state)")
	fl.IntVar(&opts.Round, "round", 0, "with --shard: the round (from 1) whose weight vectors to evaluate; rounds before it must be merged into --state")
	fl.StringVar(&opts.State, "state", "", "with --shard: the folder alliancesim merge folds the rounds into (absent or empty before round 1)")
	return cmd
}

// Bounds on the calibration's sizes: beyond them a run takes days.
const (
	maxCalibratePoints = 100_000
	maxCalibrateRounds = 20
	maxCalibrateDraws  = 100_000
)

func calibrateRun(opts *CalibrateOptions) error {
	if err := plots.CheckDPI(opts.DPI); err != nil {
		return usageErrorf("--dpi: %v", err)
	}
	if opts.Quick {
		opts.Points, opts.Rounds, opts.Draws = calibrate.CIPoints, calibrate.CIStages, calibrate.CIDraws
	}
	for _, b := range []struct {
		name   string
		v, max int
	}{{"--points", opts.Points, maxCalibratePoints}, {"--rounds", opts.Rounds, maxCalibrateRounds}, {"--draws", opts.Draws, maxCalibrateDraws}} {
		if b.v < 1 || b.v > b.max {
			return usageErrorf("%s %d: use 1 to %s", b.name, b.v, format.Thousands(int64(b.max)))
		}
	}
	if opts.Workers < 0 {
		return usageErrorf("--workers %d: give 0 (one per CPU) or more", opts.Workers)
	}
	sh := opts.Shard.sh
	switch {
	case sh == nil && (opts.Round != 0 || opts.State != ""):
		return usageErrorf("--round and --state go with --shard K/N: without it, calibrate runs every round itself")
	case sh != nil && (opts.Round < 1 || opts.Round > opts.Rounds):
		return usageErrorf("--round %d: with --shard, give the round to evaluate, from 1 to --rounds (%d)", opts.Round, opts.Rounds)
	case sh != nil && opts.State == "":
		return usageErrorf("--shard needs --state DIR: the folder alliancesim merge folds the rounds into")
	case sh != nil && filepath.Clean(opts.State) == filepath.Clean(opts.Out):
		return usageErrorf("-o %s is the --state folder: give each shard its own output folder, the merge writes into the state folder", opts.Out)
	}
	o, err := calibrationOptions(opts.Cases, opts.Points, opts.Rounds, opts.Draws, opts.Seed)
	if err != nil {
		return err
	}
	o.Workers = opts.Workers
	r := opts.runner()
	o.EffectPriors = opts.EffectPriors.v
	if sh != nil {
		return calibrateShard(r, opts, o, *sh)
	}
	var done, total atomic.Int64
	stop := r.bar("calibrate", int64(opts.Points), &done, &total)
	o.Progress = func(p calibrate.Progress) {
		// One bar over every round's weight vectors.
		if p.Stage == calibrate.StageSimulate {
			total.Store(int64(p.Rounds * opts.Points))
			done.Store(int64((p.Round-1)*opts.Points + p.Done))
		}
	}
	res, err := calibrate.Run(r.ctx, o)
	stop(err == nil)
	if err != nil {
		return r.studyError(err)
	}
	p, err := calibrationPublication(opts.Factory, opts.Out, res, opts.Formats, opts.DPI, opts.JSON)
	if err != nil {
		return err
	}
	return r.publish(p)
}

// calibrationOptions loads the case library of folder casesDir (the
// bundled one for "") and the China–Russia path, for a calibration with
// the given sizes. A sharded calibration's shards and merges call it with
// the same arguments, so that they calibrate against the same record.
func calibrationOptions(casesDir string, points, rounds, draws int, seed uint64) (calibrate.Options, error) {
	libs, library, err := loadLibrary(casesDir)
	if err != nil {
		return calibrate.Options{}, err
	}
	var cases []backtest.Case
	for _, l := range libs {
		w, err := backtest.DefaultCaseWeights(l.Scenario)
		if err != nil {
			return calibrate.Options{}, invalidf("%v", err)
		}
		c, err := backtest.NewCase(l, w)
		if err != nil {
			return calibrate.Options{}, err
		}
		cases = append(cases, c)
	}
	hind, err := scenarios.Open("hindcast-1992")
	if err != nil {
		return calibrate.Options{}, err
	}
	return calibrate.Options{Cases: cases, Library: library, Path: calibrate.ChinaRussiaPath(hind),
		Points: points, Stages: rounds, Draws: draws, Seed: seed}, nil
}

// calibrationPublication is what calibrate writes into dir for result
// res, and what it prints: the same for one calibration and for the merge
// of a sharded one's last round.
func calibrationPublication(f *Factory, dir string, res *calibrate.Result, formats []string, dpi int, asJSON bool) (publication, error) {
	file := res.File(version)
	js, err := file.Marshal()
	if err != nil {
		return publication{}, err
	}
	post, err := res.Posterior().Marshal()
	if err != nil {
		return publication{}, err
	}
	p := publication{Dir: dir, Files: filesIn("", map[string][]byte{"calibration.json": js, "posterior.yaml": post})}
	o := chartOptions(f, dpi, nil)
	oc := tall(o, len(file.Cases))
	p.Charts = saveCharts([]plots.Builder{
		{Kind: "calibration-weights", Build: func() (*plots.Chart, error) { return plots.PriorPosterior(file, o) }},
		{Kind: "calibration-cases", Build: func() (*plots.Chart, error) { return plots.PosteriorPredictive(file, oc) }, Options: &oc},
		{Kind: "calibration-path", Build: func() (*plots.Chart, error) { return plots.CalibrationPath(file, o) }},
	}, formats, o)
	if asJSON {
		p.JSON = js
	} else {
		p.Print = func(w io.Writer) { printCalibrationResult(w, file) }
	}
	return p, nil
}

// calibrateShard evaluates slice sh of round opts.Round against the
// state in opts.State and writes opts.Out/shard.json.
func calibrateShard(r *runner, opts *CalibrateOptions, o calibrate.Options, sh sim.Shard) error {
	var done, total atomic.Int64
	o.Progress = func(p calibrate.Progress) {
		if p.Stage == calibrate.StageSimulate {
			total.Store(int64(p.Total))
			done.Store(int64(p.Done))
		}
	}
	c, err := calibrate.NewSharded(o, version)
	if err != nil {
		return invalidf("%v", err)
	}
	st, err := calibrate.ReadState(opts.State)
	if err != nil {
		return invalidf("%v", err)
	}
	switch {
	case st == nil && opts.Round > 1:
		return invalidf("--state %s holds no calibration state, so round %d has no rounds before it to build on\n  hint: merge round 1 into it first (alliancesim merge SHARD_DIR... -o %s), or give --round 1", opts.State, opts.Round, opts.State)
	case st != nil:
		if err := c.Resume(st); err != nil {
			return invalidf("--state %s: %v", opts.State, err)
		}
	}
	from, to := sh.Range(int64(opts.Points))
	stop := r.bar(fmt.Sprintf("calibrate round %d shard %s", opts.Round, sh), to-from, &done, &total)
	part, err := c.Evaluate(r.ctx, opts.Round, sh)
	stop(err == nil)
	if err != nil {
		return r.studyError(err)
	}
	f := &calibrate.ShardFile{ShardHeader: results.NewShardHeader(calibrate.ShardSchema, "calibrate"), CasesDir: opts.Cases, Identity: c.Identity(), Part: part}
	b, err := f.Marshal()
	if err != nil {
		return err
	}
	p := publication{Dir: opts.Out, Files: []stagedFile{{results.ShardFileName, b}}}
	if opts.JSON {
		p.JSON = b
	} else {
		p.Print = func(w io.Writer) {
			fmt.Fprintf(w, "calibrate: round %d of %d, shard %s, weight vectors %d to %d of %d (seed %d); merge every shard of the round with `alliancesim merge SHARD_DIR... -o %s`\n",
				opts.Round, opts.Rounds, sh, part.From, part.To, part.Points, opts.Seed, opts.State)
		}
	}
	return r.publish(p)
}

// printCalibrationResult prints the weights that moved, the cross-validated
// scores and the diagnostics.
func printCalibrationResult(w io.Writer, f *calibrate.File) {
	fmt.Fprintf(w, "calibrate · %d cases (%s) and the China–Russia path · %s weight vectors in %d rounds × %s draws · seed %d\n\n",
		len(f.Cases), f.Settings.Library, format.Thousands(int64(f.TotalPoints)), f.Settings.Rounds, format.Thousands(int64(f.Settings.Draws)), f.Settings.Seed)
	shift := func(x calibrate.WeightJSON) float64 {
		if x.Fixed || float64(x.Prior.SD) == 0 {
			return 0
		}
		return (float64(x.Posterior.Mean) - float64(x.Prior.Mean)) / float64(x.Prior.SD)
	}
	ws := append([]calibrate.WeightJSON(nil), f.Weights...)
	sort.SliceStable(ws, func(i, k int) bool { return math.Abs(shift(ws[i])) > math.Abs(shift(ws[k])) })
	fmt.Fprintf(w, "Weights, largest moves first (posterior mean and 90%% interval; the prior's; the move in prior sds):\n")
	for i, x := range ws {
		if i == 8 {
			fmt.Fprintf(w, "  … %d more within %.2f prior sd of their priors (calibration.json has them all)\n", len(ws)-8, math.Abs(shift(ws[8])))
			break
		}
		fmt.Fprintf(w, "  %-22s %7.3g (%.3g–%.3g)   prior %.3g (%.3g–%.3g)   %+.2f sd\n", x.Key,
			float64(x.Posterior.Mean), float64(x.Posterior.Q05), float64(x.Posterior.Q95),
			float64(x.Prior.Mean), float64(x.Prior.Q05), float64(x.Prior.Q95), shift(x))
	}
	fmt.Fprintf(w, "\nScores over the cases (Brier: lower is better; log score: higher is better):\n")
	for _, fc := range f.Scores.Forecasters {
		fmt.Fprintf(w, "  %-34s Brier %.3f ± %.3f   log %.3f\n", fc.Name, float64(fc.Brier), float64(fc.BrierSE), float64(fc.LogScore))
	}
	for _, c := range f.Scores.Comparisons {
		verdict := "does not beat"
		if c.Beats {
			verdict = "beats"
		}
		fmt.Fprintf(w, "  out of sample, the posterior %s the %s: Brier %.3f against %.3f (difference %+.3f ± %.3f)\n",
			verdict, c.Reference, float64(c.Brier), float64(c.ReferenceBrier), float64(c.Difference), float64(c.DifferenceSE))
	}
	if len(f.EffectPriors) > 0 {
		fmt.Fprintf(w, "\nEffect priors (odds ratios on the baseline, %s runs per setting; the cited range as a 90%% interval):\n", format.Thousands(int64(f.Settings.EffectDraws)))
		for _, e := range f.EffectPriors {
			if !e.Used {
				fmt.Fprintf(w, "  %-42s cited %.3g–%.3g   not used: its range is no constraint on the model (calibration.json says why)\n", e.Factor, float64(e.Lo), float64(e.Hi))
				continue
			}
			mark := ""
			if !e.PosteriorInside {
				mark = "   (posterior median outside)"
			}
			fmt.Fprintf(w, "  %-42s cited %.3g–%.3g   default weights %.3g   posterior %.3g (%.3g–%.3g)%s\n", e.Factor, float64(e.Lo), float64(e.Hi),
				float64(e.ORDefault), float64(e.ORPosterior.Q50), float64(e.ORPosterior.Q05), float64(e.ORPosterior.Q95), mark)
		}
	}
	fmt.Fprintf(w, "\nEffective sample size %.0f of %s weight vectors (Pareto k %.2f); Monte Carlo sd of the log-likelihood %.2f.\n",
		float64(f.ESS), format.Thousands(int64(f.TotalPoints)), float64(f.ParetoK), float64(f.LogLikMCSD))
}

// tall makes a chart of one row per case tall enough for rows rows (a
// row needs about half a centimetre, the title, legend and caption 5 cm).
func tall(o plots.Options, rows int) plots.Options {
	if h := vg.Length(5+0.55*float64(rows)) * vg.Centimeter; h > o.Height {
		if o.Width == 0 {
			o.Width = plots.DefaultWidth
		}
		o.Height = h
	}
	return o
}

// setBool is a boolean flag that remembers whether it was given.
type setBool struct{ v, set bool }

func (b *setBool) String() string {
	if b == nil {
		return "false"
	}
	return strconv.FormatBool(b.v)
}

func (b *setBool) Set(s string) error {
	v, err := strconv.ParseBool(s)
	if err != nil {
		return err
	}
	b.v, b.set = v, true
	return nil
}

func (b *setBool) Type() string     { return "bool" }
func (b *setBool) IsBoolFlag() bool { return true }
