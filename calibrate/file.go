package calibrate

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"

	"github.com/alliancesim/alliancesim/internal/format"
	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/results"
	"github.com/alliancesim/alliancesim/scenarios"
	"github.com/alliancesim/alliancesim/sim"
)

// SchemaVersion is bumped whenever calibration.json or posterior.yaml
// changes incompatibly.
const SchemaVersion = 1

// Likelihood describes the likelihood in results files.
const Likelihood = "each case: P(pact by its outcome year) or 1 − P, estimated as (k + 0.5)/(N + 1) from N simulated runs; " +
	"the path: P(the observed coarse path: the rung at each checkpoint year and the pact condition, jointly), estimated the same way; " +
	"the product over cases and the path"

// File is calibration.json.
type File struct {
	// Schema is the version of the calibration.json format, 1; it is raised
	// whenever the file changes incompatibly.
	Schema int `json:"schema"`
	// Method names the fitting method in words: adaptive importance
	// sampling from the prior with a simulated likelihood, or its variant
	// with effect priors.
	Method string `json:"method"`
	// Likelihood says what the likelihood is.
	Likelihood string `json:"likelihood"`
	// Settings are the settings the calibration ran with, defaults filled
	// in.
	Settings SettingsJSON `json:"settings"`
	// ESS is the effective sample size of the final importance weights,
	// out of TotalPoints weight vectors; ParetoK their Pareto k̂.
	ESS results.Num `json:"ess"`
	// TotalPoints is the number of weight vectors simulated over all the
	// rounds, the points the importance weights are spread over.
	TotalPoints int `json:"total_points"`
	// ParetoK is the Pareto shape estimate k̂ of the final importance
	// weights' tail: above 0.7 the posterior is unreliable (more points per
	// round or more rounds are needed).
	ParetoK results.Num `json:"pareto_k"`
	// LogLikMCSD is the Monte Carlo SD of the estimated log-likelihood,
	// averaged over the posterior; MaxLogLikMCSD its largest value.
	LogLikMCSD results.Num `json:"loglik_mc_sd"`
	// MaxLogLikMCSD is the largest Monte Carlo SD of the estimated
	// log-likelihood at any weight vector whose posterior weight is above
	// 1/total_points.
	MaxLogLikMCSD results.Num `json:"loglik_mc_sd_max"`
	// Rounds holds one entry per importance-sampling round, in order.
	Rounds []RoundJSON `json:"rounds"`
	// Weights holds every weight of the model, in the model's order, with
	// its default, prior and posterior.
	Weights []WeightJSON `json:"weights"`
	// Cases holds one entry per case of the library, in its order: its
	// outcome and its forecasts under the default weights, the prior, the
	// posterior and leave-one-out, beside the references'.
	Cases []CaseJSON `json:"cases"`
	// Path is the fit of the China–Russia path (its state probabilities by
	// year under the prior and the posterior); null when the path was left
	// out of the likelihood.
	Path *PathJSON `json:"path"`
	// Scores are the cross-validated (leave-one-case-out) scores of the
	// posterior, beside the in-sample and reference forecasters' scores.
	Scores ScoresJSON `json:"cross_validation"`
	// EffectPriors lists every row of the effect-size table (docs/model.md
	// §7.5) and, for those used as priors, the odds ratio each implies;
	// empty without effect priors.
	EffectPriors []EffectJSON `json:"effect_priors"`
	// Timing says where the time went and how much was simulated.
	Timing TimingJSON `json:"timing"`
	// Version is the version of alliancesim that made the calibration.
	Version string `json:"version"`
}

// SettingsJSON are the settings of the run.
type SettingsJSON struct {
	// Library is where the cases came from: "bundled:history" or the folder
	// given.
	Library string `json:"library"`
	// Priors is the priors file: "bundled:priors/priors.yaml" or the path
	// given.
	Priors string `json:"priors"`
	// PriorsSHA256 is the hex SHA-256 digest of the priors file.
	PriorsSHA256 string `json:"priors_sha256"`
	// Points is the number of weight vectors simulated in each round (2,000
	// by default).
	Points int `json:"points_per_round"`
	// Rounds is the number of importance-sampling rounds (4 by default):
	// the first is a Latin hypercube from the prior (with effect priors, a
	// defensive mixture of the prior and the cited-range normals), each
	// further one a mixture of the prior and a normal fitted to the
	// posterior so far.
	Rounds int `json:"rounds"`
	// Draws is the number of simulated runs per case (and of the path) per
	// weight vector (1,500 by default).
	Draws int `json:"draws"`
	// Seed roots every random number of the calibration: the design, the
	// cases' draws and the resampling.
	Seed uint64 `json:"seed"`
	// Workers is the number of parallel workers used; the result does not
	// depend on it.
	Workers int `json:"workers"`
	// Resample is the number of weight vectors in the posterior sample
	// written to posterior.yaml (1,000 by default).
	Resample int `json:"resample"`
	// Defensive is the prior's share (0–1) in the adaptive rounds' proposal
	// mixture (with effect priors, in the first round's as well), 0.3 by
	// default; it bounds every importance ratio by 1/defensive_share times
	// the likelihood.
	Defensive results.Num `json:"defensive_share"`
	// Inflation is the factor, 1.5, that scales the covariance of the
	// normal fitted to the weighted points for the adaptive rounds'
	// proposals; with effect priors the emulated proposals' normal is
	// inflated by 1.2 instead, which this field does not show.
	Inflation results.Num `json:"covariance_inflation"`
	// EffectPriors says whether the effect priors entered the importance
	// weights; EffectDraws is the number of baseline runs per setting
	// and weight vector behind each odds ratio (0 without).
	EffectPriors bool `json:"effect_priors"`
	// EffectDraws is the base number of baseline runs per setting and
	// weight vector behind each effect prior's odds ratio; a row whose
	// pilot standard error exceeds a third of its prior scale gets up to 8
	// times as many; 0 without effect priors.
	EffectDraws int `json:"effect_draws"`
}

// EffectJSON is one effect-size row of the calibration: its cited range,
// whether it entered as a prior (its log OR ~ normal(mu, s), the range a
// central 90% interval), and its odds ratio at the default weights, under
// the prior and under the posterior.
type EffectJSON struct {
	// Factor says in words what the effect-size row switches on, such as "a
	// common rival".
	Factor string `json:"factor"`
	// Weights are the keys of the weights whose effect the row measures.
	Weights []string `json:"weights"`
	// Lo is the lower end of the odds-ratio range the literature cites,
	// read as a central 90% interval of the odds ratio.
	Lo results.Num `json:"cited_lo"`
	// Hi is the upper end of the cited odds-ratio range.
	Hi results.Num `json:"cited_hi"`
	// Used is true when the row entered the importance weights as a prior
	// on its log odds ratio; false for a row that is no constraint on the
	// model (see why), which was not simulated.
	Used bool `json:"used"`
	// Why says why a row is not used (its range is no constraint on the
	// model: outside it by design, or measuring something else).
	Why string `json:"why,omitempty"`
	// LogScale is the standard deviation s of the normal prior on the log
	// odds ratio, (ln cited_hi − ln cited_lo)/(2 × 1.645); null for a row
	// not used.
	LogScale results.Num `json:"log_or_scale"`
	// MCSELog is the paired Monte Carlo standard error of the log odds
	// ratio at one weight vector, averaged over the posterior; null for a
	// row not used.
	MCSELog results.Num `json:"log_or_mc_se"`
	// ORDefault is the odds ratio the model implies at the default weights;
	// null for a row not used.
	ORDefault results.Num `json:"or_default_weights"`
	// ORPrior summarizes the implied odds ratio under the prior with the
	// effect priors: every simulated point of every round, weighted by its
	// prior density (effect priors included) over the rounds' mixture
	// density; all null for a row not used.
	ORPrior SummaryJSON `json:"or_prior"`
	// ORPosterior summarizes the implied odds ratio under the posterior;
	// all null for a row not used.
	ORPosterior SummaryJSON `json:"or_posterior"`
	// PosteriorInside is true when the posterior median of the odds ratio
	// lies inside the cited range [cited_lo, cited_hi]; false for a row not
	// used.
	PosteriorInside bool `json:"posterior_median_inside"`
}

// RoundJSON is one importance-sampling round.
type RoundJSON struct {
	// Points is the number of weight vectors the round simulated.
	Points int `json:"points"`
	// ESS is the effective sample size of the importance weights of all the
	// points so far, after this round.
	ESS results.Num `json:"ess_after"`
	// Seconds is the round's wall-clock time in seconds (in a sharded
	// calibration, its slowest shard's).
	Seconds results.Num `json:"seconds"`
}

// SummaryJSON is a distribution's summary.
type SummaryJSON struct {
	// Mean is the distribution's mean.
	Mean results.Num `json:"mean"`
	// SD is the distribution's standard deviation (0 for a fixed weight).
	SD results.Num `json:"sd"`
	// Q05 is the distribution's 5% quantile.
	Q05 results.Num `json:"q05"`
	// Q50 is the distribution's median.
	Q50 results.Num `json:"q50"`
	// Q95 is the distribution's 95% quantile.
	Q95 results.Num `json:"q95"`
}

// WeightJSON is one weight's prior and posterior.
type WeightJSON struct {
	// Key is the weight's key, as in scenario and priors files.
	Key string `json:"key"`
	// Fixed is true when the weight's prior is a point, so it was not
	// calibrated; its prior and posterior are then that point.
	Fixed bool `json:"fixed"`
	// Default is the weight's built-in default value.
	Default results.Num `json:"default"`
	// PriorDist describes the prior distribution, such as "ci90[0.6, 1.8]"
	// (with effect priors, a widened weight's reads "normal(μ, σ)[min,
	// max]").
	PriorDist string `json:"prior_distribution"`
	// Prior summarizes the prior, computed from its distribution rather
	// than from the simulated points.
	Prior SummaryJSON `json:"prior"`
	// Posterior summarizes the posterior: the simulated weight vectors'
	// values weighted by their final importance weights.
	Posterior SummaryJSON `json:"posterior"`
}

// CaseJSON is one case's fit.
type CaseJSON struct {
	// Name is the case's scenario name.
	Name string `json:"name"`
	// File is where the case was read from: "bundled:history/<name>" or the
	// path of its file.
	File string `json:"file"`
	// StartYear is the case's first simulated year.
	StartYear int `json:"start_year"`
	// Year is the outcome year: the case asks whether a pact formed by its
	// end.
	Year int `json:"year"`
	// Pact is true when a pact formed by Year, false when none formed
	// through it; Outcome says it in words.
	Pact bool `json:"pact"`
	// Outcome says what happened in words: "pact by YEAR" or "none through
	// YEAR".
	Outcome string `json:"outcome"`
	// PDefault is P(pact by Year) at the case's default weights (those a
	// backtest runs it with), from the same draws; null when the case has
	// none.
	PDefault results.Num `json:"p_default_weights"`
	// PPrior is the prior predictive P(pact by year): the mean over the
	// first round's Latin hypercube of weight vectors (with effect priors,
	// over every point weighted by its prior).
	PPrior results.Num `json:"p_prior"`
	// PPosterior is the posterior predictive P(pact by year), in sample:
	// the importance-weighted mean over the weight vectors, each estimated
	// as (k + 0.5)/(draws + 1).
	PPosterior results.Num `json:"p_posterior"`
	// PPosteriorQ05 is the posterior's 5% quantile of the case's P(pact by
	// year) over the weight vectors.
	PPosteriorQ05 results.Num `json:"p_posterior_q05"`
	// PPosteriorQ95 is the posterior's 95% quantile of the case's P(pact by
	// year).
	PPosteriorQ95 results.Num `json:"p_posterior_q95"`
	// PLOO is the leave-one-out posterior predictive P(pact by year): given
	// every other case and the path but not this one (Pareto-smoothed
	// importance weights), the out-of-sample forecast.
	PLOO results.Num `json:"p_loo"`
	// LOOESS is the effective sample size of the raw (unsmoothed)
	// leave-one-out importance weights; p_loo itself uses their
	// Pareto-smoothed version.
	LOOESS results.Num `json:"loo_ess"`
	// LOOParetoK is the Pareto shape estimate k̂ of the leave-one-out
	// weights' smoothing: above 0.7, p_loo is unreliable.
	LOOParetoK results.Num `json:"loo_pareto_k"`
	// PBaseRate is the base-rate forecaster's P(pact by year), from a
	// constant annual hazard of 0.49% over the years from start_year to
	// year.
	PBaseRate results.Num `json:"p_base_rate"`
	// PLogit is the structural logit's P(pact by year); null when the case
	// has no structural covariates.
	PLogit results.Num `json:"p_logit"`
	// PObserved is the posterior predictive probability of what happened:
	// p_posterior after a pact, 1 − p_posterior otherwise.
	PObserved results.Num `json:"p_observed_outcome_posterior"`
}

// PathJSON is the path's fit.
type PathJSON struct {
	// Name is the path's scenario name.
	Name string `json:"name"`
	// File is where the path's scenario was read from.
	File string `json:"file"`
	// Checkpoints are the years and observed rungs of the coarse path that
	// entered the likelihood, jointly with the pact condition.
	Checkpoints []CheckpointJSON `json:"checkpoints"`
	// NoPactThrough is the year through which no defence alliance formed,
	// the path's pact condition; absent when the condition is a pact_by
	// year.
	NoPactThrough int `json:"no_pact_through,omitempty"`
	// PactBy is the year by which a defence alliance formed, the path's
	// pact condition; absent when the condition is no_pact_through.
	PactBy int `json:"pact_by,omitempty"`
	// PMatchPrior is the prior predictive probability that a run reproduces
	// the observed coarse path (every checkpoint and the pact condition).
	PMatchPrior results.Num `json:"p_match_prior"`
	// PMatchPosterior is the posterior predictive probability that a run
	// reproduces the observed coarse path (every checkpoint and the pact
	// condition).
	PMatchPosterior results.Num `json:"p_match_posterior"`
	// PMatchDefault is the probability that a run reproduces the observed
	// coarse path at the default weights.
	PMatchDefault results.Num `json:"p_match_default_weights"`
	// ByYear holds the path's rung and alliance probabilities in each
	// simulated year, from its start year on.
	ByYear []YearJSON `json:"by_year"`
}

// CheckpointJSON is one checkpoint.
type CheckpointJSON struct {
	// Year is the checkpoint year, in the middle of an observed dwell on
	// one rung.
	Year int `json:"year"`
	// State is the key of the rung observed in that year (rivalry,
	// normalization, strategic_partnership, treaty_partnership, entente or
	// defence_alliance).
	State string `json:"state"`
}

// YearJSON is the path's state probabilities in one year.
type YearJSON struct {
	// Year is the calendar year.
	Year int `json:"year"`
	// Observed is the observed rung's key ("" when not given).
	Observed string `json:"observed"`
	// Prior and Posterior map each rung's key to its share of runs.
	Prior map[string]results.Num `json:"prior"`
	// Posterior maps each rung's key to the posterior predictive share
	// (0–1) of runs on that rung at the end of the year.
	Posterior map[string]results.Num `json:"posterior"`
	// PAlliancePrior is the prior predictive P(an alliance has formed by
	// the end of the year).
	PAlliancePrior results.Num `json:"p_alliance_prior"`
	// PAlliancePosterior is the posterior predictive P(an alliance has
	// formed by the end of the year).
	PAlliancePosterior results.Num `json:"p_alliance_posterior"`
}

// ScoresJSON are the cross-validated scores.
type ScoresJSON struct {
	// LogClip is ε = 0.5/(draws + 1): every forecast is clipped to [ε, 1 −
	// ε] for the log scores.
	LogClip results.Num `json:"log_score_clip"`
	// Forecasters holds the scores of each forecaster with at least one
	// forecast: posterior_loo, posterior_in_sample, default_weights, prior,
	// base_rate and logit, in that order.
	Forecasters []ForecasterJSON `json:"forecasters"`
	// Comparisons holds the leave-one-out posterior against the base rate
	// and against the logit (on the cases the logit forecasts).
	Comparisons []ComparisonJSON `json:"comparisons"`
}

// ForecasterJSON is one forecaster's scores.
type ForecasterJSON struct {
	// Name is the forecaster: posterior_loo (leave-one-out posterior, out
	// of sample), posterior_in_sample, default_weights, prior (prior
	// predictive), base_rate or logit.
	Name string `json:"name"`
	// Cases is the number of cases the forecaster forecasts and is scored
	// on.
	Cases int `json:"cases"`
	// Brier is the forecaster's quadratic score, the mean over cases of (p
	// − y)² with y = 1 for a pact and 0 for none: lower is better.
	Brier results.Num `json:"brier"`
	// BrierSE is the standard error of Brier over cases; null for fewer
	// than two cases.
	BrierSE results.Num `json:"brier_se"`
	// LogScore is the mean over cases of the natural log of the probability
	// given to what happened, each p clipped to log_score_clip first: at
	// most 0, higher is better.
	LogScore results.Num `json:"log_score"`
	// LogScoreSE is the standard error of the log score over cases; null
	// for fewer than two cases.
	LogScoreSE results.Num `json:"log_score_se"`
}

// ComparisonJSON is the cross-validated posterior against a reference.
type ComparisonJSON struct {
	// Reference is the forecaster compared with: base_rate or logit.
	Reference string `json:"reference"`
	// Cases is the number of cases both forecast, on which the comparison
	// rests.
	Cases int `json:"cases"`
	// Brier is the leave-one-out posterior's quadratic score on those
	// cases, the mean of (p − y)² with y = 1 for a pact and 0 for none.
	Brier results.Num `json:"brier_posterior_loo"`
	// ReferenceBrier is the reference's quadratic score on the same cases.
	ReferenceBrier results.Num `json:"brier_reference"`
	// Skill is the skill score 1 − Brier/ReferenceBrier: above 0 the
	// posterior beats the reference, 1 is perfect.
	Skill results.Num `json:"skill"`
	// Difference is brier_posterior_loo − brier_reference (below 0: the
	// posterior is better).
	Difference results.Num `json:"difference"`
	// DifferenceSE is the paired standard error over cases of Difference;
	// null for a single case.
	DifferenceSE results.Num `json:"difference_se"`
	// Beats is true when Brier is below ReferenceBrier (lower is better).
	Beats bool `json:"beats"`
}

// TimingJSON is where the time went.
type TimingJSON struct {
	// PrepareSeconds is the wall-clock time, in seconds, spent preparing
	// the cases and the path before the first round.
	PrepareSeconds results.Num `json:"prepare_s"`
	// TotalSeconds is the calibration's total wall-clock time in seconds
	// (in a sharded calibration, the rounds' times plus the final merge's
	// preparation and summary).
	TotalSeconds results.Num `json:"total_s"`
	// Simulations is the number of simulated runs: weight vectors × (cases
	// and path) × draws, plus the effect priors' baseline runs.
	Simulations int64 `json:"simulated_runs"`
	// Years is the number of simulated years over all those runs.
	Years int64 `json:"simulated_years"`
}

func sj(s Summary) SummaryJSON {
	return SummaryJSON{Mean: results.RoundNum(s.Mean), SD: results.RoundNum(s.SD), Q05: results.RoundNum(s.Q05), Q50: results.RoundNum(s.Q50), Q95: results.RoundNum(s.Q95)}
}

// File builds calibration.json's content; version is the tool's.
func (r *Result) File(version string) *File {
	f := &File{Schema: SchemaVersion, Method: r.Method, Likelihood: Likelihood, Version: version,
		Settings: SettingsJSON{Library: r.Library, Priors: r.PriorsFile, PriorsSHA256: r.PriorsSHA256, Points: r.Points, Rounds: r.Stages,
			Draws: r.Draws, Seed: r.Seed, Workers: r.Workers, Resample: r.Resample, Defensive: results.RoundNum(r.Defensive), Inflation: results.RoundNum(DefaultInflation)},
		ESS: results.RoundNum(r.ESS), TotalPoints: r.TotalPoints, ParetoK: results.RoundNum(r.ParetoK), LogLikMCSD: results.RoundNum(r.LogLikMCSD), MaxLogLikMCSD: results.RoundNum(r.MaxLogLikMCSD),
		Rounds: []RoundJSON{}, Weights: []WeightJSON{}, Cases: []CaseJSON{}, EffectPriors: []EffectJSON{},
		Scores: ScoresJSON{LogClip: results.RoundNum(r.Scores.LogClip), Forecasters: []ForecasterJSON{}, Comparisons: []ComparisonJSON{}},
		Timing: TimingJSON{PrepareSeconds: results.RoundNum(r.Timing.PrepareSeconds), TotalSeconds: results.RoundNum(r.Timing.TotalSeconds), Simulations: r.Timing.Simulations, Years: r.Timing.Years},
	}
	f.Settings.EffectPriors, f.Settings.EffectDraws = r.EffectPriors, r.EffectDraws
	for _, e := range r.Effects {
		ej := EffectJSON{Factor: e.Factor, Weights: e.Weights, Lo: results.RoundNum(e.Lo), Hi: results.RoundNum(e.Hi), Used: e.Used, Why: e.Why,
			LogScale: results.RoundNum(e.Scale), MCSELog: results.RoundNum(e.SELog), ORDefault: results.RoundNum(e.Default)}
		if e.Used {
			ej.ORPrior, ej.ORPosterior = sj(e.Prior), sj(e.Posterior)
			ej.PosteriorInside = e.Posterior.Q50 >= e.Lo && e.Posterior.Q50 <= e.Hi
		} else {
			nan := results.Num(math.NaN())
			ej.ORPrior = SummaryJSON{nan, nan, nan, nan, nan}
			ej.ORPosterior = ej.ORPrior
		}
		f.EffectPriors = append(f.EffectPriors, ej)
	}
	for _, ro := range r.Rounds {
		f.Rounds = append(f.Rounds, RoundJSON{Points: ro.Points, ESS: results.RoundNum(ro.ESS), Seconds: results.RoundNum(ro.Seconds)})
	}
	for _, w := range r.Weights {
		f.Weights = append(f.Weights, WeightJSON{Key: w.Key, Fixed: w.Fixed, Default: results.RoundNum(w.Default), PriorDist: w.PriorDist, Prior: sj(w.Prior), Posterior: sj(w.Posterior)})
	}
	for _, c := range r.Cases {
		out, po := fmt.Sprintf("none through %d", c.Year), 1-c.Posterior
		if c.Pact {
			out, po = fmt.Sprintf("pact by %d", c.Year), c.Posterior
		}
		pl := results.RoundNum(c.Logit)
		if !c.HasLogit {
			pl = results.Num(math.NaN())
		}
		f.Cases = append(f.Cases, CaseJSON{Name: c.Name, File: c.File, StartYear: c.StartYear, Year: c.Year, Pact: c.Pact, Outcome: out,
			PDefault: results.RoundNum(c.Default), PPrior: results.RoundNum(c.Prior), PPosterior: results.RoundNum(c.Posterior), PPosteriorQ05: results.RoundNum(c.PostLo), PPosteriorQ95: results.RoundNum(c.PostHi),
			PLOO: results.RoundNum(c.LOO), LOOESS: results.RoundNum(c.LOOESS), LOOParetoK: results.RoundNum(c.LOOParetoK), PBaseRate: results.RoundNum(c.BaseRate), PLogit: pl, PObserved: results.RoundNum(po)})
	}
	if p := r.Path; p != nil {
		pj := &PathJSON{Name: p.Name, File: p.File, Checkpoints: []CheckpointJSON{}, NoPactThrough: p.NoPactThrough, PactBy: p.PactBy,
			PMatchPrior: results.RoundNum(p.PriorMatch), PMatchPosterior: results.RoundNum(p.PostMatch), PMatchDefault: results.RoundNum(p.DefaultMatch), ByYear: []YearJSON{}}
		for _, c := range p.Checkpoints {
			pj.Checkpoints = append(pj.Checkpoints, CheckpointJSON{Year: c.Year, State: c.State.Key()})
		}
		keys := model.StateKeys()
		for t, y := range p.Years {
			yj := YearJSON{Year: y, Prior: map[string]results.Num{}, Posterior: map[string]results.Num{},
				PAlliancePrior: results.RoundNum(p.PriorAlliance[t]), PAlliancePosterior: results.RoundNum(p.PostAlliance[t])}
			if t < len(p.Observed) {
				yj.Observed = p.Observed[t].Key()
			}
			for s, k := range keys {
				yj.Prior[k], yj.Posterior[k] = results.RoundNum(p.Prior[t][s]), results.RoundNum(p.Posterior[t][s])
			}
			pj.ByYear = append(pj.ByYear, yj)
		}
		f.Path = pj
	}
	for _, s := range r.Scores.Forecasters {
		f.Scores.Forecasters = append(f.Scores.Forecasters, ForecasterJSON{Name: s.Name, Cases: s.Cases, Brier: results.RoundNum(s.Brier.Value), BrierSE: results.RoundNum(s.Brier.SE),
			LogScore: results.RoundNum(s.Log.Value), LogScoreSE: results.RoundNum(s.Log.SE)})
	}
	for _, c := range r.Scores.Comparisons {
		f.Scores.Comparisons = append(f.Scores.Comparisons, ComparisonJSON{Reference: c.Reference, Cases: c.N, Brier: results.RoundNum(c.Brier), ReferenceBrier: results.RoundNum(c.RefBrier),
			Skill: results.RoundNum(c.Skill), Difference: results.RoundNum(c.Diff), DifferenceSE: results.RoundNum(c.DiffSE), Beats: c.Beats()})
	}
	return f
}

// Marshal renders calibration.json as the results files are written.
func (f *File) Marshal() ([]byte, error) { return results.JSON(f) }

// Posterior is posterior.yaml: a sample of weight vectors from the
// posterior and each weight's summary.
//
// The format (one YAML mapping; ReadPosterior rejects anything else):
//
//	schema: 1                  # SchemaVersion
//	method: "..."              # how the sample was made
//	seed: 1                    # the calibration's seed
//	priors: bundled:priors/priors.yaml
//	priors_sha256: "..."
//	ess: 412.3                 # effective sample size behind the sample
//	keys: [shared_opposition, security, ...]   # every weight key of model.WeightSpecs, once
//	summary:                   # one entry per key, in the order of keys
//	  - {key: shared_opposition, prior_mean: 1.2, mean: 1.1, sd: 0.2, q05: 0.8, q50: 1.1, q95: 1.5}
//	sample:                    # one row per weight vector, values in the order of keys
//	  - [1.13, 2.41, ...]
//
// Every row is a valid weight vector: each value finite and inside its
// weight's allowed range, the thresholds increasing. The rows were drawn
// with probability proportional to their importance weights and shuffled,
// so any prefix of the sample is a sample, and correlations between
// weights survive.
type Posterior struct {
	Schema       int              `yaml:"schema"`
	Method       string           `yaml:"method"`
	Seed         uint64           `yaml:"seed"`
	Priors       string           `yaml:"priors"`
	PriorsSHA256 string           `yaml:"priors_sha256"`
	ESS          float64          `yaml:"ess"`
	Keys         []string         `yaml:"keys"`
	Summary      []PosteriorEntry `yaml:"summary"`
	Sample       [][]float64      `yaml:"sample"`
}

// PosteriorEntry is one weight's summary in posterior.yaml.
type PosteriorEntry struct {
	Key       string  `yaml:"key"`
	PriorMean float64 `yaml:"prior_mean"`
	Mean      float64 `yaml:"mean"`
	SD        float64 `yaml:"sd"`
	Q05       float64 `yaml:"q05"`
	Q50       float64 `yaml:"q50"`
	Q95       float64 `yaml:"q95"`
}

// Posterior builds posterior.yaml's content.
func (r *Result) Posterior() *Posterior {
	p := &Posterior{Schema: SchemaVersion, Method: r.Method, Seed: r.Seed, Priors: r.PriorsFile, PriorsSHA256: r.PriorsSHA256, ESS: float64(results.RoundNum(r.ESS))}
	for _, w := range r.Weights {
		p.Keys = append(p.Keys, w.Key)
		p.Summary = append(p.Summary, PosteriorEntry{Key: w.Key, PriorMean: float64(results.RoundNum(w.Prior.Mean)), Mean: float64(results.RoundNum(w.Posterior.Mean)), SD: float64(results.RoundNum(w.Posterior.SD)),
			Q05: float64(results.RoundNum(w.Posterior.Q05)), Q50: float64(results.RoundNum(w.Posterior.Q50)), Q95: float64(results.RoundNum(w.Posterior.Q95))})
	}
	for _, w := range r.Sample {
		row := make([]float64, len(p.Keys))
		for j, k := range p.Keys {
			s, _ := model.LookupWeight(k)
			row[j] = s.Get(&w)
		}
		p.Sample = append(p.Sample, row)
	}
	return p
}

// Marshal renders posterior.yaml (the format is in Posterior's comment).
func (p *Posterior) Marshal() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("# alliancesim posterior sample of the model's weights (docs/calibration.md).\n")
	b.WriteString("# Read it with calibrate.ReadPosterior; every row is a valid weight vector.\n")
	fmt.Fprintf(&b, "schema: %d\nmethod: %s\nseed: %d\npriors: %s\npriors_sha256: %s\ness: %s\n",
		p.Schema, strconv.Quote(p.Method), p.Seed, strconv.Quote(p.Priors), strconv.Quote(p.PriorsSHA256), format.Exact(p.ESS))
	b.WriteString("keys: [" + strings.Join(p.Keys, ", ") + "]\nsummary:\n")
	for _, e := range p.Summary {
		fmt.Fprintf(&b, "  - {key: %s, prior_mean: %s, mean: %s, sd: %s, q05: %s, q50: %s, q95: %s}\n",
			e.Key, format.Exact(e.PriorMean), format.Exact(e.Mean), format.Exact(e.SD), format.Exact(e.Q05), format.Exact(e.Q50), format.Exact(e.Q95))
	}
	b.WriteString("sample:\n")
	for _, row := range p.Sample {
		s := make([]string, len(row))
		for j, x := range row {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return nil, fmt.Errorf("posterior: a sample value is %v", x)
			}
			s[j] = format.Exact(x)
		}
		b.WriteString("  - [" + strings.Join(s, ", ") + "]\n")
	}
	return b.Bytes(), nil
}

// ReadPosterior reads and checks posterior.yaml's content; file names it
// in messages. Problems are *scenarios.Error values (in a
// scenarios.ErrorList) naming the file, the line where known, and the
// field: an unknown or missing field, a schema other than SchemaVersion,
// an unknown, repeated or missing weight key, a summary out of step with
// the keys, a row of the wrong length, and a row that is not a valid
// weight vector (a value outside its allowed range, thresholds that do not
// increase).
func ReadPosterior(file string, data []byte) (*Posterior, error) {
	var p Posterior
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, scenarios.ErrorList{{File: file, Line: 1, Column: 1, Msg: "not a posterior file: the file is empty",
			Hint: "give a posterior.yaml written by `alliancesim calibrate`, or bundled"}}
	}
	if err := yaml.UnmarshalWithOptions(data, &p, yaml.Strict()); err != nil {
		// The line and column as a scenario's errors give them
		// ("p.yaml:1:1: not a posterior file: unknown field \"name\""),
		// not the parser's "[1:1] unknown field ..." after the file.
		e := &scenarios.Error{File: file, Msg: "not a posterior file: " + yaml.FormatError(err, false, false),
			Hint: "give a posterior.yaml written by `alliancesim calibrate`, or bundled"}
		var te interface {
			GetToken() *token.Token
			GetMessage() string
		}
		if errors.As(err, &te) {
			e.Msg = "not a posterior file: " + yamlTypeMessage(te.GetMessage())
			if tk := te.GetToken(); tk != nil && tk.Position != nil {
				e.Line, e.Column = tk.Position.Line, tk.Position.Column
			}
		}
		return nil, scenarios.ErrorList{e}
	}
	af, _ := parser.ParseBytes(data, 0)
	at := func(path string) (int, int) {
		yp, err := yaml.PathString(path)
		if err != nil || af == nil {
			return 0, 0
		}
		n, err := yp.FilterFile(af)
		if err != nil || n == nil || n.GetToken() == nil || n.GetToken().Position == nil {
			return 0, 0
		}
		return n.GetToken().Position.Line, max(1, n.GetToken().Position.Column)
	}
	var errs scenarios.ErrorList
	add := func(path, yp, format string, args ...any) {
		line, col := at(yp)
		errs = append(errs, &scenarios.Error{File: file, Line: line, Column: col, Path: path, Msg: fmt.Sprintf(format, args...)})
	}
	if err := results.CheckSchema("", p.Schema, SchemaVersion); err != nil {
		add("schema", "$.schema", "%v", err)
	}
	seen := map[string]bool{}
	specs := make([]model.WeightSpec, len(p.Keys))
	for j, k := range p.Keys {
		s, ok := model.LookupWeight(k)
		switch {
		case !ok || s.Key != k:
			add(fmt.Sprintf("keys[%d]", j), fmt.Sprintf("$.keys[%d]", j), "unknown weight key %q", k)
		case seen[k]:
			add(fmt.Sprintf("keys[%d]", j), fmt.Sprintf("$.keys[%d]", j), "the weight key %q appears twice", k)
		}
		seen[k], specs[j] = true, s
	}
	for _, s := range model.WeightSpecs {
		if !seen[s.Key] {
			add("keys", "$.keys", "no column for the weight %s: a posterior sample gives every weight", s.Key)
		}
	}
	if len(p.Summary) != len(p.Keys) {
		add("summary", "$.summary", "%d summaries for %d keys", len(p.Summary), len(p.Keys))
	} else {
		for j, e := range p.Summary {
			if e.Key != p.Keys[j] {
				add(fmt.Sprintf("summary[%d].key", j), fmt.Sprintf("$.summary[%d]", j), "%q where keys has %q: the summary follows the order of keys", e.Key, p.Keys[j])
			}
		}
	}
	if len(p.Sample) == 0 {
		add("sample", "$.sample", "the sample has no rows")
	}
	if len(errs) > 0 {
		return nil, errs
	}
	for i, row := range p.Sample {
		path, yp := fmt.Sprintf("sample[%d]", i), fmt.Sprintf("$.sample[%d]", i)
		if len(row) != len(p.Keys) {
			add(path, yp, "%d values for %d keys", len(row), len(p.Keys))
			continue
		}
		w := model.DefaultWeights()
		for j, x := range row {
			specs[j].Set(&w, x)
		}
		if err := w.Validate(); err != nil {
			add(path, yp, "not a valid weight vector: %s", strings.ReplaceAll(err.Error(), "\n", " "))
		}
		if len(errs) >= 20 {
			break
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return &p, nil
}

// Weights returns row i of the sample as weights.
func (p *Posterior) Weights(i int) (model.Weights, error) {
	if i < 0 || i >= len(p.Sample) {
		return model.Weights{}, errors.New("posterior: no such row")
	}
	w := model.DefaultWeights()
	for j, k := range p.Keys {
		s, ok := model.LookupWeight(k)
		if !ok {
			return model.Weights{}, fmt.Errorf("posterior: unknown weight %q", k)
		}
		s.Set(&w, p.Sample[i][j])
	}
	return w, nil
}

// WeightSample returns every row of the sample as weights, in order, as
// the sample runs draw their weights from (run.posterior); name is the
// sample's name in their messages.
func (p *Posterior) WeightSample(name string) (*sim.WeightSample, error) {
	s := &sim.WeightSample{Name: name}
	for i := range p.Sample {
		w, err := p.Weights(i)
		if err != nil {
			return nil, err
		}
		s.Rows = append(s.Rows, w)
	}
	return s, nil
}

var yamlTypeRe = regexp.MustCompile(`^cannot unmarshal (.+?) into Go (?:struct field \S+|value) of type (\S+)$`)

// yamlTypeMessage says the decoder's "cannot unmarshal string into Go
// struct field Posterior.Schema of type int" in the reader's terms: "a
// string where a whole number belongs" (the error's line and column name
// the place).
func yamlTypeMessage(msg string) string {
	m := yamlTypeRe.FindStringSubmatch(msg)
	if m == nil {
		return msg
	}
	found := map[string]string{"string": "a text", "array": "a list", "object": "a mapping", "number": "a number", "bool": "true or false"}[m[1]]
	switch {
	case found != "":
	case strings.HasPrefix(m[1], "[]"):
		found = "a list"
	case strings.HasPrefix(m[1], "map["):
		found = "a mapping"
	default:
		found = "a value"
	}
	typ := m[2]
	want := "another kind of value"
	switch {
	case strings.HasPrefix(typ, "[]"):
		want = "a list"
	case strings.HasPrefix(typ, "map["), strings.Contains(typ, "."):
		want = "a mapping"
	case strings.HasPrefix(typ, "int"), strings.HasPrefix(typ, "uint"):
		want = "a whole number"
	case strings.HasPrefix(typ, "float"):
		want = "a number"
	case typ == "string":
		want = "a text"
	case typ == "bool":
		want = "true or false"
	}
	return found + " where " + want + " belongs"
}
