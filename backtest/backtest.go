package backtest

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/alliancesim/alliancesim/design"
	"github.com/alliancesim/alliancesim/internal/find"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/scenarios"
	"github.com/alliancesim/alliancesim/score"
	"github.com/alliancesim/alliancesim/sim"
)

// DefaultDraws is the number of draws per case when the caller sets none:
// the Monte Carlo error of each p is then at most 0.0035, and that of the
// model's Brier score far smaller than its spread over cases.
const DefaultDraws = 20_000

// DefaultBins is the number of bins of the calibration tables.
const DefaultBins = 5

// Forecaster names, as keys in backtest.json.
const (
	Model    = "model"
	BaseRate = "base_rate"
	Logit    = "logit"
)

// Forecasters lists the forecasters in report order.
var Forecasters = []string{Model, BaseRate, Logit}

// Label is a forecaster's name in sentences: "the model", "the base rate",
// "the logit".
func Label(name string) string {
	switch name {
	case BaseRate:
		return "the base rate"
	case Logit:
		return "the logit"
	}
	return "the " + name
}

// Case is one historical case to score: a scenario with an outcome, and
// the weights to run it with.
type Case struct {
	// Name is the scenario's name; File where it was read from
	// ("bundled:history/<name>" or a path) and SHA256 the file's digest.
	Name, File, SHA256 string
	// Scenario is the compiled scenario; its Outcome must be set.
	Scenario *model.Scenario
	// Weights are the resolved weights for this case.
	Weights *model.Weights
	// OwnWeights lists the weights the case's file sets itself (fixed or
	// uncertain), which take precedence over the config file.
	OwnWeights []string
	// Pinned lists the weight keys whose value in Weights wins over the
	// rows of a posterior (Options.Posterior): those the case's file, the
	// environment or a flag fixes.
	Pinned []string
}

// NewCase makes a case of a loaded scenario run with weights w. The
// scenario must have an outcome: a file without one is an error that
// names it.
func NewCase(l *scenarios.Loaded, w *model.Weights) (Case, error) {
	sc := l.Scenario
	if sc.Outcome == nil {
		return Case{}, &scenarios.Error{File: l.File, Msg: "the case has no outcome, so it cannot be scored",
			Hint: "a backtest case needs outcome: {pact_by: YEAR} or outcome: {no_pact_through: YEAR}"}
	}
	c := Case{Name: sc.Name, File: l.File, SHA256: l.SHA256, Scenario: sc, Weights: w}
	for k := range sc.Weights {
		c.OwnWeights = append(c.OwnWeights, k)
	}
	for _, in := range sc.Inputs {
		if k, ok := strings.CutPrefix(in.Path, model.WeightPathPrefix); ok {
			c.OwnWeights = append(c.OwnWeights, k)
		}
	}
	sort.Strings(c.OwnWeights)
	return c, nil
}

// DefaultCaseWeights are the weights a case runs with when nothing but
// its own file sets any: model.ScenarioWeights. The command line resolves
// the config file, the environment and flags on top of these.
func DefaultCaseWeights(sc *model.Scenario) (*model.Weights, error) {
	return model.ScenarioWeights(sc)
}

// DefaultCases makes a case of each loaded scenario, run with its
// DefaultCaseWeights: a library's cases as the command runs them when no
// config file, environment or flag sets a weight.
func DefaultCases(libs []*scenarios.Loaded) ([]Case, error) {
	cs := make([]Case, 0, len(libs))
	for _, l := range libs {
		w, err := DefaultCaseWeights(l.Scenario)
		if err != nil {
			return nil, err
		}
		c, err := NewCase(l, w)
		if err != nil {
			return nil, err
		}
		cs = append(cs, c)
	}
	return cs, nil
}

// Options says how to run a backtest.
type Options struct {
	// Library names where the cases came from, such as
	// scenarios.HistoryLibrary or a folder, for the report.
	Library string
	// Plan is the sampling plan of every case (Draws, Seed, Sampler,
	// Workers); Draws 0 means DefaultDraws. A precision target is not
	// allowed: every case gets the same number of draws.
	Plan sim.Plan
	// Bins is the number of calibration bins; 0 means DefaultBins.
	Bins int
	// Logit is the reference logit; the zero value means
	// score.DefaultLogit().
	Logit score.Logit
	// Progress, when not nil, is called before case i of n runs, with the
	// plan the case will run with; it may set the plan's Done and Total
	// counters, and returns a function called when the case has run (ok
	// false on an error).
	Progress func(i, n int, c Case, plan *sim.Plan) func(ok bool)
	// Posterior, when set, gives every draw of every case its weights
	// (sim.Plan.Posterior), with each case's Pinned weights kept: the
	// model's forecasts then integrate over the weights' uncertainty.
	Posterior *sim.WeightSample
}

// CaseResult is one case's forecasts and outcome.
type CaseResult struct {
	Name, File, SHA256 string
	// StartYear is the case's first simulated year, Year the outcome
	// year, and Years the number of years from StartYear to Year
	// (included): the window every forecaster forecasts.
	StartYear, Year, Years int
	// Pact reports whether the pair formed a pact (by Year); Atop is its
	// ATOP alliance id, if the file gives one.
	Pact bool
	Atop int
	// Model is the model's P(alliance by the end of Year), with its
	// Wilson interval and binomial standard error.
	Model sim.Proportion
	// BaseRate is the base-rate forecaster's probability.
	BaseRate float64
	// HasLogit reports whether the case has structural covariates; only
	// then are Logit (the probability), LogitHazard (its annual hazard) and
	// CapabilityRatio (stronger/weaker, from the capability drivers'
	// medians) set; they are NaN otherwise.
	HasLogit                            bool
	Logit, LogitHazard, CapabilityRatio float64
	// OwnWeights are the weights the case's file sets.
	OwnWeights []string
}

// Forecast is the case's forecast by the named forecaster and whether it
// has one.
func (c CaseResult) Forecast(name string) (score.Forecast, bool) {
	switch name {
	case Model:
		return score.Forecast{P: c.Model.P, SE: c.Model.SE, Onset: c.Pact}, true
	case BaseRate:
		return score.Forecast{P: c.BaseRate, Onset: c.Pact}, true
	case Logit:
		return score.Forecast{P: c.Logit, Onset: c.Pact}, c.HasLogit
	}
	return score.Forecast{}, false
}

// Scores are one forecaster's scores over the cases it forecasts.
type Scores struct {
	// Name is the forecaster: Model, BaseRate or Logit.
	Name string
	// Cases is the number of cases scored; Missing names the cases the
	// forecaster has no forecast for (the logit's without covariates).
	Cases   int
	Missing []string
	// Brier is the Brier score with its standard error over cases.
	Brier score.Mean
	// BrierMCSE is the Monte Carlo part of the Brier score's error (the
	// model's; 0 for the exact references).
	BrierMCSE float64
	// Log is the log score. The model's forecasts are clipped to
	// [ε, 1 − ε] first, ε = Report.LogClip.
	Log score.Mean
	// Split counts onsets and non-onsets and gives the mean p on each.
	Split score.SplitStats
	// Reliability is the calibration table.
	Reliability []score.Bin
}

// Comparison is the model against one reference, on the cases the
// reference forecasts.
type Comparison struct {
	// Reference is BaseRate or Logit.
	Reference string
	score.Comparison
	// Excluded names the cases left out (those without the reference's
	// forecast).
	Excluded []string
}

// Report is a scored backtest.
type Report struct {
	// Library names where the cases came from (Options.Library).
	Library string
	Cases   []CaseResult
	// Scores holds the forecasters' scores, in Forecasters order.
	Scores []Scores
	// Comparisons holds the model against the base rate, then against the
	// logit (left out when no case has structural covariates).
	Comparisons []Comparison
	// Draws, Seed, Sampler and Workers are the plan every case ran with;
	// ElapsedSeconds the wall time of all the runs.
	Draws          int64
	Seed           uint64
	Sampler        design.Sampler
	Workers        int
	ElapsedSeconds float64
	// Bins is the number of calibration bins; LogClip the ε of the
	// model's log score, 0.5/(Draws + 1).
	Bins    int
	LogClip float64
}

// ScoresOf returns the named forecaster's scores.
func (r *Report) ScoresOf(name string) *Scores {
	return find.First(r.Scores, func(s *Scores) bool { return s.Name == name })
}

// ComparisonWith returns the model's comparison with the named reference,
// or nil when there is none.
func (r *Report) ComparisonWith(ref string) *Comparison {
	return find.First(r.Comparisons, func(c *Comparison) bool { return c.Reference == ref })
}

// Run simulates every case and scores the model and the references. A
// cancelled ctx stops it with an error wrapping sim.ErrInterrupted.
func Run(ctx context.Context, cases []Case, o Options) (*Report, error) {
	run, err := o.setup(cases)
	if err != nil {
		return nil, err
	}
	rep := run.report(o)
	start := time.Now()
	var sampler design.Sampler
	rep.Cases, rep.Workers, sampler, err = run.cases(ctx, cases, 0, len(cases), o)
	if err != nil {
		return nil, err
	}
	rep.Sampler = cmp.Or(sampler, rep.Sampler)
	rep.ElapsedSeconds = time.Since(start).Seconds()
	if err := rep.Score(); err != nil {
		return nil, err
	}
	return rep, nil
}

// setup is what every case of a backtest shares: the plan, the
// calibration bins and the reference logit.
type setup struct {
	plan  sim.Plan
	bins  int
	logit score.Logit
}

// setup checks the cases and the options and resolves their defaults.
func (o Options) setup(cases []Case) (*setup, error) {
	if len(cases) == 0 {
		return nil, errors.New("backtest: no cases")
	}
	plan := o.Plan
	if plan.Draws == 0 {
		plan.Draws = DefaultDraws
	}
	if plan.Precision != 0 {
		return nil, errors.New("backtest: a precision target is not supported; every case runs the same number of draws")
	}
	plan.Records = nil
	plan.SkipLatent = true // the report needs P(alliance by year) only
	bins := o.Bins
	if bins <= 0 {
		bins = DefaultBins
	}
	logit := o.Logit
	if logit == (score.Logit{}) {
		logit = score.DefaultLogit()
	}
	seen := map[string]string{}
	for _, c := range cases {
		if c.Scenario == nil || c.Weights == nil {
			return nil, fmt.Errorf("backtest: case %s has no scenario or no weights", c.Name)
		}
		if c.Scenario.Outcome == nil {
			return nil, &scenarios.Error{File: c.File, Msg: "the case has no outcome, so it cannot be scored"}
		}
		if prev, ok := seen[c.Name]; ok {
			return nil, fmt.Errorf("backtest: %s and %s are both named %q: give each case a distinct name", prev, c.File, c.Name)
		}
		seen[c.Name] = c.File
	}
	return &setup{plan: plan, bins: bins, logit: logit}, nil
}

// report is an empty report of the backtest.
func (s *setup) report(o Options) *Report {
	p := s.plan
	return &Report{Library: o.Library, Draws: p.Draws, Seed: p.Seed, Sampler: p.Sampler, Bins: s.bins, LogClip: score.MonteCarloEpsilon(p.Draws)}
}

// cases simulates cases[from:to] and returns their results, and the
// workers and sampler the runs used. Case i runs with the same random streams wherever
// it runs, so its result does not depend on the cases run beside it.
func (s *setup) cases(ctx context.Context, cases []Case, from, to int, o Options) ([]CaseResult, int, design.Sampler, error) {
	var out []CaseResult
	workers, sampler := 0, design.Sampler("")
	for i := from; i < to; i++ {
		c := cases[i]
		p := s.plan
		if o.Posterior != nil {
			post := *o.Posterior
			post.Pinned = [][]string{c.Pinned}
			p.Posterior = &post
		}
		var done func(bool)
		if o.Progress != nil {
			done = o.Progress(i, len(cases), c, &p)
		}
		r, err := sim.Run(ctx, c.Scenario, c.Weights, p)
		if done != nil {
			done(err == nil)
		}
		if err != nil {
			if ctx.Err() != nil && !errors.Is(err, sim.ErrInterrupted) {
				err = fmt.Errorf("%w: %w", sim.ErrInterrupted, ctx.Err())
			}
			return nil, 0, "", fmt.Errorf("%s: %w", c.Name, err)
		}
		cr, err := caseResult(c, r, s.logit)
		if err != nil {
			return nil, 0, "", err
		}
		out = append(out, cr)
		workers, sampler = r.Workers, r.Sampler
	}
	return out, workers, sampler, nil
}

// caseResult reads a case's forecasts off its run.
func caseResult(c Case, r *sim.Result, logit score.Logit) (CaseResult, error) {
	sc, o := c.Scenario, c.Scenario.Outcome
	t := o.Year() - sc.StartYear
	if t < 0 || t >= len(r.Alliance) {
		return CaseResult{}, &scenarios.Error{File: c.File, Path: "outcome",
			Msg: fmt.Sprintf("the outcome year %d lies outside the simulated years %d–%d", o.Year(), sc.StartYear, sc.StartYear+sc.HorizonYears-1)}
	}
	cr := CaseResult{
		Name: c.Name, File: c.File, SHA256: c.SHA256,
		StartYear: sc.StartYear, Year: o.Year(), Years: t + 1,
		Pact: o.Pact(), Atop: o.Atop,
		Model:    r.Alliance[t],
		BaseRate: score.BaseRate(t + 1),
		Logit:    math.NaN(), LogitHazard: math.NaN(), CapabilityRatio: math.NaN(),
		OwnWeights: c.OwnWeights,
	}
	if s := sc.Structural; s != nil {
		ratio, err := capabilityRatio(sc)
		if err != nil {
			return CaseResult{}, &scenarios.Error{File: c.File, Path: "structural", Msg: err.Error()}
		}
		h := logit.Hazard(score.Covariates{CommonRival: s.CommonRival, Rivals: s.Rivals, Contiguous: s.Contiguous,
			BothMajor: s.BothMajor, CapabilityRatio: ratio, Year: sc.StartYear})
		cr.HasLogit, cr.CapabilityRatio, cr.LogitHazard, cr.Logit = true, ratio, h, score.Cumulative(h, t+1)
	}
	return cr, nil
}

// capabilityRatio is the stronger actor's capability over the weaker's at
// the start year: each actor's capability driver at its median, clamped
// to the driver's range.
func capabilityRatio(sc *model.Scenario) (float64, error) {
	var caps [2]float64
	for i, a := range sc.Actors {
		path := a.ID + ".capability"
		found := false
		for _, in := range sc.Inputs {
			if in.Path != path || in.Dist == nil {
				continue
			}
			tg, err := sc.Resolve(path)
			if err != nil {
				return 0, err
			}
			caps[i] = min(max(sim.Median(in.Dist), tg.Min), tg.Max)
			found = true
			break
		}
		if !found {
			return 0, fmt.Errorf("no capability driver for %s: the logit needs both actors' capabilities", a.Name)
		}
	}
	r := score.CapabilityRatio(caps[0], caps[1])
	if math.IsNaN(r) {
		return 0, fmt.Errorf("the capabilities %g and %g give no ratio", caps[0], caps[1])
	}
	return r, nil
}

// Score (re)computes the scores and comparisons from the cases; Run calls
// it. A zero Bins means DefaultBins and a zero LogClip
// score.MonteCarloEpsilon(Draws), so that a report built by hand (from
// saved cases, or for a chart's tests) needs only its cases and draws.
func (rep *Report) Score() error {
	if rep.Bins <= 0 {
		rep.Bins = DefaultBins
	}
	if rep.LogClip == 0 {
		rep.LogClip = score.MonteCarloEpsilon(rep.Draws)
	}
	rep.Scores, rep.Comparisons = nil, nil
	for _, name := range Forecasters {
		fs, _, missing := rep.forecasts(name)
		s := Scores{Name: name, Missing: missing}
		if err := score.Validate(fs); err != nil {
			return fmt.Errorf("backtest: %s: %w", Label(name), err)
		}
		s.Cases = len(fs)
		s.Brier = score.Brier(fs)
		s.BrierMCSE = score.BrierMonteCarloSE(fs)
		lf := fs
		if name == Model {
			lf = score.Clip(fs, rep.LogClip)
		}
		s.Log = score.LogScore(lf)
		s.Split = score.Split(fs)
		s.Reliability = score.Reliability(fs, rep.Bins)
		rep.Scores = append(rep.Scores, s)
	}
	for _, ref := range []string{BaseRate, Logit} {
		r, m, excluded := rep.forecasts(ref)
		cmp := Comparison{Reference: ref, Excluded: excluded}
		if len(r) == 0 {
			continue
		}
		sc, err := score.Compare(m, r)
		if err != nil {
			return fmt.Errorf("backtest: %w", err)
		}
		cmp.Comparison = sc
		rep.Comparisons = append(rep.Comparisons, cmp)
	}
	return nil
}

// forecasts returns the named forecaster's forecasts of the report's
// cases, in case order, the model's forecasts of the same cases, and the
// names of the cases the forecaster does not forecast.
func (rep *Report) forecasts(name string) (fs, byModel []score.Forecast, missing []string) {
	for _, c := range rep.Cases {
		f, ok := c.Forecast(name)
		if !ok {
			missing = append(missing, c.Name)
			continue
		}
		mf, _ := c.Forecast(Model)
		fs, byModel = append(fs, f), append(byModel, mf)
	}
	return fs, byModel, missing
}
