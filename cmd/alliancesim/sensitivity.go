package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/alliancesim/alliancesim/analysis"
	"github.com/alliancesim/alliancesim/design"
	"github.com/alliancesim/alliancesim/internal/format"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/plots"
	"github.com/alliancesim/alliancesim/results"
	"github.com/alliancesim/alliancesim/sim"
	"github.com/alliancesim/alliancesim/study"
)

// SensitivityOptions are the sensitivity command's inputs.
type SensitivityOptions struct {
	common
	Arg              string
	Output           string
	N, Reps          int
	Boot, Traj       int
	JSON, InputsOnly bool // InputsOnly: rank the scenario's inputs alone
	Shard            shardFlag
	// FromNowcast starts every inner run from a nowcast state (run's
	// --from-nowcast).
	FromNowcast string
}

func NewCmdSensitivity(f *Factory, runF func(*SensitivityOptions) error) *cobra.Command {
	opts := &SensitivityOptions{common: common{Factory: f}}
	cmd := &cobra.Command{
		Use:   "sensitivity SCENARIO",
		Short: "What drives the answer: tornado, Morris screening and Sobol indices",
		Long: `Measure how much each uncertain input of a scenario, and each of the model's
weights, drives the output (P(alliance by the horizon) unless --output says
otherwise), three ways:

  tornado  each input alone from its 10th to its 90th percentile, the others
           at their medians (cheap, easy to read, blind to interactions);
  Morris   elementary effects: μ* ranks inputs by overall influence, σ shows
           effects that depend on other inputs (nonlinearity, interactions);
  Sobol    first-order (S1) and total (ST) shares of the output's variance,
           with 95% bootstrap intervals and a convergence check.

The model is stochastic: each evaluation averages --reps inner runs that use
the same random numbers at every input vector (common random numbers), so
the indices apportion the variance of P(alliance | inputs); the remaining
run-to-run randomness is not attributed to any input.

The weights (the model's coefficients, thresholds and noise scales) are
ranked alongside the scenario's inputs, each drawn uniformly over its prior
range (docs/model.md §10), and marked as weights in the table, the charts
and sensitivity.json. A weight that the config file, the environment, --set
or the scenario fixes stays at that value; one the scenario makes uncertain
keeps the scenario's distribution. --inputs-only ranks the scenario's
inputs alone, with the weights at their values.

With --posterior FILE|bundled the weights are not ranked: the posterior
is their calibrated distribution, and the inner runs of every evaluation
take their weight vectors from it (the same vectors at every input vector),
so the indices rank the scenario's inputs with the weights' uncertainty
integrated out. Weights the scenario makes uncertain stay inputs, and those
the scenario, the environment or a flag fixes keep their values, as in run.

With --shard K/N the command evaluates only slice K of N of the design
points (the tornado's, Morris's trajectories and Sobol's matrices' rows)
and writes shard.json; alliancesim merge combines every slice into what
one sensitivity writes, for any N and the same seed.

When the scenario correlates inputs, Morris and Sobol (which assume
independent inputs) are replaced by a ranking by rank correlation with the
outcome over a sample that honours the correlations.`,
		Example: `  alliancesim sensitivity baseline
  alliancesim sensitivity baseline --inputs-only
  alliancesim sensitivity baseline --output p_alliance_year:2030 --n 8192
  alliancesim sensitivity baseline --posterior bundled
  alliancesim sensitivity baseline --shard 0/4 -o shards/0`,
	}
	fl := opts.oneScenario(cmd, &opts.Arg, "output directory; without it, <run.out>/<scenario>/sensitivity", func() error { return dispatch(opts, runF, sensitivityRun) })
	fromNowcastFlag(fl, &opts.FromNowcast)
	fl.StringVar(&opts.Output, "output", "p_alliance", "what to explain: p_alliance (by the horizon), p_alliance_year:YEAR, or mean_state")
	intCountVar(fl, &opts.N, "n", 4096, "Sobol base sample size (a power of two; the design has n·(inputs+2) points)")
	intCountVar(fl, &opts.Reps, "reps", 64, "inner runs per evaluation (Morris and Sobol); the tornado uses 4000")
	intCountVar(fl, &opts.Boot, "bootstrap", 500, "bootstrap resamples for the Sobol intervals")
	intCountVar(fl, &opts.Traj, "trajectories", 20, "Morris trajectories")
	fl.BoolVar(&opts.JSON, "json", false, "print sensitivity.json on stdout instead of the table")
	fl.BoolVar(&opts.InputsOnly, "inputs-only", false, "rank the scenario's inputs alone; the model's weights stay at their values")
	fl.Var(&opts.Shard, "shard", "evaluate only slice K (from 0) of N of the design points and write shard.json, for alliancesim merge")
	return cmd
}

// parseOutput reads --output.
func parseOutput(s string) (sim.Output, error) {
	kind, year, hasYear := strings.Cut(s, ":")
	switch kind {
	case sim.OutAllianceByHorizon, sim.OutMeanState:
		if hasYear {
			return sim.Output{}, usageErrorf("--output %s takes no year", kind)
		}
		return sim.Output{Kind: kind}, nil
	case sim.OutAllianceByYear:
		y, err := strconv.Atoi(year)
		if !hasYear || err != nil {
			return sim.Output{}, usageErrorf("--output %q: write p_alliance_year:YEAR, e.g. p_alliance_year:2030", s)
		}
		return sim.Output{Kind: kind, Year: y}, nil
	}
	return sim.Output{}, usageErrorf("--output %q: use p_alliance, p_alliance_year:YEAR or mean_state", s)
}

// sensitivityInputs is what a sensitivity analysis draws: the scenario with
// the model's weights added as uncertain inputs (unless --inputs-only),
// which weights stay fixed, and where each weight's distribution comes from.
type sensitivityInputs struct {
	Scenario *model.Scenario
	Fixed    []results.FixedWeight
	// Source maps a weight input's path to where its distribution comes from.
	Source map[string]string
}

// withWeights adds to a copy of sc an input for every weight that no
// setting fixes or makes uncertain, drawn uniformly over its prior range
// (study.WithWeightPriors). A weight is fixed by a setting when its
// value does not come from the built-in defaults: the config file, the
// environment, --set or the scenario set it (resolveSettings has already
// removed the scenario's distribution of a weight that the environment or
// a flag fixes). A weight the scenario or the config makes uncertain is an
// input of sc already and keeps its distribution. With inputsOnly, sc is
// returned as it is.
//
// With a posterior (posterior), no weight is added: the posterior is the
// weights' calibrated distribution, and the evaluations draw them from it
// instead of from their prior ranges; the weights held fixed are then the
// ones that win over the posterior's rows (pinnedWeights).
func withWeights(sc *model.Scenario, st *Settings, inputsOnly, posterior bool) (*sensitivityInputs, error) {
	out := &sensitivityInputs{Scenario: sc, Source: map[string]string{}}
	uncertain := map[string]bool{}
	for _, in := range sc.Inputs {
		if study.IsWeight(in.Path) && !in.Fixed {
			uncertain[in.Path] = true
			src, _, _ := strings.Cut(st.Source[in.Path], " (")
			out.Source[in.Path] = src
		}
	}
	held := map[string]string{}
	pinned := map[string]bool{}
	for _, k := range pinnedWeights(st) {
		pinned[k] = true
	}
	if !inputsOnly && !posterior {
		fixed := map[string]bool{}
		for _, s := range model.WeightSpecs {
			if st.Source[model.WeightPathPrefix+s.Key] != "default" {
				fixed[s.Key] = true
			}
		}
		p, err := study.WithWeightPriors(sc, &st.Weights, fixed)
		if err != nil {
			return nil, err
		}
		out.Scenario, held = p.Scenario, p.Held
		for _, path := range p.Added {
			out.Source[path] = study.WeightPriorSource
		}
	}
	for _, s := range model.WeightSpecs {
		path := model.WeightPathPrefix + s.Key
		src := st.Source[path]
		switch {
		case uncertain[path]:
		case posterior && !pinned[s.Key]:
		case held[s.Key] != "":
			out.Fixed = append(out.Fixed, results.FixedWeight{Name: path, Value: s.Get(&st.Weights), Source: src + "; held: " + held[s.Key]})
		case src != "default" && src != "":
			out.Fixed = append(out.Fixed, results.FixedWeight{Name: path, Value: s.Get(&st.Weights), Source: src})
		}
	}
	return out, nil
}

func sensitivityRun(opts *SensitivityOptions) error {
	out, err := parseOutput(opts.Output)
	if err != nil {
		return err
	}
	if opts.Reps < 1 || opts.Boot < 10 || opts.Traj < 2 {
		return usageErrorf("--reps must be at least 1, --bootstrap at least 10 and --trajectories at least 2")
	}
	// --n 0 would fall back on the default 4,096 below (with a warning
	// that 0 is too small): refuse it as any other size that is not a
	// power of two from 64.
	if err := study.CheckN(opts.N); err != nil {
		return invalidf("%v", err)
	}
	jobs, err := opts.prepare([]string{opts.Arg})
	if err != nil {
		return err
	}
	j, r := jobs[0], opts.runner()
	st := j.st
	post := sensitivityPosterior(st)
	ins, err := withWeights(j.l.Scenario, st, opts.InputsOnly, post != nil)
	if err != nil {
		return invalidf("%v", err)
	}
	sc := ins.Scenario
	so := study.SensitivityOptions{Output: out, Reps: opts.Reps, N: opts.N,
		Bootstrap: opts.Boot, Trajectories: opts.Traj, Sampler: sobolSampler(st), Seed: st.Run.Seed,
		Workers: st.Run.Workers, Posterior: post}
	// The sizes and the total work, before any folder is touched.
	if err := so.Check(len(sc.Inputs), sc.HorizonYears); err != nil {
		return invalidf("%v", err)
	}
	defer r.release()
	dir := outDir(st, opts.Flags, sc.Name, "sensitivity")
	if err := r.reserve(dir); err != nil {
		return err
	}
	opts.notes(jobs, []string{dir}, 0)
	opts.warnSmallDesign()
	if err := nowcastStart(r, &opts.common, jobs, opts.FromNowcast); err != nil {
		return err
	}
	so.Start = r.start
	progress, stop := stagedProgress(r, sc.Name)
	so.Progress = progress
	if sh := opts.Shard.sh; sh != nil {
		part, err := study.RunSensitivityShard(r.ctx, sc, &st.Weights, so, *sh)
		stop(err == nil)
		if err != nil {
			return r.studyError(err)
		}
		return publishSensitivityShard(r, opts, j, so, part, dir)
	}
	s, err := study.RunSensitivity(r.ctx, sc, &st.Weights, so)
	stop(err == nil)
	if err != nil {
		return r.studyError(err)
	}
	p, err := sensitivityPublication(opts.Factory, sensitivitySetup{Dir: dir, Ref: results.ScenarioRef{Name: sc.Name, File: j.l.File, SHA256: j.l.SHA256},
		Ins: ins, Output: out, Seed: st.Run.Seed, InputsOnly: opts.InputsOnly, Posterior: posteriorRef(st), Start: r.startRef, Charts: st}, s, opts.JSON)
	if err != nil {
		return err
	}
	return r.publish(p)
}

// sensitivityPosterior is the posterior the evaluations draw the weights
// from, with the weights the settings pin; nil without one.
func sensitivityPosterior(st *Settings) *sim.WeightSample {
	if st.Posterior == nil {
		return nil
	}
	s := *st.Posterior.Sample
	s.Pinned = [][]string{pinnedWeights(st)}
	return &s
}

// sensitivitySetup is what sensitivity.json and the charts record beside
// the analysis: the same for one run and for a merge of its shards.
type sensitivitySetup struct {
	Dir        string
	Ref        results.ScenarioRef
	Ins        *sensitivityInputs
	Output     sim.Output
	Seed       uint64
	InputsOnly bool
	Posterior  *results.PosteriorRef
	Start      *results.StartRef
	// Charts gives the charts' formats and resolution and the seed.
	Charts *Settings
}

// sensitivityPublication renders sensitivity.json, the charts and the
// table of an analysis.
func sensitivityPublication(f *Factory, set sensitivitySetup, s *study.Sensitivity, asJSON bool) (publication, error) {
	sc := set.Ins.Scenario
	file := results.NewSensitivity(s, results.SensitivityRun{Ref: set.Ref,
		Scenario: sc, Output: set.Output, Seed: set.Seed, Version: version, InputsOnly: set.InputsOnly, Fixed: set.Ins.Fixed, Source: set.Ins.Source})
	file.Posterior, file.Start = set.Posterior, set.Start
	js, err := file.Marshal()
	if err != nil {
		return publication{}, err
	}
	p := publication{Dir: set.Dir, Files: []stagedFile{{"sensitivity.json", js}},
		Charts: sensitivityCharts(f, sc, s, set.Output, set.Charts),
		Print:  func(w io.Writer) { printSensitivity(w, sc, s, file) }}
	if asJSON {
		p.JSON = js
	}
	return p, nil
}

// stagedProgress shows one progress bar per method of an analysis; stop
// ends the last.
func stagedProgress(r *runner, name string) (progress func(string, int, int), stop func(bool)) {
	var done, total atomic.Int64
	stage, stopBar := "", func(bool) {}
	progress = func(s string, d, t int) {
		if s != stage { // a new method: a new bar
			stopBar(true)
			stage = s
			done.Store(0)
			total.Store(int64(t))
			stopBar = r.bar(name+" "+s, int64(t), &done, &total)
		}
		done.Store(int64(d))
	}
	return progress, func(ok bool) { stopBar(ok) }
}

// sensitivityCharts renders the tornado and, when computed, the Morris and
// Sobol charts; each chart's caption counts its own method's evaluations.
func sensitivityCharts(f *Factory, sc *model.Scenario, s *study.Sensitivity, out sim.Output, st *Settings) func(string) ([]string, error) {
	info := func(method string) plots.AnalysisInfo {
		info := analysisInfo(sc, out.String(), s.Evaluations[method], st.Run.Seed, out.Kind != sim.OutMeanState)
		info.Weights = map[string]bool{}
		for _, name := range s.Inputs {
			if study.IsWeight(name) {
				info.Labels[name] = format.Capitalise(results.InputLabel(sc, name))
				info.Weights[name] = true
			}
		}
		return info
	}
	o := chartOptions(f, st.Run.DPI, nil)
	charts := []plots.Builder{{Kind: "tornado", Build: func() (*plots.Chart, error) { return plots.Tornado(s.Base, s.Bars, info("tornado"), o) }}}
	if s.Morris != nil {
		charts = append(charts, plots.Builder{Kind: "morris", Build: func() (*plots.Chart, error) { return plots.MorrisPlot(s.Morris, info("morris"), o) }})
	}
	if s.Sobol != nil {
		charts = append(charts, plots.Builder{Kind: "sobol", Build: func() (*plots.Chart, error) { return plots.SobolBars(s.Sobol, info("sobol"), o) }},
			plots.Builder{Kind: "sobol-convergence", Build: func() (*plots.Chart, error) { return plots.SobolConvergencePlot(s.Convergence, info("sobol"), o) }})
	}
	return saveCharts(charts, st.Run.Formats, o)
}

// analysisInfo gathers what every analysis chart's caption and labels need.
func analysisInfo(sc *model.Scenario, output string, draws int, seed uint64, probability bool) plots.AnalysisInfo {
	labels := map[string]string{}
	for _, in := range sc.Inputs {
		labels[in.Path] = format.Capitalise(sc.Label(in.Path))
	}
	return plots.AnalysisInfo{Scenario: sc.Name, Output: output, Draws: draws, Seed: seed, Version: version, Labels: labels, Probability: probability}
}

// saveCharts builds the charts and saves them in every format into the
// stage, on all CPUs (plots.RenderCharts); it returns the files' names.
func saveCharts(charts []plots.Builder, formats []string, o plots.Options) func(string) ([]string, error) {
	return func(stage string) ([]string, error) {
		paths, err := plots.RenderCharts(charts, stage, formats, o)
		names := make([]string, len(paths))
		for i, p := range paths {
			names[i] = filepath.Base(p)
		}
		return names, err
	}
}

func printSensitivity(w io.Writer, sc *model.Scenario, s *study.Sensitivity, f *results.Sensitivity) {
	fmt.Fprintf(w, "%s · sensitivity of %s · seed %d\n", sc.Name, f.Output, f.Seed)
	fmt.Fprintf(w, "With every input at its median: %s (%s runs; the median run, not the average over inputs).\n", format.Percent(s.Base), format.Thousands(int64(s.Options.TornadoReps)))
	printSensitivityInputs(w, f)
	fmt.Fprintln(w)
	if s.Sobol != nil {
		fmt.Fprintf(w, "Ranked by total Sobol index (%s evaluations of %d runs each; ±: 95%% bootstrap interval):\n", format.Thousands(int64(s.Sobol.Evaluations)), s.Options.Reps)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  #\tinput\tkind\tST\tS1\tMorris μ*\tσ\ttornado 10th → 90th pct\t")
		for r, k := range s.Sobol.Ranking() {
			x := s.Sobol.Indices[k]
			m := s.Morris[k]
			b := barFor(s, x.Name)
			fmt.Fprintf(tw, "  %d\t%s\t%s\t%s\t%s\t%.3f\t%.3f\t%s → %s\t\n", r+1, x.Name, results.InputKind(x.Name), index(x.ST, x.STLo, x.STHi), index(x.S1, x.S1Lo, x.S1Hi), m.MuStar, m.Sigma, format.Percent(b.Low), format.Percent(b.High))
		}
		tw.Flush()
		for _, x := range s.Sobol.Indices {
			if (x.S1 < 0 && x.S1Lo <= 0) || (x.ST < 0 && x.STLo <= 0) {
				fmt.Fprintln(w, "  † an estimate slightly below zero whose interval includes zero: shown as 0")
				break
			}
		}
		if s.Sobol.SumS1 <= 1 {
			fmt.Fprintf(w, "\nThe first-order indices sum to %.2f: about %.0f%% of the output's variance comes from interactions between inputs.\n",
				s.Sobol.SumS1, 100*(1-s.Sobol.SumS1))
		} else {
			fmt.Fprintf(w, "\nThe first-order indices sum to %.2f, above 1: that is estimation noise (use a larger --n); interactions cannot be read off.\n", s.Sobol.SumS1)
		}
		if s.Convergence.Settled {
			fmt.Fprintln(w, "Convergence: the ranking of the leading inputs has settled.")
		} else {
			fmt.Fprintln(w, "Convergence: not settled.")
			for _, m := range s.Convergence.Warnings {
				fmt.Fprintf(w, "  warning: %s\n", m)
			}
		}
		return
	}
	fmt.Fprintf(w, "Note: %s.\n\nTornado (each input from its 10th to its 90th percentile, the others at their medians):\n", s.Correlated)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, b := range s.Bars {
		fmt.Fprintf(tw, "  %s\t%s\t%s → %s\t\n", b.Name, results.InputKind(b.Name), format.Percent(b.Low), format.Percent(b.High))
	}
	tw.Flush()
	fmt.Fprintln(w, "\nRank correlation with the outcome (a sample honouring the correlations):")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, r := range s.Ranking {
		fmt.Fprintf(tw, "  %s\t%s\t%+.3f\t\n", r.Name, results.InputKind(r.Name), r.Spearman)
	}
	tw.Flush()
}

// printSensitivityInputs says what the analysis drew: how many of the
// scenario's inputs and of the model's weights, where the weights'
// distributions come from, and which weights stayed fixed.
func printSensitivityInputs(w io.Writer, f *results.Sensitivity) {
	var inputs, weights, prior int
	for _, in := range f.Inputs {
		switch {
		case in.Kind == results.KindInput:
			inputs++
		case in.Source == study.WeightPriorSource:
			weights++
			prior++
		default:
			weights++
		}
	}
	if weights == 0 {
		fmt.Fprintf(w, "Inputs: the scenario's %d", inputs)
	} else {
		fmt.Fprintf(w, "Inputs: %d of the scenario's and %d of the model's %s", inputs, weights, format.Plural(weights, "weight", "weights"))
	}
	switch {
	case f.InputsOnly && weights == 0:
		fmt.Fprint(w, " (--inputs-only: the model's weights stay at their values)")
	case f.InputsOnly:
		fmt.Fprint(w, " that the scenario makes uncertain (--inputs-only: the other weights stay at their values)")
	case prior == weights && weights > 0:
		fmt.Fprint(w, ", each weight drawn uniformly over its prior range (docs/model.md §10)")
	case prior > 0:
		fmt.Fprintf(w, "; %d drawn uniformly over their prior ranges (docs/model.md §10), %d as the scenario or config says", prior, weights-prior)
	}
	fmt.Fprintln(w, ".")
	if f.Posterior != nil {
		fmt.Fprintf(w, "Weights: each evaluation's inner runs take their weight vectors from the posterior %s (%s vectors); the indices integrate the weights' uncertainty out.\n",
			f.Posterior.File, format.Thousands(int64(f.Posterior.Vectors)))
	}
	if len(f.FixedWeights) > 0 {
		var held []string
		for _, x := range f.FixedWeights {
			held = append(held, fmt.Sprintf("%s = %s (%s)", strings.TrimPrefix(x.Name, model.WeightPathPrefix), format.Exact(x.Value), x.Source))
		}
		fmt.Fprintf(w, "Weights held fixed: %s.\n", strings.Join(held, ", "))
	}
}

func barFor(s *study.Sensitivity, name string) analysis.TornadoBar {
	for _, b := range s.Bars {
		if b.Name == name {
			return b
		}
	}
	return analysis.TornadoBar{}
}

// index renders a Sobol index with its interval; a small negative estimate
// whose interval covers zero reads as 0, marked †.
func index(v, lo, hi float64) string {
	if v < 0 && lo <= 0 && hi >= 0 {
		return fmt.Sprintf("0† (%.3f–%.3f)", lo, hi)
	}
	return fmt.Sprintf("%.3f (%.3f–%.3f)", v, lo, hi)
}

// sobolSampler is the design of the Sobol analysis: scrambled Sobol'
// points (the study's default) unless the user chose a sampler (mc or
// lhs) in a flag, the config or the environment.
func sobolSampler(st *Settings) design.Sampler {
	if st.Source["run.sampler"] == "default" {
		return ""
	}
	return st.Run.Sampler
}

// Sizes below which a sensitivity analysis is too coarse to report, with
// the defaults in brackets: a Sobol base sample (4,096), inner runs per
// evaluation (64) and Morris trajectories (20).
const (
	fewSobolN  = 1024
	fewReps    = 16
	fewMorrisT = 10
)

// warnSmallDesign warns, before any work, when the analysis is so small
// that its ranking is mostly noise, as run warns below 1,000 draws.
func (o *SensitivityOptions) warnSmallDesign() {
	if o.N < fewSobolN {
		o.warnf("--n %d: a Sobol base sample this small gives wide intervals and an unsettled ranking; use at least %s (the default is 4,096)", o.N, format.Thousands(fewSobolN))
	}
	if o.Reps < fewReps {
		o.warnf("--reps %d: each evaluation averages %d runs, a Monte Carlo error of up to ±%.1f pp that the indices count as variance no input explains; use at least %d (the default is 64)", o.Reps, o.Reps, mcHalfWidth(int64(o.Reps)), fewReps)
	}
	if o.Traj < fewMorrisT {
		o.warnf("--trajectories %d: Morris screening ranks coarsely with so few; use at least %d (the default is 20)", o.Traj, fewMorrisT)
	}
}
