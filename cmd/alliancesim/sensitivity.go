package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/alliancesim/alliancesim/analysis"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/plots"
	"github.com/alliancesim/alliancesim/results"
	"github.com/alliancesim/alliancesim/sim"
)

type sensitivityOptions struct {
	IO      streams
	Global  *globalOptions
	Arg     string
	Flags   map[string]string
	Output  string
	N       int
	Reps    int
	Boot    int
	Traj    int
	JSON    bool
	Command []string
}

func newSensitivityCmd(io streams, g *globalOptions) *cobra.Command {
	opts := &sensitivityOptions{IO: io, Global: g}
	cmd := &cobra.Command{
		Use:   "sensitivity SCENARIO",
		Short: "What drives the answer: tornado, Morris screening and Sobol indices",
		Long: `Measure how much each uncertain input of a scenario drives the output
(P(alliance by the horizon) unless --output says otherwise), three ways:

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

When the scenario correlates inputs, Morris and Sobol (which assume
independent inputs) are replaced by a ranking by rank correlation with the
outcome over a sample that honours the correlations.`,
		Example: `  alliancesim sensitivity baseline
  alliancesim sensitivity baseline --output p_alliance_year:2030 --n 8192`,
		Args: argsUsage(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Arg, opts.Flags, opts.Command = args[0], changedFlags(cmd), os.Args
			return sensitivityRun(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	simFlags(f, "output directory; without it, <run.out>/<scenario>/sensitivity", "png", false)
	f.StringVar(&opts.Output, "output", "p_alliance", "what to explain: p_alliance (by the horizon), p_alliance_year:YEAR, or mean_state")
	f.IntVar(&opts.N, "n", 4096, "Sobol base sample size (a power of two; the design has n·(inputs+2) points)")
	f.IntVar(&opts.Reps, "reps", 64, "inner runs per evaluation (Morris and Sobol); the tornado uses 4000")
	f.IntVar(&opts.Boot, "bootstrap", 500, "bootstrap resamples for the Sobol intervals")
	f.IntVar(&opts.Traj, "trajectories", 20, "Morris trajectories")
	f.BoolVar(&opts.JSON, "json", false, "print sensitivity.json on stdout instead of the table")
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

// SensitivityFile is sensitivity.json.
type SensitivityFile struct {
	Schema      int                         `json:"schema"`
	Scenario    results.ScenarioRef         `json:"scenario"`
	Output      string                      `json:"output"`
	Seed        uint64                      `json:"seed"`
	Version     string                      `json:"version"`
	Base        float64                     `json:"base"`
	Samples     map[string]int              `json:"samples"`
	Inputs      []SensitivityInput          `json:"inputs"`
	Correlated  string                      `json:"correlated,omitempty"`
	Ranking     []analysis.InputCorrelation `json:"correlation_ranking,omitempty"`
	Convergence *ConvergenceSummary         `json:"convergence,omitempty"`
}

// SensitivityInput is one input's row of sensitivity.json. Sobol and Morris
// fields are absent when those methods did not run.
type SensitivityInput struct {
	Name    string   `json:"name"`
	Label   string   `json:"label"`
	S1      *float64 `json:"s1,omitempty"`
	S1Lo    *float64 `json:"s1_lo,omitempty"`
	S1Hi    *float64 `json:"s1_hi,omitempty"`
	ST      *float64 `json:"st,omitempty"`
	STLo    *float64 `json:"st_lo,omitempty"`
	STHi    *float64 `json:"st_hi,omitempty"`
	MuStar  *float64 `json:"mu_star,omitempty"`
	Sigma   *float64 `json:"sigma,omitempty"`
	Low     float64  `json:"low"`
	High    float64  `json:"high"`
	LowX    float64  `json:"low_x"`
	HighX   float64  `json:"high_x"`
	Ranking int      `json:"rank"`
}

// ConvergenceSummary says whether the Sobol ranking has settled.
type ConvergenceSummary struct {
	Settled  bool     `json:"settled"`
	Warnings []string `json:"warnings"`
	Ns       []int    `json:"n"`
}

func fp(x float64) *float64 { v := math.Round(x*1e6) / 1e6; return &v }

func sensitivityRun(ctx context.Context, opts *sensitivityOptions) error {
	out, err := parseOutput(opts.Output)
	if err != nil {
		return err
	}
	if opts.Reps < 1 || opts.Boot < 10 || opts.Traj < 2 {
		return usageErrorf("--reps must be at least 1, --bootstrap at least 10 and --trajectories at least 2")
	}
	jobs, err := prepare(opts.IO, opts.Global, opts.Flags, []string{opts.Arg})
	if err != nil {
		return err
	}
	j := jobs[0]
	sc, st := j.l.Scenario, j.st
	var done, total atomic.Int64
	show := opts.IO.ErrTTY && !opts.Global.Quiet && !opts.Global.NoProgress
	stage := ""
	var stop func(bool)
	progress := func(s string, d, t int) {
		if s != stage { // a new method: a new bar
			if stop != nil {
				stop(true)
			}
			stage = s
			done.Store(0)
			total.Store(int64(t))
			stop = startProgress(ctx, opts.IO.Err, show, sc.Name+" "+s, int64(t), &done, &total)
		}
		done.Store(int64(d))
	}
	s, err := analysis.RunSensitivity(ctx, sc, &st.Weights, analysis.SensitivityOptions{Output: out, Reps: opts.Reps, N: opts.N,
		Bootstrap: opts.Boot, Trajectories: opts.Traj, Sampler: analysis.Sampler(st.Run.Sampler), Seed: st.Run.Seed,
		Workers: st.Run.Workers, Progress: progress})
	if stop != nil {
		stop(err == nil)
	}
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("%w: %w", sim.ErrInterrupted, ctx.Err())
		}
		return invalidf("%v", err)
	}
	file := sensitivityFile(j, s, out, st)
	js, err := results.JSON(file)
	if err != nil {
		return err
	}

	dir := outDir(st, opts.Flags, sc.Name, "sensitivity")
	stg, err := results.NewStage(dir)
	if err != nil {
		return err
	}
	defer stg.Abort() // removes only the staging folder: a no-op once committed
	if err := stg.Write("sensitivity.json", js); err != nil {
		return err
	}
	// Each chart's caption counts its own method's evaluations.
	info := func(method string) plots.AnalysisInfo {
		return analysisInfo(sc, out.String(), s.Evaluations[method], st.Run.Seed, out.Kind != sim.OutMeanState)
	}
	o := plots.Options{DPI: st.Run.DPI, Version: version}
	charts := map[string]func() (*plots.Chart, error){
		"tornado": func() (*plots.Chart, error) { return plots.Tornado(s.Base, s.Bars, info("tornado"), o) },
	}
	if s.Morris != nil {
		charts["morris"] = func() (*plots.Chart, error) { return plots.MorrisPlot(s.Morris, info("morris"), o) }
	}
	if s.Sobol != nil {
		charts["sobol"] = func() (*plots.Chart, error) { return plots.SobolBars(s.Sobol, info("sobol"), o) }
		charts["sobol-convergence"] = func() (*plots.Chart, error) { return plots.SobolConvergencePlot(s.Convergence, info("sobol"), o) }
	}
	if err := saveCharts(stg, charts, st.Run.Formats, o); err != nil {
		return err
	}
	written, err := commit(ctx, stg)
	if err != nil {
		return err
	}
	if opts.JSON {
		_, err := opts.IO.Out.Write(js)
		return err
	}
	printSensitivity(opts.IO.Out, sc, s, file)
	fmt.Fprintln(opts.IO.Out)
	for _, p := range written {
		fmt.Fprintf(opts.IO.Out, "wrote %s\n", p)
	}
	return nil
}

// analysisInfo gathers what every analysis chart's caption and labels need.
func analysisInfo(sc *model.Scenario, output string, draws int, seed uint64, probability bool) plots.AnalysisInfo {
	labels := map[string]string{}
	for _, in := range sc.Inputs {
		labels[in.Path] = capitalize(sc.Label(in.Path))
	}
	return plots.AnalysisInfo{Scenario: sc.Name, Output: output, Draws: draws, Seed: seed, Version: version, Labels: labels, Probability: probability}
}

// saveCharts builds and stages each chart in every format.
func saveCharts(stg *results.Stage, charts map[string]func() (*plots.Chart, error), formats []string, o plots.Options) error {
	for name, build := range charts {
		ch, err := build()
		if err != nil {
			return fmt.Errorf("%s chart: %w", name, err)
		}
		paths, err := plots.SaveAll(ch, stg.Dir, name, formats, o)
		if err != nil {
			return fmt.Errorf("%s chart: %w", name, err)
		}
		for _, p := range paths {
			stg.Add(filepath.Base(p))
		}
	}
	return nil
}

func sensitivityFile(j job, s *analysis.Sensitivity, out sim.Output, st *Settings) *SensitivityFile {
	sc := j.l.Scenario
	f := &SensitivityFile{Schema: 1, Scenario: results.ScenarioRef{Name: sc.Name, File: j.l.File, SHA256: j.l.SHA256},
		Output: out.String(), Seed: st.Run.Seed, Version: version, Base: math.Round(s.Base*1e6) / 1e6,
		Samples: map[string]int{"reps": s.Options.Reps, "tornado_reps": s.Options.TornadoReps}, Correlated: s.Correlated, Ranking: s.Ranking}
	for k, v := range s.Evaluations {
		f.Samples[k+"_evaluations"] = v
	}
	if s.Sobol != nil {
		f.Samples["sobol_n"] = s.Sobol.N
		f.Samples["bootstrap"] = s.Options.Bootstrap
		f.Samples["morris_trajectories"] = s.Options.Trajectories
		f.Convergence = &ConvergenceSummary{Settled: s.Convergence.Settled, Warnings: s.Convergence.Warnings}
		for _, p := range s.Convergence.Points {
			f.Convergence.Ns = append(f.Convergence.Ns, p.N)
		}
	}
	rank := map[string]int{}
	for r, b := range s.Bars {
		rank[b.Name] = r + 1
	}
	if s.Sobol != nil {
		for r, k := range s.Sobol.Ranking() {
			rank[s.Sobol.Indices[k].Name] = r + 1
		}
	}
	bars := map[string]analysis.TornadoBar{}
	for _, b := range s.Bars {
		bars[b.Name] = b
	}
	for k, name := range s.Inputs {
		b := bars[name]
		row := SensitivityInput{Name: name, Label: sc.Label(name), Low: *fp(b.Low), High: *fp(b.High), LowX: *fp(b.LowX), HighX: *fp(b.HighX), Ranking: rank[name]}
		if s.Sobol != nil {
			x := s.Sobol.Indices[k]
			row.S1, row.S1Lo, row.S1Hi, row.ST, row.STLo, row.STHi = fp(x.S1), fp(x.S1Lo), fp(x.S1Hi), fp(x.ST), fp(x.STLo), fp(x.STHi)
		}
		if s.Morris != nil {
			row.MuStar, row.Sigma = fp(s.Morris[k].MuStar), fp(s.Morris[k].Sigma)
		}
		f.Inputs = append(f.Inputs, row)
	}
	return f
}

func printSensitivity(w io.Writer, sc *model.Scenario, s *analysis.Sensitivity, f *SensitivityFile) {
	fmt.Fprintf(w, "%s · sensitivity of %s · seed %d\n", sc.Name, f.Output, f.Seed)
	fmt.Fprintf(w, "With every input at its median: %s (%s runs; the median run, not the average over inputs).\n\n", pct(s.Base), thousands(int64(s.Options.TornadoReps)))
	if s.Sobol != nil {
		fmt.Fprintf(w, "Ranked by total Sobol index (%s evaluations of %d runs each; ±: 95%% bootstrap interval):\n", thousands(int64(s.Sobol.Evaluations)), s.Options.Reps)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  #\tinput\tST\tS1\tMorris μ*\tσ\ttornado 10th → 90th pct\t")
		for r, k := range s.Sobol.Ranking() {
			x := s.Sobol.Indices[k]
			m := s.Morris[k]
			b := barFor(s, x.Name)
			fmt.Fprintf(tw, "  %d\t%s\t%s\t%s\t%.3f\t%.3f\t%s → %s\t\n", r+1, x.Name, index(x.ST, x.STLo, x.STHi), index(x.S1, x.S1Lo, x.S1Hi), m.MuStar, m.Sigma, pct(b.Low), pct(b.High))
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
		fmt.Fprintf(tw, "  %s\t%s → %s\t\n", b.Name, pct(b.Low), pct(b.High))
	}
	tw.Flush()
	fmt.Fprintln(w, "\nRank correlation with the outcome (a sample honouring the correlations):")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, r := range s.Ranking {
		fmt.Fprintf(tw, "  %s\t%+.3f\t\n", r.Name, r.Spearman)
	}
	tw.Flush()
}

func barFor(s *analysis.Sensitivity, name string) analysis.TornadoBar {
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

// capitalize upper-cases the first letter, for labels that start a line.
func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
