package nowcast

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/alliancesim/alliancesim/model"
	"github.com/alliancesim/alliancesim/scenarios"
)

// DefaultScenario is the scenario the China–Russia record is filtered
// under.
const DefaultScenario = "hindcast-1992"

// MaxBeyond is how many years past the record's end Options.Through may
// reach: a prediction with no observations widens every year, and the
// state it gives is the model's forecast rather than a reading of the
// record.
const MaxBeyond = 5

// Options says how to make a nowcast.
type Options struct {
	// Data is a folder holding observations.csv, or the file itself.
	Data string
	// Record, when not nil, is used instead of reading Data.
	Record *Record
	// Scenario is a bundled scenario name or a file (default
	// DefaultScenario).
	Scenario string
	// Weights are the weights; nil means the built-in defaults with the
	// scenario's own fixed weights on top.
	Weights *model.Weights
	// Coding is the coded rung path the observation model is estimated
	// on (default ChinaRussia).
	Coding Coding
	// Particles, Seed, Workers and ResampleESS are the filter's
	// (FilterOptions).
	Particles   int
	Seed        uint64
	Workers     int
	ResampleESS float64
	// Through is the last year of the filtered state (default: the
	// record's last year). Up to MaxBeyond years past the record's end
	// are predicted by the model with no values (YearPost.Beyond), so
	// that a run starting later than the record reaches (a scenario for
	// 2027 on a record that ends in 2025) starts from the state the
	// record implies for the year before it, not from the record's end.
	Through int
	// Slopes, when not nil, are the latent emission's slopes (counts,
	// then shares and amounts; LatentEmission) instead of estimating them
	// (EstimateLatent); {0, 0} is the rung-only model. SlopeParticles is
	// the estimate's number of particles (default DefaultSlopeParticles,
	// at most Particles: a search finer than the run it serves buys
	// nothing).
	Slopes         *[2]float64
	SlopeParticles int
	// Horizon is the last year of the forecast (default: Through + 10).
	Horizon int
	// ForecastDraws is the number of forecast runs (default Particles).
	ForecastDraws int
	// Progress, when not nil, is called with a stage ("filter",
	// "forecast"), the steps done and the steps in all.
	Progress func(stage string, done, total int)
}

// Result is a nowcast: the estimated observation model, the filtered
// posterior of every year, the one-step-ahead scores and the forecast
// from the filtered state.
type Result struct {
	Source
	// Record is the record filtered.
	Record *Record
	// Obs is the estimated observation model.
	Obs *ObsModel
	// Post is the filter's posterior.
	Post *Posterior
	// Scores are the one-step-ahead forecast scores against the coding.
	Scores Scores
	// Forecast is P(alliance) by year from the filtered state.
	Forecast *Forecast
	// ForecastSeed is the seed of the forecast's runs.
	ForecastSeed uint64
	// ElapsedSeconds is the wall time of Run.
	ElapsedSeconds float64
}

// DefaultWeights returns the built-in default weights with sc's fixed
// weight overrides on top, as a backtest case runs: model.ScenarioWeights.
func DefaultWeights(sc *model.Scenario) (*model.Weights, error) {
	return model.ScenarioWeights(sc)
}

// Run reads the record, estimates the observation model on it, filters
// it under the scenario and forecasts from the filtered state.
func Run(ctx context.Context, opts Options) (*Result, error) {
	start := time.Now()
	rec := opts.Record
	if rec == nil {
		if opts.Data == "" {
			return nil, fmt.Errorf("nowcast: no data folder given")
		}
		var err error
		if rec, err = ReadFile(opts.Data); err != nil {
			return nil, err
		}
	}
	if opts.Scenario == "" {
		opts.Scenario = DefaultScenario
	}
	l, err := scenarios.Open(opts.Scenario)
	if err != nil {
		return nil, err
	}
	sc := l.Scenario
	w := opts.Weights
	if w == nil {
		if w, err = DefaultWeights(sc); err != nil {
			return nil, err
		}
	}
	if opts.Coding == nil {
		opts.Coding = ChinaRussia
	}
	om, err := Estimate(rec, opts.Coding)
	if err != nil {
		return nil, err
	}
	if opts.Through == 0 {
		opts.Through = rec.Last
	}
	if opts.Through < sc.StartYear || opts.Through > rec.Last+MaxBeyond {
		return nil, fmt.Errorf("nowcast through %d: use a year from %d (%s starts) to %d (%d years past the record's end, %d)",
			opts.Through, sc.StartYear, sc.Name, rec.Last+MaxBeyond, MaxBeyond, rec.Last)
	}
	if opts.Particles == 0 {
		opts.Particles = 100_000
	}
	// The latent emission: estimated on the record's years only, so that
	// filtering further (Through) does not change it.
	if opts.Slopes == nil {
		np := opts.SlopeParticles
		if np == 0 {
			np = min(DefaultSlopeParticles, opts.Particles)
		}
		if om.Latent, err = EstimateLatent(ctx, sc, w, rec, om, LatentOptions{Particles: np, Seed: opts.Seed, Workers: opts.Workers}); err != nil {
			return nil, err
		}
	} else if *opts.Slopes != [2]float64{} {
		np := min(DefaultSlopeParticles, opts.Particles)
		centre, scale, err := CentreLatent(ctx, sc, w, rec.Last, np, opts.Seed, opts.Workers)
		if err != nil {
			return nil, err
		}
		om.Latent = &LatentEmission{Centre: centre, Scale: scale, CountSlope: opts.Slopes[0], NormalSlope: opts.Slopes[1]}
	}
	fo := FilterOptions{Particles: opts.Particles, Seed: opts.Seed, Workers: opts.Workers, ResampleESS: opts.ResampleESS, To: opts.Through}
	if opts.Progress != nil {
		fo.Progress = func(d, t int) { opts.Progress("filter", d, t) }
	}
	post, err := Filter(ctx, sc, w, rec, om, fo)
	if err != nil {
		return nil, err
	}
	if l := om.Latent; l != nil && l.Fit != nil {
		f := l.Fit
		if l.active() {
			post.Notes = append(post.Notes, fmt.Sprintf("the latent pressure shifts the emissions within a rung: slope %.2f for the counts, %.2f for the shares and amounts, "+
				"estimated by the record's log marginal likelihood (gain %.2f over the rung-only model; a slope is kept only if it adds more than %.2f, ½·log %d years)",
				l.CountSlope, l.NormalSlope, f.Gain, f.Penalty, f.Years))
		} else {
			post.Notes = append(post.Notes, fmt.Sprintf("the latent pressure's slopes are 0 for the counts and for the shares and amounts: on the record's log marginal likelihood "+
				"no slope adds more than the penalty %.2f (½·log %d years), so the emissions depend on the rung alone (latent_emission.search)", f.Penalty, f.Years))
		}
	}
	if opts.Horizon == 0 {
		opts.Horizon = post.State.Year + 10
	}
	if opts.ForecastDraws == 0 {
		opts.ForecastDraws = post.Particles
	}
	fseed := opts.Seed ^ 0x666f7265636173 // "forecas"
	fc, err := post.State.Forecast(ctx, opts.Horizon, opts.ForecastDraws, fseed, opts.Workers)
	if err != nil {
		return nil, err
	}
	if opts.Progress != nil {
		opts.Progress("forecast", 1, 1)
	}
	return &Result{Source: Source{Data: rec.File, Scenario: sc.Name, ScenarioFile: l.File}, Record: rec, Obs: om, Post: post,
		Scores: Score(post, opts.Coding), Forecast: fc, ForecastSeed: fseed, ElapsedSeconds: time.Since(start).Seconds()}, nil
}

// Scores are one-step-ahead forecast scores of the rung over the record:
// each year's Predicted distribution (given the earlier years' values
// only) against the coded rung.
type Scores struct {
	// Years is the number of years scored (filtered and coded).
	Years int
	// LogScore is the mean log P_predicted(coded rung), the probability
	// clipped below at 0.5/(particles + 1); higher is better, 0 perfect.
	LogScore float64
	// RPS is the mean ranked probability score, Σ_k (F(k) − 1{coded ≤
	// k})² over the rungs' cumulative distribution; lower is better, 0
	// perfect.
	RPS float64
	// LogPred is the sum of the years' log predictive densities of the
	// values (the record's log marginal likelihood, Posterior.LogLik).
	LogPred float64
	// PerYear holds the scores of each scored year.
	PerYear []YearScore
}

// YearScore is one year's scores.
type YearScore struct {
	Year     int
	Coded    model.State
	LogScore float64
	RPS      float64
	LogPred  float64
}

// Score scores the filter's one-step-ahead rung forecasts against coding.
// The observation model is estimated on the same coding over the whole
// record, so the scores are in-sample in its parameters (not in the
// rung path: year y's forecast uses only the values before y).
func Score(post *Posterior, coding Coding) Scores {
	var sc Scores
	eps := 0.5 / float64(post.Particles+1)
	for _, yp := range post.Years {
		sc.LogPred += yp.LogPred
		s, ok := coding.Rung(yp.Year)
		if !ok || yp.Beyond {
			continue
		}
		ys := YearScore{Year: yp.Year, Coded: s, LogPred: yp.LogPred}
		ys.LogScore = math.Log(max(yp.Predicted[s], eps))
		c := 0.0
		for k := range NumStates - 1 {
			c += yp.Predicted[k]
			o := 0.0
			if int(s) <= k {
				o = 1
			}
			ys.RPS += (c - o) * (c - o)
		}
		sc.PerYear = append(sc.PerYear, ys)
		sc.LogScore += ys.LogScore
		sc.RPS += ys.RPS
	}
	if sc.Years = len(sc.PerYear); sc.Years > 0 {
		sc.LogScore /= float64(sc.Years)
		sc.RPS /= float64(sc.Years)
	}
	return sc
}
